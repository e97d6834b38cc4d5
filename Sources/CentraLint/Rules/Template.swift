/// A rule's message with `{placeholder}`s, filled per finding. Split into its parts once, when
/// the rule file is read: a check fills it for every finding of a big export.
struct Template: Sendable {
  let text: String
  /// Literal text and placeholder names, alternating: `parts[0]` literal, `parts[1]` a name, …
  private let parts: [String]

  init(text: String) {
    self.text = text
    // On the bytes: every rule file's messages are split at start-up, and `{`, `}` and `$` are
    // ASCII, never part of another character.
    let bytes = Array(text.utf8)
    func string(_ range: Range<Int>) -> String { String(decoding: bytes[range], as: UTF8.self) }
    var parts: [String] = []
    var literal = ""
    var start = 0, index = 0
    while index < bytes.count {
      guard bytes[index] == UInt8(ascii: "{") else {
        index += 1
        continue
      }
      // No `}` after this `{` means none after any later one: the rest is text.
      guard let close = bytes[index...].firstIndex(of: UInt8(ascii: "}")) else { break }
      literal += string(start..<index)
      let name = string((index + 1)..<close)
      // `${NAME}` is a reference, written as it is (SPEC's secret references).
      if index > 0, bytes[index - 1] == UInt8(ascii: "$") {
        literal += "{\(name)}"
      } else {
        parts += [literal, name]
        literal = ""
      }
      index = close + 1
      start = index
    }
    parts.append(literal + string(start..<bytes.count))
    self.parts = parts
  }

  /// The placeholders the template names.
  var placeholders: [String] { stride(from: 1, to: parts.count, by: 2).map { parts[$0] } }

  /// Fills `{name}` from `values`; an unknown placeholder, and `${NAME}`, stay as written.
  /// The text is made at its length, once.
  func render(_ values: Fills) -> String {
    guard parts.count > 1 else { return parts[0] }
    var length = parts[0].utf8.count
    for index in stride(from: 1, to: parts.count, by: 2) {
      length += (values[parts[index]]?.utf8.count ?? parts[index].utf8.count + 2) + parts[index + 1].utf8.count
    }
    var result = ""
    result.reserveCapacity(length)
    result += parts[0]
    for index in stride(from: 1, to: parts.count, by: 2) {
      if let value = values[parts[index]] {
        result += value
      } else {
        result += "{"
        result += parts[index]
        result += "}"
      }
      result += parts[index + 1]
    }
    return result
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

/// What a template's placeholders are filled with, by name: written as a dictionary literal
/// (`["plugin": label]`) but kept as pairs and looked through in order. A message has a few,
/// and a dictionary hashed every name to be made and read again: about 11,000 instructions of
/// each klarna-plugins-overlap finding on a big store (five templates a finding).
public struct Fills: ExpressibleByDictionaryLiteral, Sendable {
  /// Each name and its value.
  private var pairs: [(String, String)]

  public init(dictionaryLiteral elements: (String, String)...) { pairs = elements }

  /// The names filled, in the order given.
  public var names: [String] { pairs.map(\.0) }

  /// The value of `name`; set, it replaces the one there or is added.
  public subscript(name: String) -> String? {
    get {
      for pair in pairs where pair.0 == name { return pair.1 }
      return nil
    }
    set {
      pairs.removeAll { $0.0 == name }
      if let newValue { pairs.append((name, newValue)) }
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
  /// Checks at load that every placeholder is one the check fills (SPEC §2).
  func validate(known: [String], at node: DataNode) throws {
    for name in placeholders where !known.contains(name) {
      let hint = Suggestion.nearest(to: name, in: known).map { "did you mean '{\($0)}'? " } ?? ""
      throw node.error("the message names the placeholder '{\(node.quoted(name))}', which this check does not fill (\(hint)it fills \(known.sorted().map { "{\($0)}" }.joined(separator: ", ")))")
    }
  }
}
