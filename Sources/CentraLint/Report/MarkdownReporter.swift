/// Markdown for tickets and `$GITHUB_STEP_SUMMARY` (SPEC §10): the counts, a table of the rules
/// that fired, then each file's findings as a table. Text from input (file names, rule ids and
/// titles from rule files, messages) is in code spans (`Markup.markdownCode`): never markup or
/// a link.
enum MarkdownReporter: Reporter {
  static func report(_ input: ReportInput) -> String {
    var out = "## centra-lint\n\n" + Markup.markdown(input.summary.line) + "\n"
    guard !input.findings.isEmpty else { return out }
    var counts: [String: (severity: Severity, count: Int)] = [:]
    for finding in input.findings { counts[finding.rule, default: (finding.severity, 0)].count += 1 }
    out += "\n| rule | severity | findings |\n|---|---|---|\n"
    // The worst first: by severity, then by how often, then by id.
    for (rule, entry) in counts.sorted(by: { ($0.value.severity, $0.value.count, $1.key) > ($1.value.severity, $1.value.count, $0.key) }) {
      out += "| \(Markup.markdownCode(rule)) | \(entry.severity.rawValue) | \(entry.count) |\n"
    }
    for group in input.byFile where !group.findings.isEmpty {
      out += "\n### \(Markup.markdownCode(group.file, inTable: false))\n\n| place | severity | rule | message |\n|---|---|---|---|\n"
      for finding in group.findings {
        var message = Markup.markdownCode(finding.message)
        for related in finding.related {
          message += "<br>" + Markup.markdownCode("\(related.message): \(related.location.file):\(related.location.line):\(related.location.column)")
        }
        out += "| \(finding.location.line):\(finding.location.column) | \(finding.severity.rawValue) | \(Markup.markdownCode(finding.rule)) | \(message) |\n"
      }
    }
    return out
  }
}
