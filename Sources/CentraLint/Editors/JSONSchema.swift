/// The export format as a JSON Schema (draft-07) for editors (SPEC §9), made from the schema and
/// the Klarna tables in `rules/data/`, so that it cannot drift from what the tool reads: an
/// editor that validates an export with it reports an error wherever `missing-field`,
/// `invalid-value` or `unknown-field` would, and completes keys and values.
///
/// Editors read YAML 1.2: `Yes` and `No` are strings there, `true` and `false` booleans. Each
/// value is allowed as the tool reads it: text any scalar; a yes-no or choice word ignoring case
/// and blanks around it; an endpoint a label or a URL of a Klarna API host; a list a sequence of
/// scalars. An optional field may be null or blank (the tool reads it as absent); a required one
/// may not (that is `missing-field`).
enum JSONSchema {
  /// What each key of an export is, for people (`rules/data/descriptions.yaml`): by a
  /// document's key, and by plugin type and field's full name (`restrictions.countries`; the
  /// fields of every plugin under `anyPlugin`). Read only for the schema: a lint run never
  /// reads it.
  struct Descriptions {
    var document: [String: String] = [:]
    var fields: [String: [String: String]] = [:]

    static let anyPlugin = ""

    /// Reads the file; every field of `schema` must have a description, and every description
    /// must name a field (a description that drifted from the schema is an error, at its key).
    static func load(_ root: DataNode, schema: Schema) throws -> Descriptions {
      var descriptions = Descriptions()
      var known: [String: [Schema.Field]] = [anyPlugin: schema.anyPlugin]
      for type in schema.pluginTypes { known[type.label] = type.fields }
      func all(_ fields: [Schema.Field]) -> [String] {
        fields.flatMap { field -> [String] in
          if case .section(let inner) = field.type { return [field.fullName] + all(inner) }
          return [field.fullName]
        }
      }
      func read(_ node: DataNode, _ names: [String], _ what: String) throws -> [String: String] {
        var read: [String: String] = [:]
        for (key, keyNode, value) in try node.pairs(what) {
          guard names.contains(key) else { throw keyNode.error("'\(key)' is no \(what) of the schema (\(names.joined(separator: ", ")))") }
          read[key] = try value.string(key)
        }
        if let missing = names.first(where: { read[$0] == nil }) { throw node.error("\(what) '\(missing)' has no description") }
        return read
      }
      for (key, keyNode, value) in try root.pairs("the descriptions") {
        switch key {
        case "document": descriptions.document = try read(value, ["store", "environment", "plugins"], "document key")
        case "anyPlugin": descriptions.fields[anyPlugin] = try read(value, all(schema.anyPlugin), "field of every plugin")
        case "pluginTypes":
          for (type, typeNode, fields) in try value.pairs(key) {
            guard let known = known[type], type != anyPlugin else { throw typeNode.error("'\(type)' is no plugin type of the schema") }
            descriptions.fields[type] = try read(fields, all(known), "field of \(type)")
          }
        default: throw keyNode.error("unknown key '\(key)' in the descriptions (document, anyPlugin, pluginTypes)")
        }
      }
      for type in known.keys.sorted() where descriptions.fields[type] == nil {
        throw root.error(type == anyPlugin ? "the fields of every plugin have no descriptions" : "the plugin type '\(type)' has no descriptions")
      }
      if descriptions.document.isEmpty { throw root.error("the document keys have no descriptions") }
      return descriptions
    }
  }

  static func document(_ schema: Schema, _ tables: KlarnaTables, _ descriptions: Descriptions) -> JSONValue {
    var definitions: [(key: String, value: JSONValue)] = []
    var anyPlugin = object(schema.anyPlugin, additional: true, described: descriptions.fields[Descriptions.anyPlugin] ?? [:])
    var branches: [JSONValue] = []
    for type in schema.pluginTypes {
      let name = definitionName(type.label)
      definitions.append((name, object(type.fields, additional: false, described: descriptions.fields[type.label] ?? [:], tables: tables, title: type.label)))
      branches.append(.object([
        ("if", .object([
          ("properties", .object([("type", .object([("type", .string("string")), ("pattern", .string(typePattern(type.key)))]))])),
          ("required", .array([.string("type")])),
        ])),
        ("then", .object([("$ref", .string("#/definitions/\(name)"))])),
      ]))
    }
    if !branches.isEmpty { anyPlugin = merged(anyPlugin, [("allOf", .array(branches))]) }
    definitions.insert(("plugin", anyPlugin), at: 0)

    func described(_ key: String) -> String { descriptions.document[key] ?? "" }
    var environment: [(key: String, value: JSONValue)] = [("type", .array(scalarTypes(nullable: true)))]
    // Completion offers production's names first, then the usual others (any name is valid).
    let suggested = schema.productionEnvironments + ["staging", "uat", "qa", "dev"].filter { !schema.productionEnvironments.contains($0) }
    environment.append(("examples", .array(suggested.map(JSONValue.string))))
    return .object([
      ("$schema", .string("http://json-schema.org/draft-07/schema#")),
      ("title", .string("Centra store plugin export (centra-lint)")),
      ("description", .string("One document of a Centra store's plugin export, as centra-lint reads it (made by 'centra-lint schema').")),
      ("type", .string("object")),
      ("required", .array([.string("plugins")])),
      ("properties", .object([
        ("store", .object([("description", .string(described("store"))), ("type", .array(scalarTypes(nullable: true)))])),
        ("environment", .object([("description", .string(described("environment")))] + environment)),
        ("plugins", .object([
          ("description", .string(described("plugins"))), ("type", .string("array")), ("minItems", .number("1")),
          ("items", .object([("$ref", .string("#/definitions/plugin"))])),
        ])),
      ])),
      // Top-level keys other than these are free: they may hold anchored defaults.
      ("additionalProperties", .bool(true)),
      ("definitions", .object(definitions)),
    ])
  }

  /// A mapping of `fields`: each described and typed, the required ones required; keys the
  /// schema does not know allowed or not (`unknown-field`).
  private static func object(
    _ fields: [Schema.Field], additional: Bool, described: [String: String], tables: KlarnaTables? = nil, title: String? = nil
  ) -> JSONValue {
    var members: [(key: String, value: JSONValue)] = []
    if let title { members.append(("title", .string(title))) }
    members.append(("type", .string("object")))
    let required = fields.filter(\.required).map { JSONValue.string($0.name) }
    if !required.isEmpty { members.append(("required", .array(required))) }
    members.append(("properties", .object(fields.map { ($0.name, field($0, described: described, tables: tables)) })))
    members.append(("additionalProperties", .bool(additional)))
    return .object(members)
  }

  private static func field(_ field: Schema.Field, described: [String: String], tables: KlarnaTables?) -> JSONValue {
    var members: [(key: String, value: JSONValue)] = []
    if let description = described[field.fullName] { members.append(("description", .string(description))) }
    let optional = !field.required
    // What the tool reads as absent besides null and blanks (the pattern's business): an empty
    // mapping or list where a value is expected. Allowed where the field may be absent.
    var types: [String], empty: [(key: String, value: JSONValue)] = []
    switch field.type {
    case .text:
      types = scalars
      // A required text must have more than blanks (the pattern applies to strings only).
      if !optional { members.append(("pattern", .string("[^" + blanks + "]"))) }
    case .yesNo(let also):
      types = ["boolean", "string"]
      members.append(("pattern", .string(words(["yes", "no", "true", "false"] + also, optional: optional))))
      members.append(("examples", .array((["Yes", "No"] + also).map(JSONValue.string))))
    case .choice(let values):
      types = ["string"]
      members.append(("pattern", .string(words(values, optional: optional))))
      members.append(("examples", .array(values.map(JSONValue.string))))
    case .endpoint:
      let endpoints = tables?.endpoints ?? []
      types = ["string"]
      let labels: [String] = endpoints.map { caseless($0.label) }
      // A host is lowered by Unicode's rules where it is not ASCII: the Kelvin sign is a `k`.
      let hosts = endpoints.compactMap(\.origin).map { caseless(String(decoding: $0, as: UTF8.self), kelvin: true) + "([/?#][\\s\\S]*)?" }
      let body = (labels + hosts).joined(separator: "|")
      members.append(("pattern", .string("^[" + blanks + "]*(" + body + ")" + (optional ? "?" : "") + "[" + blanks + "]*$")))
      members.append(("examples", .array(endpoints.map { JSONValue.string($0.label) } + endpoints.map { JSONValue.string($0.url) })))
    case .textList, .countryList:
      var item: [(key: String, value: JSONValue)]
      if case .countryList = field.type {
        item = [("type", .string("string")), ("pattern", .string("^[" + blanks + "]*[A-Za-z]{2}[" + blanks + "]*$"))]
        if let tables { item.append(("examples", .array(tables.countryRegions.keys.sorted().map(JSONValue.string)))) }
      } else {
        item = [("type", .array(scalars.map(JSONValue.string)))]
      }
      types = ["array"]
      // Absent: a blank text, or an empty mapping.
      if optional {
        types += ["string", "object"]
        members.append(("pattern", .string("^[" + blanks + "]*$")))
        empty.append(("maxProperties", .number("0")))
      }
      members.append(("items", .object(item)))
    case .section(let inner):
      // A section is a mapping (an empty one, or null, when optional), never text.
      types = ["object"]
      if case .object(let section) = object(inner, additional: false, described: described, tables: tables) {
        members += section.filter { $0.key != "type" }
      }
    }
    if optional {
      types.append("null")
    }
    if optional, !isSection(field) {
      if !types.contains("object") {
        types.append("object")
        empty.append(("maxProperties", .number("0")))
      }
      if !types.contains("array") {
        types.append("array")
        empty.append(("maxItems", .number("0")))
      }
    }
    members.insert(("type", .array(types.map(JSONValue.string))), at: members.first?.key == "description" ? 1 : 0)
    return .object(members + empty)
  }

  private static func isSection(_ field: Schema.Field) -> Bool {
    if case .section = field.type { return true }
    return false
  }

  /// The blanks the tool trims around a value (space, tab, line feed, carriage return), as the
  /// inside of a regular expression class.
  private static let blanks = " \\t\\n\\r"

  /// What YAML 1.2 makes of a scalar the tool reads as text.
  private static let scalars = ["string", "number", "boolean"]

  private static func scalarTypes(nullable: Bool) -> [JSONValue] {
    (scalars + (nullable ? ["null"] : [])).map(JSONValue.string)
  }

  /// One of `words` ignoring ASCII case and blanks around it (or only blanks, when optional).
  private static func words(_ words: [String], optional: Bool) -> String {
    let alternatives: String = words.map { caseless($0) }.joined(separator: "|")
    return "^[" + blanks + "]*(" + alternatives + ")" + (optional ? "?" : "") + "[" + blanks + "]*$"
  }

  /// A plugin type as the tool compares it: ignoring case, spaces, tabs, `-` and `_`.
  private static func typePattern(_ key: String) -> String {
    let any = "[ \\t_-]*"
    return "^" + any + key.map { caseless(String($0), kelvin: true) }.joined(separator: any) + any + "$"
  }

  /// A regular expression (ECMA 262, as JSON Schema's) that matches `text` ignoring ASCII case
  /// (and with `kelvin`, the Kelvin sign for a `k`, as Unicode's lower case makes it one).
  static func caseless(_ text: String, kelvin: Bool = false) -> String {
    var pattern = ""
    for scalar in text.unicodeScalars {
      let character = Character(scalar)
      if scalar.isASCII, character.isLetter {
        pattern += "[" + character.uppercased() + character.lowercased() + (kelvin && character.lowercased() == "k" ? "\u{212A}" : "") + "]"
      } else if "\\^$.|?*+()[]{}".unicodeScalars.contains(scalar) {
        pattern += "\\" + String(scalar)
      } else {
        pattern.unicodeScalars.append(scalar)
      }
    }
    return pattern
  }

  /// A plugin type's label as a definition's name (`Klarna Payments` → `klarnaPayments`).
  private static func definitionName(_ label: String) -> String {
    let words = label.split { !$0.isLetter && !$0.isNumber }
    return words.enumerated().map { $0.offset == 0 ? $0.element.lowercased() : $0.element.prefix(1).uppercased() + $0.element.dropFirst() }
      .joined()
  }

  private static func merged(_ value: JSONValue, _ more: [(key: String, value: JSONValue)]) -> JSONValue {
    guard case .object(let members) = value else { return value }
    return .object(members + more)
  }
}
