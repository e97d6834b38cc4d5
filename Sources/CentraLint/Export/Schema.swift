/// The plugin schema from `rules/data/schema.yaml`: which fields a plugin has, their types,
/// which are required and which are sensitive.
public struct Schema: Sendable {
  /// The type of one field.
  public indirect enum FieldType: Sendable {
    case text
    case yesNo(also: [String])
    case choice([String])
    case endpoint
    case textList
    case countryList
    case section([Field])
  }

  /// One field of a plugin or section; a class, so that reading a plugin shares it, not copies.
  public final class Field: @unchecked Sendable {  // `slot` is set once, while loading
    /// The key as written in the export.
    public let name: String
    /// With its section: `restrictions.countries`.
    public let fullName: String
    public let type: FieldType
    public let required: Bool
    public let sensitive: Bool
    /// The key's bytes and their hash, to match keys without making Strings.
    let utf8: [UInt8]
    let keyHash: UInt64
    /// Its place in every plugin's `FieldList` (one per distinct `fullName` of the schema).
    public internal(set) var slot = 0

    init(name: String, fullName: String, type: FieldType, required: Bool, sensitive: Bool) {
      self.name = name
      self.fullName = fullName
      self.type = type
      self.required = required
      self.sensitive = sensitive
      utf8 = Array(name.utf8)
      keyHash = YAMLTree.hash(utf8)
    }
  }

  /// A plugin type with its fields.
  /// A class: every plugin refers to its type, and checks look at it for every plugin (a
  /// struct of two texts and a list was copied each time: three retains and releases).
  public final class PluginType: Sendable {
    /// As Centra shows it, such as `Klarna Payments`.
    public let label: String
    /// Its normalised form, such as `klarnapayments`.
    public let key: String
    public let fields: [Field]

    init(label: String, key: String, fields: [Field]) {
      self.label = label
      self.key = key
      self.fields = fields
    }
  }

  /// Substrings of keys (lower case) whose values are never shown.
  public var sensitiveKeys: [String]
  /// What is sensitive: these words, the fields marked so, and unknown keys nearest to them.
  public private(set) var sensitivity = Sensitivity.none
  /// What is sensitive in a data file (a config, a registry): the words alone.
  public private(set) var dataSensitivity = Sensitivity.none
  /// The names of production (lower case): an export's `environment` is any name, and these
  /// are one environment, production (SPEC §1).
  public var productionEnvironments: [String]
  /// The fields every plugin has.
  public var anyPlugin: [Field]
  /// Plugin types with a full schema.
  public var pluginTypes: [PluginType]
  /// Every field name (`restrictions.countries` for a section's), by slot.
  public var slotNames: [String] = []

  /// The slots of the fields that name a plugin in messages (-1 when the schema has none).
  public private(set) var uriSlot = -1
  public private(set) var nameSlot = -1

  /// The slot of a field name, for rules that name fields; nil when no plugin type has it.
  public func slot(_ fullName: String) -> Int? { slotNames.firstIndex(of: fullName) }

  /// Gives every distinct field name a slot, sections' fields included.
  private mutating func assignSlots() {
    func visit(_ fields: [Field]) {
      for field in fields {
        if let known = slotNames.firstIndex(of: field.fullName) {
          field.slot = known
        } else {
          field.slot = slotNames.count
          slotNames.append(field.fullName)
        }
        if case .section(let inner) = field.type { visit(inner) }
      }
    }
    visit(anyPlugin)
    for type in pluginTypes { visit(type.fields) }
    uriSlot = slot("uri") ?? -1
    nameSlot = slot("name") ?? -1
    var keys: [(name: String, sensitive: Bool)] = Self.rootKeys.map { ($0, false) }
    func collect(_ fields: [Field]) {
      for field in fields {
        keys.append((field.name, field.sensitive))
        if case .section(let inner) = field.type { collect(inner) }
      }
    }
    collect(anyPlugin)
    for type in pluginTypes { collect(type.fields) }
    sensitivity = Sensitivity(words: sensitiveKeys, keys: keys)
    dataSensitivity = Sensitivity(words: sensitiveKeys, keys: [])
  }

  /// The root keys an export's reading looks at besides `plugins`, which name its store; the
  /// others are free (they may hold anchored defaults).
  static let headerKeys = ["store", "environment"]
  /// The keys of an export's root that mean something.
  static let rootKeys = headerKeys + ["plugins"]

  /// An environment as stores compare it (SPEC §1): trimmed, lower case, and every name of
  /// production as `production`.
  public func environmentKey(_ written: String) -> String {
    let name = written.trimmingBlanks().lowercased()
    return productionEnvironments.contains(name) ? "production" : name
  }

  /// A plugin type compared ignoring case, spaces, `-` and `_`.
  public static func normalizedType(_ type: String) -> String {
    var bytes: [UInt8] = []
    bytes.reserveCapacity(type.utf8.count)
    for byte in type.utf8 where byte != 0x20 && byte != 0x2D && byte != 0x5F && byte != 0x09 {
      bytes.append(byte >= 65 && byte <= 90 ? byte + 32 : byte)
    }
    // Non-ASCII letters are lowered by the full rules (rare; no Klarna type has them).
    return bytes.allSatisfy { $0 < 0x80 } ? String(decoding: bytes, as: UTF8.self)
      : String(decoding: bytes, as: UTF8.self).lowercased()
  }

  /// The schema of a plugin type, if it has one.
  public func pluginType(_ type: String) -> PluginType? {
    let key = Self.normalizedType(type)
    return pluginTypes.first { $0.key == key }
  }

  /// Reads the schema file.
  static func load(_ root: DataNode) throws -> Schema {
    var schema = Schema(sensitiveKeys: [], productionEnvironments: [], anyPlugin: [], pluginTypes: [])
    for (key, keyNode, value) in try root.pairs("the schema") {
      switch key {
      case "sensitiveKeys": schema.sensitiveKeys = try value.strings(key).map { $0.lowercased() }
      case "productionEnvironments": schema.productionEnvironments = try value.strings(key).map { $0.lowercased() }
      case "anyPlugin": schema.anyPlugin = try fields(value, prefix: "")
      case "pluginTypes":
        schema.pluginTypes = try value.items(key).map { item in
          guard let label = try item.field("type")?.string("type"), let fields = try item.field("fields") else {
            throw item.error("a plugin type needs 'type' and 'fields'")
          }
          return PluginType(label: label, key: normalizedType(label), fields: try Self.fields(fields, prefix: ""))
        }
      default: throw keyNode.error("unknown key '\(key)' in the schema")
      }
    }
    schema.assignSlots()
    return schema
  }

  private static func fields(_ node: DataNode, prefix: String) throws -> [Field] {
    try node.pairs("fields").map { name, _, spec in
      let typeName = try spec.field("type")?.string("type") ?? "text"
      let type: FieldType
      switch typeName {
      case "text": type = .text
      case "yes-no": type = .yesNo(also: try spec.field("also")?.strings("also") ?? [])
      case "choice":
        guard let values = try spec.field("values") else { throw spec.error("a choice needs 'values'") }
        type = .choice(try values.strings("values"))
      case "endpoint": type = .endpoint
      case "text-list": type = .textList
      case "country-list": type = .countryList
      case "section":
        guard let inner = try spec.field("fields") else { throw spec.error("a section needs 'fields'") }
        type = .section(try fields(inner, prefix: prefix + name + "."))
      default:
        throw spec.error("unknown field type '\(typeName)' (text, yes-no, choice, endpoint, text-list, country-list, section)")
      }
      let required = try spec.field("required").map { try $0.string("required") == "true" } ?? false
      let sensitive = try spec.field("sensitive").map { try $0.string("sensitive") == "true" } ?? false
      return Field(name: name, fullName: prefix + name, type: type, required: required, sensitive: sensitive)
    }
  }
}
