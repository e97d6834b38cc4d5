import Foundation
import XCTest
@testable import CentraLint

/// What a red team broke in suppressions and baselines, each as the class it belongs to.
final class RedTeamSuppressionTests: ScratchTestCase {
  override var subject: String { "red-team-suppressions" }

  static func lint(_ yaml: String, limits: Limits = Limits()) throws -> LintResult {
    var configuration = Configuration()
    configuration.limits = limits
    var engine = Engine(rules: Support.rules, configuration: configuration, registry: nil)
    engine.today = Day("2026-12-02")!
    return try engine.lint([LintInput(display: "x.yaml", source: .bytes(Array(yaml.utf8)))])
  }

  /// A baseline is input: its texts reach the summary escaped and redacted, never as a command.
  func testABaselinesTextsAreInput() throws {
    let key = "klarna_live_" + String(repeating: "Ab1", count: 12)
    try write("a.yaml", "plugins:\n  - type: Adyen\n    uri: a\n")
    try write("b.yaml", """
      version: 1
      findings:
        - { fingerprint: 0123456789abcdef, rule: unknown-field, file: a.yaml, path: "plugins[0].https://u:hunter2pw@h/\\n::error file=a.yaml::pwned", plugin: "\(key)" }

      """)
    for format in ["text", "markdown", "html", "github", "json"] {
      let run = try Binary.run(["--no-config", "--format", format, "--baseline", "b.yaml", "a.yaml"], in: folder)
      XCTAssertEqual(run.status, 0, run.error)
      for secret in [key, "hunter2pw"] { XCTAssertFalse(run.output.contains(secret), "\(format): \(run.output)") }
      XCTAssertFalse(run.output.split(separator: "\n").contains { $0.drop { $0 == " " }.hasPrefix("::error file=a.yaml::pwned") }, run.output)
    }
    try write("c.yaml", "version: 1\nfindings:\n  - { fingerprint: 0123456789abcdef, rule: \"x\\n::error::y\", file: a.yaml }\n")
    let bad = try Binary.run(["--no-config", "--baseline", "c.yaml", "a.yaml"], in: folder)
    XCTAssertEqual(bad.status, 2)
    XCTAssertTrue(bad.error.contains("a baseline entry's rule is a rule id"), bad.error)
  }

  /// Two files whose names are only canonically equivalent (NFC and NFD) are two files: one's
  /// comments suppress nothing in the other, nor does one's baseline entry hold the other's.
  func testNamesAreToldApartByTheirBytes() throws {
    let composed = "caf\u{E9}.yaml", decomposed = "cafe\u{301}.yaml"
    let plugin = "plugins:\n  - { type: Klarna Payments, status: Inactive, uri: k }\n"
    try write("n/" + composed, "# centra-lint: ignore-file plugin-status-active -- retired\n" + plugin)
    try write("n/" + decomposed, plugin)
    let run = try Binary.run(["--no-config", "--format", "json", composed, decomposed], in: folder + "/n")
    let findings = (try Binary.json(run)["findings"] as! [[String: Any]]).filter { $0["rule"] as? String == "plugin-status-active" }
    XCTAssertEqual(findings.map { ($0["file"] as! String).unicodeScalars.count }, [decomposed.unicodeScalars.count], run.output)
  }

  /// A fixed entry told in the summary hides the run's secret texts as findings do.
  func testFixedEntriesHideTheRunsSecrets() throws {
    try write("a.yaml", "plugins:\n  - type: Adyen\n    uri: a\n    password: hunter2hunter2\n")
    try write("b.yaml", """
      version: 1
      findings:
        - { fingerprint: 0123456789abcdef, rule: unknown-field, file: a.yaml, path: "plugins[uri=hunter2hunter2].x", plugin: "hunter2hunter2" }

      """)
    let run = try Binary.run(["--no-config", "--baseline", "b.yaml", "a.yaml"], in: folder)
    XCTAssertTrue(run.output.contains("  fixed: unknown-field in a.yaml (plugin (hidden), plugins[uri=(hidden)].x)"), run.output)
    XCTAssertFalse(run.output.contains("hunter2hunter2"), run.output)
  }

  /// What the parser read as a scalar is data, also in the document a syntax error stopped;
  /// a comment there suppresses nothing.
  func testDataInABrokenDocumentSuppressesNothing() throws {
    let result = try Self.lint("""
      plugins:
        - type: Adyen
          uri: a
          password: hunter2hunter2
      ---
      note: |
       # centra-lint: ignore-file secret-is-reference -- data
      other: "x
        # centra-lint: ignore-file secret-is-reference -- in a quoted scalar"
      # centra-lint: ignore-file secret-is-reference -- a comment, but in the broken document
      bad: [

      """)
    XCTAssertEqual(result.suppressed.count, 0)
    XCTAssertEqual(result.findings.map(\.rule).sorted(), ["secret-is-reference", "yaml-syntax"])
  }

  /// A comment on a block scalar's header line is a comment; a tab after the kind is a blank;
  /// a rule named twice is one; every comment that covers a finding is used.
  func testCommentsOnAnyLineAndInAnyShape() throws {
    let result = try Self.lint("""
      # centra-lint: ignore-file plugin-status-active -- the store is being retired
      plugins:
        - type: Adyen
          uri: a
          privateKey: |   # centra-lint: ignore secret-is-reference -- sandbox key
            abcdefgh
        # centra-lint: ignore-plugin plugin-status-active, plugin-status-active -- retired
        - type: Klarna Payments
          status: Inactive  # centra-lint:\tignore\tplugin-status-active -- tabbed
          uri: b
          name: B
          nameInFrontend: B
          secret: ${S}
          eStoreId: K1
          klarnaEndpoint: EU

      """)
    XCTAssertEqual(result.findings.map(\.rule), [])
    XCTAssertEqual(result.suppressed.map(\.rule).sorted(), ["plugin-status-active", "secret-is-reference"])
  }

  /// After a byte order mark, a comment on the first line starts its line, at column 1.
  func testAByteOrderMarkBeforeTheFirstComment() throws {
    let text = "\u{FEFF}# centra-lint: ignore-file plugin-status-active -- retired\nplugins:\n  - { type: Klarna Payments, status: Inactive }\n"
    let result = try Self.lint(text)
    XCTAssertFalse(result.findings.contains { $0.rule.hasSuffix("-suppression") }, "\(result.findings.map(\.message))")
    XCTAssertEqual(result.suppressed.map(\.rule), ["plugin-status-active"])
    let unused = try Self.lint("\u{FEFF}# centra-lint: ignore-file unknown-field -- none\nplugins: []\n")
    XCTAssertEqual(unused.findings.filter { $0.rule == "unused-suppression" }.map(\.location.column), [1])
  }

  /// An `ignore-plugin` at the end of an alias item's line covers the plugin it brings in.
  func testIgnorePluginOnAnAliasItem() throws {
    let result = try Self.lint("""
      retired: &old { type: Klarna Payments, status: Inactive, name: O, nameInFrontend: O, uri: o, secret: "${S}", eStoreId: K1, klarnaEndpoint: EU }
      plugins:
        - *old   # centra-lint: ignore-plugin plugin-status-active -- retired

      """)
    XCTAssertEqual(result.findings.map(\.rule), [])
    XCTAssertEqual(result.suppressed.map(\.rule), ["plugin-status-active"])
  }

  /// A reason of blanks of any kind is none.
  func testABlankReasonIsNone() throws {
    let result = try Self.lint("plugins:\n  - { type: Klarna Payments, status: Inactive }  # centra-lint: ignore plugin-status-active -- \u{00A0}\u{3000}\n")
    XCTAssertTrue(result.findings.contains { $0.rule == "invalid-suppression" && $0.message.contains("gives no reason") })
  }

  /// The file stage's ceiling counts only what no comment suppresses.
  func testAnIgnoreFileOverMoreFindingsThanTheCeiling() throws {
    var limits = Limits()
    limits.findings = 10
    let fields = (0..<(Engine.ceiling(limits) + 50)).map { "    unknown\($0): 1\n" }.joined()
    let result = try Self.lint("""
      # centra-lint: ignore-file unknown-field -- exported by a newer admin
      plugins:
        - type: Klarna Payments
          status: Active
          name: K
          nameInFrontend: K
          uri: k
          secret: ${S}
          eStoreId: K1
          klarnaEndpoint: EU

      """ + fields, limits: limits)
    XCTAssertEqual(result.findings.map(\.rule), [])
    XCTAssertEqual(result.suppressed.count, Engine.ceiling(limits) + 50)
  }

  func testOptionsAndTheDayAreChecked() throws {
    try write("a.yaml", "plugins: []\n")
    let both = try Binary.run(["--baseline", "b.yaml", "--write-baseline", "c.yaml", "a.yaml"], in: folder)
    XCTAssertEqual(both.status, 2)
    XCTAssertTrue(both.error.contains("--baseline has no effect with --write-baseline"), both.error)
    for epoch in ["-9223372036854775808", "9223372036854775807", "soon"] {
      let run = try Binary.run(["--no-config", "a.yaml"], in: folder, environment: ["SOURCE_DATE_EPOCH": epoch])
      XCTAssertEqual(run.status, 2, epoch)
      XCTAssertTrue(run.error.contains("SOURCE_DATE_EPOCH"), run.error)
    }
  }

  /// Costs grow with the input, not its square: many comments, many ids, many braces.
  func testCostsStayLinear() throws {
    let ids = Array(repeating: "plugin-status-active", count: 50_000).joined(separator: ",")
    let many = (0..<40_000).map { "  k\($0): \"v\" # centra-lint: ignore nothing-here -- r\n" }.joined()
    let result = try Self.lint("# centra-lint: ignore \(ids) -- r\nplugins: []\nextra:\n" + many)
    // The rule named 50,000 times is one rule, unused once; the 40,000 unknown ids are capped.
    XCTAssertEqual(result.findings.filter { $0.rule == "unused-suppression" }.count, 1)
    XCTAssertGreaterThan(result.findings.filter { $0.rule == "invalid-suppression" }.count, 9_000)
    // Many comments above one big plugin walk it once; many documents are found by halving.
    let above = String(repeating: "  # centra-lint: ignore-plugin unknown-field -- r\n", count: 30_000)
    let fields = (0..<30_000).map { "    x\($0): 1\n" }.joined()
    let plugin = "  - type: Klarna Payments\n    uri: k\n" + fields
    let big = try Self.lint("plugins:\n" + above + plugin)
    XCTAssertEqual(big.suppressed.count, 30_000)
    let documents = (0..<4_000).map { _ in "---\n# centra-lint: ignore-file unknown-field -- r\nplugins: []\n# centra-lint: ignore-file unknown-field -- r\n" }.joined()
    var roomy = Limits()
    roomy.findings = 100_000
    XCTAssertEqual(try Self.lint(documents, limits: roomy).findings.filter { $0.rule == "unused-suppression" }.count, 8_000)
    let template = Template(text: String(repeating: "{", count: 200_000))
    XCTAssertEqual(template.render([:]).count, 200_000)
  }
}
