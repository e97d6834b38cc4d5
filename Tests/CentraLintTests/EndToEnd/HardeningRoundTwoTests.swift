import Foundation
import XCTest
@testable import CentraLint
@testable import CentraLintTestSupport

/// The second round of hardening (issue 9): lines as editors count them, output that cannot be
/// forged, the report file, encodings, and inputs that must cost no more than their size.
final class HardeningRoundTwoTests: ScratchTestCase {
  override var subject: String { "round-two" }

  @discardableResult
  private func write(_ name: String, _ bytes: [UInt8]) throws -> String {
    let path = folder + "/" + name
    try Data(bytes).write(to: URL(fileURLWithPath: path))
    return path
  }

  private func places(_ findings: [Finding]) -> [String] { findings.map { "\($0.location.line):\($0.location.column) \($0.rule)" } }

  // MARK: NEL, LS and PS are characters, not line breaks

  func testNELLSAndPSAreOrdinaryCharactersForEveryPlace() throws {
    let base = "plugins:\n  # a comment X with it\n  - type: Klarna Payments\n    noteX: aXb\n    status: Inactive\n    name: \"AXB\"\n    uri: u\n"
    let expected = ["3:5 missing-field", "3:5 missing-field", "3:5 missing-field", "3:5 missing-field",
                    "4:5 unknown-field", "5:13 plugin-status-active"]
    for separator in ["\u{85}", "\u{2028}", "\u{2029}"] {
      for breaks in ["\n", "\r\n"] {
        let text = base.replacingOccurrences(of: "X", with: separator).replacingOccurrences(of: "\n", with: breaks)
        let findings = try Support.lint(text, snippets: true)
        XCTAssertEqual(places(findings), expected, "\(separator.debugDescription) \(breaks.debugDescription)")
        let unknown = findings.first { $0.rule == "unknown-field" }
        XCTAssertEqual(unknown?.snippet?.text, "    note?: a?b", "the snippet is the line an editor shows, made printable")
        XCTAssertTrue(findings.contains { $0.message.contains("'A?B'") }, "the value keeps the character, shown printable")
        // The big-file reading agrees.
        let outputs = Harness.outputs(of: Array(text.utf8), rules: Support.rules)
        XCTAssertNil(Harness.violation(in: outputs))
      }
    }
  }

  func testAKeyOrValueAfterALineSeparatorIsOnTheSameLine() throws {
    let text = "plugins:\n  - { type: Klarna Payments, name: x\u{2028}y, status: Nope, uri: a }\n  - { type: Adyen, uri: a }\n"
    let findings = try Support.lint(text)
    XCTAssertEqual(places(findings.filter { $0.rule != "missing-field" }), ["2:49 invalid-value", "3:25 plugin-uri-unique"])
    // Not a blank either: after a comma it starts a key, as in YAML 1.2.
    let key = try Support.lint("plugins:\n  - { type: Klarna Payments, status: Active,\u{2028} uri: a }\n")
    XCTAssertEqual(places(key.filter { $0.rule == "unknown-field" }), ["2:45 unknown-field"])
  }

  // MARK: nothing from input reaches a terminal raw

  func testFileNamesAndMessagesCannotForgeLinesOrDriveTheTerminal() throws {
    let name = "evil\n\u{1B}[2Jfake.yaml:1:1: error: forged [x]\u{202E}.yaml"
    try write(name, Array("plugins:\n  - { type: Klarna Payments, status: \"\u{9B}31m\u{202E}x\" }\n".utf8))
    try write("none.yaml", [])
    let run = try Binary.run(["--config", "none.yaml", "."], in: folder)
    XCTAssertEqual(run.status, 1)
    for line in run.output.split(separator: "\n") {
      XCTAssertFalse(line.hasPrefix("\u{1B}") || line.hasPrefix("fake.yaml"), "a forged line: \(line)")
    }
    let forbidden: Set<UInt32> = [0x1B, 0x9B, 0x202E]
    XCTAssertFalse(run.output.unicodeScalars.contains { forbidden.contains($0.value) }, run.output.debugDescription)
    XCTAssertTrue(run.output.contains("./evil??[2Jfake.yaml:1:1: error: forged [x]?.yaml:2:"), run.output)
  }

  // MARK: the report file

  func testTheReportGoesIntoDevicesAndLinksAsAskedAndNeverOverAnInput() throws {
    let export = try write("a.yaml", Array("plugins:\n  - { type: Adyen, uri: a }\n".utf8))
    try write("config.yaml", Array("midRegistry: mids.yaml\n".utf8))
    try write("mids.yaml", Array("mids:\n  K1: { region: EU }\n".utf8))
    try write("real.txt", Array("old\n".utf8))
    try FileManager.default.createSymbolicLink(atPath: folder + "/link.txt", withDestinationPath: "real.txt")
    XCTAssertEqual(try Binary.run(["--config", "config.yaml", "--output", "/dev/null", export], in: folder).status, 0)
    let toStdout = try Binary.run(["--config", "config.yaml", "--output", "/dev/stdout", export], in: folder)
    XCTAssertEqual(toStdout.output, "no problems: 0 errors, 0 warnings in 1 file, 1 plugin\n")
    XCTAssertEqual(try Binary.run(["--config", "config.yaml", "--output", "link.txt", export], in: folder).status, 0)
    XCTAssertEqual(try FileManager.default.destinationOfSymbolicLink(atPath: folder + "/link.txt"), "real.txt", "the link stays a link")
    XCTAssertTrue(try String(contentsOfFile: folder + "/real.txt", encoding: .utf8).hasPrefix("no problems"))
    XCTAssertEqual(try Binary.run(["--config", "config.yaml", "--output", "/dev/full", export], in: folder).status, 2)
    for input in ["config.yaml", "mids.yaml", "a.yaml"] {
      let before = try String(contentsOfFile: folder + "/" + input, encoding: .utf8)
      let run = try Binary.run(["--config", "config.yaml", "--output", input, export], in: folder)
      XCTAssertEqual(run.status, 2, input)
      XCTAssertTrue(run.error.contains("never written"), run.error)
      XCTAssertEqual(try String(contentsOfFile: folder + "/" + input, encoding: .utf8), before, input)
    }
    let named = try Binary.run(["--config", "config.yaml", "--stdin-filename", "a.yaml", "--output", "a.yaml", "-"], in: folder, stdin: "plugins: []\n")
    XCTAssertEqual(named.status, 2, "the file standard input stands for is an input")
    for reports in [["--report", "json:/dev/stdout", "--report", "sarif"], ["--report", "json:r.json", "--report", "sarif:r.json"]] {
      let run = try Binary.run(["--config", "config.yaml"] + reports + [export], in: folder)
      XCTAssertEqual(run.status, 2, "\(reports)")
      XCTAssertEqual(run.output, "", "nothing is written")
    }
  }

  // MARK: encodings

  func testUTF16AndUTF32WithAndWithoutABOMAreRead() throws {
    let text = "plugins:\n  - { type: Klarna Payments, status: Off }\n"
    for encoding: String.Encoding in [.utf16LittleEndian, .utf16BigEndian, .utf16, .utf32LittleEndian, .utf32BigEndian, .utf32] {
      let findings = try Support.lint(Array(text.data(using: encoding)!), snippets: true)
      let invalid = findings.first { $0.rule == "invalid-value" }
      XCTAssertEqual(invalid.map { "\($0.location.line):\($0.location.column)" }, "2:38", "\(encoding)")
      XCTAssertEqual(invalid?.snippet?.text, "  - { type: Klarna Payments, status: Off }", "\(encoding)")
    }
  }

  // MARK: cost bounded by the input's size

  func testInputsThatWereQuadraticAreReadInOnePass() throws {
    // A key written 90,000 times; a registry with a MID written 100,000 times, and one with
    // 200,000 fields (each once quadratic).
    let duplicates = "plugins: []\nx:\n" + (0..<90_000).map { "  a: \($0)\n" }.joined()
    let findings = try Support.lint(duplicates)
    XCTAssertEqual(findings.filter { $0.rule == "duplicate-key" }.count, 9_999, "capped at limits.findings, with the empty list")
    XCTAssertThrowsError(try MIDRegistry.parse(Array(("mids:\n" + String(repeating: "  K1: { region: EU }\n", count: 100_000)).utf8), file: "m.yaml", tables: Support.rules.tables))
    let fields = "mids:\n  K1:\n    region: EU\n" + (0..<200_000).map { "    note\($0): x\n" }.joined()
    XCTAssertEqual(try MIDRegistry.parse(Array(fields.utf8), file: "m.yaml", tables: Support.rules.tables).entries["K1"]?.region, "EU")
  }

  func testAnAliasedScalarCostsItsSizeOnce() throws {
    let big = String(repeating: "u", count: 1_000_000)
    let text = "big: &b \(big)\nplugins:\n" + String(repeating: "  - { type: Klarna Payments, uri: *b, name: *b, frontendPrefix: *b, sendProductUrls: Yes }\n", count: 500)
    let findings = try Support.lint(text, snippets: true)
    XCTAssertEqual(findings.filter { $0.rule == "plugin-uri-unique" }.count, 499)
    let unique = findings.first { $0.rule == "plugin-uri-unique" }!
    XCTAssertLessThan(unique.message.utf8.count, 300, "a quoted value is shortened (the message also names the store)")
    XCTAssertLessThanOrEqual(unique.plugin?.utf8.count ?? 0, 204, "the JSON plugin too")
    XCTAssertLessThan(unique.snippet?.text.utf8.count ?? 0, 2_000, "a long line is shown as a window")
  }

  func testManyFindingsOnOneLongLineEachShowTheirPlace() throws {
    // 20,000 countries on one line of 80 kB (past `Snippets.longLine`) after characters of two bytes: each finding's
    // source line is a window with the caret at its country (the line read once, not once a
    // finding).
    let countries = (0..<20_000).map { $0 % 3 == 0 ? "JP" : $0 % 3 == 1 ? "SE" : "ÅÄ" }
    let text = "plugins: [{ type: Klarna Payments, status: Active, name: \"ÅÄÖ åäö\", nameInFrontend: K, uri: k, secret: \"${S}\", "
      + "eStoreId: K500185_x, klarnaEndpoint: NA, restrictions: { countries: [" + countries.joined(separator: ", ") + "] } }]\n"
    let findings = try Support.lint(text, snippets: true).filter { $0.rule == "endpoint-serves-countries" || $0.rule == "invalid-value" }
    XCTAssertEqual(findings.count, 10_000, "every entry (NA serves neither; ÅÄ is no code), up to the cap")
    for finding in findings {
      let snippet = try XCTUnwrap(finding.snippet)
      let scalars = Array(snippet.text.unicodeScalars)
      let at = String(String.UnicodeScalarView(scalars[(snippet.caretColumn - 1)...].prefix(2)))
      XCTAssertTrue(["JP", "SE", "ÅÄ"].contains(at), "caret at '\(at)' for \(finding.location.column)")
    }
  }

  func testAQuoteThatNeverClosesCostsOneMaskNotOneALine() throws {
    let text = "plugins:\n  - type: Klarna Payments\n    secret: \"C4N4RY\n" + String(repeating: "C4N4RY more\n", count: 200_000) + "    status: Nope\n"
    let findings = try Support.lint(text, snippets: true)
    XCTAssertEqual(findings.map(\.rule), ["yaml-syntax"])
    XCTAssertFalse(findings[0].snippet?.text.contains("C4N4RY") ?? false)
  }

  func testTheRegistryTheConfigAndStandardInputHaveSizeLimits() throws {
    let export = try write("e.yaml", Array("plugins: []\n".utf8))
    let hugeRegistry = folder + "/mids.yaml"
    XCTAssertTrue(FileManager.default.createFile(atPath: hugeRegistry, contents: Data("mids:\n".utf8)))
    let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: hugeRegistry))
    try handle.truncate(atOffset: UInt64(Limits.registrySize + 10))  // sparse: costs no disk
    try handle.close()
    try write("none.yaml", [])
    let registry = try Binary.run(["--config", "none.yaml", "--mid-registry", "mids.yaml", export], in: folder)
    XCTAssertEqual(registry.status, 2)
    XCTAssertTrue(registry.error.contains("larger than 64 MiB"), registry.error)
    try write("config.yaml", Array(repeating: UInt8(ascii: "#"), count: Limits.configSize + 1))
    let config = try Binary.run(["--config", "config.yaml", export], in: folder)
    XCTAssertEqual(config.status, 2)
    XCTAssertTrue(config.error.contains("larger than 1024 KiB"), config.error)
    try write("small.yaml", Array("limits: { fileSize: 100 }\n".utf8))
    let stdin = try Binary.run(["--config", "small.yaml", "-"], in: folder, stdin: String(repeating: "# padding\n", count: 1_000))
    XCTAssertEqual(stdin.status, 1)
    XCTAssertTrue(stdin.output.contains("larger than 100 bytes"), stdin.output)
  }
}
