import Foundation
import XCTest
@testable import CentraLint

/// What the red team of the v3 redesign found, each as the class it stands for, through the
/// real binary and every format.
final class RedTeamV3Tests: ScratchTestCase {
  override var subject: String { "redteam3" }
  private let formats = ReportFormat.allCases.map(\.rawValue)

  /// Every format's output of a run, with standard error.
  private func everyFormat(_ arguments: [String], in place: String? = nil) throws -> [String] {
    try formats.map { format in
      let run = try Binary.run(["--format", format] + arguments, in: place ?? folder)
      return run.output + run.error
    }
  }

  private func assertNoCanary(_ outputs: [String], _ canary: String, file: StaticString = #filePath, line: UInt = #line) {
    for (format, output) in zip(formats, outputs) {
      XCTAssertFalse(output.contains(canary), "\(format) shows \(canary)", file: file, line: line)
    }
  }

  /// Input is data in every format (issue 14): names that are links, workflow commands,
  /// formulas and terminal controls reach no consumer as anything but text.
  func testInputIsDataInEveryFormat() throws {
    // YAML escapes, so that the value holds ESC, BEL, CSI and RLO (raw, they are a syntax error).
    let name = "[click here](https://evil.example/phish) \\e[2J\\a\\u009B31m\\u202E"
    let export = """
      plugins:
        - { type: Klarna Payments, status: Inactive, name: "\(name)", uri: "[first used here](1)" }
        - { type: Adyen, uri: "[first used here](1)" }
      """
    for file in ["::error file=app.yaml,line=1::x.yaml", "=1+2.yaml", "@SUM(A1).yaml"] { try write("h/" + file, export) }
    let files = ["::error file=app.yaml,line=1::x.yaml", "=1+2.yaml", "@SUM(A1).yaml"]
    for (format, output) in zip(formats, try everyFormat(["--no-config", "--"] + files, in: folder + "/h")) {
      let lines = output.split(separator: "\n")
      XCTAssertTrue(output.contains("click here"), "\(format) reports the plugin: \(output.prefix(300))")
      if format != "github" {
        XCTAssertFalse(lines.contains { $0.drop { $0 == " " }.hasPrefix("::") }, "\(format): a line is a workflow command")
      }
      if format != "json" && format != "sarif" && format != "gitlab" {  // JSON escapes controls itself
        XCTAssertFalse(output.unicodeScalars.contains { ["\u{1B}", "\u{7}", "\u{9B}", "\u{202E}"].contains($0) }, "\(format): a raw control")
      }
      if format == "sarif" {
        XCTAssertFalse(output.contains("](https://evil") && !output.contains("\\\\](https://evil"), "sarif: input makes a link")
      }
      if format == "csv" {
        XCTAssertFalse(lines.contains { $0.hasPrefix("=") || $0.hasPrefix("@") || $0.contains(",=") }, "csv: a formula")
      }
      if format == "markdown" {
        XCTAssertFalse(output.contains("| [click"), "markdown: a link outside a code span")
      }
    }
  }

  /// The Actions runner reads its legacy `##[command]` anywhere in a line: no format prints
  /// one that came from input (a file name, a key, a value), whichever way it is written.
  func testNoLineHoldsARunnerCommand() throws {
    let export = """
      plugins:
        - { type: Klarna Payments, status: Inactive, name: "x ##[add-mask]Klarna", uri: "###[stop-commands]t" }
        - { type: Klarna Payments, "##[error]key": 1, uri: "###[stop-commands]t" }
      """
    try write("r/##[warning]a.yaml", export)
    for (format, output) in zip(formats, try everyFormat(["--no-config", "--", "##[warning]a.yaml"], in: folder + "/r")) {
      XCTAssertTrue(output.contains("add-mask"), "\(format) reports the plugin: \(output.prefix(300))")
      // A line the runner reads as a `::` command is not read for a legacy one as well.
      let lines = output.split(separator: "\n").filter { !(format == "github" && $0.hasPrefix("::")) }
      XCTAssertEqual(lines.filter { $0.contains("##[") }, [], format)
    }
  }

  /// A value cut short in a message is hidden before it is cut (a long secret, a URL whose '@'
  /// lies past the cut).
  func testAValueIsHiddenBeforeItIsCut() throws {
    let long = "C4N4RY-LONG-" + String(repeating: "B", count: 100)
    try write("a.yaml", """
      plugins:
        - type: Klarna Payments
          uri: k
          secret: \(long)
          defaultLocale: \(long)
          sendProductUrls: Yes
          frontendPrefix: "http://u:C4N4RY-PW-\(String(repeating: "0123456789", count: 6))@shop.example/p"
      """)
    assertNoCanary(try everyFormat(["a.yaml"]), "C4N4RY")
  }

  /// A secret of one file is hidden in what is printed about another file of the run.
  func testASecretOfOneFileIsHiddenInAnother() throws {
    try write("a.yaml", "plugins:\n  - { type: Adyen, uri: a, apiKey: C4N4RY-XFILE-1 }\n")
    try write("b.yaml", "plugins:\n  - type: Klarna Payments\n    uri: k\n    defaultLocale: C4N4RY-XFILE-1\n")
    assertNoCanary(try everyFormat(["a.yaml", "b.yaml"]), "C4N4RY")
  }

  /// A Klarna-shaped file name, or `--stdin-filename`, is hidden in every report.
  func testAKlarnaShapedFileNameIsHidden() throws {
    try write("fn/klarna_live_C4N4RY00000.yaml", "plugins:\n  - { type: Klarna Payments, uri: k }\n")
    assertNoCanary(try everyFormat(["fn"]), "C4N4RY")
    let stdin = try Binary.run(["--stdin-filename", "klarna_test_C4N4RY1.yaml", "-"], in: folder, stdin: "plugins: []\n")
    XCTAssertFalse(stdin.output.contains("C4N4RY"), stdin.output)
    // A URL's password in a name is hidden too (the red team's third leak of this stop).
    let export = "plugins:\n  - type: Adyen\n    apiKey: x\n"
    assertNoCanary(try formats.map { format in
      let run = try Binary.run(["--format", format, "--no-config", "--stdin-filename", "https://u:C4N4RY@h/x.yaml", "-"], in: folder, stdin: export)
      return run.output + run.error
    }, "C4N4RY")
  }

  /// `rules` and `explain` print rule files' texts escaped and masked.
  func testRuleTextsReachTheTerminalEscapedAndMasked() throws {
    let rules = folder + "/rules"
    try FileManager.default.copyItem(atPath: Support.packageRoot + "/rules", toPath: rules)
    let path = rules + "/secret-is-reference.yaml"
    var text = try String(contentsOfFile: path, encoding: .utf8)
    text = text.replacingOccurrences(of: "title: Credentials must be references, never literals",
                                     with: "title: \"Credentials klarna_live_C4N4RY1 \\e[31m\\u202e https://u:C4N4RY2@h/x\"")
    text = text.replacingOccurrences(of: "secret: hunter2 }", with: "secret: hunter2, apiKey: C4N4RY3-example }")
    try text.write(toFile: path, atomically: false, encoding: .utf8)
    for command in [["rules"], ["explain", "secret-is-reference"]] {
      let run = try Binary.run(command, in: folder, environment: ["CENTRA_LINT_RULES": rules])
      XCTAssertEqual(run.status, 0, run.error)
      XCTAssertFalse(run.output.contains("C4N4RY"), run.output)
      XCTAssertFalse(run.output.unicodeScalars.contains { $0 == "\u{1B}" || $0 == "\u{202E}" }, run.output)
    }
  }

  /// A credential word misspelt with a letter of another script is still one.
  func testALookalikeLetterDoesNotHideACredentialKey() throws {
    try write("a.yaml", "plugins:\n  - type: Klarna Payments\n    uri: kk\n    p\u{0430}ssword: C4N4RY-HOMO\n    bogus: x\n")
    assertNoCanary(try everyFormat(["a.yaml"]), "C4N4RY")
    XCTAssertTrue(Support.rules.schema.sensitivity.isSensitiveKey("p\u{0430}ssword"))
    XCTAssertTrue(Support.rules.schema.sensitivity.isSensitiveKey("s\u{0435}cret"))
  }

  /// A stray NUL before a UTF-8 text does not make it UTF-16.
  func testAStrayNULDoesNotMakeTextUTF16() throws {
    XCTAssertEqual(Encoding.detect(Array("\0plugins:\n  secret: x\n".utf8)).kind, .utf8)
    XCTAssertEqual(Encoding.detect([0, 0x70, 0, 0x6C]).kind, .utf16(bigEndian: true))
    XCTAssertEqual(Encoding.detect([0x70, 0, 0x6C, 0]).kind, .utf16(bigEndian: false))
    let bytes = [UInt8(0)] + Array("plugins:\n  - { type: Adyen, uri: a, secret: C4N4RY-NUL }\n".utf8)
    try Data(bytes).write(to: URL(fileURLWithPath: folder + "/a.yaml"))
    assertNoCanary(try everyFormat(["a.yaml"]), "C4N4RY")
  }

  /// A merchant folder below one whose `exports` reach into it is a merchant of its own, with
  /// no PATH as with one, and its registry is never an export.
  func testANestedMerchantKeepsItsOwnConfig() throws {
    try write("outer/.centra-lint.yaml", "exports: ['**/*.yaml']\nrules: { unknown-field: off }\n")
    try write("outer/o.yaml", "store: Retail EU\nenvironment: production\nplugins:\n  - { type: Adyen, uri: klarna }\n")
    try write("outer/inner/.centra-lint.yaml", "midRegistry: regs/m.yaml\n")
    try write("outer/inner/regs/m.yaml", "mids:\n  K1: { region: NA }\n")
    try write("outer/inner/i.yaml", "store: Retail EU\nenvironment: production\nplugins:\n  - { type: Klarna Payments, uri: klarna, bogus: 1 }\n")
    let none = try Binary.run(["--format", "json"], in: folder + "/outer")
    let dot = try Binary.run(["--format", "json", "."], in: folder + "/outer")
    func rules(_ run: Binary.Run) throws -> [String] {
      try (Binary.json(run)["findings"] as! [[String: Any]]).map { "\(($0["file"] as! String).replacingOccurrences(of: "./", with: "")) \($0["rule"]!)" }.sorted()
    }
    XCTAssertEqual(try rules(none), try rules(dot))
    let found = try rules(none)
    XCTAssertTrue(found.contains("inner/i.yaml unknown-field"), "inner's own config: the rule is on")
    XCTAssertFalse(found.contains { $0.contains("plugin-uri-unique") || $0.contains("regs/") }, found.joined(separator: "\n"))
    let hook = try Binary.run(["--format", "json", "o.yaml"], in: folder + "/outer")
    XCTAssertEqual(try rules(hook), [], "o.yaml is not compared with the other merchant's store")
    let replaced = try Binary.run(["--format", "json", "--mid-registry", "inner/regs/m.yaml", "."], in: folder + "/outer")
    XCTAssertFalse(try rules(replaced).contains { $0.contains("regs/") }, "a registry --mid-registry replaces is still no export")
    try write("other-mids.yaml", "mids:\n  K1: { region: EU }\n")
    let registry = folder + "/outer/inner/regs/m.yaml"
    let before = try String(contentsOfFile: registry, encoding: .utf8)
    let over = try Binary.run(["--mid-registry", "../other-mids.yaml", "--output", "inner/regs/m.yaml", "."], in: folder + "/outer")
    XCTAssertEqual(over.status, 2, "a report is never written over a registry, even one --mid-registry replaces")
    XCTAssertEqual(try String(contentsOfFile: registry, encoding: .utf8), before)
  }

  /// Unquoted numbers in every form YAML reads are no credentials.
  func testNumbersOfEveryFormAreNoCredentials() throws {
    for number in ["12", "-1.5", "1_000", "1.5e3", "0x1F", "0o17", ".inf", "-.inf", ".NaN", "+3"] {
      XCTAssertTrue(CredentialScan.isNumber(number.lowercased()), number)
    }
    for word in ["12a", "0x", "e3", "1.2.3", "abc", ".", "-"] {
      XCTAssertFalse(CredentialScan.isNumber(word), word)
    }
  }
}

/// A run that could not read a path never reads as a pass in its summary.
final class IncompleteRunSummaryTests: XCTestCase {
  func testAnUnreadablePathIsNoPass() {
    var summary = Summary(findings: [], files: 2, plugins: 1)
    XCTAssertTrue(summary.closingLines.hasPrefix("no problems: "))
    summary.unreadable = 1
    XCTAssertEqual(summary.closingLines, "0 errors, 0 warnings in 2 files, 1 plugin\n1 path could not be read (named on standard error): the run is incomplete\n")
  }
}
