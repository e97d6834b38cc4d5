import Foundation
import XCTest
@testable import CentraLint

/// Hostile and malformed input: every byte sequence ends in findings, in bounded work.
final class HardeningTests: XCTestCase {
  private func lint(_ text: String, limits: Limits = Limits()) throws -> [Finding] {
    try Support.lint(text, limits: limits, snippets: true)
  }

  private func rules(_ findings: [Finding]) -> Set<String> { Set(findings.map(\.rule)) }

  func testDeepFlowNestingStopsAtTheDepthLimit() throws {
    let findings = try lint(String(repeating: "[", count: 100_000))
    XCTAssertEqual(findings.map(\.rule), ["yaml-limit"])
    XCTAssertTrue(findings[0].message.contains("limits.depth"))
    XCTAssertEqual(findings[0].location.column, 65)
  }

  func testDeepBlockNestingStopsToo() throws {
    let sequences = (0..<3000).map { String(repeating: "  ", count: $0) + "-" }.joined(separator: "\n")
    XCTAssertEqual(rules(try lint(sequences)), ["yaml-limit"])
    let mappings = (0..<3000).map { String(repeating: "  ", count: $0) + "k:" }.joined(separator: "\n")
    XCTAssertEqual(rules(try lint(mappings)), ["yaml-limit"])
  }

  func testBillionLaughsCostsNothingAndGivesFindings() throws {
    var text = "a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n"
    for level in 1...9 {
      text += "a\(level): &a\(level) [" + Array(repeating: "*a\(level - 1)", count: 9).joined(separator: ", ") + "]\n"
    }
    let asPlugins = try lint(text + "plugins: *a9\n")
    XCTAssertEqual(asPlugins.filter { $0.rule == "invalid-value" }.count, 9, "nine lists where plugins belong")
    let asCountries = try lint(text + "plugins:\n  - { type: Klarna Payments, klarnaEndpoint: EU, restrictions: { countries: *a9 } }\n")
    XCTAssertEqual(asCountries.filter { $0.rule == "invalid-value" }.count, 9)
  }

  func testMergeBombFortyLevelsDeepIsReadOnceALevel() throws {
    var text = "l0: &l0 { type: Klarna Payments, status: Inactive }\n"
    for level in 1...40 { text += "l\(level): &l\(level)\n  <<: [*l\(level - 1), *l\(level - 1)]\n  k\(level): v\n" }
    let findings = try lint(text + "plugins:\n  - <<: *l40\n    uri: x\n")
    XCTAssertTrue(findings.contains { $0.rule == "plugin-status-active" && $0.location.line == 1 })
    XCTAssertEqual(findings.filter { $0.rule == "unknown-field" }.count, 40, "k1…k40, each once")
  }

  func testTheAliasBudgetEndsInALimitFinding() throws {
    var limits = Limits()
    limits.aliases = 50
    let text = "p: &p { type: Adyen, uri: a }\nplugins:\n" + String(repeating: "  - *p\n", count: 100)
    let findings = try lint(text, limits: limits)
    XCTAssertTrue(findings.contains { $0.rule == "yaml-limit" && $0.message.contains("limits.aliases") })
  }

  func testItemsDocumentsKeyLengthAndFindingsLimits() throws {
    var limits = Limits()
    limits.items = 10
    XCTAssertTrue(try lint("plugins: [" + Array(repeating: "1", count: 11).joined(separator: ",") + "]", limits: limits)
      .contains { $0.message.contains("limits.items") })
    limits = Limits()
    limits.documents = 3
    XCTAssertTrue(try lint(String(repeating: "---\na: 1\n", count: 4), limits: limits).contains { $0.message.contains("limits.documents") })
    limits = Limits()
    limits.keyLength = 8
    XCTAssertTrue(try lint("plugins:\n  - abcdefghijk: 1\n", limits: limits).contains { $0.message.contains("limits.keyLength") })
    limits = Limits()
    limits.findings = 5
    let many = try lint("plugins:\n" + String(repeating: "  - { type: Klarna Payments, status: Nope }\n", count: 10), limits: limits)
    XCTAssertEqual(many.count, 6)
    XCTAssertEqual(many.last?.rule, "yaml-limit")
  }

  func testTooLargeFileIsNotRead() throws {
    var limits = Limits()
    limits.fileSize = 100
    let findings = try Support.lint(Array(repeating: UInt8(ascii: "#"), count: 1000), limits: limits)
    XCTAssertEqual(findings.map(\.rule), ["yaml-limit"])
    XCTAssertTrue(findings[0].message.contains("limits.fileSize"))
  }

  func testBytesThatAreNotYAML() throws {
    var generator = SystemRandomNumberGenerator()
    let random = (0..<20_000).map { _ in UInt8.random(in: 0...255, using: &generator) }
    let cases: [[UInt8]] = [
      [0xFF, 0xFE, 0x00], Array("a: \u{07}b".utf8), Array("plugins: [".utf8) + [0], random,
      Array("a: b\n".utf8) + [0xC3, 0x28], [0xEF, 0xBB, 0xBF], Array("\t\t: :".utf8),
    ]
    for bytes in cases {
      let findings = try Support.lint(bytes, snippets: true)
      let text = TextReporter.report(findings, summary: Summary(findings: findings, files: 1, plugins: 0), color: false)
      XCTAssertFalse(text.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" }, "snippets print no control characters")
    }
    XCTAssertEqual(try Support.lint(Array("a: b\n".utf8) + [0xC3, 0x28]).first?.location.line, 2)
  }

  func testUTF16IsReadAndPlacedLikeUTF8() throws {
    let text = "\u{FEFF}plugins:\n  - type: Klarna Payments\n    status: Nope\n"
    for bytes in [Array(text.utf16).flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] },
                  Array(text.utf16).flatMap { [UInt8($0 >> 8), UInt8($0 & 0xFF)] }] {
      let invalid = try Support.lint(bytes, snippets: true).first { $0.rule == "invalid-value" }
      XCTAssertEqual(invalid.map { [$0.location.line, $0.location.column] }, [3, 13])
      XCTAssertEqual(invalid?.snippet?.text, "    status: Nope")
    }
  }

  /// SPEC §1 v3: a truncated export job must not pass a gate.
  func testEmptyCommentAndMarkerOnlyFilesAreExportsWithoutPlugins() throws {
    for text in ["", "# only\n# comments\n", "---\n...\n---\n", "---\n", "...\n", "~\n", "  \n\n"] {
      let findings = try lint(text)
      XCTAssertEqual(findings.map { "\($0.rule) \($0.location.line):\($0.location.column) \($0.path ?? "")" }, ["missing-field 1:1 plugins"], text)
    }
    // Among other documents, an empty one has no findings.
    XCTAssertEqual(try lint("---\n# nothing\n---\nplugins: [{type: Adyen, uri: a}]\n").map(Support.line), [])
  }

  func testOddShapesGiveSchemaFindings() throws {
    XCTAssertEqual(rules(try lint("just text\n")), ["invalid-value"])
    XCTAssertEqual(rules(try lint("- a\n- b\n")), ["invalid-value"])
    XCTAssertEqual(rules(try lint("plugins:\n")), ["missing-field"])
    XCTAssertEqual(rules(try lint("plugins: 3\n")), ["invalid-value"])
    XCTAssertTrue(rules(try lint("plugins: [~, null, \"\", []]\n")) == ["invalid-value"])
    let keys = try lint("plugins:\n  - [a, b]: c\n    ? {x: 1}\n    : y\n    type: Adyen\n    uri: k\n")
    XCTAssertEqual(keys.filter { $0.rule == "invalid-value" }.map(\.message), ["a key must be text, not a list", "a key must be text, not a mapping"])
    let tags = try lint("plugins:\n  - !custom\n    type: !!binary aGVsbG8=\n    uri: !!python/object:os.system x\n")
    XCTAssertEqual(tags.map(Support.line), [])
    XCTAssertFalse(try lint("plugins: &p [*p, {type: Adyen, uri: *p}]\n").isEmpty)
    XCTAssertFalse(try lint("plugins:\n  - &m\n    type: Klarna Payments\n    <<: *m\n").isEmpty)
  }

  func testLongLinesAreShownAsAWindowAroundTheColumn() throws {
    let line = "plugins: [" + Array(repeating: "{type: Adyen, uri: a}", count: 200).joined(separator: ",") + "]"
    let findings = try lint(line + "\n")
    let last = findings.last { $0.rule == "plugin-uri-unique" }!
    let snippet = last.snippet!
    XCTAssertLessThanOrEqual(snippet.text.count, 2 * Snippets.window + 2)
    let caretIndex = snippet.text.unicodeScalars.index(snippet.text.unicodeScalars.startIndex, offsetBy: snippet.caretColumn - 1)
    XCTAssertEqual(snippet.text.unicodeScalars[caretIndex], "a", "the caret still points at the value")
  }
}
