/// A rule's message with `{placeholder}`s, filled per finding.
struct Template: Sendable {
  let text: String

  /// Fills `{name}` from `values`; an unknown placeholder, and `${NAME}`, stay as written.
  func render(_ values: [String: String]) -> String {
    var result = ""
    var rest = Substring(text)
    while let open = rest.firstIndex(of: "{") {
      result += rest[..<open]
      guard let close = rest[open...].firstIndex(of: "}") else { break }
      let name = String(rest[rest.index(after: open)..<close])
      // `${NAME}` is a reference, written as it is (SPEC's secret references).
      let literal = open > rest.startIndex && rest[rest.index(before: open)] == "$"
      result += literal ? "{\(name)}" : values[name] ?? "{\(name)}"
      rest = rest[rest.index(after: close)...]
    }
    return result + rest
  }

  /// A field's value as a message may show it: never a sensitive one.
  static func shown(_ field: WrittenField?) -> String {
    guard let field else { return "" }
    if field.sensitive { return Sensitivity.hidden }
    switch field.value {
    case .yesNo(let yes): return yes ? "Yes" : "No"
    case .choice(let value): return value
    case .endpoint(let endpoint): return Quote.clipped(endpoint.written)
    case .text(let text): return Quote.clipped(text.trimmingBlanks())
    default: return ""
    }
  }
}

/// Reads a check's parameters with errors that name the rule file.
struct Parameters {
  let node: DataNode?
  let check: String
  let at: DataNode
  let schema: Schema

  /// The schema slot of the field a parameter names.
  func slot(_ key: String) throws -> Int {
    try slot(named: text(key))
  }

  /// The schema slot of a field name.
  func slot(named name: String) throws -> Int {
    guard let slot = schema.slot(name) else {
      let hint = Suggestion.nearest(to: name, in: schema.slotNames).map { "; did you mean '\($0)'?" } ?? ""
      throw at.error("check '\(check)' names the field '\(name)', which the schema does not have\(hint)")
    }
    return slot
  }

  func text(_ key: String) throws -> String {
    guard let value = try node?.field(key) else { throw at.error("check '\(check)' needs the parameter '\(key)'") }
    return try value.string(key)
  }

  /// A message of the rule file kept as a parameter (`…Message`), its placeholders checked
  /// against `fills` at load: the check's texts live in its rule file, beside `explain`'s.
  func template(_ key: String, fills: [String]) throws -> Template {
    guard let value = try node?.field(key) else { throw at.error("check '\(check)' needs the message '\(key)' under 'params'") }
    let template = Template(text: try value.string(key).trimmingBlanks())
    try template.validate(known: fills, at: value)
    return template
  }

  func optionalText(_ key: String) throws -> String? {
    try node?.field(key).map { try $0.string(key) }
  }

  /// A severity a parameter names (`info`, `warning` or `error`), or `fallback` without one.
  func severity(_ key: String, default fallback: Severity) throws -> Severity {
    guard let text = try optionalText(key) else { return fallback }
    guard let severity = Severity(rawValue: text) else {
      throw at.error("check '\(check)' takes info, warning or error for '\(key)', not '\(Quote.clipped(text))'")
    }
    return severity
  }
}

extension Template {
  /// The placeholders the template names.
  var placeholders: [String] {
    var names: [String] = []
    var rest = Substring(text)
    while let open = rest.firstIndex(of: "{"), let close = rest[open...].firstIndex(of: "}") {
      if open == rest.startIndex || rest[rest.index(before: open)] != "$" { names.append(String(rest[rest.index(after: open)..<close])) }
      rest = rest[rest.index(after: close)...]
    }
    return names
  }

  /// Checks at load that every placeholder is one the check fills (SPEC §2).
  func validate(known: [String], at node: DataNode) throws {
    for name in placeholders where !known.contains(name) {
      let hint = Suggestion.nearest(to: name, in: known).map { "did you mean '{\($0)}'? " } ?? ""
      throw node.error("the message names the placeholder '{\(node.quoted(name))}', which this check does not fill (\(hint)it fills \(known.sorted().map { "{\($0)}" }.joined(separator: ", ")))")
    }
  }
}
