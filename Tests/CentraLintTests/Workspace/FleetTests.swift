import Foundation
import XCTest
@testable import CentraLint

/// SPEC §1 v3: a merchant is what one config governs. A run over a fleet of merchants, each with
/// its own config and registry (named differently), sharing store names and URIs, equals the
/// runs inside each merchant's folder, merchant by merchant.
final class FleetTests: ScratchTestCase {
  override var subject: String { "fleet" }
  private var fleet: String { folder }

  override func setUpWithError() throws {
    try super.setUpWithError()
    let klarna = "{ type: Klarna Payments, status: Active, name: K, nameInFrontend: K, uri: klarna, secret: \"${S}\", eStoreId: K1_a, klarnaEndpoint: EU, testMode: No, extra: 1 }"
    // acme: a registry under another name in a subfolder, exports named by a glob, a rule off.
    try write("acme/.centra-lint.yaml", "midRegistry: registry/klarna-mids.yaml\nexports: [exports/*.yaml]\nrules: { unknown-field: off }\n")
    try write("acme/registry/klarna-mids.yaml", "mids:\n  K1: { region: NA }\n")
    try write("acme/exports/prod.yaml", "store: Main\nenvironment: production\nplugins:\n  - \(klarna)\n")
    try write("acme/exports/staging.yaml", "store: Main\nenvironment: staging\nplugins:\n  - \(klarna)\n")
    try write("acme/notes.yaml", "just: notes\n")  // not named by acme's exports: skipped
    // bolt: the same store name and URI, its own registry where K1 is EU: no region finding.
    try write("bolt/.centra-lint.yaml", "midRegistry: mids.yaml\nrules: { unknown-field: info }\n")
    try write("bolt/mids.yaml", "mids:\n  K1: { region: EU }\n")
    try write("bolt/prod.yaml", "store: Main\nenvironment: prod\nplugins:\n  - \(klarna)\n")
    try write("bolt/live.yaml", "store: main\nenvironment: LIVE\nplugins:\n  - \(klarna)\n")
  }


  /// Each finding as `file:line:col rule severity message`, the file below the fleet.
  private func lines(_ run: Binary.Run, prefix: String = "") throws -> [String] {
    try (Binary.json(run)["findings"] as! [[String: Any]]).map { finding in
      "\(prefix)\(finding["file"]!):\(finding["line"]!):\(finding["column"]!) \(finding["rule"]!) \(finding["severity"]!) \(finding["message"]!)"
    }
  }

  func testAFleetRunEqualsEachMerchantsOwnRun() throws {
    let whole = try Binary.run(["--format", "json", "acme", "bolt"], in: fleet)
    XCTAssertEqual(whole.status, 1, whole.error)
    let acme = try Binary.run(["--format", "json", "."], in: fleet + "/acme")
    let bolt = try Binary.run(["--format", "json", "."], in: fleet + "/bolt")
    let separate = try lines(acme, prefix: "acme/") + lines(bolt, prefix: "bolt/")
    XCTAssertEqual(try lines(whole).map { $0.replacingOccurrences(of: "/./", with: "/") }.sorted(),
                   separate.map { $0.replacingOccurrences(of: "/./", with: "/") }.sorted())
    let rules = try lines(whole).map { $0.split(separator: " ")[1] }
    XCTAssertEqual(rules.filter { $0 == "endpoint-region-matches-mid" }.count, 2, "acme's registry, for acme's two exports only")
    XCTAssertEqual(rules.filter { $0 == "plugin-uri-unique" }.count, 1, "bolt's prod and live are one store; acme's stores are its own")
    XCTAssertEqual(rules.filter { $0 == "unknown-field" }.count, 2, "off for acme, info for bolt")
    XCTAssertEqual(rules.filter { $0 == "missing-field" }.count, 0, "no registry or config is linted as an export")
    XCTAssertEqual((try Binary.json(whole)["summary"] as! [String: Int])["skipped"], 1, "acme/notes.yaml")
  }

  func testNoConfigAndOneConfigOverrideTheNearest() throws {
    let none = try lines(Binary.run(["--format", "json", "--no-config", "acme/exports"], in: fleet))
    XCTAssertTrue(none.contains { $0.contains(" unknown-field ") }, "no config: the rule is on")
    XCTAssertFalse(none.contains { $0.contains("endpoint-region-matches-mid") }, "no config: no registry")
    let forced = try lines(Binary.run(["--format", "json", "--config", "bolt/.centra-lint.yaml", "acme/exports"], in: fleet))
    XCTAssertTrue(forced.contains { $0.contains(" unknown-field info ") }, "bolt's config for acme's files")
    let registry = try lines(Binary.run(["--format", "json", "--mid-registry", "bolt/mids.yaml", "acme/exports"], in: fleet))
    XCTAssertFalse(registry.contains { $0.contains("endpoint-region-matches-mid") }, "--mid-registry replaces acme's")
    XCTAssertEqual(try Binary.run(["--no-config", "--config", "x", "acme"], in: fleet).status, 2)
  }

  func testAnInvalidConfigOfOneMerchantStopsTheRunNamingIt() throws {
    try write("bolt/.centra-lint.yaml", "midRegistri: mids.yaml\n")
    let run = try Binary.run(["acme", "bolt"], in: fleet)
    XCTAssertEqual(run.status, 2)
    XCTAssertTrue(run.error.contains("bolt/.centra-lint.yaml"), run.error)
    XCTAssertTrue(run.error.contains("midRegistry"), "did you mean: " + run.error)
  }
}
