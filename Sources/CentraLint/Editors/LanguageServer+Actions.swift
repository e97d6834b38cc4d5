/// Hovers and code actions on the findings last published for a document.
extension LanguageServer {
  /// The findings whose range holds a 1-based place (the whole line after its start when the
  /// end is not known).
  private func findings(at place: (line: Int, column: Int), in document: Document) -> [Finding] {
    document.findings.filter { finding in
      let span = span(of: finding, in: document)
      if place.line < span.line || place.line > span.endLine { return false }
      if place.line == span.line, place.column < span.column { return false }
      if place.line == span.endLine, place.column > span.endColumn { return false }
      return true
    }
  }

  /// A hover on a finding: its message, and its rule's title, rationale and fix.
  func hover(_ params: JSONValue) -> JSONValue {
    guard let uri = params["textDocument"]?["uri"]?.string, let document = documents[uri],
          let place = place(of: params["position"], in: document) else { return .null }
    let found = findings(at: place, in: document)
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
  /// its line and one for its plugin; and "fix all" (`source.fixAll`): every fix of the file.
  func codeActions(_ params: JSONValue) -> JSONValue {
    guard let uri = params["textDocument"]?["uri"]?.string, let document = documents[uri],
          let first = place(of: params["range"]?["start"], in: document),
          let last = place(of: params["range"]?["end"], in: document) else { return .array([]) }
    let only = params["context"]?["only"]?.array?.compactMap(\.string)
    func wanted(_ kind: String) -> Bool {
      guard let only else { return true }
      return only.contains { kind == $0 || kind.hasPrefix($0 + ".") }
    }
    var actions: [JSONValue] = []
    let touched = document.findings.filter { finding in
      let span = span(of: finding, in: document)
      return span.endLine >= first.line && span.line <= last.line
    }
    // One suppression action for each rule on a line, and for each rule in a plugin.
    var offered: Set<String> = []
    if wanted("quickfix") {
      for finding in touched {
        if let fix = finding.fix, let end = finding.end {
          actions.append(action(
            fix.title, kind: "quickfix", finding: finding, preferred: true, in: document,
            edits: [edit(line: finding.location.line, column: finding.location.column, endLine: end.line, endColumn: end.column, text: fix.replacement, in: document)]))
        }
        guard !Self.unsuppressible.contains(finding.rule), document.rules[finding.rule]?.suppressible ?? true else { continue }
        if offered.insert("line \(finding.location.line) \(finding.rule)").inserted {
          actions.append(action(
            "Suppress \(finding.rule) on this line", kind: "quickfix", finding: finding, in: document,
            edits: [lineSuppression(finding, in: document)]))
        }
        if let plugin = pluginLine(of: finding, in: document), offered.insert("plugin \(plugin) \(finding.rule)").inserted {
          actions.append(action(
            "Suppress \(finding.rule) in this plugin", kind: "quickfix", finding: finding, in: document,
            edits: [commentAbove(plugin, "ignore-plugin \(finding.rule)", in: document)]))
        }
      }
    }
    let fixable = document.findings.filter { $0.fix != nil && $0.end != nil }
    for kind in ["source.fixAll", "source.fixAll.centra-lint"] where wanted(kind) && !fixable.isEmpty {
      // Fixes do not overlap (one key each); applied as one edit, the client keeps them apart.
      let edits = fixable.map { finding in
        edit(line: finding.location.line, column: finding.location.column, endLine: finding.end!.line, endColumn: finding.end!.column,
             text: finding.fix!.replacement, in: document)
      }
      actions.append(.object([
        ("title", .string("Fix all centra-lint findings that have a fix")), ("kind", .string(kind)),
        ("edit", .object([("changes", .object([(document.uri, .array(edits))]))])),
      ]))
      break
    }
    return .array(actions)
  }

  private func action(_ title: String, kind: String, finding: Finding, preferred: Bool = false, in document: Document, edits: [JSONValue]) -> JSONValue {
    var members: [(key: String, value: JSONValue)] = [
      ("title", .string(title)), ("kind", .string(kind)),
      ("diagnostics", .array([diagnostic(finding, in: document)])),
    ]
    if preferred { members.append(("isPreferred", .bool(true))) }
    members.append(("edit", .object([("changes", .object([(document.uri, .array(edits))]))])))
    return .object(members)
  }

  private func edit(line: Int, column: Int, endLine: Int, endColumn: Int, text: String, in document: Document) -> JSONValue {
    .object([("range", range(line: line, column: column, endLine: endLine, endColumn: endColumn, in: document)), ("newText", .string(text))])
  }

  /// The comment text, with the reason left for the person to write.
  private static func comment(_ words: String) -> String { "# centra-lint: \(words) -- reason" }

  /// `# centra-lint: ignore RULE -- reason` at the end of the finding's line, or alone on a line
  /// above it when the line holds a `#` already (a comment after a comment is no comment).
  private func lineSuppression(_ finding: Finding, in document: Document) -> JSONValue {
    let line = finding.location.line
    let holdsHash = document.text.withUnsafeBufferPointer { bytes in
      document.lines.byteRange(ofLine: line, in: bytes).map { bytes[$0].contains(0x23) } ?? true
    }
    if holdsHash { return commentAbove(line, "ignore \(finding.rule)", in: document) }
    let end = lineEndColumn(line, in: document)
    return edit(line: line, column: end, endLine: line, endColumn: end, text: "  " + Self.comment("ignore \(finding.rule)"), in: document)
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
    return edit(line: line, column: 1, endLine: line, endColumn: 1, text: indent + Self.comment(words) + lineBreak, in: document)
  }

  /// The line a finding's plugin starts on (`plugins[N]` of its document), if it is in one.
  private func pluginLine(of finding: Finding, in document: Document) -> Int? {
    guard let path = finding.path, path.hasPrefix("plugins["), let close = path.firstIndex(of: "]"),
          let index = Int(path[path.index(path.startIndex, offsetBy: 8)..<close]) else { return nil }
    let tree = YAMLReader.parse(document.text)
    guard let number = finding.document, number < tree.documents.count else { return nil }
    let root = tree.documents[number].root
    guard root >= 0, tree.kind(root) == .mapping else { return nil }
    let pairs = tree.children(of: tree.resolved(root))
    var at = pairs.startIndex
    while at + 1 < pairs.endIndex {
      if tree.kind(Int(pairs[at])) == .scalar, tree.string(Int(pairs[at])) == "plugins" {
        let list = tree.resolved(Int(pairs[at + 1]))
        guard tree.kind(list) == .sequence else { return nil }
        let items = tree.children(of: list)
        guard index < items.count else { return nil }
        return Int(tree.nodes[Int(items[items.startIndex + index])].line)
      }
      at += 2
    }
    return nil
  }
}
