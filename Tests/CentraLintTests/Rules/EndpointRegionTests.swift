import XCTest
@testable import CentraLint

/// `endpoint-region-matches-mid`: the config decides every finding's severity; a MID the
/// registry lacks is `info`, the level its rule file declares, never above the rule's setting.
final class EndpointRegionTests: XCTestCase {
  private let export = """
    plugins:
      - { type: Klarna Payments, uri: a, eStoreId: K500185_abc, klarnaEndpoint: NA }
      - { type: Klarna Payments, uri: b, eStoreId: N999_abc, klarnaEndpoint: NA }
    """
  private let registry = "mids: { K500185: { region: EU } }"

  private func severities(_ setting: RuleSetting?) throws -> [String] {
    var configuration = Configuration()
    if let setting { configuration.settings["endpoint-region-matches-mid"] = setting }
    let mids = try MIDRegistry.parse(Array(registry.utf8), file: "mids.yaml", tables: Support.rules.tables)
    let engine = Engine(rules: Support.rules, configuration: configuration, registry: mids)
    return try engine.lint([LintInput(display: "e.yaml", source: .bytes(Array(export.utf8)))]).findings
      .filter { $0.rule == "endpoint-region-matches-mid" }.map { "\($0.location.line) \($0.severity.rawValue)" }
  }

  func testTheRuleSettingBoundsEveryFindingOfTheRule() throws {
    XCTAssertEqual(try severities(nil), ["2 error", "3 info"])
    XCTAssertEqual(try severities(.warning), ["2 warning", "3 info"])
    XCTAssertEqual(try severities(.info), ["2 info", "3 info"])
    XCTAssertEqual(try severities(.off), [])
  }

  func testTheLighterLevelIsTheRuleFilesAndAWrongOneIsRefused() throws {
    let rule = try String(contentsOfFile: Support.packageRoot + "/rules/endpoint-region-matches-mid.yaml", encoding: .utf8)
    XCTAssertTrue(rule.contains("notRegisteredSeverity: info"))
    let folder = try Scratch("region-severity")
    for name in try FileManager.default.contentsOfDirectory(atPath: Support.packageRoot + "/rules") where name.hasSuffix(".yaml") {
      let text = try String(contentsOfFile: Support.packageRoot + "/rules/" + name, encoding: .utf8)
      try folder.write("rules/" + name, name == "endpoint-region-matches-mid.yaml" ? text.replacingOccurrences(of: "notRegisteredSeverity: info", with: "notRegisteredSeverity: low") : text)
    }
    try FileManager.default.copyItem(atPath: Support.packageRoot + "/rules/data", toPath: folder.path + "/rules/data")
    XCTAssertThrowsError(try RuleSet.load(folder.path + "/rules")) { error in
      XCTAssertTrue("\(error)".contains("takes info, warning or error for 'notRegisteredSeverity', not 'low'"), "\(error)")
    }
  }

  /// A MID written in another case than the registry's, and a country code people write for
  /// a Klarna country, get a "did you mean".
  func testAMIDInAnotherCaseAndUKGetADidYouMean() throws {
    let text = "plugins:\n  - { type: Klarna Payments, uri: a, eStoreId: k500185_abc, klarnaEndpoint: EU, restrictions: { countries: [UK, se] } }\n"
    let findings = try Support.lint(text, registry: registry)
    let messages = findings.map(\.message)
    XCTAssertTrue(messages.contains { $0.hasPrefix("MID 'k500185' is not in the MID registry; did you mean 'K500185'?") }, "\(messages)")
    XCTAssertTrue(messages.contains { $0.hasPrefix("country 'UK' is not an ISO 3166 country code") && $0.hasSuffix("did you mean 'GB'?") },
                  "\(messages)")
    XCTAssertFalse(messages.contains { $0.contains("'se'") }, "a code in lower case is the country")
  }

  /// The registered spelling of a MID written in another case is the least of those that
  /// differ from it in case only, as a map of every MID by its upper case gives it (the map is
  /// no longer made: the registry keeps the few MIDs not written in upper case).
  func testTheRegisteredSpellingIsTheLeastThatDiffersInCaseOnly() throws {
    let registry = try MIDRegistry.parse(
      Array("mids: { K5: {region: EU}, kk7: {region: EU}, Kk7: {region: NA}, ä1: {region: EU}, Ab: {region: EU}, AB: {region: EU} }".utf8),
      file: "mids.yaml", tables: Support.rules.tables)
    let folded = Dictionary(registry.entries.keys.map { ($0.uppercased(), $0) }, uniquingKeysWith: min)
    for mid in ["k5", "K5", "kK7", "KK7", "kk7", "Ä1", "ä1", "ab", "aB", "AB", "x", "K55"] where registry.entries[mid] == nil {
      XCTAssertEqual(registry.spelling(ignoringCase: mid), folded[mid.uppercased()], mid)
    }
    XCTAssertEqual(registry.spelling(ignoringCase: "kK7"), "Kk7")
    XCTAssertEqual(registry.spelling(ignoringCase: "ab"), "AB")
    XCTAssertEqual(registry.spelling(ignoringCase: "Ä1"), "ä1")
    XCTAssertNil(registry.spelling(ignoringCase: "K55"))
  }
}
