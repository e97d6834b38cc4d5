/// `centra-lint rules` and `centra-lint explain`, printed from the rule files themselves, with
/// the severities the config in use sets.
enum RuleDocs {
  static func list(_ rules: RuleSet, _ configuration: Configuration) -> String {
    let idWidth = rules.rules.map(\.id.count).max() ?? 0
    let severities = rules.rules.map { severity(of: $0, configuration) }
    let severityWidth = severities.map(\.count).max() ?? 0
    var out = ""
    for (rule, severity) in zip(rules.rules, severities) {
      out += pad(rule.id, idWidth) + "  " + pad(severity, severityWidth) + "  " + rule.title + "\n"
    }
    let source = configuration.file.map { "; severities as set in \($0)" } ?? ""
    return out + "\n\(rules.rules.count) rules from \(rules.folder)\(source); 'centra-lint explain RULE-ID' for one\n"
  }

  static func explain(_ rule: RuleDefinition, _ configuration: Configuration) -> String {
    var out = "\(rule.id) (\(severity(of: rule, configuration))): \(rule.title)\n\n"
    out += "Why:\n\(indent(rule.rationale))\n\nFix:\n\(indent(rule.fix))\n"
    if let example = rule.examples.first(where: \.triggers) {
      out += "\nExample that triggers it:\n\(indent(example.export.trimmingBlanks()))\n"
    }
    return out + "\nDefined in \(rule.file) (check '\(rule.check)').\n"
  }

  /// `error`, or what the config sets: `warning (default error)`, `off (default error)`.
  static func severity(of rule: RuleDefinition, _ configuration: Configuration) -> String {
    guard let setting = configuration.settings[rule.id], setting.rawValue != rule.severity.rawValue else {
      return rule.severity.rawValue
    }
    return "\(setting.rawValue) (default \(rule.severity.rawValue))"
  }

  private static func pad(_ text: String, _ width: Int) -> String {
    text + String(repeating: " ", count: max(0, width - text.count))
  }

  private static func indent(_ text: String) -> String {
    text.split(separator: "\n", omittingEmptySubsequences: false).map { "  " + $0 }.joined(separator: "\n")
  }
}
