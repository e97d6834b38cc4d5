import Foundation
import XCTest
@testable import CentraLint

/// A merchant's own rules (`ruleFolders`), per-path `overrides`, and the generic checks.
final class OwnRulesTests: ScratchTestCase {
  override var subject: String { "own-rules" }

  static func rule(_ id: String, check: String, params: String, message: String = "plugin '{plugin}' has {field} '{value}'", severity: String = "error") -> String {
    """
    id: \(id)
    severity: \(severity)
    title: \(id)
    rationale: r
    fix: f
    check: \(check)
    params: \(params)
    message: "\(message)"
    examples:
      invalid:
        - export: |
            plugins: []

    """
  }

  static let export = """
    store: Retail
    environment: staging
    plugins:
      - type: Klarna Payments
        status: Inactive
        name: Klarna NA
        nameInFrontend: Pay later
        uri: klarna-na
        secret: ${lower_case}
        eStoreId: K1
        klarnaEndpoint: NA
        frontendPrefix: http://shop.example.com
        restrictions: { countries: [US, CA] }
      - type: Adyen
        uri: adyen
        status: Inactive

    """

  func testAConfigsRuleFolderAndOverrides() throws {
    try write("policies/na-direct-capture.yaml", Self.rule("na-direct-capture", check: "present", params: "{ field: directCapture, when: { region: NA } }", message: "plugin '{plugin}' does not decide {field}"))
    try write("policies/name-at-checkout.yaml", Self.rule("name-at-checkout", check: "equals", params: "{ field: nameInFrontend, expected: klarna }", message: "plugin '{plugin}' is called '{value}', not '{expected}'", severity: "warning"))
    try write(".centra-lint.yaml", """
      ruleFolders: [policies]
      exports: ["exports/**/*.yaml"]
      rules: { name-at-checkout: error }
      overrides:
        - files: ["exports/staging/*.yaml"]
          rules: { plugin-status-active: warning, name-at-checkout: off }
        - files: ["exports/staging/eu-*.yaml"]
          rules: { plugin-status-active: off }

      """)
    try write("exports/live/retail.yaml", Self.export.replacingOccurrences(of: "klarna-na", with: "live-na"))
    try write("exports/staging/na.yaml", Self.export)
    try write("exports/staging/eu-1.yaml", Self.export.replacingOccurrences(of: "klarna-na", with: "eu-na"))
    let run = try Binary.run(["--format", "json"], in: folder)
    XCTAssertEqual(run.status, 1, run.error)
    let findings = try Binary.json(run)["findings"] as! [[String: Any]]
    func found(_ file: String, _ rule: String) -> String? {
      findings.first { $0["file"] as? String == file && $0["rule"] as? String == rule }?["severity"] as? String
    }
    XCTAssertEqual(found("exports/live/retail.yaml", "na-direct-capture"), "error")
    XCTAssertEqual(found("exports/live/retail.yaml", "name-at-checkout"), "error", "the config's setting")
    XCTAssertEqual(found("exports/live/retail.yaml", "plugin-status-active"), "error")
    XCTAssertEqual(found("exports/staging/na.yaml", "plugin-status-active"), "warning", "the first override")
    XCTAssertNil(found("exports/staging/na.yaml", "name-at-checkout"), "off by the first override")
    XCTAssertNil(found("exports/staging/eu-1.yaml", "plugin-status-active"), "off by the second, applied after the first")
    XCTAssertEqual(found("exports/staging/eu-1.yaml", "na-direct-capture"), "error")
    XCTAssertFalse(findings.contains { ($0["file"] as! String).hasPrefix("policies/") }, "rule files are no exports")
    // `rules` and `explain` know the merchant's rules.
    let list = try Binary.run(["rules"], in: folder)
    XCTAssertTrue(list.output.contains("na-direct-capture"), list.output)
    XCTAssertEqual(try Binary.run(["explain", "name-at-checkout"], in: folder).status, 0)
  }

  /// A rule that compares files (`plugin-uri-unique`) takes each file's severity from the
  /// overrides that match it, like a rule of one file.
  func testOverridesSetTheSeverityOfARuleAcrossFiles() throws {
    try write(".centra-lint.yaml", """
      exports: ["exports/**/*.yaml"]
      overrides:
        - files: ["exports/staging/*.yaml"]
          rules: { plugin-uri-unique: warning }
        - files: ["exports/old/*.yaml"]
          rules: { plugin-uri-unique: off }

      """)
    for (file, store) in [("live/a.yaml", "A"), ("staging/b.yaml", "B"), ("old/c.yaml", "C")] {
      try write("exports/" + file, "store: \(store)\nplugins:\n  - { type: Adyen, uri: same, status: Active }\n  - { type: Adyen, uri: same, status: Active }\n")
    }
    let run = try Binary.run(["--format", "json"], in: folder)
    let findings = try Binary.json(run)["findings"] as! [[String: Any]]
    let severities = Dictionary(grouping: findings.filter { $0["rule"] as? String == "plugin-uri-unique" }) { $0["file"] as! String }
      .mapValues { $0.map { $0["severity"] as! String } }
    XCTAssertEqual(severities, ["exports/live/a.yaml": ["error"], "exports/staging/b.yaml": ["warning"]], run.output)
  }

  func testAnIdTakenTwiceIsExitTwoNamingBothFiles() throws {
    try write("a/same-id.yaml", Self.rule("same-id", check: "present", params: "{ field: directCapture }"))
    try write("b/same-id.yaml", Self.rule("same-id", check: "absent", params: "{ field: directCapture }"))
    try write(".centra-lint.yaml", "ruleFolders: [a, b]\n")
    try write("x.yaml", Self.export)
    let run = try Binary.run(["x.yaml"], in: folder)
    XCTAssertEqual(run.status, 2)
    XCTAssertTrue(run.error.contains("b/same-id.yaml:1:1: the rule id 'same-id' is already taken by a/same-id.yaml"), run.error)
  }

  func testConfigAndRuleFileMistakesNameTheFileAndLine() throws {
    try write("x.yaml", Self.export)
    let cases: [(config: String, rule: String?, message: String)] = [
      ("ruleFolders: [nowhere]\n", nil, ".centra-lint.yaml:1:15: the rule folder 'nowhere' is not a folder"),
      ("overrides:\n  - rules: { plugin-status-active: off }\n", nil, ".centra-lint.yaml:2:5: each entry of 'overrides' needs 'files'"),
      ("overrides:\n  - { files: [x.yaml], rules: { plugin-status-activ: off } }\n", nil, "unknown rule 'plugin-status-activ'; did you mean 'plugin-status-active'?"),
      ("overrides:\n  - { files: [/abs.yaml], rules: { plugin-status-active: off } }\n", nil, "is an absolute path"),
      ("overrides:\n  - { files: [x.yaml], rules: { plugin-status-active: loud } }\n", nil, "must be error, warning, info or off"),
      ("overrides:\n  - { files: [x.yaml], severity: off }\n", nil, "unknown key 'severity' in an entry of 'overrides'"),
      ("ruleFolders: [p]\n", Self.rule("r", check: "equals", params: "{ field: status, expected: Active }", message: "{plugin} is {valeu}"), "p/r.yaml:8:10: the message names the placeholder '{valeu}', which this check does not fill (did you mean '{value}'?"),
      ("ruleFolders: [p]\n", Self.rule("r", check: "pattern", params: "{ field: secret, pattern: '^(unclosed' }"), "p/r.yaml:6:8: the pattern '^(unclosed' is not a valid regular expression"),
      ("ruleFolders: [p]\n", Self.rule("r", check: "equals", params: "{ field: status, expect: Active }"), "check 'equals' needs the parameter 'expected'"),
      ("ruleFolders: [p]\n", Self.rule("r", check: "equals", params: "{ field: status, expected: Active, extra: 1 }"), "check 'equals' has no parameter 'extra'"),
      ("ruleFolders: [p]\n", Self.rule("r", check: "present", params: "{ field: directCapture, when: { regoin: NA } }"), "names the field 'regoin', which the schema does not have"),
      ("ruleFolders: [p]\n", Self.rule("r", check: "present", params: "{ field: directCapture, when: { endpoint: production } }"), "'endpoint' in 'when' is live or test"),
      ("ruleFolders: [p]\n", Self.rule("r", check: "matches", params: "{ field: status }"), "unknown check 'matches'"),
      ("ruleFolders: [p]\n", Self.rule("r", check: "equals", params: "{ field: status, expected: Active, select: [any] }"), "check 'equals' reads 'status', which is read only on plugin types with a schema"),
      ("ruleFolders: [p]\n", Self.rule("r", check: "length", params: "{ field: name, max: 5 }", message: "longer than {min}"), "the message names the placeholder '{min}', which this check does not fill"),
      ("ruleFolders: [p]\n", Self.rule("r", check: "pattern", params: "{ field: secret, pattern: '^(a+)\\1$' }"), "back-references ('\\1') are not supported (at character 6)"),
      ("ruleFolders: [p]\n", Self.rule("r", check: "klarna-plugins-overlap", params: "{ dimensions: [countries, countries] }"),
       "compares 1 to 31 different restriction dimensions, not 2 with repeats"),
      ("ruleFolders: [p]\n", Self.rule("r", check: "present", params: "{ field: directCapture }", message: String(repeating: "{plugin} ", count: 120_000)),
       "cannot read 'p/r.yaml': the file is larger than 1024 KiB, the most read of a rule or data file"),
    ]
    for (config, rule, message) in cases {
      try? FileManager.default.removeItem(atPath: folder + "/p")
      if let rule { try write("p/r.yaml", rule) }
      try write(".centra-lint.yaml", config)
      let run = try Binary.run(["x.yaml"], in: folder)
      XCTAssertEqual(run.status, 2, config)
      XCTAssertTrue(run.error.contains(message), "\(run.error) lacks \(message)")
    }
  }

  /// The generic checks on their own, each on what passes and what fails.
  func testGenericChecks() throws {
    func findings(_ check: String, _ params: String) throws -> [String] {
      let scratch = try Scratch("generic")
      try scratch.write("p/r.yaml", Self.rule("r", check: check, params: params))
      let own = try OwnRules.load(folders: [scratch.path + "/p"], builtIn: Support.rules)
      var configuration = Configuration()
      configuration.ownRules = own
      let engine = Engine(rules: Support.rules, configuration: configuration, registry: nil)
      return try engine.lint([LintInput(display: "x.yaml", source: .bytes(Array(Self.export.utf8)))]).findings
        .filter { $0.rule == "r" }.map { "\($0.location.line):\($0.location.column) \($0.message)" }
    }
    XCTAssertEqual(try findings("present", "{ field: directCapture }"), ["4:5 plugin 'Klarna NA' has directCapture ''"])
    XCTAssertEqual(try findings("present", "{ field: frontendPrefix }"), [])
    XCTAssertEqual(try findings("absent", "{ field: frontendPrefix }"), ["12:21 plugin 'Klarna NA' has frontendPrefix 'http://shop.example.com'"])
    XCTAssertEqual(try findings("equals", "{ field: status, expected: ACTIVE }"), ["5:13 plugin 'Klarna NA' has status 'Inactive'"])
    XCTAssertEqual(try findings("equals", "{ field: status, expected: ' inactive ' }"), [])
    XCTAssertEqual(try findings("one-of", "{ field: klarnaEndpoint, values: [EU, eu test] }"), ["11:21 plugin 'Klarna NA' has klarnaEndpoint 'NA'"])
    XCTAssertEqual(try findings("one-of", "{ field: restrictions.countries, values: [us] }"), ["13:37 plugin 'Klarna NA' has restrictions.countries 'CA'"])
    XCTAssertEqual(try findings("pattern", "{ field: secret, pattern: '^\\$\\{[A-Z0-9_]+\\}$' }"), ["9:13 plugin 'Klarna NA' has secret '(hidden)'"])
    XCTAssertEqual(try findings("pattern", "{ field: secret, pattern: '(?i)^\\$\\{[A-Z0-9_]+\\}$' }"), [])
    XCTAssertEqual(try findings("length", "{ field: nameInFrontend, max: 6 }"), ["7:21 plugin 'Klarna NA' has nameInFrontend 'Pay later'"])
    XCTAssertEqual(try findings("length", "{ field: nameInFrontend, min: 2, max: 9 }"), [])
    XCTAssertEqual(try findings("https-url", "{ field: frontendPrefix }"), ["12:21 plugin 'Klarna NA' has frontendPrefix 'http://shop.example.com'"])
    // `select`: every plugin, or the types named (compared like `type`); a plugin without a
    // schema has its `type` and `uri` read.
    XCTAssertEqual(try findings("equals", "{ field: uri, expected: x, select: [any] }").count, 2)
    XCTAssertEqual(try findings("equals", "{ field: uri, expected: x, select: [ADYEN] }"), ["15:10 plugin 'adyen' has uri 'adyen'"])
    XCTAssertEqual(try findings("present", "{ field: directCapture, when: { environment: [qa, Staging] } }").count, 1)
    XCTAssertEqual(try findings("present", "{ field: directCapture, when: { environment: production } }"), [])
    XCTAssertEqual(try findings("present", "{ field: directCapture, when: { endpoint: live, region: NA } }").count, 1)
    XCTAssertEqual(try findings("present", "{ field: directCapture, when: { endpoint: test } }"), [])
    XCTAssertEqual(try findings("present", "{ field: directCapture, when: { status: inactive } }").count, 1)
  }
}
