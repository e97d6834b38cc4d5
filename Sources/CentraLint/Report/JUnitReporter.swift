/// JUnit XML for CI test reports (SPEC §10), as Jenkins' and GitLab's parsers read it: a
/// `testsuite` per file, a `testcase` per finding, one passing `testcase` for a clean file.
///
/// A finding at or above `--fail-on` is a failing testcase; one below it passes, with the
/// finding in its `system-out`, so a Tests tab agrees with the exit status. A testcase's name
/// is the rule, the place in the export (field path, else plugin) and the fingerprint: never a
/// line number, so a test's history survives lines added above it; file and test names are made
/// unique after escaping (`Markup.xml` shows control characters as `?`).
enum JUnitReporter: Reporter {
  static func report(_ input: ReportInput) -> String {
    let groups = input.byFile
    let fails = { (finding: Finding) in input.failsFrom.map { finding.severity >= $0 } ?? false }
    var out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    let tests = groups.reduce(0) { $0 + max(1, $1.findings.count) }
    out += "<testsuites name=\"centra-lint\" tests=\"\(tests)\" failures=\"\(input.findings.count(where: fails))\" errors=\"0\">\n"
    for (group, file) in zip(groups, Markup.uniqueXML(groups.map(\.file))) {
      let failures = group.findings.count(where: fails)
      out += "  <testsuite name=\"\(file)\" tests=\"\(max(1, group.findings.count))\" failures=\"\(failures)\" errors=\"0\" skipped=\"0\">\n"
      if group.findings.isEmpty {
        out += "    <testcase name=\"no findings\" classname=\"\(file)\"/>\n"
      }
      let names = Markup.uniqueXML(group.findings.map { finding in
        let place = finding.path ?? finding.plugin.map { "plugin \($0)" } ?? finding.document.map { "document \($0 + 1)" } ?? "file"
        return "\(finding.rule) \(place) \(finding.fingerprint ?? "")"
      })
      for (finding, name) in zip(group.findings, names) {
        // Where it is, as an editor or a terminal links it.
        let text = "\(file):\(finding.location.line):\(finding.location.column) \(finding.severity.rawValue)"
        out += "    <testcase name=\"\(name)\" classname=\"\(file)\">\n"
        if fails(finding) {
          out += "      <failure type=\"\(Markup.xml(finding.rule))\" message=\"\(Markup.xml(finding.message))\">\(text)</failure>\n"
        } else {
          out += "      <system-out>\(text): \(Markup.xml(finding.message)) [\(Markup.xml(finding.rule))]</system-out>\n"
        }
        out += "    </testcase>\n"
      }
      out += "  </testsuite>\n"
    }
    return out + "</testsuites>\n"
  }
}
