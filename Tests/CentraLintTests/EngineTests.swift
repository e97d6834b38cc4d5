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
    return paths.sorted().map { LintInput(display: $0, source: .path($0)) }
  }

  private func reports(parallelism: Int) throws -> [String] {
    let registry = try MIDRegistry.load(Support.packageRoot + "/samples/mids.yaml", tables: Support.rules.tables)
    var engine = Engine(rules: Support.rules, configuration: Configuration(), registry: registry)
    engine.parallelism = parallelism
    let result = try engine.lint(try inputs())
    let summary = Summary(findings: result.findings, files: result.files, plugins: result.plugins)
    return [JSONReporter.report(result.findings, summary: summary, toolVersion: "test"),
            TextReporter.report(result.findings, summary: summary, color: false)]
  }

  func testParallelOutputIsByteForByteTheOneThreadOutput() throws {
    let single = try reports(parallelism: 1)
    XCTAssertGreaterThan(single[0].count, 10_000, "the run has findings to compare")
    for _ in 0..<5 { XCTAssertEqual(try reports(parallelism: 2), single) }
  }

  func testARegistryThatFailsToLoadFailsTheRun() throws {
    let failing = Deferred<MIDRegistry?> { throw LintError.invalidFile(SourceLocation(file: "mids.yaml", line: 3, column: 5), "bad") }
    let engine = Engine(rules: Support.rules, configuration: Configuration(), registry: failing)
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
      "input.yaml:2:62: error: endpoint 'NA' is in region NA, but MID 'K1' is registered in region EU; use 'EU' [endpoint-region-matches-mid]",
    ])
    XCTAssertEqual(rules.map(\.path), ["plugins[0].eStoreId", "plugins[0].klarnaEndpoint"])
  }
}
