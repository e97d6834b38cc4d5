/// Hovers and code actions on the findings last published for a document (their spans worked
/// out then): a request's cost is its findings', never a sweep of the text per finding.
extension LanguageServer {
  /// Why a request's params are not those of its method.
  struct Params: Error {
    var reason: String
    static func invalid(_ reason: String) -> Params { Params(reason: reason) }
  }

  /// The open document a request names, nil when it is not open; throws when `textDocument.uri`
  /// is no text.
  private func document(_ params: JSONValue) throws(Params) -> Document? {
    guard let uri = params["textDocument"]?["uri"]?.string else { throw .invalid("params.textDocument.uri must be a string") }
    return documents[uri]
  }

  /// A hover on a finding: its message, and its rule's title, rationale and fix.
  func hover(_ params: JSONValue) throws(Params) -> JSONValue {
    guard let document = try document(params) else { return .null }
    guard let place = place(of: params["position"], in: document) else { throw .invalid("params.position must be a position in the document") }
    let found = document.findings.indices.filter { document.spans[$0].holds(place) }.map { document.findings[$0] }
    guard !found.isEmpty else { return .null }
    var parts: [String] = []
    var shown: Set<String> = []
    for finding in found {
      var part = "**\(Markup.markdown(finding.rule))** (\(finding.severity.rawValue)): \(Markup.markdown(finding.message))"
      if let rule = document.rules[finding.rule], shown.insert(finding.rule).inserted {
        part += "\n\n*\(Markup.markdown(rule.title))*\n\n\(Self.markdownParagraphs(rule.rationale))"
        part += "\n\n**Fix:** \(Self.markdownParagraphs(rule.fix))"
      }
      parts.append(part)
    }
    return .object([("contents", .object([("kind", .string("markdown")), ("value", .string(parts.joined(separator: "\n\n---\n\n")))]))])
  }

  /// A rule file's text as Markdown paragraphs, each escaped as report text is.
  private static func markdownParagraphs(_ text: String) -> String {
    Markup.paragraphs(text.trimmingBlanks()).split(separator: "\n\n").map { Markup.markdown(String($0)) }.joined(separator: "\n\n")
  }

  /// The rules no comment can suppress (SPEC §6), besides those whose file says so.
  static let unsuppressible: Set<String> = ["yaml-syntax", "yaml-limit", "invalid-suppression", "expired-suppression"]

  /// Code actions for the findings in a range: the finding's fix, a suppression comment for
  /// its line and one for its plugin (each once per rule and place); and "fix all"
  /// (`source.fixAll`): every fix of the file, each place once.
  func codeActions(_ params: JSONValue) throws(Params) -> JSONValue {
    guard var document = try document(params) else { return .array([]) }
    guard let first = place(of: params["range"]?["start"], in: document), let last = place(of: params["range"]?["end"], in: document) else {
      throw .invalid("params.range must be a range in the document")
    }
    let only = params["context"]?["only"]?.array?.compactMap(\.string)
    func wanted(_ kind: String) -> Bool {
      guard let only else { return true }
      return only.contains { kind == $0 || kind.hasPrefix($0 + ".") }
    }
    var actions: [JSONValue] = []
    let touched = document.findings.indices.filter { document.spans[$0].endLine >= first.line && document.spans[$0].line <= last.line }
    var offered: Set<String> = []
    var lineEnds: [Int: Int] = [:]
    if wanted("quickfix") {
      for index in touched {
        let finding = document.findings[index], span = document.spans[index]
        if let fix = finding.fix, let end = finding.end, end.line == span.line, end.column == span.endColumn,
           offered.insert("fix \(span.line):\(span.column)").inserted {
          actions.append(action(
            fix.title, kind: "quickfix", finding: finding, span: span, preferred: true, in: document,
            edits: [.object([("range", span.range), ("newText", .string(fix.replacement))])]))
        }
        guard !Self.unsuppressible.contains(finding.rule), document.rules[finding.rule]?.suppressible ?? true else { continue }
        if offered.insert("line \(span.line) \(finding.rule)").inserted {
          actions.append(action(
            "Suppress \(finding.rule) on this line", kind: "quickfix", finding: finding, span: span, in: document,
            edits: [lineSuppression(finding, span, in: document, lineEnds: &lineEnds)]))
        }
        if document.pluginLines == nil {
          document.pluginLines = pluginLines(in: document)
          documents[document.uri]?.pluginLines = document.pluginLines
        }
        if let line = pluginLine(of: finding, plugins: document.pluginLines ?? [:]), offered.insert("plugin \(line) \(finding.rule)").inserted {
          actions.append(action(
            "Suppress \(finding.rule) in this plugin", kind: "quickfix", finding: finding, span: span, in: document,
            edits: [commentAbove(line, "ignore-plugin \(finding.rule)", in: document)]))
        }
      }
    }
    // Fix all: each place once (a key merged into several plugins is one finding each, one edit).
    var edits: [JSONValue] = [], places: Set<String> = []
    for (finding, span) in zip(document.findings, document.spans) {
      guard let fix = finding.fix, let end = finding.end, end.line == span.line, end.column == span.endColumn,
            places.insert("\(span.line):\(span.column)").inserted else { continue }
      edits.append(.object([("range", span.range), ("newText", .string(fix.replacement))]))
    }
    if !edits.isEmpty, let kind = ["source.fixAll.centra-lint", "source.fixAll"].first(where: wanted) {
      actions.append(.object([
        ("title", .string("Fix all centra-lint findings that have a fix")), ("kind", .string(kind)),
        ("edit", .object([("changes", .object([(document.uri, .array(edits))]))])),
      ]))
    }
    return .array(actions)
  }

  private func action(
    _ title: String, kind: String, finding: Finding, span: Span, preferred: Bool = false, in document: Document, edits: [JSONValue]
  ) -> JSONValue {
    var members: [(key: String, value: JSONValue)] = [
      ("title", .string(title)), ("kind", .string(kind)),
      ("diagnostics", .array([diagnostic(finding, span, in: document)])),
    ]
    if preferred { members.append(("isPreferred", .bool(true))) }
    members.append(("edit", .object([("changes", .object([(document.uri, .array(edits))]))])))
    return .object(members)
  }

  /// The comment text, with the reason left for the person to write.
  private static func comment(_ words: String) -> String { "# centra-lint: \(words) -- reason" }

  /// `# centra-lint: ignore RULE -- reason` at the end of the finding's line when its value
  /// ends there and the line holds no `#` (a comment after a comment is no comment); else alone
  /// on a line above it (inside a value over several lines, a comment would be text).
  private func lineSuppression(_ finding: Finding, _ span: Span, in document: Document, lineEnds: inout [Int: Int]) -> JSONValue {
    let line = span.line
    let endsHere = finding.end.map { $0.line == line } ?? false
    let holdsHash = document.text.withUnsafeBufferPointer { bytes in
      document.lines.byteRange(ofLine: line, in: bytes).map { bytes[$0].contains(0x23) } ?? true
    }
    guard endsHere, !holdsHash else { return commentAbove(line, "ignore \(finding.rule)", in: document) }
    if lineEnds[line] == nil { lineEnds[line] = places([(line, .max)], in: document)[0].character }
    let end = Self.position(line - 1, lineEnds[line]!)
    return .object([("range", .object([("start", end), ("end", end)])), ("newText", .string("  " + Self.comment("ignore \(finding.rule)")))])
  }

  /// A comment alone on a new line above `line`, indented as it is, ended as it is.
  private func commentAbove(_ line: Int, _ words: String, in document: Document) -> JSONValue {
    let (indent, lineBreak) = document.text.withUnsafeBufferPointer { bytes -> (String, String) in
      guard let range = document.lines.byteRange(ofLine: line, in: bytes) else { return ("", "\n") }
      let indent = bytes[range].prefix { $0 == 0x20 || $0 == 0x09 }
      let after = range.upperBound
      let lineBreak = after < bytes.count && bytes[after] == 0x0D ? (after + 1 < bytes.count && bytes[after + 1] == 0x0A ? "\r\n" : "\r") : "\n"
      return (String(decoding: indent, as: UTF8.self), lineBreak)
    }
    let start = Self.position(line - 1, 0)
    return .object([("range", .object([("start", start), ("end", start)])), ("newText", .string(indent + Self.comment(words) + lineBreak))])
  }

  /// The first line of each plugin of each document (by document, in order).
  private func pluginLines(in document: Document) -> [Int: [Int]] {
    let tree = YAMLReader.parse(document.text)
    var lines: [Int: [Int]] = [:]
    for (number, info) in tree.documents.enumerated() where info.root >= 0 {
      let root = tree.resolved(info.root)
      guard tree.kind(root) == .mapping else { continue }
      let pairs = tree.children(of: root)
      for at in stride(from: pairs.startIndex, to: pairs.endIndex - 1, by: 2)
      where tree.kind(Int(pairs[at])) == .scalar && tree.string(Int(pairs[at])) == "plugins" {
        let list = tree.resolved(Int(pairs[at + 1]))
        guard tree.kind(list) == .sequence else { continue }
        // Where each item is written (an alias where it is used, not where its anchor is).
        lines[number] = tree.children(of: list).map { Int(tree.nodes[Int($0)].line) }
      }
    }
    return lines
  }

  /// The line a finding's plugin starts on (`plugins[N]` of its document), if it is in one.
  private func pluginLine(of finding: Finding, plugins: [Int: [Int]]) -> Int? {
    guard let path = finding.path, path.hasPrefix("plugins["), let close = path.firstIndex(of: "]"),
          let index = Int(path[path.index(path.startIndex, offsetBy: 8)..<close]),
          let lines = finding.document.flatMap({ plugins[$0] }), index < lines.count else { return nil }
    return lines[index]
  }
}
