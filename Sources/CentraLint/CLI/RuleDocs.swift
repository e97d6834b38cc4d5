/// `centra-lint rules` and `centra-lint explain`, printed from the rule files themselves.
enum RuleDocs {
  static func list(_ rules: RuleSet) -> String {
    let idWidth = rules.rules.map(\.id.count).max() ?? 0
    var out = ""
    for rule in rules.rules {
      let id = rule.id + String(repeating: " ", count: idWidth - rule.id.count)
      let severity = rule.severity.rawValue + String(repeating: " ", count: 7 - rule.severity.rawValue.count)
      out += "\(id)  \(severity)  \(rule.title)\n"
    }
    return out + "\n\(rules.rules.count) rules from \(rules.folder); 'centra-lint explain RULE-ID' for one\n"
  }

  static func explain(_ rule: RuleDefinition) -> String {
    var out = "\(rule.id) (\(rule.severity.rawValue)): \(rule.title)\n\n"
    out += "Why:\n\(indent(rule.rationale))\n\nFix:\n\(indent(rule.fix))\n"
    if let example = rule.examples.first(where: \.triggers) {
      out += "\nExample that triggers it:\n\(indent(example.export.trimmingBlanks()))\n"
    }
    return out + "\nDefined in \(rule.file) (check '\(rule.check)').\n"
  }

  private static func indent(_ text: String) -> String {
    text.split(separator: "\n", omittingEmptySubsequences: false).map { "  " + $0 }.joined(separator: "\n")
  }
}
