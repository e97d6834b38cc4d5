import Foundation
import XCTest
@testable import CentraLint

/// The engine: parallel runs give the same bytes as one thread; claims; the deferred registry.
final class EngineTests: XCTestCase {
  private func inputs() throws -> [LintInput] {
    var paths: [String] = []
    for root in [Support.fixtures, Support.packageRoot + "/samples/exports"] {
      let walker = FileManager.default.enumerator(atPath: root)!
      while let name = walker.nextObject() as? String {
        if name.hasSuffix(".yaml"), !name.hasSuffix("mids.yaml"), !name.hasSuffix("config.yaml") { paths.append(root + "/" + name) }
      }
    }
    return paths.sorted().map { LintInput(display: $0, source: .path(FilePath($0))) }
  }

  private func reports(parallelism: Int, pipelineFrom: Int = 1 << 20) throws -> [String] {
    let registry = try MIDRegistry.load(Support.packageRoot + "/samples/mids.yaml", tables: Support.rules.tables)
    var engine = Engine(rules: Support.rules, configuration: Configuration(), registry: registry)
    engine.parallelism = parallelism
    engine.pipelineFrom = pipelineFrom
    let result = try engine.lint(try inputs())
    let summary = Summary(findings: result.findings, files: result.files, plugins: result.plugins)
    return [JSONReporter.report(result.findings, summary: summary, toolVersion: "test"),
            TextReporter.report(result.findings, summary: summary, color: false)]
  }

  func testParallelOutputIsByteForByteTheOneThreadOutput() throws {
    let single = try reports(parallelism: 1)
    XCTAssertGreaterThan(single[0].count, 10_000, "the run has findings to compare")
    for _ in 0..<5 { XCTAssertEqual(try reports(parallelism: 2), single) }
    // Every file parsed by libyaml on its own thread, and its plugins read early.
    XCTAssertEqual(try reports(parallelism: 2, pipelineFrom: 0), single)
  }

  /// Findings of one file, one thread and nothing early, or two threads, libyaml on its own
  /// and the plugins read as they end.
  private func lines(_ bytes: [UInt8], early: Bool) throws -> [String] {
    var engine = Engine(rules: Support.rules, configuration: Configuration(), registry: nil)
    engine.parallelism = early ? 2 : 1
    engine.pipelineFrom = early ? 0 : .max
    return try engine.lint([LintInput(display: "x.yaml", source: .bytes(bytes))]).findings.map(Support.line)
  }

  func testReadingPluginsEarlyGivesTheUsualFindingsOnEverySeedAndMutation() throws {
    var random = MutationTests.Random(state: 4242)
    var compared = 0
    for (name, seed) in try MutationTests.seeds() {
      for round in 0..<10 {
        let bytes = round == 0 ? seed : MutationTests.mutate(seed, &random)
        XCTAssertEqual(try lines(bytes, early: true), try lines(bytes, early: false), "\(name), mutation \(round)")
        compared += 1
      }
    }
    XCTAssertGreaterThan(compared, 300)
  }

  /// An export long enough to span several chunks of events (~10,000 events a chunk: 8,192),
  /// with `head` before the list, `item` in its middle and `tail` after it.
  private func longExport(head: String = "environment: production\n", item: String = "", tail: String = "") -> [UInt8] {
    var text = head + "plugins:\n"
    for index in 0..<1200 {
      text += index == 600 && !item.isEmpty ? item
        : index % 50 == 0 ? "  - { type: Klarna Payments, name: K\(index), uri: u\(index % 1100), status: Active, testMode: Yes }\n"
        : "  - { type: Adyen Drop-In, name: A\(index), uri: u\(index % 1100) }\n"
    }
    return Array((text + tail).utf8)
  }

  /// Whether the early reading of `bytes` held (its result is then the one used).
  private func readEarly(_ bytes: [UInt8]) -> Bool {
    let early = EarlyReading(file: "x.yaml", schema: Support.rules.schema, tables: Support.rules.tables, limits: Limits())
    let tree = YAMLReader.parse(bytes, limits: Limits(), sensitivity: .none, pipelineFrom: 0, observe: early.observe)
    return early.finish(tree) != nil
  }

  func testPluginsAreReadEarlyOnlyWhenTheRestOfTheFileCannotChangeThem() throws {
    let cases: [(bytes: [UInt8], early: Bool, why: String)] = [
      (longExport(), true, "a usual export"),
      (longExport(head: "store: x\ndefaults: { a: [1, 2] }\n"), true, "other keys before the list"),
      (longExport(tail: "owner: someone\n"), true, "another key after the list"),
      (longExport(head: "", tail: "environment: production\n"), false, "environment after the list"),
      (longExport(tail: "plugins: []\n"), false, "a second plugins key wins"),
      (longExport(head: "base: &b { status: Inactive }\n", tail: "<<: *b\n"), false, "a merge key in the root"),
      (longExport(tail: "---\nplugins: []\n"), false, "a second document"),
      (longExport(head: "x: 1\n", item: "  - &p { type: Adyen, uri: a, list: [*p] }\n"), false, "an alias into a plugin still open"),
      (longExport(item: "  - { type: Klarna Payments, uri: [\n"), false, "a syntax error"),
    ]
    for (bytes, early, why) in cases {
      XCTAssertEqual(readEarly(bytes), early, why)
      XCTAssertEqual(try lines(bytes, early: true), try lines(bytes, early: false), why)
    }
  }

  func testABigExportWhoseRulesRunOnBothCoresGivesTheOneThreadResult() throws {
    var text = "environment: production\nbase: &b { type: Klarna Payments, status: Active, klarnaEndpoint: EU }\nplugins:\n"
    for index in 0..<(2500) {
      switch index % 5 {
      case 0: text += "  - { <<: *b, name: P\(index), uri: u\(index % 700), testMode: Yes }\n"
      case 1: text += "  - { type: Klarna Payments, status: Nope, uri: v\(index), eStoreId: K\(index % 9)_x, klarnaEndpoint: NA }\n"
      case 2: text += "  - { type: Adyen, uri: u\(index % 300) }\n"
      case 3: text += "  - just text\n"
      default: text += "  - { type: Klarna Payments, uri: w\(index), restrictions: { countries: [SE, US, JP] }, bogus: 1 }\n"
      }
    }
    func run(_ parallelism: Int) throws -> String {
      var engine = Engine(rules: Support.rules, configuration: Configuration(),
                          registry: try MIDRegistry.parse(Array("mids: { K1: { region: NA }, K2: { region: EU } }".utf8), file: "m.yaml", tables: Support.rules.tables))
      engine.parallelism = parallelism
      engine.withSnippets = true
      let result = try engine.lint([LintInput(display: "big.yaml", source: .bytes(Array(text.utf8)))])
      return TextReporter.report(result.findings, summary: Summary(findings: result.findings, files: 1, plugins: result.plugins), color: false)
    }
    let single = try run(1)
    XCTAssertTrue(single.contains("plugin-uri-unique") && single.contains("endpoint-region-matches-mid"))
    XCTAssertEqual(try run(2), single)
  }

  func testTheAliasBudgetEndsASplitReadWhereOneThreadWouldStop() throws {
    let count = 2400
    let text = "p: &p { type: Adyen, uri: same }\nplugins:\n" + String(repeating: "  - *p\n", count: count)
    for budget in [count / 4, count * 3 / 4, count + 10] {
      var configuration = Configuration()
      configuration.limits.aliases = budget
      func run(_ parallelism: Int) throws -> [String] {
        var engine = Engine(rules: Support.rules, configuration: configuration, registry: nil)
        engine.parallelism = parallelism
        return try engine.lint([LintInput(display: "a.yaml", source: .bytes(Array(text.utf8)))]).findings.map(Support.line)
      }
      let single = try run(1)
      XCTAssertEqual(single.contains { $0.contains("limits.aliases") }, budget < count, "budget \(budget)")
      XCTAssertEqual(try run(2), single, "budget \(budget)")
    }
  }

  func testARegistryThatFailsToLoadFailsTheRun() throws {
    let failing = Deferred<MIDRegistry> { throw LintError.invalidFile(SourceLocation(file: "mids.yaml", line: 3, column: 5), "bad") }
    let engine = Engine(rules: Support.rules, configuration: Configuration(), loadingRegistry: failing)
    XCTAssertThrowsError(try engine.lint([LintInput(display: "x.yaml", source: .bytes(Array("plugins: []".utf8)))])) {
      XCTAssertEqual("\($0)", "mids.yaml:3:5: bad")
    }
  }

  func testMIDsAreLookedUpAfterEveryFileIsRead() throws {
    let export = "plugins:\n  - { type: Klarna Payments, eStoreId: K1_x, klarnaEndpoint: NA, testMode: No }\n"
    let findings = try Support.lint(export, registry: "mids:\n  K1: { region: EU, environment: playground }\n")
    let rules = findings.filter { $0.rule == "endpoint-region-matches-mid" || $0.rule == "test-mode-consistent" }
    XCTAssertEqual(rules.map(Support.line), [
      "input.yaml:2:40: error: MID 'K1' is registered for playground, but endpoint 'NA' is a live endpoint [test-mode-consistent]",
      "input.yaml:2:62: error: endpoint 'NA' is in region NA, but MID 'K1' is registered in region EU: either the endpoint is wrong (use 'EU' for this MID) or the eStoreId is (it must name a MID of region NA) [endpoint-region-matches-mid]",
    ])
    XCTAssertEqual(rules.map(\.path), ["plugins[0].eStoreId", "plugins[0].klarnaEndpoint"])
  }
}
