/// checkstyle XML for reviewdog and Jenkins (SPEC §10): a `file` per checked file, an `error`
/// per finding with `source` = `centra-lint.RULE`.
enum CheckstyleReporter: Reporter {
  static func report(_ input: ReportInput) -> String {
    var out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<checkstyle version=\"4.3\">\n"
    let groups = input.byFile
    for (group, name) in zip(groups, Markup.uniqueXML(groups.map(\.file))) {
      out += "  <file name=\"\(name)\">\n"
      for finding in group.findings {
        out += "    <error line=\"\(finding.location.line)\" column=\"\(finding.location.column)\" severity=\"\(finding.severity.rawValue)\""
          + " message=\"\(Markup.xml(finding.message))\" source=\"centra-lint.\(Markup.xml(finding.rule))\"/>\n"
      }
      out += "  </file>\n"
    }
    return out + "</checkstyle>\n"
  }
}
