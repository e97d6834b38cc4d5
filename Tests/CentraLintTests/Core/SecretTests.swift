import XCTest
@testable import CentraLint

/// A secret never appears in any output, wherever and however badly it is written.
final class SecretTests: XCTestCase {
  static let canary = "klarna_live_CANARY9f3e"

  /// Exports with the canary in broken positions.
  static let cases: [String: [UInt8]] = {
    let c = canary
    var cases: [String: String] = [
      "plain": "plugins:\n  - { type: Klarna Payments, secret: \(c), klarnaEndpoint: EU TEST }\n",
      "duplicate": "plugins:\n  - type: Klarna Payments\n    secret: \(c)\n    secret: \(c)x\n",
      "list": "plugins:\n  - type: Klarna Payments\n    secret: [\(c)]\n",
      "block list": "plugins:\n  - type: Klarna Payments\n    secret:\n      - \(c)\n",
      "map": "plugins:\n  - type: Klarna Payments\n    secret: { value: \(c) }\n",
      "anchor": "keys:\n  live: &k \(c)\nplugins:\n  - type: Klarna Payments\n    secret: *k\n    klarnaEndpoint: EU TEST\n",
      "merge": "base: &b\n  secret: \(c)\n  status: Paused\nplugins:\n  - <<: *b\n    type: Klarna Payments\n",
      "syntax on its line": "plugins:\n  - type: Klarna Payments\n    secret: \(c): : [\n",
      "unclosed quote": "plugins:\n  - type: Klarna Payments\n    secret: \"\(c)\n    uri: x\n",
      "block scalar": "plugins:\n  - type: Klarna Payments\n    secret: |\n      \(c)\n    status: Bogus\n",
      "as a key": "plugins:\n  - type: Klarna Payments\n    \(c): x\n",
      "tab error": "plugins:\n  - type: Klarna Payments\n    secret: \(c)\n\t  uri: x\n",
    ]
    cases["flow duplicate"] = "plugins: [{type: Klarna Payments, secret: \(c), secret: \(c), uri: [x]}]\n"
    var bytes = cases.mapValues { Array($0.utf8) }
    bytes["invalid utf-8"] = Array("plugins:\n  - type: Klarna Payments\n    secret: \(c)".utf8) + [0xFF, 0xFE] + Array("\n".utf8)
    bytes["NUL"] = Array("plugins:\n  - type: Klarna Payments\n    secret: \(c)".utf8) + [0] + Array("\n".utf8)
    return bytes
  }()

  func testNoFormatEverShowsTheSecret() throws {
    for (name, bytes) in Self.cases {
      let findings = try Support.lint(bytes, snippets: true)
      XCTAssertFalse(findings.isEmpty, "\(name): expected findings")
      let summary = Summary(findings: findings, files: 1, plugins: 1)
      let outputs = [
        TextReporter.report(findings, summary: summary, color: false),
        TextReporter.report(findings, summary: summary, color: true),
        JSONReporter.report(findings, summary: summary, toolVersion: "test"),
      ]
      for output in outputs {
        XCTAssertFalse(output.contains("CANARY"), "\(name) leaked:\n\(output)")
      }
    }
  }

  /// The last net under every message: each key and URL password in a text is replaced, and
  /// the text between them kept as it was, whatever scalars come before a key (their bytes are
  /// not their positions) or are in one.
  func testRedactingHidesEveryKeyAndKeepsTheRest() {
    let cases = [
      ("é klarna_live_abc, done", "é (hidden), done"),
      ("\u{1F600}klarna_TEST_ü€x\"klarna_live_z", "\u{1F600}(hidden)\"(hidden)"),
      ("klarna_live_a b klarna_test_c\nklarna_live_d", "(hidden) b (hidden)\n(hidden)"),
      ("e\u{301} [klarna_live_x] https://u:pa55@host/", "e\u{301} [(hidden)] https://u:(hidden)@host/"),
      ("klarna_live_ alone", "(hidden) alone"),
      ("no key: klarna_lives, klarna_test", "no key: klarna_lives, klarna_test"),
    ]
    for (text, expected) in cases {
      XCTAssertEqual(Sensitivity.redacting(text), expected, text)
      XCTAssertEqual(Array(Sensitivity.redacting(text).utf8), Array(expected.utf8), "\(text): its bytes")
    }
  }

  func testTheMaskedSnippetStillShowsTheKey() throws {
    let findings = try Support.lint(Self.cases["duplicate"]!, snippets: true)
    let duplicate = findings.first { $0.rule == "duplicate-key" }!
    XCTAssertEqual(duplicate.snippet?.text.hasPrefix("    secret: ****"), true, duplicate.snippet?.text ?? "")
  }
}
