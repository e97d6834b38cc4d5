/// `centra-lint rules` and `centra-lint explain`, printed from the rule files themselves, with
/// the severities the config in use sets.
enum RuleDocs {
  static func list(_ ruleSet: RuleSet, _ configuration: Configuration) -> String {
    let rules = ruleSet.rules(with: configuration)
    let idWidth = rules.map(\.id.count).max() ?? 0
    let severities = rules.map { severity(of: $0, configuration) }
    let severityWidth = severities.map(\.count).max() ?? 0
    var out = ""
    for (rule, severity) in zip(rules, severities) {
      out += pad(Printable.escaped(rule.id), idWidth) + "  " + pad(severity, severityWidth) + "  " + Printable.escaped(rule.title) + "\n"
    }
    let overrides = configuration.overrides.isEmpty ? "" : " (its overrides change them for the files they match)"
    let source = configuration.file.map { "; severities as set in \($0)\(overrides)" } ?? ""
    let own = configuration.ownRules.folders.isEmpty ? "" : " and " + configuration.ownRules.folders.joined(separator: ", ")
    return out + "\n\(rules.count) rules from \(Printable.escaped(ruleSet.folder + own))\(Printable.escaped(source)); 'centra-lint explain RULE-ID' for one\n"
  }

  /// `rules --format json`: each rule's id, its severity for this config (`off` when off) and
  /// its default, title, rationale and fix, and the file it is defined in.
  static func json(_ ruleSet: RuleSet, _ configuration: Configuration) -> String {
    let rules = ruleSet.rules(with: configuration)
    var out = JSON.Writer(capacity: 256 * rules.count)
    out.raw("{ \"rules\": [")
    for (at, rule) in rules.enumerated() {
      out.raw(at == 0 ? "\n  { \"id\": " : ",\n  { \"id\": ")
      out.string(rule.id)
      out.field(", \"severity\": ", configuration.severity(of: rule)?.rawValue ?? "off")
      out.field(", \"defaultSeverity\": ", rule.severity.rawValue)
      out.field(", \"title\": ", rule.title)
      out.field(", \"rationale\": ", rule.rationale)
      out.field(", \"fix\": ", rule.fix)
      out.field(", \"file\": ", rule.file)
      out.raw(" }")
    }
    out.raw(rules.isEmpty ? "] }\n" : "\n] }\n")
    return out.text
  }

  /// Everything in it comes from a rule file: escaped for the terminal, and an example's
  /// sensitive values masked as a source line of a report is.
  static func explain(_ rule: RuleDefinition, _ configuration: Configuration, schema: Schema) -> String {
    var out = "\(Printable.escaped(rule.id)) (\(severity(of: rule, configuration))): \(Printable.escaped(rule.title))\n\n"
    out += "Why:\n\(indent(Printable.escapedLines(rule.rationale)))\n\nFix:\n\(indent(Printable.escapedLines(rule.fix)))\n"
    if let example = rule.examples.first(where: \.triggers) {
      // The marks say where a rule test expects the finding: not part of the YAML.
      let text = RuleExamples.unmarked(example.export).text
      out += "\nExample that triggers it:\n\(indent(masked(text.trimmingBlanks(), schema)))\n"
    }
    out += "\nTo accept it where it is right to:\n\(indent(acceptance(rule)))\n"
    return out + "\nDefined in \(Printable.escaped(rule.file)) (check '\(Printable.escaped(rule.check))').\n"
  }

  /// How a rule is turned off for one export, or its findings accepted: true for this rule.
  static func acceptance(_ rule: RuleDefinition) -> String {
    let id = Printable.escaped(rule.id)
    var lines = [
      "for some exports: an 'overrides' entry in .centra-lint.yaml,",
      "  overrides: [{ files: [\"exports/staging/*.yaml\"], rules: { \(id): off } }]",
    ]
    if rule.suppressible {
      lines += [
        "for one finding: a comment on its line (or alone on the line above it),",
        "  # centra-lint: ignore \(id) -- REASON",
        "  (ignore-plugin above a plugin; ignore-file alone on a line; 'until YYYY-MM-DD' before",
        "  ' -- ' ends it)",
      ]
    } else {
      lines.append("its findings cannot be suppressed by a comment")
    }
    lines.append("for all findings there are today: a baseline (--write-baseline FILE, then --baseline FILE)")
    return lines.joined(separator: "\n")
  }

  /// An example as a report would show its lines: every sensitive value masked.
  private static func masked(_ text: String, _ schema: Schema) -> String {
    let bytes = Array(text.utf8)
    let tree = YAMLReader.parse(bytes, sensitivity: schema.sensitivity)
    var snippets = Snippets(bytes: bytes, tree: tree, sensitivity: schema.sensitivity, secrets: tree.secretTexts())
    let count = text.split(separator: "\n", omittingEmptySubsequences: false).count
    return (1...max(1, count)).map { snippets.line($0, column: 1)?.text ?? "" }.joined(separator: "\n")
  }

  /// `error`, or what the config sets: `warning (default error)`, `off (default error)`.
  static func severity(of rule: RuleDefinition, _ configuration: Configuration) -> String {
    guard configuration.changes(rule) else { return rule.severity.rawValue }
    return "\(configuration.severity(of: rule)?.rawValue ?? "off") (default \(rule.severity.rawValue))"
  }

  private static func pad(_ text: String, _ width: Int) -> String {
    text + String(repeating: " ", count: max(0, width - text.count))
  }

  private static func indent(_ text: String) -> String {
    text.split(separator: "\n", omittingEmptySubsequences: false).map { "  " + $0 }.joined(separator: "\n")
  }
}
