/// GitHub Actions workflow commands (SPEC §10): one `::error`, `::warning` or `::notice` line
/// per finding, escaped as the runner unescapes (`%`, CR and LF in the message; also `:` and
/// `,` in properties), then the summary as a plain log line. The runner shows only ten of each
/// kind per step; every one is printed (the README shows how to add a Markdown summary).
enum GitHubReporter: Reporter {
  static func report(_ input: ReportInput) -> String {
    var out = ""
    for finding in input.findings {
      let kind = finding.severity == .error ? "error" : finding.severity == .warning ? "warning" : "notice"
      var message = finding.message
      for related in finding.related {
        message += " (\(related.message): \(related.location.file):\(related.location.line):\(related.location.column))"
      }
      var file = finding.location.file
      while file.hasPrefix("./") { file.removeFirst(2) }  // relative to the repository root, as GitHub wants
      out += "::\(kind) file=\(property(file)),line=\(max(1, finding.location.line)),"
        + "col=\(max(1, finding.location.column)),title=\(property(finding.rule))::\(data(message))\n"
    }
    return out + Printable.escaped(input.summary.line) + "\n"
  }

  /// A message: `%` first, then CR and LF, as the runner unescapes them; nothing else of it
  /// can end the command.
  static func data(_ text: String) -> String {
    var result: [UInt8] = []
    result.reserveCapacity(text.utf8.count + 8)
    for scalar in text.unicodeScalars {
      switch scalar {
      case "%": result += "%25".utf8
      case "\r": result += "%0D".utf8
      case "\n": result += "%0A".utf8
      default: Printable.append(scalar, to: &result)
      }
    }
    return String(decoding: result, as: UTF8.self)
  }

  /// A property value: as a message, and `:` and `,` too.
  static func property(_ text: String) -> String {
    data(text).replacing(":", with: "%3A").replacing(",", with: "%2C")
  }
}
