import Testing
@testable import CentraLint

/// The reporters on a fixed list of findings (Swift Testing).
@Suite struct ReporterTests {
  static let findings = [
    Finding(rule: "plugin-uri-unique", severity: .error, message: "URI 'k' is already used by plugin \"A\\B\"",
            location: SourceLocation(file: "x.yaml", line: 3, column: 10), path: "plugins[1].uri", plugin: "k",
            related: [Finding.Related(location: SourceLocation(file: "w.yaml", line: 1, column: 2), message: "first used here")]),
    Finding(rule: "unknown-field", severity: .warning, message: "tab\there", location: SourceLocation(file: "x.yaml", line: 4, column: 1)),
  ]

  @Test func summarySentenceCountsAndPluralises() {
    let summary = Summary(findings: Self.findings, files: 3, plugins: 9)
    #expect(summary.sentence == "1 error, 1 warning in 3 files, 9 plugins")
    #expect(Summary(findings: [], files: 1, plugins: 1).sentence == "0 errors, 0 warnings in 1 file, 1 plugin")
  }

  @Test func jsonEscapesAndKeepsTheSpecKeys() {
    let json = JSONReporter.report(Self.findings, summary: Summary(findings: Self.findings, files: 1, plugins: 2), toolVersion: "0.1.0")
    #expect(json.contains(#""message": "URI 'k' is already used by plugin \"A\\B\"""#))
    #expect(json.contains(#""message": "tab\there""#))
    #expect(json.contains(#""related": [{ "file": "w.yaml", "line": 1, "column": 2, "message": "first used here" }]"#))
    #expect(json.contains(#""summary": { "files": 1, "plugins": 2, "errors": 1, "warnings": 1, "infos": 0, "stores": 0, "suppressed": 0, "baselined": 0, "skipped": 0 }"#))
    #expect(!json.contains(#""path": null"#), "absent path is left out, not null")
  }

  @Test func textPrintsRelatedPlacesAsNotes() {
    let text = TextReporter.report(Self.findings, summary: Summary(findings: Self.findings, files: 1, plugins: 2), color: false)
    #expect(text.hasPrefix("x.yaml:3:10: error: URI 'k' is already used by plugin \"A\\B\" [plugin-uri-unique]\n  note: first used here: w.yaml:1:2\n"))
    #expect(text.hasSuffix("\n1 error, 1 warning in 1 file, 2 plugins\n"))
  }

  @Test func emptyReportSaysSo() {
    #expect(TextReporter.report([], summary: Summary(findings: [], files: 2, plugins: 4), color: false)
      == "no problems: 0 errors, 0 warnings in 2 files, 4 plugins\n")
  }
}
