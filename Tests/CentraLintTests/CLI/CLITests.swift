import Foundation
import XCTest
@testable import CentraLint

/// The command line end to end, in process (fast) and once through the real binary.
final class CLITests: ScratchTestCase {
  struct Run {
    var status: Int32
    var output: String
    var error: String
  }

  override var subject: String { "cli" }

  private func run(_ arguments: [String], stdin: String = "", terminal: Bool = false, environment: [String: String] = [:]) -> Run {
    nonisolated(unsafe) var output = "", error = ""
    let tool = CommandLineTool(
      environment: ["CENTRA_LINT_RULES": Support.packageRoot + "/rules"].merging(environment) { $1 },
      standardOutputIsTerminal: terminal, executablePath: nil,
      readStandardInput: { _ in Array(stdin.utf8) },
      writeOutput: { output += $0 }, writeError: { error += $0 })
    let status = tool.run(arguments)
    return Run(status: status, output: output, error: error)
  }

  static let inactive = """
    plugins:
      - { type: Klarna Payments, name: K, nameInFrontend: K, uri: k, secret: "${S}", eStoreId: K1_a, klarnaEndpoint: EU, status: Inactive }
    """
  static let clean = """
    plugins:
      - { type: Adyen, uri: adyen }
    """
  static let warningOnly = """
    plugins:
      - { type: Klarna Payments, name: K, nameInFrontend: K, uri: w, secret: "${S}", eStoreId: K1_a, klarnaEndpoint: EU, status: Active, testmode: No }
    """

  func testExitStatusFollowsFailOn() throws {
    let bad = try write("bad.yaml", Self.inactive), good = try write("good.yaml", Self.clean)
    let warn = try write("warn.yaml", Self.warningOnly)
    XCTAssertEqual(run([bad]).status, 1)
    XCTAssertEqual(run([good]).status, 0)
    XCTAssertEqual(run([warn]).status, 0)
    XCTAssertEqual(run(["--fail-on", "warning", warn]).status, 1)
    XCTAssertEqual(run(["--fail-on=never", bad]).status, 0)
  }

  func testTextReportHasPositionSnippetCaretAndSummary() throws {
    let bad = try write("bad.yaml", Self.inactive)
    let result = run([bad])
    let lines = result.output.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    XCTAssertEqual(lines[0], "\(bad):2:126: error: plugin 'K' is Inactive; Klarna is not offered at checkout until its status is Active [plugin-status-active]")
    XCTAssertTrue(lines[1].hasPrefix(" 2 |   - { type: Klarna Payments"))
    XCTAssertEqual(lines[2], " " + " " + " | " + String(repeating: " ", count: 125) + "^")
    XCTAssertEqual(lines.suffix(3), ["1 error, 0 warnings in 1 file, 1 plugin", "endpoint-region-matches-mid did not run: no MID registry (give one with --mid-registry FILE or 'midRegistry' in .centra-lint.yaml)", ""])
    XCTAssertFalse(result.output.contains("\u{1B}["), "no colour when not a terminal")
  }

  func testColourOnlyOnATerminalWithoutNoColor() throws {
    let bad = try write("bad.yaml", Self.inactive)
    XCTAssertTrue(run([bad], terminal: true).output.contains("\u{1B}["))
    XCTAssertFalse(run([bad, "--no-color"], terminal: true).output.contains("\u{1B}["))
    XCTAssertFalse(run([bad], terminal: true, environment: ["NO_COLOR": "1"]).output.contains("\u{1B}["))
  }

  func testJSONReportMatchesTheSpec() throws {
    let first = try write("a/one.yaml", "plugins:\n  - { type: Klarna Payments, name: Klarna Payments EU, uri: klarna-payments }\n")
    _ = first
    _ = try write("a/two.yaml", "plugins:\n  - { type: Adyen, uri: klarna-payments }\n")
    let result = run(["--format", "json", folder + "/a"])
    XCTAssertEqual(result.status, 1)
    let json = try JSONSerialization.jsonObject(with: Data(result.output.utf8)) as! [String: Any]
    XCTAssertEqual(json["version"] as? Int, 1)
    XCTAssertEqual((json["tool"] as? [String: String])?["name"], "centra-lint")
    let findings = json["findings"] as! [[String: Any]]
    let unique = findings.first { $0["rule"] as? String == "plugin-uri-unique" }!
    XCTAssertEqual(unique["file"] as? String, folder + "/a/two.yaml")
    XCTAssertEqual(unique["line"] as? Int, 2)
    XCTAssertEqual(unique["column"] as? Int, 25)
    XCTAssertEqual(unique["path"] as? String, "plugins[0].uri")
    XCTAssertEqual(unique["plugin"] as? String, "klarna-payments")
    XCTAssertEqual(unique["message"] as? String, "URI 'klarna-payments' is already used by plugin 'Klarna Payments EU' in exports that name no store or environment (add 'store:' and 'environment:' to tell copies apart)")
    let related = unique["related"] as! [[String: Any]]
    XCTAssertEqual(related.first?["file"] as? String, folder + "/a/one.yaml")
    XCTAssertEqual(related.first?["message"] as? String, "first used here")
    let summary = json["summary"] as! [String: Int]
    XCTAssertEqual(summary["files"], 2)
    XCTAssertEqual(summary["plugins"], 2)
    XCTAssertEqual(summary["errors"], findings.filter { $0["severity"] as? String == "error" }.count)
  }

  func testStandardInputWithItsName() {
    let result = run(["--format", "json", "--stdin-filename", "staged/export.yaml", "-"], stdin: Self.inactive)
    XCTAssertEqual(result.status, 1)
    XCTAssertTrue(result.output.contains("\"file\": \"staged/export.yaml\""))
  }

  func testOutputFileIsWrittenAndStdoutStaysEmpty() throws {
    let bad = try write("bad.yaml", Self.inactive)
    let report = folder + "/report.json"
    let result = run(["--format", "json", "--output", report, bad])
    XCTAssertEqual(result.status, 1)
    XCTAssertEqual(result.output, "")
    XCTAssertTrue(try String(contentsOfFile: report, encoding: .utf8).contains("plugin-status-active"))
    XCTAssertEqual(run(["--output", folder + "/missing/dir/report.txt", bad]).status, 2)
  }

  func testBadRunsExitTwoWithAClearMessage() throws {
    let missing = run([folder + "/nope.yaml"])
    XCTAssertEqual(missing.status, 2)
    XCTAssertTrue(missing.error.contains("nope.yaml"))
    let option = run(["--fromat", "json", "x"])
    XCTAssertEqual(option.status, 2)
    XCTAssertTrue(option.error.contains("did you mean --format?"))
    XCTAssertEqual(run(["--format", "xml", "x"]).status, 2)
    XCTAssertEqual(run([]).status, 2)
    let registry = try write("mids.yaml", "mids:\n  K1: { region: EU }\n  K2: { region: XX }\n")
    let badRegistry = run(["--mid-registry", registry, try write("good.yaml", Self.clean)])
    XCTAssertEqual(badRegistry.status, 2)
    XCTAssertTrue(badRegistry.error.contains("mids.yaml:3:"), badRegistry.error)
    let config = try write("config.yaml", "rules:\n  plugin-status-activ: off\n")
    let badConfig = run(["--config", config, registry])
    XCTAssertEqual(badConfig.status, 2)
    XCTAssertTrue(badConfig.error.contains("config.yaml:2:3: unknown rule 'plugin-status-activ'; did you mean 'plugin-status-active'?"), badConfig.error)
  }

  func testConfigTurnsRulesOffAndNamesTheRegistry() throws {
    _ = try write("exports/mids.yaml", "mids:\n  K1: { region: NA }\n")
    _ = try write("exports/.centra-lint.yaml", "midRegistry: mids.yaml\nrules:\n  plugin-status-active: off\n")
    let export = try write("exports/store.yaml", Self.inactive)
    let result = run(["--config", folder + "/exports/.centra-lint.yaml", "--format", "json", folder + "/exports"])
    XCTAssertFalse(result.output.contains("plugin-status-active"))
    XCTAssertTrue(result.output.contains("endpoint-region-matches-mid"), "registry from the config is used")
    XCTAssertTrue(result.output.contains("\"files\": 1"), "the registry beside the exports is not linted as an export")
    _ = export
  }

  func testTheRegistryNamedAsAFileIsNotLintedAsAnExport() throws {
    let registry = try write("mids.yaml", "mids:\n  K1: { region: EU }\n")
    let export = try write("good.yaml", Self.clean)
    let result = run(["--format", "json", "--mid-registry", registry, registry, export])
    XCTAssertEqual(result.status, 0, result.output)
    XCTAssertTrue(result.output.contains("\"files\": 1"))
  }

  func testRulesAndExplainPrintFromTheRuleFiles() {
    let list = run(["rules"])
    XCTAssertEqual(list.status, 0)
    XCTAssertTrue(list.output.contains("plugin-uri-unique               error    Plugin URIs must be unique"))
    let explain = run(["explain", "test-mode-consistent"])
    XCTAssertEqual(explain.status, 0)
    XCTAssertTrue(explain.output.contains(Support.rules.rule("test-mode-consistent")!.fix.components(separatedBy: "\n")[0]))
    XCTAssertEqual(run(["explain", "nope"]).status, 2)
    XCTAssertFalse(run(["explain", "nonsense"]).error.contains("did you mean"), "only near ids are suggested")
    XCTAssertTrue(run(["explain", "region"]).error.contains("did you mean one of 'endpoint-region-matches-mid', 'locale-matches-region'?"))
    XCTAssertTrue(run(["explain", "secret"]).error.contains("did you mean 'secret-is-reference'?"))
    XCTAssertTrue(run(["explain", "staus"]).error.contains("did you mean 'plugin-status-active'?"))
    XCTAssertEqual(run(["--version"]).output, "centra-lint 0.1.0\n")
  }

  func testRulesAsJSONWithTheSeveritiesOfTheConfig() throws {
    let config = try write(".centra-lint.yaml", "rules:\n  plugin-status-active: off\n  locale-matches-region: Error\n")
    let listed = run(["rules", "--format", "json", "--config", config])
    XCTAssertEqual(listed.status, 0, listed.error)
    let json = try JSONSerialization.jsonObject(with: Data(listed.output.utf8)) as! [String: Any]
    let rules = json["rules"] as! [[String: String]]
    XCTAssertEqual(rules.count, Support.rules.rules.count)
    let byId = Dictionary(uniqueKeysWithValues: rules.map { ($0["id"]!, $0) })
    XCTAssertEqual(byId["plugin-status-active"]?["severity"], "off")
    XCTAssertEqual(byId["plugin-status-active"]?["defaultSeverity"], "error")
    XCTAssertEqual(byId["locale-matches-region"]?["severity"], "error")
    XCTAssertEqual(byId["plugin-uri-unique"]?["title"], Support.rules.rule("plugin-uri-unique")!.title)
    XCTAssertEqual(run(["rules", "--format", "sarif"]).status, 2)
    XCTAssertEqual(run(["rules", "--format", "json", "--fail-on", "info"]).status, 2)
  }

  func testTheBuiltBinaryRunsFromAnotherFolder() throws {
    // The test bundle is an executable beside the products; the test target depends on the tool.
    let binary = URL(fileURLWithPath: ProcessInfo.processInfo.arguments[0])
      .deletingLastPathComponent().appendingPathComponent("centra-lint").path
    XCTAssertTrue(FileManager.default.isExecutableFile(atPath: binary), binary)
    let process = Process()
    process.executableURL = URL(fileURLWithPath: binary)
    process.arguments = ["--format", "json", "-"]
    process.currentDirectoryURL = URL(fileURLWithPath: "/")
    let input = Pipe(), output = Pipe()
    process.standardInput = input
    process.standardOutput = output
    try process.run()
    input.fileHandleForWriting.write(Data(Self.inactive.utf8))
    try input.fileHandleForWriting.close()
    let data = output.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    XCTAssertEqual(process.terminationStatus, 1)
    XCTAssertTrue(String(decoding: data, as: UTF8.self).contains("\"rule\": \"plugin-status-active\""))
  }
}

/// What a new user tripped over (issue 8): each message says what is wrong and what to do.
final class FirstHourTests: ScratchTestCase {
  override var subject: String { "first-hour" }

  override func setUpWithError() throws {
    try super.setUpWithError()
    try FileManager.default.createDirectory(atPath: folder + "/sub", withIntermediateDirectories: true)
  }

  private func run(_ arguments: [String]) throws -> Binary.Run { try Binary.run(arguments, in: folder) }

  func testHelpIsAWordToo() throws {
    let help = try run(["help"])
    XCTAssertEqual(help.status, 0)
    XCTAssertEqual(help.output, try run(["--help"]).output)
    XCTAssertTrue(help.output.hasPrefix("usage: centra-lint"))
  }

  func testExplainPointsAtTheNearestRuleForAnyMiss() throws {
    for (asked, meant) in [("plugin-uri-uniqe", "plugin-uri-unique"), ("uri", "plugin-uri-unique"), ("mid", "endpoint-region-matches-mid"),
                           ("syntax", "yaml-syntax"), ("zzzzzzzzzzzzzzzzzzzz", nil)] {
      let explain = try run(["explain", asked])
      XCTAssertEqual(explain.status, 2)
      XCTAssertTrue(explain.error.contains("unknown rule '\(asked)'"), explain.error)
      if let meant { XCTAssertTrue(explain.error.contains("did you mean '\(meant)'?"), explain.error) }
      XCTAssertTrue(explain.error.contains("'centra-lint rules' lists them all"), explain.error)
    }
  }

  func testRulesAndExplainShowTheConfiguredSeverities() throws {
    let config = try write("config.yaml", "rules:\n  locale-matches-region: error\n  unknown-field: off\n")
    let rules = try run(["rules", "--config", config])
    XCTAssertEqual(rules.status, 0)
    let lines = rules.output.split(separator: "\n").map(String.init)
    XCTAssertTrue(lines.contains { $0.hasPrefix("locale-matches-region ") && $0.contains(" error (default warning) ") }, rules.output)
    XCTAssertTrue(lines.contains { $0.hasPrefix("unknown-field ") && $0.contains(" off (default warning) ") }, rules.output)
    XCTAssertTrue(lines.contains { $0.hasPrefix("plugin-uri-unique ") && $0.contains(" error ") && !$0.contains("default") }, rules.output)
    XCTAssertTrue(rules.output.contains("severities as set in \(config)"))
    XCTAssertTrue(try run(["explain", "unknown-field", "--config", config]).output.hasPrefix("unknown-field (off (default warning)):"))
  }

  func testAnOptionThatWouldDoNothingIsAUsageError() throws {
    let export = try write("a.yaml", "plugins:\n  - { type: Adyen, uri: a }\n")
    for arguments in [["rules", "--output", "x.txt"], ["rules", "--mid-registry", export], ["explain", "yaml-syntax", "--output", "x.txt"],
                      ["explain", "yaml-syntax", "--fail-on", "never"], ["--stdin-filename", "x.yaml", export]] {
      let result = try run(arguments)
      XCTAssertEqual(result.status, 2, "\(arguments)")
      XCTAssertTrue(result.error.contains("--"), result.error)
    }
    XCTAssertTrue(try run(["--stdin-filename", "x.yaml", export]).error.contains("'-'"))
  }

  func testConfigMistakesAreNamedAndACommentOnlyConfigIsEmpty() throws {
    let export = try write("a.yaml", "plugins:\n  - { type: Adyen, uri: a }\n")
    let commentOnly = try write("comments.yaml", "# settings will go here\n\n# midRegistry: mids.yaml\n")
    XCTAssertEqual(try run(["--config", commentOnly, export]).status, 0)
    let misspelt = try write("misspelt.yaml", "midregistry: mids.yaml\n")
    let result = try run(["--config", misspelt, export])
    XCTAssertEqual(result.status, 2)
    XCTAssertTrue(result.error.contains("misspelt.yaml:1:1: unknown key 'midregistry' in the config (did you mean 'midRegistry'?"), result.error)
    let folderRegistry = try run(["--config", commentOnly, "--mid-registry", "sub", export])
    XCTAssertEqual(folderRegistry.status, 2)
    XCTAssertTrue(folderRegistry.error.contains("cannot read 'sub': it is a folder; --mid-registry takes the MID registry file itself"), folderRegistry.error)
    XCTAssertTrue(try run(["--config", "sub", export]).error.contains("it is a folder"))
  }

  func testTheLimitMessageNamesTheConfigInUse() throws {
    let deep = try write("deep.yaml", "plugins: [[[[[[{ type: Adyen, uri: a }]]]]]]\n")
    let config = try write("limits.yaml", "limits: { depth: 4 }\n")
    let limited = try run(["--config", config, deep])
    XCTAssertEqual(limited.status, 1)
    XCTAssertTrue(limited.output.contains("(raise 'limits.depth' in \(config))"), limited.output)
    var limits = Limits()
    limits.depth = 4
    let findings = try Support.lint("plugins: [[[[[[{ type: Adyen, uri: a }]]]]]]\n", limits: limits)
    XCTAssertTrue(findings[0].message.hasSuffix("(raise 'limits.depth' in a .centra-lint.yaml; none is in use)"), findings[0].message)
  }

  func testAConstructLeftOpenIsReportedWhereItOpens() throws {
    let quote = try Support.lint("plugins:\n  - type: Adyen\n    name: \"Adyen NA\n    uri: adyen\n")
    XCTAssertEqual(quote.map(Support.line), ["input.yaml:3:11: error: a quoted value opens here and is never closed (while scanning a quoted scalar, found unexpected end of stream) [yaml-syntax]"])
    XCTAssertEqual(quote[0].related.map(\.location.line), [5])
    let flow = try Support.lint("store: A\nplugins: [ { type: Adyen, uri: a },\n  { type: Adyen, uri: b }\nother: 1\n")
    XCTAssertEqual(flow.map(\.location.line), [2])
    XCTAssertEqual(flow.map(\.location.column), [10])
    XCTAssertEqual(flow[0].related.count, 1)
    let mapping = try Support.lint("plugins:\n  - { type: Adyen, uri: a\n")
    XCTAssertEqual(mapping.map { "\($0.location.line):\($0.location.column)" }, ["2:5"])
  }

  func testMessagesQuoteValuesAsWritten() throws {
    let export = """
      plugins:
        - { type: Klarna Payments, eStoreId: K1_a, klarnaEndpoint: "https://api.klarna.com/", testMode: Yes,
            defaultLocale: en-nz, restrictions: { countries: [nz] } }
      """
    let messages = try Support.lint(export, registry: "mids: { K1: { region: OC } }").map(\.message)
    XCTAssertTrue(messages.contains("country 'nz' is served by region OC, not by endpoint 'https://api.klarna.com/' (region EU)"), "\(messages)")
    XCTAssertTrue(messages.contains("locale 'en-nz' is for NZ, which endpoint 'https://api.klarna.com/' (region EU) does not serve"), "\(messages)")
    XCTAssertTrue(messages.contains { $0.hasPrefix("plugin 'K1_a'") || $0.contains("endpoint 'https://api.klarna.com/' is a live endpoint") }, "\(messages)")
    XCTAssertTrue(messages.contains { $0.hasPrefix("endpoint 'https://api.klarna.com/' is in region EU, but MID 'K1' is registered in region OC: either the endpoint is wrong (use 'OC' for this MID) or the eStoreId is") }, "\(messages)")
  }
}
