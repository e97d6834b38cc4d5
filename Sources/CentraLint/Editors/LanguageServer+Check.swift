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
    let spans = spans(of: checked.findings, in: document)
    documents[uri]?.findings = checked.findings
    documents[uri]?.spans = spans
    documents[uri]?.rules = checked.rules
    documents[uri]?.merchantKey = checked.merchantKey
    guard force || before != checked.findings || checked.problem != nil else { return }
    var diagnostics = zip(checked.findings, spans).map { diagnostic($0, $1, in: document) }
    if let problem = checked.problem {
      diagnostics.insert(.object([
        ("range", Span(line: 1, column: 1, endLine: 1, endColumn: 1).range),
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
          registries.load(path)
          registry = registries.loading[ByteKey(path)]
        }
        setups.append(Merchant(configuration: configuration, registry: registry, baseline: try configuration.baseline.map(Baseline.load)))
      }
      if let given = inputs.given.first {
        let configuration = merchants.configurations[given.merchant]
        checked.merchantKey = configuration.file.map(Self.absolute) ?? ""
        for rule in rules.rules(with: configuration) { checked.rules[rule.id] = rule }
      }
      var engine = Engine(rules: rules, merchants: setups)
      // The editor shows the text itself: no source lines.
      engine.withSnippets = false
      engine.today = try Day.today(environment: environment)
      let result = try engine.lint(inputs.given, others: inputs.others)
      let name = inputs.given.first?.display
      checked.findings = result.findings.filter { $0.location.file == name }
      // An editor opens every YAML file: one that no config governs and that has no `plugins`
      // key (a CI workflow, a compose file) is left alone, as the exports a config names leave
      // other YAML alone. The command line, given it, says it is no export (`missing-field`
      // for `plugins`, which is where to look).
      if let given = inputs.given.first, merchants.configurations[given.merchant].file == nil,
         checked.findings.contains(where: { $0.rule == "missing-field" && $0.path == "plugins" }), !Self.looksLikeExport(text) {
        checked.findings = []
        return checked
      }
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

  /// What a finding underlines, 1-based (end exclusive), and the same in the protocol's
  /// 0-based lines and negotiated characters.
  struct Span {
    var line: Int, column: Int, endLine: Int, endColumn: Int
    var startCharacter = 0, endCharacter = 0

    func holds(_ place: (line: Int, column: Int)) -> Bool {
      if place.line < line || place.line > endLine { return false }
      if place.line == line, place.column < column { return false }
      if place.line == endLine, place.column > endColumn { return false }
      return true
    }

    var range: JSONValue {
      .object([
        ("start", LanguageServer.position(line - 1, startCharacter)), ("end", LanguageServer.position(endLine - 1, endCharacter)),
      ])
    }
  }

  /// Each finding's span (in one sweep of each line, however many findings it has): its value,
  /// to its end where the finding knows it on the same line; a value over several lines (a
  /// plugin's mapping, for a missing field) on its first line only, up to a comment; without an
  /// end, the word or quoted text at its start (at most 4,096 bytes of it).
  func spans(of findings: [Finding], in document: Document) -> [Span] {
    let starts = places(findings.map { ($0.location.line, $0.location.column) }, in: document)
    var spans: [Span] = []
    spans.reserveCapacity(findings.count)
    document.text.withUnsafeBufferPointer { bytes in
      for (index, finding) in findings.enumerated() {
        let line = finding.location.line, column = finding.location.column
        if let end = finding.end, end.line == line, end.column > column {
          spans.append(Span(line: line, column: column, endLine: line, endColumn: end.column))
          continue
        }
        guard let range = document.lines.byteRange(ofLine: line, in: bytes), starts[index].byte < range.upperBound else {
          spans.append(Span(line: line, column: column, endLine: line, endColumn: column + 1))
          continue
        }
        let start = starts[index].byte, limit = min(range.upperBound, start + 4096)
        var end = start
        let multiline = finding.end.map { $0.line > line } ?? false
        if !multiline, bytes[start] == 0x22 || bytes[start] == 0x27 {
          // A quoted value: to its closing quote.
          end = start + 1
          while end < limit, bytes[end] != bytes[start] || (bytes[start] == 0x22 && bytes[end - 1] == 0x5C) { end += 1 }
          end = min(end + 1, limit)
        } else {
          // A word (for a value over lines, the rest of its first line), up to a comment.
          while end < limit {
            let byte = bytes[end]
            if byte == 0x23, end > range.lowerBound, bytes[end - 1] == 0x20 || bytes[end - 1] == 0x09 { break }
            if !multiline, byte == 0x20 || byte == 0x09 || byte == 0x2C || byte == 0x5D || byte == 0x7D { break }
            end += 1
          }
          while end > start + 1, bytes[end - 1] == 0x20 || bytes[end - 1] == 0x09 { end -= 1 }
        }
        var scalars = 0
        for at in start..<max(end, start + 1) where bytes[at] & 0xC0 != 0x80 { scalars += 1 }
        spans.append(Span(line: line, column: column, endLine: line, endColumn: column + max(scalars, 1)))
      }
    }
    let ends = places(spans.map { ($0.endLine, $0.endColumn) }, in: document)
    for index in spans.indices {
      spans[index].startCharacter = starts[index].character
      spans[index].endCharacter = ends[index].character
    }
    return spans
  }

  /// A finding as a diagnostic: its range (`span`), `code` is its rule, related places are links.
  func diagnostic(_ finding: Finding, _ span: Span, in document: Document) -> JSONValue {
    var members: [(key: String, value: JSONValue)] = [("range", span.range)]
    members.append(("severity", .number(finding.severity == .error ? "1" : finding.severity == .warning ? "2" : "3")))
    members.append(("code", .string(finding.rule)))
    members.append(("source", .string("centra-lint")))
    members.append(("message", .string(finding.message)))
    if !finding.related.isEmpty {
      members.append(("relatedInformation", .array(finding.related.map { related in
        let same = related.location.file == finding.location.file
        let uri = same ? document.uri : Self.uri(ofPath: Self.absolute(related.location.file))
        // Its characters are counted in its text: this buffer's, another open one's, else the file's.
        let target = same ? document : documents.values.first { $0.path.map(Self.absolute) == Self.absolute(related.location.file) }
          ?? (try? FileSystem.read(related.location.file, limit: Limits().fileSize)).map {
            Document(uri: uri, path: related.location.file, text: Encoding.utf8($0), version: nil)
          }
        let line = related.location.line, column = related.location.column
        let character = target.map { places([(line, column)], in: $0)[0].character } ?? column - 1
        let place = Self.position(line - 1, character)
        return .object([
          ("location", .object([("uri", .string(uri)), ("range", .object([("start", place), ("end", place)]))])),
          ("message", .string(related.message)),
        ])
      })))
    }
    return .object(members)
  }

  static func position(_ line: Int, _ character: Int) -> JSONValue {
    .object([("line", .number(String(max(0, line)))), ("character", .number(String(max(0, character))))])
  }

  /// The byte offset and the protocol's 0-based character (in the negotiated encoding) of each
  /// 1-based line and column (Unicode scalars; past a line's end: its end), each line swept
  /// once for all its places.
  func places(_ places: [(line: Int, column: Int)], in document: Document) -> [(byte: Int, character: Int)] {
    var result = [(byte: Int, character: Int)](filling: (0, 0), count: places.count)
    let order = places.indices.sorted { (places[$0].line, places[$0].column) < (places[$1].line, places[$1].column) }
    document.text.withUnsafeBufferPointer { bytes in
      var next = 0
      while next < order.count {
        let line = places[order[next]].line
        guard let range = document.lines.byteRange(ofLine: line, in: bytes) else {
          result[order[next]] = (bytes.count, max(0, places[order[next]].column - 1))
          next += 1
          continue
        }
        var index = range.lowerBound, seen = 1, units = 0
        while next < order.count, places[order[next]].line == line {
          let column = places[order[next]].column
          while index < range.upperBound, seen < column {
            let step = encoding.step(bytes[index])
            units += step.units
            seen += 1
            index = min(index + step.bytes, range.upperBound)
          }
          result[order[next]] = (index, units)
          next += 1
        }
      }
    }
    return result
  }

  /// The byte offset in a document of a protocol position (`{line, character}` in the
  /// negotiated encoding); a character past its line's end is the end. Nil when malformed.
  func offset(of position: JSONValue?, in document: Document) -> Int? {
    guard let line = position?["line"]?.int, let character = position?["character"]?.int, line >= 0, character >= 0 else { return nil }
    return document.text.withUnsafeBufferPointer { bytes -> Int? in
      guard let range = document.lines.byteRange(ofLine: line + 1, in: bytes) else { return line >= document.lines.lineCount ? bytes.count : nil }
      var index = range.lowerBound, units = 0
      while index < range.upperBound, units < character {
        let step = encoding.step(bytes[index])
        units += step.units
        index += step.bytes
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
