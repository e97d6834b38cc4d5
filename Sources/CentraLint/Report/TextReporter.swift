/// The report for people: `file:line:col: severity: message [rule-id]`, the source line with a
/// caret under the column, related places, then a summary. Every text that came from input or
/// from a file name goes through `Printable`: nothing in it drives the terminal or starts a line.
enum TextReporter: Reporter {
  /// The report; `input.color` adds ANSI colour.
  static func report(_ input: ReportInput) -> String {
    let paint = Paint(enabled: input.color)
    var out = lines(of: input.findings, paint: paint)
    if !input.findings.isEmpty { out += "\n" }
    out += input.summary.closingLines
    return out
  }

  /// Each finding's lines: its place, severity, message and rule; its source line with a
  /// caret; its related places.
  static func lines(of findings: [Finding], paint: Paint) -> String {
    var out = ""
    for finding in findings {
      let where_ = "\(Printable.lineStart(finding.location.file)):\(finding.location.line):\(finding.location.column)"
      out += paint.bold(where_) + ": " + paint.severity(finding.severity) + ": " + Printable.escaped(finding.message)
        + " " + paint.dim("[\(Printable.escaped(finding.rule))]") + "\n"
      if let snippet = finding.snippet, !snippet.text.isEmpty {
        let number = String(finding.location.line)
        let gutter = String(repeating: " ", count: number.count)
        out += " \(number) | \(Printable.escaped(snippet.text))\n"
        let caretColumn = max(0, min(snippet.caretColumn - 1, snippet.text.unicodeScalars.count))
        out += " \(gutter) | " + String(repeating: " ", count: caretColumn) + paint.caret(finding.severity) + "\n"
      }
      for related in finding.related {
        out += "  " + paint.dim("note:") + " \(Printable.escaped(related.message)): "
          + "\(Printable.escaped(related.location.file)):\(related.location.line):\(related.location.column)\n"
      }
    }
    return out
  }
}

/// ANSI colour, or nothing.
struct Paint {
  let enabled: Bool

  private func wrap(_ code: String, _ text: String) -> String {
    enabled ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text
  }

  func bold(_ text: String) -> String { wrap("1", text) }
  func dim(_ text: String) -> String { wrap("2", text) }

  private func code(_ severity: Severity) -> String {
    switch severity {
    case .error: return "1;31"
    case .warning: return "1;33"
    case .info: return "1;36"
    }
  }

  func severity(_ severity: Severity) -> String { wrap(code(severity), severity.rawValue) }
  func caret(_ severity: Severity) -> String { wrap(code(severity), "^") }
  /// Any text in the colour of errors (an audit's failing verdict).
  func alarm(_ text: String) -> String { wrap(code(.error), text) }
}
