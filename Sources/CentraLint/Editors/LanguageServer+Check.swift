/// Checking an open document as the command line checks the file, and publishing its findings.
extension LanguageServer {
  /// What checking a document gave: its findings, the rules in effect for it, its merchant.
  struct Checked {
    var findings: [Finding] = []
    var rules: [String: RuleDefinition] = [:]
    var merchantKey: String?
    /// Why it could not be checked (a config or registry that is not valid), shown at its start.
    var problem: String?
  }

  /// Checks a document and publishes its diagnostics when they changed (always with `force`).
  func check(_ uri: String, force: Bool = false) {
    guard let document = documents[uri] else { return }
    let checked = check(document)
    let before = document.findings
    documents[uri]?.findings = checked.findings
    documents[uri]?.rules = checked.rules
    documents[uri]?.merchantKey = checked.merchantKey
    guard force || before != checked.findings || checked.problem != nil else { return }
    var diagnostics = checked.findings.map { diagnostic($0, in: document) }
    if let problem = checked.problem {
      diagnostics.insert(.object([
        ("range", range(line: 1, column: 1, endLine: 1, endColumn: 1, in: document)),
        ("severity", .number("1")), ("source", .string("centra-lint")),
        ("message", .string("centra-lint could not check this file: " + problem)),
      ]), at: 0)
    }
    publish(uri: uri, diagnostics: diagnostics, version: document.version)
  }

  func publish(uri: String, diagnostics: [JSONValue], version: Int?) {
    var params: [(key: String, value: JSONValue)] = [("uri", .string(uri))]
    if let version { params.append(("version", .number(String(version)))) }
    params.append(("diagnostics", .array(diagnostics)))
    notify("textDocument/publishDiagnostics", .object(params))
  }

  /// The document's findings, as `centra-lint --stdin-filename FILE -` reports them with the
  /// buffer on standard input: its nearest config (none for a document that is no file), the
  /// exports that config names as the others (an open buffer instead of its file), the
  /// merchant's registry and baseline.
  func check(_ document: Document) -> Checked {
    var checked = Checked()
    do {
      let merchants = Merchants(source: document.path == nil ? .one(Configuration()) : .nearest, rules: rules, registryOverride: nil)
      let text = document.text
      var inputs = try RunInputs.gather(
        [FilePath("-")], merchants: merchants, runConfiguration: Configuration(), stdinName: document.path ?? document.uri,
        readStandardInput: { limit in limit >= text.count ? text : Array(text.prefix(limit + 1)) })
      // Open buffers win over the files on disk: the same file by its identity, or by its name
      // with `.` and `..` resolved.
      var byName: [ByteKey: [UInt8]] = [:], byIdentity: [FileSystem.Identity: [UInt8]] = [:]
      for other in documents.values where other.uri != document.uri {
        guard let path = other.path else { continue }
        byName[ByteKey(Self.absolute(path))] = other.text
        if let identity = FileSystem.identity(path) { byIdentity[identity] = other.text }
      }
      for index in inputs.others.indices {
        guard case .path(let path) = inputs.others[index].source else { continue }
        if let text = FileSystem.identity(path.text).flatMap({ byIdentity[$0] }) ?? byName[ByteKey(Self.absolute(path.text))] {
          inputs.others[index].source = .bytes(text)
        }
      }
      var setups: [Merchant] = []
      for configuration in merchants.configurations {
        var registry: Deferred<MIDRegistry>?
        if let path = configuration.midRegistry {
          if registries[path] == nil {
            let tables = rules.tables, sensitivity = rules.schema.dataSensitivity
            registries[path] = Deferred { try MIDRegistry.load(path, tables: tables, sensitivity: sensitivity) }
          }
          registry = registries[path]
        }
        setups.append(Merchant(configuration: configuration, registry: registry, baseline: try configuration.baseline.map(Baseline.load)))
      }
      if let given = inputs.given.first {
        let configuration = merchants.configurations[given.merchant]
        checked.merchantKey = configuration.file.map(Self.absolute) ?? ""
        for rule in rules.rules(with: configuration) { checked.rules[rule.id] = rule }
        // An editor opens every YAML file: one that no config governs and that has no
        // `plugins` key (a CI workflow, a compose file) is left alone, as the exports a config
        // names leave other YAML alone. The command line, given it, says it is no export.
        if configuration.file == nil, !Self.looksLikeExport(text) { return checked }
      }
      var engine = Engine(rules: rules, merchants: setups)
      engine.today = try Day.today(environment: environment)
      let result = try engine.lint(inputs.given, others: inputs.others)
      let name = inputs.given.first?.display
      checked.findings = result.findings.filter { $0.location.file == name }
      let problems = (inputs.errors + result.errors).map(\.description)
      if !problems.isEmpty, checked.findings.isEmpty { checked.problem = problems.joined(separator: "; ") }
    } catch {
      checked.problem = (error as? LintError)?.description ?? "\(error)"
    }
    return checked
  }


  /// Whether some document of the text has a top-level `plugins` key.
  static func looksLikeExport(_ text: [UInt8]) -> Bool {
    let tree = YAMLReader.parse(text)
    return tree.documents.contains { document in
      guard document.root >= 0, tree.kind(tree.resolved(document.root)) == .mapping else { return false }
      let pairs = tree.children(of: tree.resolved(document.root))
      return stride(from: pairs.startIndex, to: pairs.endIndex - 1, by: 2).contains { at in
        tree.kind(Int(pairs[at])) == .scalar && tree.string(Int(pairs[at])) == "plugins"
      }
    }
  }

  // MARK: Positions

  /// A finding as a diagnostic: its range covers the value (to the end of its line when the
  /// end is not known), `code` is its rule, related places are links.
  func diagnostic(_ finding: Finding, in document: Document) -> JSONValue {
    var members: [(key: String, value: JSONValue)] = []
    let span = span(of: finding, in: document)
    members.append(("range", range(line: span.line, column: span.column, endLine: span.endLine, endColumn: span.endColumn, in: document)))
    members.append(("severity", .number(finding.severity == .error ? "1" : finding.severity == .warning ? "2" : "3")))
    members.append(("code", .string(finding.rule)))
    members.append(("source", .string("centra-lint")))
    members.append(("message", .string(finding.message)))
    if !finding.related.isEmpty {
      members.append(("relatedInformation", .array(finding.related.map { related in
        let other = related.location.file == finding.location.file ? document : nil
        let uri = other?.uri ?? Self.uri(ofPath: Self.absolute(related.location.file))
        // Its characters are counted in its text: the open buffer's, else the file's.
        let target = other ?? documents.values.first { $0.path.map(Self.absolute) == Self.absolute(related.location.file) }
          ?? (try? FileSystem.read(related.location.file, limit: Limits().fileSize)).map {
            Document(uri: uri, path: related.location.file, text: Encoding.utf8($0), version: nil)
          }
        let place: JSONValue = target.map {
          range(line: related.location.line, column: related.location.column, endLine: related.location.line, endColumn: related.location.column, in: $0)
        } ?? .object([("start", position(related.location.line - 1, related.location.column - 1)), ("end", position(related.location.line - 1, related.location.column - 1))])
        return .object([("location", .object([("uri", .string(uri)), ("range", place)])), ("message", .string(related.message))])
      })))
    }
    return .object(members)
  }

  /// What a finding underlines (1-based, end exclusive): its value, to its end where the
  /// finding knows it; a value over several lines (a plugin's mapping, for a missing field) on
  /// its first line only; without an end, the word or quoted text at its start. Never a
  /// comment after it.
  func span(of finding: Finding, in document: Document) -> (line: Int, column: Int, endLine: Int, endColumn: Int) {
    let line = finding.location.line, column = finding.location.column
    if let end = finding.end, end.line == line, end.column > column { return (line, column, line, end.column) }
    return document.text.withUnsafeBufferPointer { bytes in
      guard let range = document.lines.byteRange(ofLine: line, in: bytes),
            let start = document.lines.byteOffset(line: line, column: column, in: bytes), start < range.upperBound else {
        return (line, column, line, column + 1)
      }
      var end = start
      let multiline = finding.end.map { $0.line > line } ?? false
      if !multiline, bytes[start] == 0x22 || bytes[start] == 0x27 {
        // A quoted value: to its closing quote.
        end = start + 1
        while end < range.upperBound, bytes[end] != bytes[start] || (bytes[start] == 0x22 && bytes[end - 1] == 0x5C) { end += 1 }
        end = min(end + 1, range.upperBound)
      } else {
        // A word (or, for a value over lines, the rest of the line), up to a comment.
        while end < range.upperBound {
          let byte = bytes[end]
          if byte == 0x23, end > range.lowerBound, bytes[end - 1] == 0x20 || bytes[end - 1] == 0x09 { break }
          if !multiline, byte == 0x20 || byte == 0x09 || byte == 0x2C || byte == 0x5D || byte == 0x7D { break }
          end += 1
        }
        while end > start + 1, bytes[end - 1] == 0x20 || bytes[end - 1] == 0x09 { end -= 1 }
      }
      let stop = document.lines.position(ofByte: max(end, start + 1), in: bytes)
      return (line, column, stop.line, stop.column)
    }
  }

  /// The 1-based column just past the last character of a line that is not blank.
  func lineEndColumn(_ line: Int, in document: Document) -> Int {
    document.text.withUnsafeBufferPointer { bytes in
      guard var range = document.lines.byteRange(ofLine: line, in: bytes) else { return 1 }
      while range.upperBound > range.lowerBound, bytes[range.upperBound - 1] == 0x20 || bytes[range.upperBound - 1] == 0x09 {
        range = range.lowerBound..<(range.upperBound - 1)
      }
      return document.lines.position(ofByte: range.upperBound, in: bytes).column
    }
  }

  func range(line: Int, column: Int, endLine: Int, endColumn: Int, in document: Document) -> JSONValue {
    .object([
      ("start", position(line - 1, character(line: line, column: column, in: document))),
      ("end", position(endLine - 1, character(line: endLine, column: endColumn, in: document))),
    ])
  }

  func position(_ line: Int, _ character: Int) -> JSONValue {
    .object([("line", .number(String(max(0, line)))), ("character", .number(String(max(0, character))))])
  }

  /// The protocol's 0-based character of a 1-based line and column (Unicode scalars), in the
  /// negotiated encoding.
  func character(line: Int, column: Int, in document: Document) -> Int {
    document.text.withUnsafeBufferPointer { bytes in
      guard let range = document.lines.byteRange(ofLine: line, in: bytes) else { return max(0, column - 1) }
      var index = range.lowerBound, seen = 1, units = 0
      while index < range.upperBound, seen < column {
        let lead = bytes[index]
        var length = 1
        if lead >= 0xF0 { length = 4 } else if lead >= 0xE0 { length = 3 } else if lead >= 0xC0 { length = 2 }
        switch encoding {
        case .utf8: units += length
        case .utf16: units += length == 4 ? 2 : 1
        case .utf32: units += 1
        }
        seen += 1
        index += length
      }
      return units
    }
  }

  /// The byte offset in a document of a protocol position (`{line, character}` in the
  /// negotiated encoding); a character past its line's end is the end. Nil when malformed.
  func offset(of position: JSONValue?, in document: Document) -> Int? {
    guard let line = position?["line"]?.int, let character = position?["character"]?.int, line >= 0, character >= 0 else { return nil }
    return document.text.withUnsafeBufferPointer { bytes -> Int? in
      guard let range = document.lines.byteRange(ofLine: line + 1, in: bytes) else { return line >= document.lines.lineCount ? bytes.count : nil }
      var index = range.lowerBound, units = 0
      while index < range.upperBound, units < character {
        let lead = bytes[index]
        var length = 1
        if lead >= 0xF0 { length = 4 } else if lead >= 0xE0 { length = 3 } else if lead >= 0xC0 { length = 2 }
        switch encoding {
        case .utf8: units += length
        case .utf16: units += length == 4 ? 2 : 1
        case .utf32: units += 1
        }
        index += length
      }
      return min(index, range.upperBound)
    }
  }

  /// The 1-based line and column (scalars) of a protocol position.
  func place(of position: JSONValue?, in document: Document) -> (line: Int, column: Int)? {
    guard let offset = offset(of: position, in: document) else { return nil }
    return document.text.withUnsafeBufferPointer { document.lines.position(ofByte: offset, in: $0) }
  }
}
