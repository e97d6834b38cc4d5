import Foundation
import XCTest
@testable import CentraLint

/// Golden fixtures in actionlint's style: `Fixtures/<case>/` holds the inputs (every `*.yaml`
/// except `mids.yaml`, which is the registry, and `config.yaml`) and `expected.txt`, one finding
/// a line. `UPDATE_GOLDEN=1 swift test` rewrites the expectations and still fails.
final class GoldenTests: XCTestCase {
  func testEveryFixture() throws {
    let cases = try FileManager.default.contentsOfDirectory(atPath: Support.fixtures).sorted()
    XCTAssertGreaterThan(cases.count, 10)
    let update = ProcessInfo.processInfo.environment["UPDATE_GOLDEN"] == "1"
    for name in cases {
      let folder = Support.fixtures + "/" + name
      let actual = try run(folder).joined(separator: "\n") + "\n"
      let expectedPath = folder + "/expected.txt"
      if update {
        try actual.write(toFile: expectedPath, atomically: true, encoding: .utf8)
        XCTFail("\(name): expected.txt rewritten; review it and run again without UPDATE_GOLDEN")
        continue
      }
      let expected = (try? String(contentsOfFile: expectedPath, encoding: .utf8)) ?? "(missing expected.txt)"
      XCTAssertEqual(actual, expected, "fixture \(name)")
    }
  }

  private func run(_ folder: String) throws -> [String] {
    var configuration = Configuration()
    let configPath = folder + "/config.yaml"
    if FileManager.default.fileExists(atPath: configPath) {
      configuration = try Configuration.load(configPath, rules: Support.rules)
    }
    let midsPath = folder + "/mids.yaml"
    let registry = FileManager.default.fileExists(atPath: midsPath)
      ? try MIDRegistry.load(midsPath, tables: Support.rules.tables) : nil
    let inputs = try FileManager.default.contentsOfDirectory(atPath: folder)
      .filter { $0.hasSuffix(".yaml") && $0 != "mids.yaml" && $0 != "config.yaml" }
      .sorted()
      .map { LintInput(display: $0, source: .path(FilePath(folder + "/" + $0))) }
    var engine = Engine(rules: Support.rules, configuration: configuration, registry: registry)
    engine.withSnippets = false
    return try engine.lint(inputs).findings.map(Support.line)
  }
}
