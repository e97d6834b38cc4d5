import Foundation
import XCTest
@testable import CentraLint

/// The baseline (SPEC §7), run as a team adopts it: written once, then only new findings fail.
final class BaselineTests: ScratchTestCase {
  override var subject: String { "baseline" }

  static let canary = "klarna_live_" + String(repeating: "Xy7", count: 12)

  static func plugin(_ uri: String, status: String = "Active", secret: String = "${KLARNA_SECRET}") -> String {
    """
      - type: Klarna Payments
        status: \(status)
        name: Klarna \(uri)
        nameInFrontend: Klarna
        uri: \(uri)
        secret: \(secret)
        eStoreId: K500185
        klarnaEndpoint: EU
        restrictions: { markets: [\(uri)] }

    """
  }

  /// A store with old problems: an Inactive plugin, a literal secret and a typo'd key.
  static let store = "store: Retail\nenvironment: production\nplugins:\n" + plugin("old", status: "Inactive")
    + plugin("leaky", secret: canary) + "    sendProductImage: Yes\n"

  func testAdoptingOnAStoreWithKnownProblems() throws {
    try write("exports/retail.yaml", Self.store)
    let written = try Binary.run(["--write-baseline", "baseline.yaml", "exports"], in: folder)
    XCTAssertEqual(written.status, 0, written.error)
    XCTAssertTrue(written.error.contains("wrote 3 findings to the baseline baseline.yaml"), written.error)
    let baseline = try String(contentsOfFile: folder + "/baseline.yaml", encoding: .utf8)
    XCTAssertFalse(baseline.contains(Self.canary), "no secret in the baseline")
    XCTAssertFalse(baseline.contains("Inactive"), "no message or value in the baseline")
    let keys = Set(baseline.split(separator: "\n").filter { !$0.hasPrefix("#") }.compactMap { $0.split(separator: ":").first?.trimmingCharacters(in: .whitespaces) })
    XCTAssertEqual(keys, ["version", "findings", "- fingerprint", "rule", "file", "path", "plugin"], "no line number, no message")
    XCTAssertTrue(baseline.contains("version: 1\n"))
    XCTAssertEqual(baseline.components(separatedBy: "- fingerprint: ").count - 1, 3)
    // Sorted: the file reads the same however the run found them.
    let rules = baseline.split(separator: "\n").filter { $0.hasPrefix("    rule: ") }
    XCTAssertEqual(rules, rules.sorted())

    // Lines and a plugin inserted above every finding: nothing is reported.
    let moved = "# exported 2026-12-01\n\nstore: Retail\nenvironment: production\nplugins:\n" + Self.plugin("new-first")
      + Self.store.dropFirst("store: Retail\nenvironment: production\nplugins:\n".count)
    try write("exports/retail.yaml", moved)
    let clean = try Binary.run(["--baseline", "baseline.yaml", "--format", "json", "exports"], in: folder)
    XCTAssertEqual(clean.status, 0, clean.output)
    let json = try Binary.json(clean)
    XCTAssertEqual((json["findings"] as! [Any]).count, 0)
    XCTAssertEqual((json["summary"] as! [String: Any])["baselined"] as? Int, 3)

    // One new problem: exactly that finding, exit 1.
    try write("exports/retail.yaml", moved + Self.plugin("fresh", status: "Inactive"))
    let new = try Binary.run(["--baseline", "baseline.yaml", "--format", "json", "exports"], in: folder)
    XCTAssertEqual(new.status, 1)
    let findings = try Binary.json(new)["findings"] as! [[String: Any]]
    XCTAssertEqual(findings.map { $0["rule"] as! String }, ["plugin-status-active"])
    XCTAssertEqual(findings.first?["plugin"] as? String, "fresh")

    // One fixed: the summary counts and names it.
    try write("exports/retail.yaml", moved.replacingOccurrences(of: "sendProductImage: Yes\n", with: ""))
    let fixed = try Binary.run(["--baseline", "baseline.yaml", "exports"], in: folder)
    XCTAssertEqual(fixed.status, 0, fixed.output)
    XCTAssertTrue(fixed.output.contains("1 baseline entry is fixed: rewrite the baseline with --write-baseline baseline.yaml\n"), fixed.output)
    XCTAssertTrue(fixed.output.contains("  fixed: unknown-field in exports/retail.yaml (plugin leaky, plugins[1].sendProductImage)\n"), fixed.output)
  }

  /// A baseline names files from its own folder: it holds wherever the run starts.
  func testTheBaselineHoldsFromAnyFolder() throws {
    try write("m1/.centra-lint.yaml", "exports: [exports/*.yaml]\nbaseline: .centra-lint-baseline.yaml\n")
    try write("m1/exports/retail.yaml", Self.store)
    XCTAssertEqual(try Binary.run(["--write-baseline", ".centra-lint-baseline.yaml"], in: folder + "/m1").status, 0)
    let baseline = try String(contentsOfFile: folder + "/m1/.centra-lint-baseline.yaml", encoding: .utf8)
    XCTAssertTrue(baseline.contains("file: \"exports/retail.yaml\""), baseline)
    for (arguments, place) in [([], "/m1"), (["m1"], ""), (["../exports/retail.yaml"], "/m1/exports/../exports")] {
      try FileManager.default.createDirectory(atPath: folder + place, withIntermediateDirectories: true)
      let run = try Binary.run(arguments, in: folder + place)
      XCTAssertEqual(run.status, 0, "\(arguments) in \(place): \(run.output)")
      XCTAssertTrue(run.output.contains("3 findings in the baseline"), run.output)
    }
  }

  /// An item added to a list keeps the other items' findings baselined; what cannot be
  /// suppressed is never baselined.
  func testListItemsAndRulesThatCannotBeSuppressed() throws {
    let countries = Self.plugin("na").replacingOccurrences(of: "klarnaEndpoint: EU", with: "klarnaEndpoint: NA\n    restrictions: { countries: [US, JP] }")
    try write("r.yaml", "plugins:\n" + countries + "  # centra-lint: ignore plugin-status-active until 2020-01-01 -- expired\n")
    let written = try Binary.run(["--write-baseline", "b.yaml", "r.yaml"], in: folder)
    XCTAssertTrue(written.error.contains("wrote 1 finding to the baseline b.yaml; 1 finding of rules that cannot be suppressed"), written.error)
    try write("r.yaml", "plugins:\n" + countries.replacingOccurrences(of: "[US, JP]", with: "[US, CA, JP]") + "  # centra-lint: ignore plugin-status-active until 2020-01-01 -- expired\n")
    let run = try Binary.run(["--baseline", "b.yaml", "--format", "json", "r.yaml"], in: folder)
    let findings = try Binary.json(run)["findings"] as! [[String: Any]]
    // JP moved from countries[1] to countries[2] and stays baselined (CA is served by NA).
    XCTAssertEqual(findings.map { $0["rule"] as! String }, ["expired-suppression"])
    XCTAssertEqual((try Binary.json(run)["summary"] as! [String: Any])["baselined"] as? Int, 1)
    XCTAssertFalse(run.output.contains("fixed"))
  }

  /// The config's `baseline`, and a pre-commit run of one file: only its new findings block.
  func testTheConfigsBaselineInAPreCommitRun() throws {
    try write(".centra-lint.yaml", "baseline: .centra-lint-baseline.yaml\n")
    try write("retail.yaml", Self.store)
    try write("other.yaml", "plugins:\n" + Self.plugin("other", status: "Inactive"))
    let written = try Binary.run(["--write-baseline", ".centra-lint-baseline.yaml", "retail.yaml", "other.yaml"], in: folder)
    XCTAssertEqual(written.status, 0, written.error)
    let staged = try Binary.run(["retail.yaml"], in: folder)
    XCTAssertEqual(staged.status, 0, staged.output)
    XCTAssertFalse(staged.output.contains("fixed"), "entries of files not checked are not fixed: \(staged.output)")
    try write("retail.yaml", Self.store + Self.plugin("fresh", status: "Inactive"))
    let blocked = try Binary.run(["retail.yaml"], in: folder)
    XCTAssertEqual(blocked.status, 1)
    XCTAssertTrue(blocked.output.contains("plugin 'Klarna fresh' is Inactive"), blocked.output)
  }

  /// More findings than the file stage keeps: the baseline holds them all, and a new one among
  /// them is reported (no ceiling counts what the baseline will hold back).
  func testMoreFindingsThanTheCeilingStayBaselined() throws {
    var limits = Limits()
    limits.findings = 10
    let many = Engine.ceiling(limits) + 40
    let fields = (0..<many).map { "    extra\($0): 1\n" }.joined()
    try write(".centra-lint.yaml", "limits: { findings: 10 }\n")
    try write("big.yaml", "plugins:\n" + Self.plugin("k") + fields)
    let written = try Binary.run(["--write-baseline", "b.yaml", "big.yaml"], in: folder)
    XCTAssertEqual(written.status, 0, written.error)
    XCTAssertTrue(written.error.contains("wrote \(many) findings to the baseline b.yaml"), written.error)
    try write("big.yaml", "plugins:\n" + Self.plugin("k") + fields + "    zzNew: 1\n")
    let run = try Binary.run(["--baseline", "b.yaml", "--format", "json", "big.yaml"], in: folder)
    let json = try Binary.json(run)
    // The one new finding, reported (a warning: the run passes at the default --fail-on).
    XCTAssertEqual((json["findings"] as! [[String: Any]]).map { $0["message"] as! String }.map { $0.contains("zzNew") }, [true], run.output)
    XCTAssertEqual((json["summary"] as! [String: Any])["baselined"] as? Int, many)
  }

  /// Files outside the baseline's folder are named from it, climbing: two files of one name in
  /// two folders never share a fingerprint.
  func testFilesOutsideTheBaselinesFolder() throws {
    try write("m1/retail.yaml", "plugins:\n" + Self.plugin("old", status: "Inactive"))
    try write("m2/retail.yaml", "plugins:\n" + Self.plugin("old", status: "Inactive"))
    try write("team/keep.txt", "")
    let written = try Binary.run(["--write-baseline", "team/b.yaml", "m1/retail.yaml"], in: folder)
    XCTAssertEqual(written.status, 0, written.error)
    let baseline = try String(contentsOfFile: folder + "/team/b.yaml", encoding: .utf8)
    XCTAssertTrue(baseline.contains("file: \"../m1/retail.yaml\""), baseline)
    XCTAssertEqual(try Binary.run(["--baseline", "team/b.yaml", "m1/retail.yaml"], in: folder).status, 0)
    XCTAssertEqual(try Binary.run(["--baseline", "../team/b.yaml", "retail.yaml"], in: folder + "/m1").status, 0)
    let other = try Binary.run(["--baseline", "team/b.yaml", "m2/retail.yaml"], in: folder)
    XCTAssertEqual(other.status, 1, "m2's finding is not m1's: \(other.output)")
  }

  /// A baseline given on the command line is no export of a folder walk, and is rewritten in
  /// place; one reached through a link names files from where it really is.
  func testTheBaselineIsNoExportAndALinkIsOneMoreSpelling() throws {
    try write("w/x.yaml", "plugins:\n" + Self.plugin("old", status: "Inactive"))
    XCTAssertEqual(try Binary.run(["--no-config", "--write-baseline", "base.yaml", "."], in: folder + "/w").status, 0)
    let read = try Binary.run(["--no-config", "--baseline", "base.yaml", "."], in: folder + "/w")
    XCTAssertEqual(read.status, 0, read.output)
    XCTAssertFalse(read.output.contains("base.yaml:"), read.output)
    let rewritten = try Binary.run(["--no-config", "--write-baseline", "base.yaml", "."], in: folder + "/w")
    XCTAssertEqual(rewritten.status, 0, rewritten.error)
    try FileManager.default.createDirectory(atPath: folder + "/elsewhere", withIntermediateDirectories: true)
    try FileManager.default.createSymbolicLink(atPath: folder + "/elsewhere/base.yaml", withDestinationPath: folder + "/w/base.yaml")
    let linked = try Binary.run(["--no-config", "--baseline", "elsewhere/base.yaml", "w/x.yaml"], in: folder)
    XCTAssertEqual(linked.status, 0, linked.output)
    XCTAssertTrue(linked.output.contains("1 finding in the baseline"), linked.output)
  }

  func testABaselineOfAnotherShapeIsExitTwo() throws {
    try write("retail.yaml", Self.store)
    for (text, message) in [
      ("version: 2\nfindings: []\n", "baseline.yaml:1:10: this baseline is version 2; this centra-lint reads version 1"),
      ("findings: []\n", "a baseline starts with 'version: 1'"),
      ("version: 1\nfindings:\n  - { fingerprint: xyz, rule: a, file: b }\n", "a baseline fingerprint is 16 hexadecimal digits"),
      ("version: 1\nfindings:\n  - { fingerprint: 0123456789abcdef, rule: a, file: b, line: 3 }\n", "unknown key 'line' in a baseline entry"),
      ("- just a list\n", "a baseline must be a mapping"),
    ] {
      try write("baseline.yaml", text)
      let run = try Binary.run(["--baseline", "baseline.yaml", "retail.yaml"], in: folder)
      XCTAssertEqual(run.status, 2, text)
      XCTAssertTrue(run.error.contains(message), run.error)
    }
    let missing = try Binary.run(["--baseline", "nope.yaml", "retail.yaml"], in: folder)
    XCTAssertEqual(missing.status, 2)
    XCTAssertTrue(missing.error.contains("no such baseline file"), missing.error)
    // Never written over an input.
    let over = try Binary.run(["--write-baseline", "retail.yaml", "retail.yaml"], in: folder)
    XCTAssertEqual(over.status, 2)
    XCTAssertEqual(try String(contentsOfFile: folder + "/retail.yaml", encoding: .utf8), Self.store)
  }

  /// Secret canaries in a file name, a suppression reason and a policy's message reach no
  /// baseline and no report.
  func testSecretCanariesReachNoBaseline() throws {
    let name = Self.canary + ".yaml"
    try write(name, "plugins:\n" + Self.plugin("x", status: "Inactive  # centra-lint: ignore plugin-status-active -- key \(Self.canary)")
      + Self.plugin("leaky", secret: Self.canary))
    try write("p/leak.yaml", """
      id: leak
      severity: error
      title: t
      rationale: r
      fix: f
      check: present
      params: { field: directCapture }
      message: "plugin '{plugin}' lacks {field}; the key is \(Self.canary)"
      examples:
        invalid:
          - export: |
              plugins: [{ type: Klarna Payments }]

      """)
    try write(".centra-lint.yaml", "ruleFolders: [p]\n")
    for format in ["text", "json", "sarif", "html", "markdown", "csv", "github", "gitlab", "junit", "checkstyle"] {
      let run = try Binary.run(["--format", format, "--write-baseline", "b-\(format).yaml", name], in: folder)
      XCTAssertEqual(run.status, 0, run.error)
      XCTAssertFalse(run.output.contains(Self.canary) || run.error.contains(Self.canary), format)
      let baseline = try String(contentsOfFile: folder + "/b-\(format).yaml", encoding: .utf8)
      XCTAssertFalse(baseline.contains(Self.canary), baseline)
      XCTAssertTrue(baseline.contains("rule: \"leak\""), baseline)
    }
    let run = try Binary.run(["--baseline", "b-text.yaml", name], in: folder)
    XCTAssertEqual(run.status, 0, run.output)
  }

  /// A file name that is not plain text reads back as itself.
  func testOddFileNamesRoundTrip() throws {
    let name = "a \"quoted\" \\ name: #1.yaml"
    try write(name, "plugins:\n" + Self.plugin("x", status: "Inactive"))
    XCTAssertEqual(try Binary.run(["--write-baseline", "b.yaml", name], in: folder).status, 0)
    let run = try Binary.run(["--baseline", "b.yaml", name], in: folder)
    XCTAssertEqual(run.status, 0, run.output + run.error)
  }
}
