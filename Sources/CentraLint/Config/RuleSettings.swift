/// What a config says of each rule for the files it governs (SPEC §3, `rules`): the one answer
/// to "is this rule on here, and how serious is it", asked by the engine, the reports, `rules`
/// and `explain` alike.
extension Configuration {
  /// The severity of `rule` for this config's files; nil when the config turns it off.
  public func severity(of rule: RuleDefinition) -> Severity? {
    settings[rule.id].map(\.severity) ?? rule.severity
  }

  /// Whether `rule` runs for this config's files.
  public func runs(_ rule: RuleDefinition) -> Bool { severity(of: rule) != nil }

  /// Whether the config sets `rule` otherwise than its default (off included).
  public func changes(_ rule: RuleDefinition) -> Bool { severity(of: rule) != rule.severity }
}
