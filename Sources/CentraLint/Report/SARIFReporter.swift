/// SARIF 2.1.0 for GitHub code scanning and IDEs (SPEC §10): the run's rules in
/// `tool.driver.rules`, a result per finding at its rule's index, columns in Unicode code
/// points (as `columnKind` says, and as the tool counts them), the fingerprint as
/// `primaryLocationLineHash`, and `"results": []` when there are none.
enum SARIFReporter: Reporter {
  static func report(_ input: ReportInput) -> String {
    var out = JSON.Writer(capacity: 2048 + input.findings.count * 600)
    out.raw("{\n  \"$schema\": \"https://json.schemastore.org/sarif-2.1.0.json\",\n  \"version\": \"2.1.0\",\n  \"runs\": [\n    {\n")
    out.raw("      \"tool\": {\n        \"driver\": {\n          \"name\": \"centra-lint\",\n          \"version\": ")
    out.string(input.toolVersion)
    out.raw(",\n          \"rules\": [")
    var index: [String: Int] = [:]
    for (at, rule) in input.rules.enumerated() {
      index[rule.id] = at
      out.raw(at == 0 ? "\n            { \"id\": " : ",\n            { \"id\": ")
      out.string(rule.id)
      out.raw(", \"name\": ")
      out.string(rule.id)
      for (key, text) in [("shortDescription", rule.title), ("fullDescription", rule.rationale), ("help", rule.fix)] {
        out.raw(", \"\(key)\": { \"text\": ")
        out.string(Markup.paragraphs(text.trimmingBlanks()))
        out.raw(" }")
      }
      out.raw(", \"defaultConfiguration\": { \"level\": ")
      out.string(level(rule.severity))
      out.raw(" } }")
    }
    out.raw(input.rules.isEmpty ? "]\n" : "\n          ]\n")
    out.raw("        }\n      },\n      \"columnKind\": \"unicodeCodePoints\",\n      \"results\": [")
    // Suppressed findings are results too, marked with their comment's reason (SPEC §6).
    let results = input.findings + input.suppressed
    for (at, finding) in results.enumerated() {
      out.raw(at == 0 ? "\n        {\n          \"ruleId\": " : ",\n        {\n          \"ruleId\": ")
      out.string(finding.rule)
      if let ruleIndex = index[finding.rule] {
        out.raw(",\n          \"ruleIndex\": ")
        out.number(ruleIndex)
      }
      out.raw(",\n          \"level\": ")
      out.string(level(finding.severity))
      // GitHub shows a related location only where the message links to it: `[text](id)`.
      // Input is text there: a `[`, `]` or `\\` in it is escaped, so it never makes a link.
      var message = Markup.sarif(finding.message)
      for (number, related) in finding.related.enumerated() {
        message += " ([\(Markup.sarif(related.message))](\(number + 1)))"
      }
      out.raw(",\n          \"message\": { \"text\": ")
      out.string(message)
      out.raw(" },\n          \"locations\": [ ")
      location(finding.location, message: nil, id: nil, into: &out)
      out.raw(" ]")
      if !finding.related.isEmpty {
        out.raw(",\n          \"relatedLocations\": [")
        for (number, related) in finding.related.enumerated() {
          out.raw(number == 0 ? " " : ", ")
          location(related.location, message: related.message, id: number + 1, into: &out)
        }
        out.raw(" ]")
      }
      if let fingerprint = finding.fingerprint {
        out.raw(",\n          \"partialFingerprints\": { \"primaryLocationLineHash\": ")
        out.string(fingerprint)
        out.raw(" }")
      }
      if let justification = finding.justification {
        out.raw(",\n          \"suppressions\": [ { \"kind\": \"inSource\", \"justification\": ")
        out.string(justification)
        out.raw(" } ]")
      }
      out.raw("\n        }")
    }
    out.raw(results.isEmpty ? "]\n" : "\n      ]\n")
    out.raw("    }\n  ]\n}\n")
    return out.text
  }

  /// Text inside a SARIF embedded link: its brackets escaped.
  static func level(_ severity: Severity) -> String {
    switch severity {
    case .error: return "error"
    case .warning: return "warning"
    case .info: return "note"
    }
  }

  private static func location(_ place: SourceLocation, message: String?, id: Int?, into out: inout JSON.Writer) {
    out.raw("{ ")
    if let id { out.raw("\"id\": \(id), ") }
    out.raw("\"physicalLocation\": { \"artifactLocation\": { \"uri\": ")
    out.string(FileURI.reference(place.file))
    out.raw(" }, \"region\": { \"startLine\": ")
    out.number(max(1, place.line))
    out.raw(", \"startColumn\": ")
    out.number(max(1, place.column))
    out.raw(" } }")
    if let message {
      out.raw(", \"message\": { \"text\": ")
      out.string(Markup.sarif(message))
      out.raw(" }")
    }
    out.raw(" }")
  }
}
