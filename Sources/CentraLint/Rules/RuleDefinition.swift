/// Everything about one rule, as written in `rules/<id>.yaml`.
public struct RuleDefinition: Sendable {
  /// One example of the rule file: an export that must (invalid) or must not (valid) trigger it.
  public struct Example: Sendable {
    public var export: String
    /// A MID registry to run the example with.
    public var midRegistry: String?
    /// Image sizes to run the example with.
    public var imageSizes: [String]?
    /// Whether the rule must fire on it.
    public var triggers: Bool
  }

  public var id: String
  public var severity: Severity
  public var title: String
  public var rationale: String
  public var fix: String
  /// The name of the check in the check library.
  public var check: String
  public var examples: [Example]
  /// The rule file.
  public var file: String
  /// Whether a suppression comment may silence its findings (SPEC §6; `suppressible: false`).
  public var suppressible = true
  let implementation: any Check

  /// Reads a rule file; every problem names the file and line.
  static func load(_ root: DataNode, expectedID: String, schema: Schema) throws -> RuleDefinition {
    var fields: [String: DataNode] = [:]
    let known = ["id", "severity", "title", "rationale", "fix", "check", "params", "message", "suppressible", "examples"]
    for (key, keyNode, value) in try root.pairs("a rule file") {
      guard known.contains(key) else {
        let params = ["field", "select", "when", "expected", "values", "pattern", "min", "max"]
        let hint = params.contains(key) ? "; '\(key)' belongs under 'params'" : ""
        throw keyNode.error("unknown key '\(keyNode.quoted(key))' in a rule file (\(known.joined(separator: ", ")))\(hint)")
      }
      fields[key] = value
    }
    func text(_ key: String) throws -> String {
      guard let node = fields[key] else { throw root.error("a rule file needs '\(key)'") }
      return try node.string(key).trimmingBlanks()
    }
    let id = try text("id")
    guard id == expectedID else {
      throw fields["id"]!.error("the rule id '\(id)' must match its file name '\(expectedID).yaml'")
    }
    guard let severity = Severity(rawValue: try text("severity")) else {
      throw fields["severity"]!.error("severity must be error, warning or info")
    }
    let checkName = try text("check")
    let parameters = Parameters(node: fields["params"], check: checkName, at: fields["check"]!, schema: schema)
    let message = try fields["message"].map { Template(text: try $0.string("message").trimmingBlanks()) }
    // A rule's texts reach every report (SARIF's rules, HTML's help) and the terminal: a
    // Klarna-shaped key or a URL's password written in them is hidden once, here.
    var suppressible = true
    if let node = fields["suppressible"] {
      switch try node.string("suppressible").lowercased() {
      case "true", "yes": suppressible = true
      case "false", "no": suppressible = false
      default: throw node.error("suppressible must be true or false")
      }
    }
    var rule = RuleDefinition(
      id: id, severity: severity, title: Sensitivity.redacting(try text("title")),
      rationale: Sensitivity.redacting(try text("rationale")), fix: Sensitivity.redacting(try text("fix")), check: checkName, examples: try examples(fields["examples"]),
      file: root.file,
      implementation: try CheckLibrary.make(checkName, parameters, message: message, at: fields["check"]!))
    rule.suppressible = suppressible
    if let known = rule.implementation.placeholders, let message, let node = fields["message"] {
      try message.validate(known: known, at: node)
    }
    return rule
  }

  private static func examples(_ node: DataNode?) throws -> [Example] {
    guard let node else { return [] }
    var result: [Example] = []
    for (key, keyNode, list) in try node.pairs("examples") {
      guard key == "valid" || key == "invalid" else { throw keyNode.error("examples are 'valid' or 'invalid'") }
      for item in try list.items(key) {
        guard let export = try item.field("export") else { throw item.error("an example needs 'export'") }
        result.append(Example(
          export: try export.string("export"), midRegistry: try item.field("midRegistry")?.string("midRegistry"),
          imageSizes: try item.field("imageSizes")?.strings("imageSizes"), triggers: key == "invalid"))
      }
    }
    return result
  }
}

/// The named checks a rule file can use.
enum CheckLibrary {
  /// Every check name, for messages.
  static let names = [
    "yaml-syntax", "yaml-limit", "duplicate-key", "schema", "field-equals", "unique", "required-when",
    "endpoint-region-matches-mid", "test-mode-consistent", "test-mode-outside-production", "klarna-plugins-overlap", "environments-agree", "endpoint-serves-countries", "locale-matches-region",
    "secret-is-reference", "environment-named", "suppressions",
  ] + FieldCheck.names

  static func make(_ name: String, _ parameters: Parameters, message: Template?, at: DataNode) throws -> any Check {
    func needMessage() throws -> Template {
      guard let message else { throw at.error("check '\(name)' needs a 'message' in the rule file") }
      return message
    }
    switch name {
    case "yaml-syntax": return SyntaxCheck()
    case "yaml-limit": return LimitCheck()
    case "duplicate-key": return DuplicateKeyCheck()
    case "schema": return try SchemaCheck(parameters)
    // The built-in rule's name for the generic `equals` (SPEC §2).
    case "field-equals": return try FieldCheck("equals", parameters, message: needMessage())
    case "unique": return try UniqueCheck(parameters, message: needMessage())
    case "required-when": return try RequiredWhenCheck(parameters, message: needMessage())
    case "endpoint-region-matches-mid": return try EndpointRegionCheck(parameters, message: needMessage())
    case "test-mode-consistent": return try TestModeCheck(parameters)
    case "test-mode-outside-production": return try OutsideProductionCheck(parameters, message: needMessage())
    case "klarna-plugins-overlap": return try OverlapCheck(parameters, message: needMessage())
    case "environments-agree": return try AgreementCheck(parameters, message: needMessage())
    case "endpoint-serves-countries": return try CountriesCheck(parameters)
    case "locale-matches-region": return try LocaleCheck(parameters)
    case "secret-is-reference": return SecretReferenceCheck(message: try needMessage())
    case "environment-named": return EnvironmentNamedCheck(message: try needMessage())
    case "suppressions": return SuppressionCheck(message: try needMessage())
    case _ where FieldCheck.names.contains(name): return try FieldCheck(name, parameters, message: needMessage())
    default: throw at.error("unknown check '\(name)' (\(names.joined(separator: ", ")))")
    }
  }
}
