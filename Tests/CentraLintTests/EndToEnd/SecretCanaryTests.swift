import Foundation
import XCTest
@testable import CentraLint
@testable import CentraLintTestSupport

/// Secret canaries of every shape under every spelling of a sensitive key, in whole and broken
/// files and in every encoding, through every report (issue 9). No output may show any part of
/// a canary; only the variants that keep the canary a secret by SPEC §2 are made (a cut after
/// it, garbage after it, another encoding), never one that moves it under another key.
final class SecretCanaryTests: XCTestCase {
  /// Every canary starts so: no output may hold it.
  static let mark = "C4N4RY"

  static let keys = [
    "secret", "Secret", "SECRET", "clientSecret", "client_secret", "apiKey", "api_key", "api-key", "APIKEY", "token",
    "accessToken", "passwd", "password", "credentials", "privateKey", "'secret'", "\"secret\"", "\"\\x73ecret\"",
    "\"se\\u200Bcret\"", "se\u{200B}cret", "secrte", "secert", "Secrte", "dbpass\u{34F}word", "db\u{17F}ecretkey", "to\u{3164}ken",
    "a_rather_long_key_name_that_goes_on_and_on_past_sixty_four_bytes_with_secret_inside",
  ]

  /// Values, each written after `KEY:` at an indent of 4; every line holds a canary.
  static let values = [
    "C4N4RYplain", "'C4N4RYsingle'", "\"C4N4RYdouble\"", "\"C4N4RYline1\n      C4N4RYline2\"",
    "C4N4RYplain1\n      C4N4RYplain2", "|\n      C4N4RYblock1\n      C4N4RYblock2", ">-\n      C4N4RYfolded",
    "!!str C4N4RYtagged", "&a C4N4RYanchored", "!!str |\n      C4N4RYtaggedblock", "&b |\n      C4N4RYanchoredblock",
    "[C4N4RYflow]", "{ v: C4N4RYmap }", "\n      - C4N4RYitem", "\n      inner: C4N4RYnested", "\n      C4N4RYnextline",
  ]

  private func outputs(_ bytes: [UInt8], _ name: String) -> [String] {
    let outputs = Harness.outputs(of: bytes, rules: Support.rules)
    if let problem = Harness.violation(in: outputs) { XCTFail("\(name): \(problem)") }
    return outputs
  }

  private func assertNoCanary(_ bytes: [UInt8], _ name: String) {
    for output in outputs(bytes, name) where output.contains(Self.mark) {
      XCTFail("\(name) shows a canary:\n\(String(decoding: bytes, as: UTF8.self))\n---\n\(output)")
      return
    }
  }

  /// The broken variants of one export: as it is, cut at the end of each canary, and with
  /// what makes the parser stop after the value.
  private func variants(_ text: String) -> [(String, [UInt8])] {
    var result: [(String, [UInt8])] = [("whole", Array(text.utf8))]
    for tail in ["\u{1}\n", "    x: [\n", "    x: \"open\n", "  - { secret: \n", "\t\tbad indent: [\n"] {
      result.append(("then \(tail.debugDescription)", Array((text + tail).utf8)))
    }
    let bytes = Array(text.utf8)
    let mark = Array(Self.mark.utf8)
    var index = 0
    while index + mark.count <= bytes.count {
      if Array(bytes[index..<(index + mark.count)]) == mark {
        var end = index + mark.count
        while end < bytes.count, bytes[end] != 0x0A, bytes[end] != 0x22, bytes[end] != 0x27 { end += 1 }
        for extra in 0...2 where end + extra <= bytes.count { result.append(("cut at \(end + extra)", Array(bytes[..<(end + extra)]))) }
        index = end
      } else {
        index += 1
      }
    }
    return result
  }

  func testNoCanaryShowsUnderAnySensitiveKeyInAnyShapeOrBreakage() {
    var checked = 0
    for key in Self.keys {
      for value in Self.values {
        let text = "plugins:\n  - type: Klarna Payments\n    status: Nope\n    \(key): \(value)\n    name: Plugin\n"
        for (variant, bytes) in variants(text) {
          assertNoCanary(bytes, "\(key) / \(value.debugDescription) / \(variant)")
          checked += 1
        }
      }
    }
    XCTAssertGreaterThan(checked, 2_000)
  }

  func testNoCanaryShowsInOtherEncodingsOrAroundOtherLineBreaks() {
    let text = "plugins:\n  - type: Klarna Payments\n    status: Nope\n    secret: \"C4N4RYone\n      C4N4RYtwo\"\n    apiKey: C4N4RYkey\n"
    let encodings: [(String, [UInt8])] = [
      ("UTF-16LE without a BOM", Array(text.data(using: .utf16LittleEndian)!)),
      ("UTF-16BE without a BOM", Array(text.data(using: .utf16BigEndian)!)),
      ("UTF-16 with a BOM", Array(text.data(using: .utf16)!)),
      ("UTF-32LE without a BOM", Array(text.data(using: .utf32LittleEndian)!)),
      ("UTF-32BE without a BOM", Array(text.data(using: .utf32BigEndian)!)),
      ("UTF-32 with a BOM", Array(text.data(using: .utf32)!)),
      ("CRLF", Array(text.replacingOccurrences(of: "\n", with: "\r\n").utf8)),
      ("CR", Array(text.replacingOccurrences(of: "\n", with: "\r").utf8)),
      ("LS and NEL before", Array(("# a\u{2028}b\u{85}c\n" + text).utf8)),
      ("NEL inside the secret", Array(text.replacingOccurrences(of: "C4N4RYkey", with: "C4N4RY\u{85}key").utf8)),
    ]
    for (name, bytes) in encodings {
      assertNoCanary(bytes, name)
      let broken = Array(bytes.dropLast(bytes.count / 5))
      assertNoCanary(broken, name + ", cut short")
    }
  }

  func testAScalarThatIsASecretSomewhereIsHiddenEverywhere() throws {
    let cases = [
      // The secret anchored, then used as the name and the URI of plugins that clash.
      "plugins:\n  - { type: Klarna Payments, secret: &s C4N4RYa, name: *s, uri: *s, status: Nope }\n  - { type: Adyen, uri: *s }\n",
      // The name anchored first, then used as the secret.
      "plugins:\n  - { type: Klarna Payments, name: &s C4N4RYb, uri: u, status: Nope, secret: *s }\n  - { type: Adyen, uri: u }\n",
      // Through defaults that are not a plugin, and a misspelt key.
      "defaults: { secrte: &s C4N4RYc }\nplugins:\n  - { type: Klarna Payments, name: *s, uri: *s, status: Nope, defaultLocale: *s }\n",
      // A key that is an alias to the word.
      "k: &k secret\nplugins:\n  - { type: Klarna Payments, *k : &v C4N4RYd, name: *v, status: Nope }\n",
      // A key anchored, then used as the secret.
      "plugins:\n  - { type: Klarna Payments, status: Nope, &s C4N4RYkey: 1, secret: *s }\n",
      // As an environment, a store and a country.
      "t: { token: &s C4N4RYe }\nenvironment: *s\nstore: *s\nplugins:\n  - { type: Klarna Payments, restrictions: { countries: [*s] }, status: Nope }\n",
    ]
    for (index, text) in cases.enumerated() {
      let findings = try Support.lint(text, snippets: true)
      XCTAssertFalse(findings.isEmpty, "case \(index)")
      assertNoCanary(Array(text.utf8), "case \(index)")
      for finding in findings {
        XCTAssertFalse("\(finding.message) \(finding.plugin ?? "") \(finding.store ?? "") \(finding.environment ?? "")".contains(Self.mark), "case \(index): \(finding)")
      }
    }
  }

  func testKlarnaShapedValuesAreHiddenWholeAndFlowValuesUntilTheyClose() {
    let cases = [
      "plugins:\n  - { type: Klarna Payments, status: Nope, note: \"klarna_live_x C4N4RYspace\" }\n",
      "plugins:\n  - { type: Klarna Payments, status: klarna_live_AB]C4N4RYbracket, testMode: \"klarna_live_x C4N4RYbroken\" }\n",
      "plugins:\n  - { type: Klarna Payments, status: Nope, note: \"klarna_\\x6cive_C4N4RYescaped\" }\n",
      "plugins:\n  - type: Klarna Payments\n    status: Nope\n    secret: [a,\n  C4N4RYflow], directCapture: Bad\n",
      "plugins:\n  - type: Klarna Payments\n    secret: { a: 1,\n C4N4RYmap: 2 }\n    status: Nope\n",
    ]
    for (index, text) in cases.enumerated() { assertNoCanary(Array(text.utf8), "case \(index)") }
  }

  func testADataRuleThatComparesSecretsSaysTheyAreSharedNeverWhatTheyAre() throws {
    let rule = """
      id: secret-shared
      severity: error
      title: Each plugin has its own secret
      rationale: A shared password is a shared risk.
      fix: Give each plugin its own.
      check: unique
      params: { field: secret }
      message: "plugin '{plugin}' shares its secret '{value}' with plugin '{plugin}'"
      """
    var rules = Support.rules
    rules.rules.append(try RuleDefinition.load(DataFile.parse(Array(rule.utf8), file: "secret-shared.yaml"), expectedID: "secret-shared", schema: rules.schema))
    let export = "plugins:\n  - { type: Klarna Payments, name: A, uri: a, secret: C4N4RYshared }\n  - { type: Klarna Payments, name: B, uri: b, secret: C4N4RYshared }\n"
    let engine = Engine(rules: rules, configuration: Configuration(), registry: nil)
    let findings = try engine.lint([LintInput(display: "x.yaml", source: .bytes(Array(export.utf8)))]).findings
    let shared = findings.filter { $0.rule == "secret-shared" }
    XCTAssertEqual(shared.count, 1)
    XCTAssertEqual(shared.first?.message, "plugin 'A' shares its secret '(hidden)' with plugin 'A'")
  }

  func testErrorMessagesOnStandardErrorHideSecretsAndControlCharacters() throws {
    let scratch = try Scratch("canary")
    let folder = scratch.path
    defer { withExtendedLifetime(scratch) {} }  // the folder lives to the end of the test
    try "klarna_live_C4N4RYconfig: 1\n".write(toFile: folder + "/config.yaml", atomically: false, encoding: .utf8)
    try "mids:\n  klarna_test_C4N4RYmid: { region: XX }\n".write(toFile: folder + "/mids.yaml", atomically: false, encoding: .utf8)
    try "\u{1B}[31mred\u{9B}2J: 1\n".write(toFile: folder + "/escape.yaml", atomically: false, encoding: .utf8)
    try "failOn: &a C4N4RYfail\ntoken: *a\n".write(toFile: folder + "/aliased.yaml", atomically: false, encoding: .utf8)
    try "mids: { &a C4N4RYmid: [1] }\nsecret: *a\n".write(toFile: folder + "/aliased-mids.yaml", atomically: false, encoding: .utf8)
    try "plugins: []\n".write(toFile: folder + "/e.yaml", atomically: false, encoding: .utf8)
    for arguments in [["--config", "config.yaml", "e.yaml"], ["--config", "escape.yaml", "e.yaml"], ["--mid-registry", "mids.yaml", "e.yaml"],
                      ["--config", "aliased.yaml", "e.yaml"], ["--mid-registry", "aliased-mids.yaml", "e.yaml"]] {
      let run = try Binary.run(arguments, in: folder)
      XCTAssertEqual(run.status, 2, "\(arguments)")
      XCTAssertFalse(run.error.contains(Self.mark), run.error)
      XCTAssertFalse(run.error.unicodeScalars.contains { $0 == "\u{1B}" || $0 == "\u{9B}" }, run.error.debugDescription)
      XCTAssertTrue(run.error.hasPrefix("centra-lint: "), run.error)
    }
  }
}
