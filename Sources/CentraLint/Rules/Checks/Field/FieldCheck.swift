/// The generic checks (SPEC §2): `present`, `absent`, `equals`, `one-of`, `pattern`, `length`
/// and `https-url` on one field of the plugins a `select` names, where a `when` holds. Policies
/// are written with them as data, built-in or in a merchant's rule folder. Values are trimmed and
/// compared ignoring case, Yes/No by meaning; a pattern is a search in the value as written
/// (write `(?i)` to ignore case). A sensitive value is shown as `(hidden)`.
struct FieldCheck: Check {
  /// What the value must be.
  enum Test: Sendable {
    case present, absent
    case equals(String)
    case oneOf([String])
    case pattern(Pattern)
    case length(min: Int?, max: Int?)
    case httpsURL
  }

  /// One condition of `when`: all must hold; each is true for any of its values.
  enum Condition: Sendable {
    case environment([String])
    case region([String])
    case endpoint(live: Bool)
    case field(slot: Int, values: [String])
  }

  let test: Test
  let field: String
  let slot: Int
  /// Plugin types as `Schema.normalizedType` writes them; nil: every plugin. A short list,
  /// compared per plugin without hashing.
  let select: [String]?
  let conditions: [Condition]
  let message: Template
  /// The parameters a message may name (`{expected}`, `{values}`, `{pattern}`, `{min}`, `{max}`).
  let values: Fills
  /// For `present` in a built-in check: the field whose value an absent field's finding points
  /// at (`required-when`: the Yes that requires it); nil: the plugin's mapping.
  var missingAt: Int?

  /// The checks this type implements, by the name a rule file gives.
  static let names = ["present", "absent", "equals", "one-of", "pattern", "length", "https-url"]
  /// Placeholders every generic check fills.
  static let placeholders = ["plugin", "field", "value"]

  init(_ name: String, _ parameters: Parameters, message: Template) throws {
    let schema = parameters.schema
    field = try parameters.text("field")
    slot = try parameters.slot(named: field)
    var values: Fills = [:]
    var params = ["field", "select", "when"]
    switch name {
    case "present": test = .present
    case "absent": test = .absent
    case "equals":
      let expected = try parameters.text("expected").trimmingBlanks()
      test = .equals(expected)
      values["expected"] = expected
      params.append("expected")
    case "one-of":
      guard let node = try parameters.node?.field("values") else { throw parameters.at.error("check 'one-of' needs the parameter 'values' (a list)") }
      let list = try node.strings("values").map { $0.trimmingBlanks() }
      guard !list.isEmpty else { throw node.error("check 'one-of' needs at least one value in 'values'") }
      test = .oneOf(list)
      values["values"] = list.joined(separator: ", ")
      params.append("values")
    case "pattern":
      let text = try parameters.text("pattern")
      do {
        test = .pattern(try Pattern(text))
      } catch {
        throw parameters.at.error("the pattern '\(Quote.clipped(text))' is not a valid regular expression: \(error.reason) (at character \(error.offset + 1))")
      }
      values["pattern"] = text
      params.append("pattern")
    case "length":
      let low = try parameters.node?.field("min").map { try $0.int("min") }
      let high = try parameters.node?.field("max").map { try $0.int("max") }
      guard low != nil || high != nil else { throw parameters.at.error("check 'length' needs 'min', 'max' or both") }
      if let low, let high, low > high { throw parameters.at.error("check 'length' has min \(low) above max \(high)") }
      test = .length(min: low, max: high)
      // Only what is given may be named in the message.
      if let low { values["min"] = String(low) }
      if let high { values["max"] = String(high) }
      params += ["min", "max"]
    case "https-url": test = .httpsURL
    default: throw parameters.at.error("unknown generic check '\(name)'")
    }
    // Every parameter is one the check reads: a typo must not pass silently.
    for (key, keyNode, _) in try parameters.node?.pairs("params") ?? [] where !params.contains(key) {
      let hint = Suggestion.nearest(to: key, in: params).map { "did you mean '\($0)'? " } ?? ""
      throw keyNode.error("check '\(name)' has no parameter '\(keyNode.quoted(key))' (\(hint)it takes \(params.joined(separator: ", ")))")
    }
    if let node = try parameters.node?.field("select") {
      let types = node.isNull ? [] : try (try? node.strings("select")) ?? [try node.string("select")]
      select = types.contains { $0.trimmingBlanks().lowercased() == "any" } ? nil : Array(Set(types.map(Schema.normalizedType))).sorted()
    } else {
      select = [Schema.normalizedType("Klarna Payments")]
    }
    // A plugin type without a schema has only its `type` and `uri` read: a check of another
    // field there could never fire.
    let keys = Set(schema.pluginTypes.map(\.key))
    let field = self.field
    if select.map({ !Set($0).isSubset(of: keys) }) ?? true, !schema.anyPlugin.contains(where: { $0.name == field }) {
      let types = schema.pluginTypes.map(\.label).joined(separator: ", ")
      throw parameters.at.error(
        "check '\(name)' reads '\(field)', which is read only on plugin types with a schema (\(types)); "
          + "on other types (select: [any], or a type without a schema) only \(schema.anyPlugin.map(\.name).joined(separator: " and ")) are read")
    }
    var conditions: [Condition] = []
    for (key, _, value) in try parameters.node?.field("when")?.pairs("when") ?? [] {
      let list = try ((try? value.strings(key)) ?? [try value.string(key)]).map { $0.trimmingBlanks() }
      switch key {
      case "environment": conditions.append(.environment(list.map(schema.environmentKey)))
      case "region": conditions.append(.region(list.map { $0.uppercased() }))
      case "endpoint":
        let words = Set(list.map { $0.lowercased() })
        guard words.count == 1, let word = words.first, word == "live" || word == "test" else {
          throw value.error("'endpoint' in 'when' is live or test")
        }
        conditions.append(.endpoint(live: word == "live"))
      default:
        conditions.append(.field(slot: try parameters.slot(named: key), values: list))
      }
    }
    self.conditions = conditions
    self.values = values
    self.message = message
  }

  /// A generic check that a built-in check is made of (`required-when`), which picks the
  /// plugins and tests its own condition, then calls `check`; the message may name `values`
  /// besides the usual.
  init(_ test: Test, field: String, slot: Int, message: Template, values: Fills, missingAt: Int? = nil) {
    self.test = test
    self.field = field
    self.slot = slot
    select = nil
    conditions = []
    self.message = message
    self.values = values
    self.missingAt = missingAt
  }

  var placeholders: [String]? { Self.placeholders + values.names }

  func run(_ file: CheckedFile, _ context: CheckContext, _ sink: inout FindingSink) {
    let typeSlot = context.schema.slot("type") ?? -1
    for plugin in file.plugins {
      // The conditions first: a field looked up in a slot is cheaper than a type compared.
      guard conditions.allSatisfy({ holds($0, plugin, context) }) else { continue }
      if let select {
        // A plugin with a schema has its type's key at hand; only others need theirs made.
        if let schema = plugin.schema {
          guard select.contains(schema.key) else { continue }
        } else {
          guard typeSlot >= 0, let type = Self.text(plugin.fields[typeSlot]?.value), select.contains(Schema.normalizedType(type)) else { continue }
        }
      }
      check(plugin, sink: &sink)
    }
  }

  /// The test on one plugin that is selected and meets the conditions.
  func check(_ plugin: Plugin, sink: inout FindingSink) {
    let written = plugin.fields[slot]
    // The message's values, made only for a finding (this runs for every plugin).
    func message(_ value: String) -> String {
      var filled = values
      filled["plugin"] = plugin.label
      filled["field"] = field
      filled["value"] = value
      return self.message.render(filled)
    }
    switch (test, written?.value) {
    case (.present, nil), (.present, .absent?):
      // Written but empty: at the value; absent: at what requires it, or the plugin's mapping.
      if let at = written ?? missingAt.flatMap({ plugin.fields[$0] }) {
        sink.add(message(""), about: at, plugin: plugin)
      } else {
        sink.add(message(""), at: plugin.location, document: plugin.document, path: plugin.path, plugin: plugin.uri)
      }
    case (.present, _), (_, nil), (_, .absent?), (_, .invalid?), (_, .section?): return
    case (.absent, _?):
      sink.add(message(Template.shown(written)), about: written!, plugin: plugin)
    case (_, .items(let items)?):
      for item in items where !passes(item.text, yesNo: nil) {
        sink.add(message(written!.shown(item.text)), at: SourceLocation(file: sink.file, line: Int(item.line), column: Int(item.column)),
                 document: plugin.document, path: plugin.path + "." + field + "[\(item.index)]", plugin: plugin.uri)
      }
    case (_, let value?):
      let yesNo: Bool?
      if case .yesNo(let yes) = value { yesNo = yes } else { yesNo = nil }
      guard let text = Self.text(value), !passes(text, yesNo: yesNo) else { return }
      sink.add(message(Template.shown(written)), about: written!, plugin: plugin)
    }
  }

  /// Whether a value passes the test (`yesNo`: its meaning, for a Yes/No field).
  private func passes(_ text: String, yesNo: Bool?) -> Bool {
    let value = text.trimmingBlanks()
    func same(_ expected: String) -> Bool {
      if let yesNo, let meant = ExportReader.yesNo(expected.utf8) { return meant == yesNo }
      return value == expected || value.lowercased() == expected.lowercased()
    }
    switch test {
    case .present, .absent: return true
    case .equals(let expected): return same(expected)
    case .oneOf(let list): return list.contains(where: same)
    case .pattern(let pattern): return pattern.matches(in: text)
    case .length(let low, let high):
      let count = value.count
      return count >= (low ?? 0) && count <= (high ?? .max)
    case .httpsURL: return Self.isHTTPSURL(value)
    }
  }

  private func holds(_ condition: Condition, _ plugin: Plugin, _ context: CheckContext) -> Bool {
    func endpoint() -> KlarnaTables.Endpoint? {
      guard let slot = context.schema.slot("klarnaEndpoint"), case .endpoint(let endpoint)? = plugin.fields[slot]?.value else { return nil }
      return endpoint
    }
    switch condition {
    case .environment(let names): return plugin.environment.map(names.contains) ?? false
    case .region(let regions): return endpoint().map { regions.contains($0.region) } ?? false
    case .endpoint(let live): return endpoint().map { ($0.environment == "live") == live } ?? false
    case .field(let slot, let values):
      guard let value = plugin.fields[slot]?.value, let text = Self.text(value) else { return false }
      if case .yesNo(let yes) = value { return values.contains { ExportReader.yesNo($0.utf8) == yes } }
      return values.contains { $0.lowercased() == text.trimmingBlanks().lowercased() }
    }
  }

  /// `https://` followed by a host without blanks.
  static func isHTTPSURL(_ text: String) -> Bool {
    var trimmed = text.trimmingBlanks()
    return trimmed.withUTF8 { bytes in
      let scheme: StaticString = "https://"
      let length = scheme.utf8CodeUnitCount
      guard bytes.count > length else { return false }
      for index in 0..<length where ExportReader.lower(bytes[index]) != scheme.utf8Start[index] { return false }
      let first = bytes[length]
      return first != 0x2F && first != 0x3F && first != 0x23  // a host, not '/', '?' or '#'
        && !bytes.contains(0x20) && !bytes.contains(0x09)
    }
  }

  /// A single value as text (nil for lists, sections, absent and invalid values).
  static func text(_ value: FieldValue?) -> String? {
    switch value {
    case .text(let text)?, .choice(let text)?: return text
    case .yesNo(let yes)?: return yes ? "Yes" : "No"
    case .endpoint(let endpoint)?: return endpoint.written
    default: return nil
    }
  }
}
