/// JUnit XML for CI test reports (SPEC §10), as Jenkins' and GitLab's parsers read it: a
/// `testsuite` per file, a failing `testcase` per finding (names unique within the file:
/// rule, path and line, with a number for a repeat), one passing `testcase` for a clean file.
enum JUnitReporter: Reporter {
  static func report(_ input: ReportInput) -> String {
    let groups = input.byFile
    var out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    let tests = groups.reduce(0) { $0 + max(1, $1.findings.count) }
    out += "<testsuites name=\"centra-lint\" tests=\"\(tests)\" failures=\"\(input.findings.count)\" errors=\"0\">\n"
    for group in groups {
      let file = Markup.xml(group.file)
      out += "  <testsuite name=\"\(file)\" tests=\"\(max(1, group.findings.count))\" failures=\"\(group.findings.count)\" errors=\"0\" skipped=\"0\">\n"
      if group.findings.isEmpty {
        out += "    <testcase name=\"no findings\" classname=\"\(file)\"/>\n"
      }
      var names: [String: Int] = [:]
      for finding in group.findings {
        var name = "\(finding.rule) \(finding.path ?? "document") line \(finding.location.line)"
        let repeats = names[name, default: 0]
        names[name] = repeats + 1
        if repeats > 0 { name += " (\(repeats + 1))" }
        // The failure's text is where it is, as an editor or a terminal links it.
        out += "    <testcase name=\"\(Markup.xml(name))\" classname=\"\(file)\">\n"
        out += "      <failure type=\"\(Markup.xml(finding.rule))\" message=\"\(Markup.xml(finding.message))\">"
          + "\(file):\(finding.location.line):\(finding.location.column) \(finding.severity.rawValue)</failure>\n"
        out += "    </testcase>\n"
      }
      out += "  </testsuite>\n"
    }
    return out + "</testsuites>\n"
  }
}
