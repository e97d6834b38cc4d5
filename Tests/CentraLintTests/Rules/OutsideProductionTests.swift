import XCTest
@testable import CentraLint

/// `test-mode-outside-production`: a store outside production that takes real payments, told
/// once per plugin with every live signal, with and without a registry.
final class OutsideProductionTests: XCTestCase {
  private static let key = "klarna_live_" + String(repeating: "Qz9", count: 12)

  /// The rule's findings; with a registry (the plugins wait for it as claims), the same whether
  /// the claims keep their plugins' fields (a message made from them for a finding) or not (its
  /// texts made as the file is read: `KeptFields`), on one thread or two.
  private func findings(_ export: String, registry: String? = nil) throws -> [String] {
    let mids = try registry.map { try MIDRegistry.parse(Array($0.utf8), file: "mids.yaml", tables: Support.rules.tables) }
    func run(kept: Int, parallelism: Int) throws -> [String] {
      var engine = Engine(rules: Support.rules, configuration: Configuration(), registry: mids)
      engine.parallelism = parallelism
      engine.keptFieldsAtMost = kept
      return try engine.lint([LintInput(display: "e.yaml", source: .bytes(Array(export.utf8)))]).findings
        .filter { $0.rule == "test-mode-outside-production" }.map { "\($0.location.line):\($0.location.column) \($0.message)" }
    }
    let found = try run(kept: .max, parallelism: 1)
    if registry != nil {
      for (kept, parallelism) in [(0, 1), (0, 2), (.max, 2)] {
        XCTAssertEqual(try run(kept: kept, parallelism: parallelism), found, "keeping \(kept) plugins' fields, \(parallelism) threads")
      }
    }
    return found
  }

  private static func store(_ environment: String?, _ plugins: String...) -> String {
    (environment.map { "environment: \($0)\n" } ?? "") + "plugins:\n" + plugins.map { "  - " + $0 + "\n" }.joined()
  }

  func testEverySignalInOneFindingAtTheLivestPlace() throws {
    let both = Self.store("Staging", "{ type: Klarna Payments, name: K, status: Active, klarnaEndpoint: EU, secret: \(Self.key), eStoreId: K1 }")
    XCTAssertEqual(try findings(both), [
      "3:71 plugin 'K' is Active in the Staging export but runs against live Klarna: the live endpoint 'EU' and a live Klarna key as its secret",
    ])
    let secret = Self.store("qa", "{ type: Klarna Payments, name: K, status: active, klarnaEndpoint: EU TEST, secret: \(Self.key) }")
    XCTAssertEqual(try findings(secret), ["3:88 plugin 'K' is Active in the qa export but runs against live Klarna: a live Klarna key as its secret"])
    // With a registry: the MID's environment too, and at the eStoreId when it is the only signal.
    let registry = "mids: { K1: { region: EU, environment: live }, PK2: { region: EU, environment: playground } }"
    XCTAssertEqual(try findings(both, registry: registry), [
      "3:71 plugin 'K' is Active in the Staging export but runs against live Klarna: the live endpoint 'EU', a live Klarna key as its secret and MID 'K1', which the registry marks live",
    ])
    let mid = Self.store("staging", "{ type: Klarna Payments, name: K, status: Active, klarnaEndpoint: EU TEST, eStoreId: K1_shop }")
    XCTAssertEqual(try findings(mid, registry: registry), [
      "3:90 plugin 'K' is Active in the staging export but runs against live Klarna: MID 'K1', which the registry marks live",
    ])
    XCTAssertEqual(try findings(mid), [], "without a registry the MID says nothing")
    // Named by its URI when it has no name; a live endpoint and its MID as written. Beside
    // another store's production, which has no copy: a file whose fields are not kept past
    // the run's room (then the claim keeps the message's texts).
    let unnamed = "store: B\n" + Self.store("production", "{ type: Klarna Payments, name: P, status: Active, klarnaEndpoint: EU, eStoreId: K1 }")
      + "---\nstore: A\n" + Self.store("UAT", "{ type: Klarna Payments, uri: klarna-uat, status: Active, klarnaEndpoint: ' eu ', eStoreId: K1_uat }")
    XCTAssertEqual(try findings(unnamed, registry: registry), [
      "9:79 plugin 'klarna-uat' is Active in the UAT export but runs against live Klarna: the live endpoint 'eu' and MID 'K1', which the registry marks live",
    ])
  }

  func testWhatIsNoFinding() throws {
    let live = "klarnaEndpoint: EU, secret: \(Self.key), eStoreId: K1"
    let registry = "mids: { K1: { region: EU, environment: live } }"
    for export in [
      Self.store("production", "{ type: Klarna Payments, status: Active, \(live) }"),
      Self.store("prod", "{ type: Klarna Payments, status: Active, \(live) }"),
      Self.store(nil, "{ type: Klarna Payments, status: Active, \(live) }"),
      Self.store("staging", "{ type: Klarna Payments, status: Inactive, \(live) }"),
      Self.store("staging", "{ type: Adyen, status: Active, \(live) }"),
      Self.store("staging", "{ type: Klarna Payments, status: Active, klarnaEndpoint: EU TEST, secret: \"${KLARNA}\", eStoreId: PK2 }"),
    ] {
      XCTAssertEqual(try findings(export), [], export)
      XCTAssertEqual(try findings(export, registry: registry), [], export)
    }
  }
}
