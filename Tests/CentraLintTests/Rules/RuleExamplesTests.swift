import Foundation
import XCTest
@testable import CentraLint

/// Every example in every rule file: an invalid one must trigger its rule, a valid one must not.
final class RuleExamplesTests: XCTestCase {
  func testEveryRuleFileHasExamplesOfBothKinds() {
    XCTAssertEqual(Support.rules.rules.count, 22)
    for rule in Support.rules.rules {
      XCTAssertTrue(rule.examples.contains(where: \.triggers), "\(rule.id) has no invalid example")
      XCTAssertTrue(rule.examples.contains { !$0.triggers }, "\(rule.id) has no valid example")
    }
  }

  /// What `centra-lint test-rules` runs: every built-in rule and the sample policies, marks and
  /// variants included.
  func testEveryExampleBehavesAsItsRuleFileSays() throws {
    let today = Day("2026-12-02")!
    XCTAssertEqual(RuleExamples.run(Support.rules.rules, ruleSet: Support.rules, own: OwnRules.none, today: today).map(\.description), [])
    let policies = try OwnRules.load(folders: [Support.packageRoot + "/samples/policies"], builtIn: Support.rules)
    XCTAssertEqual(policies.rules.count, 4)
    XCTAssertEqual(RuleExamples.run(policies.rules, ruleSet: Support.rules, own: policies, today: today).map(\.description), [])
  }

  /// The flow and anchored rewrites the rule tests run are the same data: on the samples, each
  /// rule finds as much in them as in the file as written (and the rewrites are made at all).
  func testFlowRewritesKeepTheData() throws {
    var rewritten = 0
    for name in ["retail-global", "staging-nordics", "store-with-problems"] {
      let text = try String(contentsOfFile: Support.packageRoot + "/samples/exports/\(name).yaml", encoding: .utf8)
      func counts(_ yaml: String) throws -> [String: Int] {
        var counts: [String: Int] = [:]
        for finding in try Support.lint(yaml) where !["yaml-syntax", "duplicate-key"].contains(finding.rule) { counts[finding.rule, default: 0] += 1 }
        return counts
      }
      let tree = YAMLReader.parse(Array(text.utf8))
      for anchoring in [false, true] {
        guard let flow = FlowWriter.write(tree, anchoringPlugins: anchoring) else { continue }
        rewritten += 1
        XCTAssertFalse(flow.contains("\n  "), "flow style: \(flow)")
        XCTAssertEqual(try counts(flow), try counts(text), "\(name), anchoring \(anchoring):\n\(flow)")
      }
    }
    XCTAssertGreaterThanOrEqual(rewritten, 4)
  }

  /// A rule test cannot pass vacuously: an invalid example that does not fire, one that fires
  /// away from its mark, a valid one that fires, and a rule without invalid examples all fail.
  func testRuleTestsFailWhenExamplesDoNotBehave() throws {
    let folder = NSTemporaryDirectory() + "rule-tests-\(getpid())"
    try? FileManager.default.removeItem(atPath: folder)
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: folder) }
    func rule(_ id: String, valid: [String], invalid: [String]) throws {
      func list(_ exports: [String]) -> String {
        exports.isEmpty ? " []" : exports.map { "\n    - export: |\n        plugins:\n          - " + $0 }.joined()
      }
      let text = """
        id: \(id)
        severity: error
        title: t
        rationale: r
        fix: f
        check: equals
        params: { field: nameInFrontend, expected: Klarna }
        message: "plugin '{plugin}' is shown as '{value}'"
        examples:
          valid:\(list(valid))
          invalid:\(list(invalid))

        """
      try text.write(toFile: folder + "/\(id).yaml", atomically: true, encoding: .utf8)
    }
    try rule("never-fires", valid: [], invalid: ["{ type: Klarna Payments, nameInFrontend: klarna }"])
    try rule("fires-elsewhere", valid: [], invalid: ["↓{ type: Klarna Payments, nameInFrontend: Other }"])
    try rule("valid-fires", valid: ["{ type: Klarna Payments, nameInFrontend: Other }"], invalid: ["{ type: Klarna Payments, nameInFrontend: ↓Other }"])
    try rule("no-invalid", valid: ["{ type: Klarna Payments, nameInFrontend: Klarna }"], invalid: [])
    // A valid example that passes only because a comment of its own silences the rule.
    try rule("hides-itself", valid: ["{ type: Klarna Payments, nameInFrontend: Other }  # centra-lint: ignore hides-itself -- looks clean"],
             invalid: ["{ type: Klarna Payments, nameInFrontend: ↓Other }"])
    try rule("good", valid: ["{ type: Klarna Payments, nameInFrontend: Klarna }"], invalid: ["{ type: Klarna Payments, nameInFrontend: ↓Other }"])
    let own = try OwnRules.load(folders: [folder], builtIn: Support.rules)
    let failures = RuleExamples.run(own.rules, ruleSet: Support.rules, own: own, today: Day("2026-12-02")!)
    XCTAssertEqual(Set(failures.map(\.rule)), ["never-fires", "fires-elsewhere", "valid-fires", "no-invalid", "hides-itself"])
    XCTAssertTrue(failures.contains { $0.rule == "hides-itself" && $0.problem == "valid example 1 has a suppression comment that silences 1 finding of the rule: an example shows the rule at work, so remove the comment" }, "\(failures)")
    XCTAssertTrue(failures.contains { $0.rule == "fires-elsewhere" && $0.problem.contains("does not fire the rule at its mark ↓ (line 2, column 5)") })
    XCTAssertTrue(failures.contains { $0.rule == "fires-elsewhere" && $0.problem.contains("fires the rule at line 2, column 46, where it has no mark") })
    // The command says the same and exits 1; the good rule alone passes.
    let run = try Binary.run(["test-rules", folder], in: folder)
    XCTAssertEqual(run.status, 1, run.output)
    XCTAssertTrue(run.output.hasSuffix("5 rules of 6 failed (6 problems)\n"), run.output)
    for id in ["never-fires", "fires-elsewhere", "valid-fires", "no-invalid", "hides-itself"] { try FileManager.default.removeItem(atPath: folder + "/\(id).yaml") }
    let good = try Binary.run(["test-rules", folder], in: folder)
    XCTAssertEqual(good.status, 0, good.output)
    // An id that a built-in rule has is exit 2, naming both files.
    try FileManager.default.copyItem(atPath: Support.packageRoot + "/rules/plugin-status-active.yaml", toPath: folder + "/plugin-status-active.yaml")
    let taken = try Binary.run(["test-rules", folder], in: folder)
    XCTAssertEqual(taken.status, 2)
    XCTAssertTrue(taken.error.contains("plugin-status-active.yaml:1:1: the rule id 'plugin-status-active' is already taken by "), taken.error)
  }

  func testTheSpecRuleIdsAndSeveritiesAreAsFixed() {
    let expected: [String: Severity] = [
      "yaml-syntax": .error, "yaml-limit": .error, "duplicate-key": .error, "missing-field": .error,
      "invalid-value": .error, "unknown-field": .warning, "plugin-status-active": .error,
      "plugin-uri-unique": .error, "endpoint-region-matches-mid": .error, "test-mode-consistent": .error,
      "image-size-when-images-enabled": .error, "endpoint-serves-countries": .error,
      "locale-matches-region": .warning, "product-url-prefix": .warning, "secret-is-reference": .error,
      "environment-named": .warning, "invalid-suppression": .error, "unused-suppression": .warning,
      "expired-suppression": .error, "test-mode-outside-production": .warning, "klarna-plugins-overlap": .warning,
      "environments-agree": .warning,
    ]
    XCTAssertEqual(Dictionary(uniqueKeysWithValues: Support.rules.rules.map { ($0.id, $0.severity) }), expected)
  }

  /// Marks are placed as findings count lines: LF, CRLF and a lone CR each end one.
  func testMarksCountLinesAsFindingsDo() {
    let (text, marks) = RuleExamples.unmarked("a: 1\rb: ↓2\r\nc: ↓3\n↓d")
    XCTAssertEqual(text, "a: 1\rb: 2\r\nc: 3\nd")
    XCTAssertEqual(marks.map { "\($0.line):\($0.column)" }, ["2:4", "3:4", "4:1"])
  }

  func testHTTPSURLsAreToldApartOnTheirBytes() {
    for good in ["https://shop.example.com", "HTTPS://Shop.example.com/product", "  https://x.example/ "] {
      XCTAssertTrue(FieldCheck.isHTTPSURL(good), good)
    }
    for bad in ["http://shop.example.com", "https://", "https:///path", "https://?q", "https://#x",
                "https://shop example.com", "https://shop\texample.com", "ftp://x", "", "https:/x.example"] {
      XCTAssertFalse(FieldCheck.isHTTPSURL(bad), bad)
    }
  }
}
