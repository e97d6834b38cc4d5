import Foundation
import XCTest
@testable import CentraLint

/// Suppression comments (SPEC §6): every form, every way to get one wrong, and what stays data.
final class SuppressionTests: XCTestCase {
  static let today = Day("2026-12-02")!

  /// A plugin with everything but the fields a test leaves out.
  static func plugin(_ uri: String, status: String = "Active", extra: String = "") -> String {
    """
      - type: Klarna Payments
        status: \(status)
        name: Klarna \(uri)
        nameInFrontend: Klarna
        uri: \(uri)
        secret: ${KLARNA_SECRET}
        eStoreId: K500185
        klarnaEndpoint: EU
    \(extra)
    """
  }

  static func lint(_ yaml: String, configuration: Configuration = Configuration(), file: String = "shop.yaml") throws -> LintResult {
    var engine = Engine(rules: Support.rules, configuration: configuration, registry: nil)
    engine.today = today
    return try engine.lint([LintInput(display: file, source: .bytes(Array(yaml.utf8)))])
  }

  static func lines(_ findings: [Finding]) -> [String] { findings.map { "\($0.location.line):\($0.location.column) \($0.rule)" } }

  func testEveryFormSuppressesWhatItCovers() throws {
    let yaml = """
      # centra-lint: ignore-file unknown-field -- the export tool adds a field we do not use yet
      store: Retail
      plugins:
        # centra-lint: ignore-plugin plugin-status-active,missing-field -- retired, kept for its order history

        - type: Klarna Payments
          status: Inactive
          uri: retired
        - type: Klarna Payments
          status: Inactive   # centra-lint: ignore plugin-status-active -- switched on at go-live
          name: Second
          nameInFrontend: Klarna
          uri: second
          secret: ${KLARNA_SECRET}
          eStoreId: K500185
          klarnaEndpoint: EU
          exportedBy: tool
        - type: Klarna Payments
          name: Third
          nameInFrontend: Klarna
          uri: third
          secret: ${KLARNA_SECRET}
          eStoreId: K500185
          klarnaEndpoint: EU
          # centra-lint: ignore plugin-status-active -- own line, then a blank line and a comment

          # (the status follows)
          status: Inactive
        - { type: Klarna Payments, status: Inactive, name: Fourth, nameInFrontend: Klarna, uri: fourth, secret: "${S}", eStoreId: K1, klarnaEndpoint: EU }  # centra-lint: ignore-plugin plugin-status-active -- flow style

      """
    let result = try Self.lint(yaml)
    XCTAssertEqual(Self.lines(result.findings), [])
    XCTAssertEqual(Self.lines(result.suppressed), [
      "6:5 missing-field", "6:5 missing-field", "6:5 missing-field", "6:5 missing-field", "6:5 missing-field",
      "7:13 plugin-status-active", "10:13 plugin-status-active", "17:5 unknown-field", "28:13 plugin-status-active",
      "29:38 plugin-status-active",
    ])
    XCTAssertEqual(result.suppressed.first { $0.location.line == 10 }?.justification, "switched on at go-live")
  }

  /// `ignore-plugin` covers what a merge key brings into the plugin, reported where it is written.
  func testIgnorePluginCoversMergedValues() throws {
    let result = try Self.lint("""
      defaults: &klarna
        type: Klarna Payments
        status: Inactive
        name: K
        nameInFrontend: K
        secret: ${S}
        eStoreId: K1
        klarnaEndpoint: EU
      plugins:
        # centra-lint: ignore-plugin plugin-status-active -- retired
        - <<: *klarna
          uri: a
        - <<: *klarna
          uri: b
      """)
    XCTAssertEqual(Self.lines(result.findings), ["3:11 plugin-status-active"])
    XCTAssertEqual(result.findings.first?.plugin, "b")
    XCTAssertEqual(result.suppressed.map(\.plugin), ["a"])
  }

  func testCommentsThatAreWrongAreFindingsAndSuppressNothing() throws {
    let yaml = """
      # centra-lint: ignore-file yaml-syntax -- cannot be suppressed
      # centra-lint: ignore plugin-status-active
      plugins:
      \(Self.plugin("a", status: "Inactive  # centra-lint: ignore plugin-status-activ -- typo"))
      \(Self.plugin("b", status: "Inactive  # centra-lint: ignore plugin-status-active until 2026-12-01 -- migration"))
      \(Self.plugin("c", status: "Inactive  # centra-lint: ignore plugin-status-active until 2026-12-02 -- last day"))
      \(Self.plugin("d", status: "Active  # centra-lint: ignore plugin-status-active -- nothing to cover"))
      \(Self.plugin("e", status: "Inactive  # centra-lint: ignore plugin-status-active until 2027-02-30 -- no such day"))
      \(Self.plugin("f", status: "Inactive  # centra-lint: disable plugin-status-active -- another tool's word"))
      \(Self.plugin("g", status: "Inactive  # centra-lint: ignore invalid-suppression -- cannot be"))
      \(Self.plugin("h", status: "Inactive  # centra-lint: ignore-file plugin-status-active -- not alone"))
      """
    let result = try Self.lint(yaml)
    let messages = result.findings.filter { $0.rule.hasSuffix("-suppression") }.map { "\($0.location.line) \($0.rule): \($0.message)" }
    XCTAssertEqual(messages, [
      "1 invalid-suppression: this suppression comment suppresses nothing: it names yaml-syntax, which cannot be suppressed",
      "2 invalid-suppression: this suppression comment suppresses nothing: it gives no reason (write one after ' -- ')",
      "5 invalid-suppression: this suppression comment suppresses nothing: it names the unknown rule 'plugin-status-activ'; did you mean 'plugin-status-active'?",
      "14 expired-suppression: this suppression comment ended on 2026-12-01; it no longer suppresses plugin-status-active",
      "32 unused-suppression: this suppression comment names plugin-status-active, which has no finding here to suppress; remove it",
      "41 invalid-suppression: this suppression comment suppresses nothing: it gives 'until 2027-02-30', which is not a date; write until YYYY-MM-DD",
      "50 invalid-suppression: this suppression comment suppresses nothing: it is not one of ignore, ignore-plugin, ignore-file ('disable' was written)",
      "59 invalid-suppression: this suppression comment suppresses nothing: it names invalid-suppression, which cannot be suppressed",
      "68 invalid-suppression: this suppression comment suppresses nothing: it must stand alone on its line (ignore-file covers the whole file)",
    ])
    // Each invalid or expired comment leaves its finding reported; the one of its last day holds.
    XCTAssertEqual(result.findings.filter { $0.rule == "plugin-status-active" }.map(\.location.line), [5, 14, 41, 50, 59, 68])
    XCTAssertEqual(Self.lines(result.suppressed), ["23:13 plugin-status-active"])
  }

  func testTheSameTextInAValueIsData() throws {
    let yaml = """
      plugins:
        - type: Klarna Payments
          status: Inactive
          name: "Shop # centra-lint: ignore-plugin plugin-status-active -- in a quoted value"
          nameInFrontend: 'Klarna # centra-lint: ignore-file plugin-status-active -- single quotes'
          uri: a
          secret: ${KLARNA_SECRET}
          eStoreId: K1
          klarnaEndpoint: EU
          defaultLocale: |
            # centra-lint: ignore-file plugin-status-active -- in a block scalar
            sv-SE
      """
    let result = try Self.lint(yaml)
    XCTAssertEqual(result.suppressed.count, 0)
    XCTAssertTrue(result.findings.contains { $0.rule == "plugin-status-active" })
    XCTAssertFalse(result.findings.contains { $0.rule.hasSuffix("-suppression") })
  }

  /// Past a syntax error the comments are read lexically: quotes still make data.
  func testPastASyntaxErrorCommentsAreReadOnTheirLine() {
    let bytes = Array("""
      a: [1, 2
      b: "x # centra-lint: ignore a -- in quotes"
      c: 1  # centra-lint: ignore a -- a comment
      """.utf8)
    let tree = YAMLReader.parse(bytes, limits: Limits(), sensitivity: .none)
    XCTAssertNotNil(tree.unfinishedFrom)
    XCTAssertEqual(CommentIndex.comments(in: bytes, tree: tree).map(\.line), [3])
  }

  /// Cross-file findings are suppressed too, and a rule that is off for the file does not make
  /// its comment unused.
  func testCrossFileFindingsAndRulesThatAreOff() throws {
    let yaml = """
      plugins:
      \(Self.plugin("same"))
        - type: Klarna Payments
          status: Active
          name: Copy
          nameInFrontend: Klarna
          uri: same  # centra-lint: ignore plugin-uri-unique -- the second is a copy for a test
          secret: ${KLARNA_SECRET}
          eStoreId: K500185
          klarnaEndpoint: EU
          sendProductUrls: Yes  # centra-lint: ignore product-url-prefix -- off for this store
      """
    var configuration = Configuration()
    configuration.settings["product-url-prefix"] = .off
    configuration.settings["klarna-plugins-overlap"] = .off  // two Active plugins with no restrictions
    let result = try Self.lint(yaml, configuration: configuration)
    XCTAssertEqual(Self.lines(result.findings), [])
    XCTAssertEqual(Self.lines(result.suppressed), ["15:10 plugin-uri-unique"])
  }

  /// Comments written almost right are findings, never silently ordinary comments; a
  /// document that a syntax error broke gets no finding about its comments.
  func testCommentsWrittenAlmostRight() throws {
    let result = try Self.lint("""
      plugins:
        - type: Klarna Payments
          status: Inactive  # Centra-Lint: IGNORE plugin-status-active -- caps
          name: X  # centra-lint: ignore plugin-status-active — em dash
          uri: x  # centra-lint: ignore plugin-status-active until 2025-13-45 -- bad date
          nameInFrontend: K  # centra-lint: ignore plugin-status-active until -- no date
          secret: ${S}  # centra-lint: ignore plugin-status-active product-url-prefix -- no comma
      ---
      plugins:
        # centra-lint: ignore-plugin plugin-status-active -- in the document the error breaks
        - type: [

      """)
    XCTAssertEqual(result.findings.filter { $0.rule == "invalid-suppression" }.map(\.message), [
      "this suppression comment suppresses nothing: it must be written in lower case: '# centra-lint: ignore …'",
      "this suppression comment suppresses nothing: it separates its reason with '—'; write ' -- ' (two hyphens) before the reason",
      "this suppression comment suppresses nothing: it gives 'until 2025-13-45', which is not a date; write until YYYY-MM-DD",
      "this suppression comment suppresses nothing: it gives 'until' without a date; write until YYYY-MM-DD",
      "this suppression comment suppresses nothing: it names 'plugin-status-active product-url-prefix': separate rule ids with commas",
    ])
    XCTAssertEqual(result.findings.filter { $0.location.line > 8 }.map(\.rule), ["yaml-syntax"])
  }

  /// An unused comment may itself be suppressed; one naming unused-suppression that silences
  /// nothing is unused in its turn.
  func testUnusedSuppressionsCanBeSuppressed() throws {
    let tolerated = try Self.lint("""
      # centra-lint: ignore-file unused-suppression -- comments kept for the next migration
      plugins:
      \(Self.plugin("a", status: "Active  # centra-lint: ignore plugin-status-active -- was Inactive"))
      """)
    XCTAssertEqual(Self.lines(tolerated.findings), [])
    XCTAssertEqual(Self.lines(tolerated.suppressed), ["4:21 unused-suppression"])
    let pointless = try Self.lint("""
      # centra-lint: ignore-file unused-suppression -- nothing to tolerate
      plugins:
      \(Self.plugin("a"))
      """)
    XCTAssertEqual(Self.lines(pointless.findings), ["1:1 unused-suppression"])
  }

  /// The reason is redacted like every other text the run prints, in every format.
  func testASecretInAReasonIsNotPrinted() throws {
    let canary = "klarna_live_" + String(repeating: "Zq9", count: 12)
    let yaml = """
      plugins:
      \(Self.plugin("a", status: "Inactive  # centra-lint: ignore plugin-status-active -- the key is \(canary)"))
      """
    let result = try Self.lint(yaml)
    XCTAssertEqual(result.suppressed.count, 1)
    XCTAssertFalse(result.suppressed[0].justification!.contains(canary))
    var input = ReportInput(findings: result.findings, summary: Summary(findings: result.findings, files: 1, plugins: 1), rules: [], files: ["shop.yaml"], toolVersion: "0")
    input.suppressed = result.suppressed
    for format in ReportFormat.allCases { XCTAssertFalse(format.report(input).contains(canary), format.rawValue) }
  }

  func testSARIFListsSuppressedResultsWithTheirJustification() throws {
    let yaml = """
      plugins:
      \(Self.plugin("a", status: "Inactive  # centra-lint: ignore plugin-status-active -- retired plugin"))
      """
    let result = try Self.lint(yaml)
    var input = ReportInput(findings: result.findings, summary: Summary(findings: result.findings, files: 1, plugins: 1), rules: [], files: ["shop.yaml"], toolVersion: "0")
    input.suppressed = result.suppressed
    input.summary.suppressed = result.suppressed.count
    let sarif = try JSONSerialization.jsonObject(with: Data(ReportFormat.sarif.report(input).utf8)) as! [String: Any]
    let results = (sarif["runs"] as! [[String: Any]])[0]["results"] as! [[String: Any]]
    XCTAssertEqual(results.count, 1)
    XCTAssertEqual(results[0]["suppressions"] as? [[String: String]], [["kind": "inSource", "justification": "retired plugin"]])
    let json = try JSONSerialization.jsonObject(with: Data(ReportFormat.json.report(input).utf8)) as! [String: Any]
    XCTAssertEqual((json["summary"] as! [String: Any])["suppressed"] as? Int, 1)
    XCTAssertEqual((json["findings"] as! [Any]).count, 0)
  }

  /// Today is `SOURCE_DATE_EPOCH`'s UTC date when it is set.
  func testToday() throws {
    XCTAssertEqual(try Day.today(environment: ["SOURCE_DATE_EPOCH": "1796169600"]).description, "2026-12-02")
    XCTAssertThrowsError(try Day.today(environment: ["SOURCE_DATE_EPOCH": "yesterday"]))
    XCTAssertEqual(Day(secondsSince1970: 951_782_400).description, "2000-02-29")
    XCTAssertEqual(Day(secondsSince1970: -1).description, "1969-12-31")
    XCTAssertNil(Day("2026-13-01"))
    XCTAssertNil(Day("2026-1-01"))
    XCTAssertNotNil(Day("2024-02-29"))
    XCTAssertNil(Day("2025-02-29"))
  }
}
