import XCTest
@testable import CentraLint

/// Config values read as people write them (SPEC §3).
final class ConfigurationTests: ScratchTestCase {
  override var subject: String { "configuration" }

  private func load(_ text: String) throws -> Configuration {
    try write(".centra-lint.yaml", text)
    return try Configuration.load(folder + "/.centra-lint.yaml", rules: Support.rules)
  }

  func testSeveritiesAndOffInAnyCase() throws {
    let config = try load("failOn: Warning\nrules:\n  plugin-status-active: Off\n  locale-matches-region: ERROR\n  plugin-uri-unique: wArNiNg\n")
    XCTAssertEqual(config.failOn, .warning)
    XCTAssertEqual(config.settings["plugin-status-active"], .off)
    XCTAssertEqual(config.settings["locale-matches-region"], .error)
    XCTAssertEqual(config.settings["plugin-uri-unique"], .warning)
    XCTAssertThrowsError(try load("rules:\n  plugin-status-active: disabled\n")) { error in
      XCTAssertTrue("\(error)".contains("must be error, warning, info or off, not 'disabled'"), "\(error)")
    }
  }

  func testFailOnInAnyCaseOnTheCommandLine() throws {
    XCTAssertEqual(try Options.parse(raw: ["--fail-on", "NEVER", "x.yaml"].map { Array($0.utf8) }).failOn, .never)
  }
}
