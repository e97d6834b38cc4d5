import Foundation
import XCTest
@testable import CentraLint

/// Every reporter on one fixed list of findings, compared whole with its canned output in
/// `Reports/<format>.txt` (SwiftLint's canned reporter outputs). `UPDATE_GOLDEN=1` rewrites them
/// and still fails, so a change is always looked at.
final class ReportFormatTests: XCTestCase {
  static let folder = Support.packageRoot + "/Tests/CentraLintTests/Reports"

  static var input: ReportInput {
    var findings = [
      Finding(rule: "plugin-uri-unique", severity: .error, message: "URI 'klarna-payments' is already used by plugin 'Klarna <EU> & \"Co\"'",
              location: SourceLocation(file: "exports/eu, prod: 100%.yaml", line: 31, column: 10), path: "plugins[1].uri", plugin: "klarna-payments",
              related: [Finding.Related(location: SourceLocation(file: "exports/eu, prod: 100%.yaml", line: 8, column: 10), message: "first used here")]),
      Finding(rule: "locale-matches-region", severity: .warning, message: "'sv_SE' is not a Klarna locale; did you mean 'sv-SE'? | *not* `code`",
              location: SourceLocation(file: "exports/eu, prod: 100%.yaml", line: 40, column: 20), path: "plugins[1].defaultLocale", plugin: "klarna-payments"),
      Finding(rule: "endpoint-region-matches-mid", severity: .info, message: "MID 'X999' is not in the MID registry\nsecond line\u{1B}[2J",
              location: SourceLocation(file: "exports/na.yaml", line: 4, column: 57), path: "plugins[0].eStoreId"),
    ]
    findings[0].snippet = Finding.Snippet(text: "    uri: klarna-payments   # 😀 here", caretColumn: 10)
    findings[0].store = "Retail EU"
    findings[0].environment = "production"
    findings[0].document = 0
    findings = Fingerprint.assign(findings)
    let summary = Summary(findings: findings, files: 3, plugins: 5, stores: 2, skipped: 1)
    let rules = ["endpoint-region-matches-mid", "locale-matches-region", "plugin-uri-unique"].map { id in
      let rule = Support.rules.rule(id)!
      return ReportInput.Rule(id: id, title: rule.title, rationale: rule.rationale, fix: rule.fix, severity: rule.severity)
    }
    return ReportInput(findings: findings, summary: summary, rules: rules,
                       files: ["exports/clean.yaml", "exports/eu, prod: 100%.yaml", "exports/na.yaml"], toolVersion: "0.1.0")
  }

  func testEveryFormatMatchesItsCannedOutput() throws {
    let update = ProcessInfo.processInfo.environment["UPDATE_GOLDEN"] == "1"
    for format in ReportFormat.allCases {
      let actual = format.report(Self.input)
      let path = Self.folder + "/\(format.rawValue).txt"
      if update {
        try actual.write(toFile: path, atomically: true, encoding: .utf8)
        XCTFail("\(format): canned output rewritten; review it and run again without UPDATE_GOLDEN")
        continue
      }
      XCTAssertEqual(actual, (try? String(contentsOfFile: path, encoding: .utf8)) ?? "(missing)", "\(format)")
    }
  }

  /// A fleet's report is written in parts on every core (`JSONReporter.parallelFrom`): the
  /// parts join into the report one writer makes, in order, with one comma between findings.
  func testManyFindingsAreWrittenInPartsAsOneReport() throws {
    let count = JSONReporter.parallelFrom * 2 + 3  // parts of unequal size
    let findings = (0..<count).map { index in
      var finding = Self.input.findings[index % Self.input.findings.count]
      finding.location.line = index + 1
      return finding
    }
    var input = Self.input
    input.findings = findings
    input.summary = Summary(findings: findings, files: 3, plugins: 5, stores: 2)
    let report = ReportFormat.json.report(input)
    var serial = JSON.Writer(capacity: 0)
    for (index, finding) in findings.enumerated() {
      serial.raw(index == 0 ? "\n" : ",\n")
      JSONReporter.write(finding, to: &serial)
    }
    XCTAssertTrue(report.contains("\"findings\": [" + serial.text + "\n  ],\n"), "the findings as one writer writes them")
    let parsed = try JSONSerialization.jsonObject(with: Data(report.utf8)) as? [String: Any]
    let lines = (parsed?["findings"] as? [[String: Any]])?.compactMap { $0["line"] as? Int }
    XCTAssertEqual(lines, Array(1...count))
  }

  func testCSVCellsAreQuotedAndNeverAFormula() {
    XCTAssertEqual(Markup.csv("plain"), "plain")
    XCTAssertEqual(Markup.csv("a, b"), "\"a, b\"")
    XCTAssertEqual(Markup.csv("say \"hi\""), "\"say \"\"hi\"\"\"")
    XCTAssertEqual(Markup.csv("two\nlines\u{1B}[2J"), "two?lines?[2J", "no control character reaches a terminal that shows the file")
    for formula in ["=1+1", "+1", "-1", "@SUM(A1)"] {
      XCTAssertTrue(Markup.csv(formula).hasPrefix("'") || Markup.csv(formula).hasPrefix("\"'"), formula)
    }
    XCTAssertEqual(Markup.csv("=HYPERLINK(\"http://x\",\"y\")"), "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\"")
    let report = ReportFormat.csv.report(Self.input)
    XCTAssertTrue(report.hasPrefix("file,line,column,severity,rule,message,store,environment,plugin,path,fingerprint\r\n"))
    XCTAssertEqual(report.components(separatedBy: "\r\n").count - 2, Self.input.findings.count, "a row per finding")
  }

  /// JUnit agrees with the exit status, and a testcase keeps its name when lines are added
  /// above it and stays apart from one whose name differs only in a control character.
  func testJUnitFailsWhatFailsTheRunWithNamesThatSurviveEdits() throws {
    func names(_ report: String) -> [String] {
      report.components(separatedBy: "<testcase name=\"").dropFirst().map { String($0.prefix { $0 != "\"" }) }
    }
    var input = Self.input
    let all = ReportFormat.junit.report(input)
    XCTAssertEqual(all.components(separatedBy: "<failure ").count - 1, 1, "only the error fails under --fail-on error")
    XCTAssertEqual(all.components(separatedBy: "<system-out>").count - 1, 2, "the warning and the info pass, and say so")
    input.failsFrom = nil
    XCTAssertFalse(ReportFormat.junit.report(input).contains("<failure "), "--fail-on never")
    input.failsFrom = .info
    XCTAssertEqual(ReportFormat.junit.report(input).components(separatedBy: "<failure ").count - 1, 3, "--fail-on info")
    XCTAssertEqual(names(ReportFormat.junit.report(input)), names(all), "names do not depend on --fail-on")

    let export = "plugins:\n  - type: Klarna Payments\n    status: Inactive\n    name: K\n    uri: k\n"
    func report(_ text: String) throws -> String {
      let findings = try Support.lint(text)
      return ReportFormat.junit.report(ReportInput(
        findings: findings, summary: Summary(findings: findings, files: 1, plugins: 1), rules: [], files: [], toolVersion: "t"))
    }
    let before = try report(export), after = try report("# a comment\n\n# and another\n" + export)
    XCTAssertFalse(names(before).isEmpty)
    XCTAssertEqual(names(before), names(after), "no line number in a name")

    var finding = input.findings[0]
    finding.fingerprint = "same"
    input.files = []
    input.findings = ["k\u{1}", "k\u{2}", "k?"].map { path in
      var copy = finding
      copy.path = path
      return copy
    }
    let escaped = names(ReportFormat.junit.report(input))
    XCTAssertEqual(Set(escaped).count, 3, "unique after escaping: \(escaped)")

    // Three clean files whose names escape alike: three suites and three checkstyle files.
    input.findings = []
    input.files = ["a\u{1}.yaml", "a\u{2}.yaml", "a?.yaml"]
    for format in [ReportFormat.junit, .checkstyle] {
      let report = format.report(input)
      let files = report.components(separatedBy: format == .junit ? "<testsuite name=\"" : "<file name=\"").dropFirst()
        .map { String($0.prefix { $0 != "\"" }) }
      XCTAssertEqual(Set(files).count, 3, "\(format): \(files)")
    }
  }

  /// No line of a report that a CI log shows starts with a workflow command from input, and no
  /// control character from a rule file reaches the terminal.
  func testNoReportLineIsACommandAndNoRuleIdDrivesTheTerminal() {
    var input = Self.input
    input.files = []
    input.findings = ["::error file=app.yaml,line=1::x.yaml", "  ::warning::y.yaml"].map { file in
      var finding = Self.input.findings[0]
      finding.location.file = file
      finding.rule = "rule\u{1B}[2J\u{7}"
      finding.related = []
      return finding
    }
    for format in ReportFormat.allCases where format != .github {
      let lines = format.report(input).split(separator: "\n")
      XCTAssertFalse(lines.contains { $0.drop { $0 == " " || $0 == "\t" }.hasPrefix("::") }, "\(format)")
      if format == .text || format == .csv || format == .markdown {
        XCTAssertFalse(format.report(input).unicodeScalars.contains { $0 == "\u{1B}" || $0 == "\u{7}" }, "\(format)")
      }
    }
  }

  func testRuleTextsAreParagraphsInSARIF() {
    XCTAssertEqual(Markup.paragraphs("One sentence that\nwraps here.\n\nA second\n  paragraph."),
                   "One sentence that wraps here.\n\nA second paragraph.")
    let sarif = ReportFormat.sarif.report(Self.input)
    let rationale = Support.rules.rule("plugin-uri-unique")!.rationale
    XCTAssertTrue(rationale.contains("\n"), "the rule file wraps its text")
    XCTAssertTrue(sarif.contains(Markup.paragraphs(rationale.trimmingBlanks())))
  }

  /// The page says where each finding is (store, environment) and what each fired rule is for
  /// and how to fix it; a radio button never wraps away from its label; a filter hides a file
  /// with nothing left to show.
  func testHTMLShowsStoresRuleHelpAndFiltersWholeFiles() {
    let html = ReportFormat.html.report(Self.input)
    XCTAssertTrue(html.contains("store &#39;Retail EU&#39;, environment production"), "store and environment")
    let rule = Support.rules.rule("plugin-uri-unique")!
    XCTAssertTrue(html.contains(Markup.xml(rule.title)))
    XCTAssertTrue(html.contains(Markup.xml(Markup.paragraphs(rule.fix.trimmingBlanks()))), "the rule's fix")
    XCTAssertEqual(html.components(separatedBy: "<input ").count, html.components(separatedBy: "<label class=\"choice\"><input ").count)
    XCTAssertTrue(html.contains("body:has(#sev-error:checked):has(#rule-all:checked) main section:not(:has(.finding.sev-error))"))
    XCTAssertFalse(html.contains("<script"), "no script")
  }

  func testNamesAreMadeUniqueInOrder() {
    XCTAssertEqual(Markup.unique(["a", "a", "a (2)", "a", "b"]), ["a", "a (2)", "a (2) (2)", "a (3)", "b"])
    let many = Markup.unique(Array(repeating: "x", count: 5000))
    XCTAssertEqual(Set(many).count, 5000)
    XCTAssertEqual(many.last, "x (5000)")
  }

  func testEmptyRunsAreValidForEveryConsumer() throws {
    var input = Self.input
    input.findings = []
    input.summary = Summary(findings: [], files: 1, plugins: 1)
    XCTAssertTrue(ReportFormat.sarif.report(input).contains("\"results\": []"))
    XCTAssertEqual(ReportFormat.gitlab.report(input), "[]\n")
    XCTAssertTrue(ReportFormat.junit.report(input).contains("<testcase name=\"no findings\""))
    for format in ReportFormat.allCases { XCTAssertFalse(format.report(input).isEmpty, "\(format)") }
  }

  func testFingerprintsAreStableAcrossInsertedLinesAndPluginsAndUnique() throws {
    func fingerprints(_ text: String) throws -> [String: String] {
      let findings = try Support.lint(text)
      XCTAssertEqual(Set(findings.compactMap(\.fingerprint)).count, findings.count, "unique in a run")
      return Dictionary(findings.map { ("\($0.rule) \($0.message)", $0.fingerprint!) }, uniquingKeysWith: { a, _ in a })
    }
    let plugin = "  - { type: Klarna Payments, name: K, uri: k, status: Inactive, secret: s3cr3t }\n"
    let before = try fingerprints("plugins:\n" + plugin + "  - { type: Adyen, uri: k }\n  - { type: Adyen, uri: k }\n")
    let after = try fingerprints("# a new comment\n\n# and another\nplugins:\n  - { type: Adyen, uri: new }\n" + plugin + "  - { type: Adyen, uri: k }\n  - { type: Adyen, uri: k }\n")
    XCTAssertFalse(before.isEmpty)
    for (finding, fingerprint) in before { XCTAssertEqual(after[finding], fingerprint, finding) }
    XCTAssertFalse(before.values.contains { $0.contains("s3cr3t") })
    XCTAssertEqual(Fingerprint.withoutPlaces("duplicate key 'a' (first at line 12, column 3)"), "duplicate key 'a' (first at line #, column #)")
  }

  func testGitHubAnnotationsParseBackAsTheRunnerParsesThem() throws {
    // The runner: `::NAME key=value,key=value::message`, properties split at ',' and '=', then
    // '%0D', '%0A', '%3A', '%2C' and last '%25' unescaped.
    func unescape(_ text: Substring, property: Bool) -> String {
      var value = String(text)
      if property { value = value.replacingOccurrences(of: "%3A", with: ":").replacingOccurrences(of: "%2C", with: ",") }
      return value.replacingOccurrences(of: "%0D", with: "\r").replacingOccurrences(of: "%0A", with: "\n").replacingOccurrences(of: "%25", with: "%")
    }
    let lines = ReportFormat.github.report(Self.input).split(separator: "\n").filter { $0.hasPrefix("::") }
    XCTAssertEqual(lines.count, Self.input.findings.count)
    for (line, finding) in zip(lines, Self.input.findings) {
      let body = line.dropFirst(2)
      let command = body[..<body.range(of: "::")!.lowerBound]
      let message = body[body.range(of: "::")!.upperBound...]
      let name = command.prefix { $0 != " " }
      XCTAssertEqual(String(name), ["error": "error", "warning": "warning", "info": "notice"][finding.severity.rawValue])
      var properties: [String: String] = [:]
      for pair in command.dropFirst(name.count + 1).split(separator: ",") {
        let parts = pair.split(separator: "=", maxSplits: 1)
        properties[String(parts[0])] = unescape(parts[1], property: true)
      }
      XCTAssertEqual(properties["file"], finding.location.file)
      XCTAssertEqual(properties["line"], String(finding.location.line))
      XCTAssertEqual(properties["col"], String(finding.location.column))
      XCTAssertEqual(properties["title"], finding.rule)
      XCTAssertTrue(unescape(message, property: false).hasPrefix(Printable.escaped(finding.message.split(separator: "\n")[0] + "")), String(message))
    }
  }

  func testReportsGoWhereTheyAreAskedAndTheTextReportStaysUnlessReplaced() throws {
    let scratch = try Scratch("reports")
    let folder = scratch.path
    defer { withExtendedLifetime(scratch) {} }  // the folder lives to the end of the test
    try "plugins:\n  - { type: Adyen, uri: a }\n  - { type: Adyen, uri: a }\n".write(toFile: folder + "/a.yaml", atomically: false, encoding: .utf8)
    try "".write(toFile: folder + "/none.yaml", atomically: false, encoding: .utf8)
    let base = ["--config", "none.yaml", "a.yaml"]
    let withFile = try Binary.run(base + ["--report", "sarif:r.sarif"], in: folder)
    XCTAssertTrue(withFile.output.contains("[plugin-uri-unique]"), "the text report stays on standard output")
    XCTAssertTrue(try String(contentsOfFile: folder + "/r.sarif", encoding: .utf8).contains("\"primaryLocationLineHash\""))
    XCTAssertTrue(try Binary.run(base + ["--report", "json:-"], in: folder).output.hasPrefix("{"), "'-' is standard output")
    XCTAssertEqual(try Binary.run(base + ["--report", "json:-", "--report", "sarif"], in: folder).status, 2)
    for twice in [["--format", "json", "--format", "sarif"], ["--output", "x", "--output", "y"]] {
      let run = try Binary.run(base + twice, in: folder)
      XCTAssertEqual(run.status, 2, "\(twice)")
      XCTAssertTrue(run.error.contains("given twice"), run.error)
    }
    let sarif = try Binary.run(base + ["--format", "sarif"], in: folder).output
    XCTAssertTrue(sarif.contains("already used by plugin 'a' in exports that name no store or environment (add 'store:' and 'environment:' to tell copies apart) ([first used here](1))"), "the message links the related place")
  }
}
