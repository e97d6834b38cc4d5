/// The report for programs: SPEC §4, version 1.
public enum JSONReporter {
  /// The report as pretty-printed JSON with a final newline.
  public static func report(_ findings: [Finding], summary: Summary, toolVersion: String) -> String {
    var out = "{\n  \"version\": 1,\n"
    out += "  \"tool\": { \"name\": \"centra-lint\", \"version\": \(JSON.string(toolVersion)) },\n"
    out += "  \"findings\": ["
    for (index, finding) in findings.enumerated() {
      out += index == 0 ? "\n" : ",\n"
      out += "    {\n"
      out += "      \"rule\": \(JSON.string(finding.rule)),\n"
      out += "      \"severity\": \(JSON.string(finding.severity.rawValue)),\n"
      out += "      \"message\": \(JSON.string(finding.message)),\n"
      out += "      \"file\": \(JSON.string(finding.location.file)),\n"
      out += "      \"line\": \(finding.location.line),\n"
      out += "      \"column\": \(finding.location.column),\n"
      if let path = finding.path { out += "      \"path\": \(JSON.string(path)),\n" }
      if let plugin = finding.plugin { out += "      \"plugin\": \(JSON.string(plugin)),\n" }
      out += "      \"related\": ["
      out += finding.related.map { related in
        "{ \"file\": \(JSON.string(related.location.file)), \"line\": \(related.location.line), "
          + "\"column\": \(related.location.column), \"message\": \(JSON.string(related.message)) }"
      }.joined(separator: ", ")
      out += "]\n    }"
    }
    out += findings.isEmpty ? "],\n" : "\n  ],\n"
    out += "  \"summary\": { \"files\": \(summary.files), \"plugins\": \(summary.plugins), "
      + "\"errors\": \(summary.errors), \"warnings\": \(summary.warnings), \"infos\": \(summary.infos) }\n"
    out += "}\n"
    return out
  }
}

/// JSON text escaping.
enum JSON {
  /// A JSON string literal; control characters and lone surrogates cannot occur in a Swift
  /// String, so escaping quotes, backslashes and controls is enough.
  static func string(_ text: String) -> String {
    if !text.utf8.contains(where: { $0 < 0x20 || $0 == 0x22 || $0 == 0x5C || $0 == 0x7F }) {
      return "\"" + text + "\""  // nothing to escape, the common case
    }
    var out = "\""
    for scalar in text.unicodeScalars {
      switch scalar {
      case "\"": out += "\\\""
      case "\\": out += "\\\\"
      case "\n": out += "\\n"
      case "\r": out += "\\r"
      case "\t": out += "\\t"
      case _ where scalar.value < 0x20 || scalar.value == 0x7F:
        let hex = String(scalar.value, radix: 16)
        out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
      default: out.unicodeScalars.append(scalar)
      }
    }
    return out + "\""
  }
}
