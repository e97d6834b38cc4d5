import Foundation
import XCTest
@testable import CentraLint

/// Limits of any size (SPEC §2 `yaml-limit`): one past what the machine holds is no limit,
/// never a crash, in a config and for standard input.
final class LimitsTests: ScratchTestCase {
  override var subject: String { "limits" }

  override func setUpWithError() throws {
    try super.setUpWithError()
    try CLITests.inactive.write(toFile: folder + "/bad.yaml", atomically: true, encoding: .utf8)
  }

  private func config(_ text: String) throws {
    try text.write(toFile: folder + "/.centra-lint.yaml", atomically: true, encoding: .utf8)
  }

  /// Every limit at Int.max and past it, through the real binary (an overflow is a trap, exit
  /// 132): the file is linted as without the config, from a path and from standard input.
  func testEveryLimitMayBeAsLargeAsAnyNumber() throws {
    for value in ["9223372036854775807", "99999999999999999999999", "9223372036854775806"] {
      for setting in Limits.settings.map(\.key) {
        try config("limits: { \(setting): \(value) }\n")
        let path = try Binary.run(["bad.yaml"], in: folder)
        XCTAssertEqual(path.status, 1, "\(setting): \(value): \(path.error)")
        XCTAssertTrue(path.output.contains("[plugin-status-active]"), "\(setting): \(value): \(path.output)")
        let stdin = try Binary.run(["-", "--stdin-filename", "bad.yaml"], in: folder, stdin: CLITests.inactive)
        XCTAssertEqual(stdin.status, 1, "\(setting): \(value) on standard input: \(stdin.error)")
        XCTAssertTrue(stdin.output.contains("bad.yaml:"), "\(setting): \(value): \(stdin.output)")
      }
    }
  }

  /// A number too big for Int is the largest limit; anything else not above 0 is a clear error.
  func testLimitValuesAreReadAsWholeNumbers() throws {
    func read(_ value: String) throws -> Int {
      try config("limits: { findings: \(value) }\n")
      let rules = try RuleSet.load(Support.packageRoot + "/rules")
      return try Configuration.load(folder + "/.centra-lint.yaml", rules: rules).limits.findings
    }
    XCTAssertEqual(try read("99999999999999999999999"), Int.max)
    XCTAssertEqual(try read("9223372036854775807"), Int.max)
    XCTAssertEqual(try read("+12"), 12)
    for (value, message) in [("0", "must be above 0"), ("-1", "must be above 0"), ("-99999999999999999999", "must be above 0"),
                             ("ten", "must be a whole number above 0"), ("1.5", "must be a whole number above 0"),
                             ("[1]", "must be a whole number above 0")] {
      XCTAssertThrowsError(try read(value), value) { error in
        XCTAssertTrue("\(error)".contains(".centra-lint.yaml:1:21: limits.findings \(message)"), "\(value): \(error)")
      }
    }
  }

  /// Reading with no limit reads everything; a limit reads one byte past it and no more.
  func testReadingWithTheLargestLimit() throws {
    let path = folder + "/bad.yaml"
    XCTAssertEqual(try FileSystem.read(path, limit: .max), Array(CLITests.inactive.utf8))
    XCTAssertEqual(try FileSystem.read(path, limit: 10).count, 11)
  }

  /// The findings cap of a file at the largest limit keeps every finding.
  func testFindingsCapAtTheLargestLimit() throws {
    var configuration = Configuration()
    configuration.limits.findings = .max
    let engine = Engine(rules: Support.rules, configuration: configuration, registry: nil)
    let findings = (1...3).map { Finding(rule: "r", severity: .error, message: "m", location: SourceLocation(file: "a", line: $0, column: 1)) }
    let setup = Diagnostics.FileSetup(
      table: engine.merchants[0], suppressions: [], documents: [], baseline: nil, fileName: "a", droppedBefore: 0)
    XCTAssertEqual(Diagnostics.finish([findings], hiding: SecretTexts(), parallel: false, today: Day("2026-12-02")!) { _ in setup }.findings.count, 3)
    XCTAssertEqual(Engine.capped(findings, engine.merchants[0]).count, 3)
  }

  /// A file bigger than a tree can hold is a limit finding that no config raises, not a trap.
  func testAFileLargerThanATreeCanHoldIsALimit() {
    let tree = YAMLReader.parse(Array("plugins: []\n".utf8), limits: Limits(), sensitivity: .none, pipelineFrom: .max,
                                observe: nil, largest: 5)
    XCTAssertEqual(tree.problems.map(\.message), ["the file is 12 bytes, more than the 5 that centra-lint can read; split it into smaller files"])
    XCTAssertEqual(tree.documents.count, 0)
  }
}
