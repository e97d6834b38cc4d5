/// The typed view of one export document: what the rules read.
public struct ExportDocument: Sendable {
  /// The file it is in.
  public var file: String
  /// Its 0-based place in the file's stream.
  public var index: Int
  /// Where the document starts.
  public var location: SourceLocation
  /// The export's `environment` as stores compare it (`Schema.environmentKey`: `production`
  /// for every name of production); nil when absent or blank.
  public var environment: String?
  /// The export's `store` as stores compare it: trimmed, lower case; empty when absent.
  public var storeKey = ""
  /// `store` and `environment` as written (trimmed), for reports; nil when absent.
  public var storeName: String?
  public var environmentName: String?
  /// Where the `store` and `environment` values are written, when they are.
  public var storePlace: (line: Int32, column: Int32)?
  public var environmentPlace: (line: Int32, column: Int32)?
  /// Where its `plugins` key is written, when it is.
  public var pluginsPlace: (line: Int32, column: Int32)?
  /// Every plugin of the document, in order.
  public var plugins: [Plugin] = []
  /// What the schema found wrong: missing, invalid and unknown fields, limits passed.
  public var issues: [SchemaIssue] = []
}

/// One plugin of an export. An immutable class: every check walks every plugin, and sharing
/// one object is cheaper than copying its fields each time.
public final class Plugin: Sendable {
  /// Its place in the `plugins` list.
  public let index: Int
  /// The 0-based index of its document in the file's stream.
  public let document: Int
  /// The start of its mapping.
  public let location: SourceLocation
  /// Its mapping's node in the file's tree.
  let node: Int32
  /// The line of its item in the `plugins` list as written (an alias's own line, when an alias
  /// brings the mapping in).
  let itemLine: Int32
  /// The schema of its type, or nil for a type without one (only `type` and `uri` are read).
  public let schema: Schema.PluginType?
  /// Its fields by name; fields of a section are named `section.field`.
  public let fields: FieldList
  /// The export's `environment` as stores compare it (`production` for every name of it).
  public let environment: String?
  /// The plugin's URI (trimmed) and name as written, when they are valid text.
  public let uri: String?
  /// The plugin's name as written, when it is valid text.
  public let name: String?

  init(index: Int, document: Int, location: SourceLocation, node: Int, itemLine: Int32, schema: Schema.PluginType?, fields: FieldList,
       environment: String?, uriSlot: Int, nameSlot: Int) {
    self.index = index
    self.node = Int32(node)
    self.itemLine = itemLine
    self.document = document
    self.location = location
    self.schema = schema
    self.fields = fields
    self.environment = environment
    // A name or URI that is also a secret (one scalar behind two aliases) is never shown.
    uri = fields.shownText(uriSlot).map { Quote.clipped($0.trimmingBlanks(), limit: 200) }
    name = fields.shownText(nameSlot)
  }

  /// `plugins[N]`.
  public var path: String { FieldPath.plugin(index).text }

  /// The value in a slot, or `.absent`.
  public func value(_ slot: Int) -> FieldValue { fields[slot]?.value ?? .absent }

  /// How messages name the plugin: its name, else its URI, else its path.
  public var label: String { Self.label(name: name, uri: uri, index: index) }

  /// How messages name a plugin of this name and URI (as `name` and `uri` keep them) at `index`.
  static func label(name: String?, uri: String?, index: Int) -> String {
    if let name { return Quote.clipped(name.trimmingBlanks()) }
    return uri.map { Quote.clipped($0) } ?? FieldPath.plugin(index).text
  }
}

/// A field's value as its schema type reads it.
public enum FieldValue: Sendable, Equatable {
  /// Absent, null, blank or an empty list.
  case absent
  case text(String)
  case yesNo(Bool)
  /// One of a choice's values (or a yes-no field's further values), spelled as in the schema.
  case choice(String)
  case endpoint(KlarnaTables.Endpoint)
  /// The valid items of a list.
  case items([ListItem])
  /// A section; its fields are in the plugin's fields.
  case section
  /// Wrong type or outside its set: rules skip it (the schema has reported it).
  case invalid

  // Each case's payload, for reading a field where it is, through a pointer into its buffer
  // (`base[i].value.listItems`, `base` the buffer's `baseAddress`): the buffer's own subscript
  // copied the whole field first, measured (an outlined copy through the value witness, about
  // 130 instructions with its release), and rules read a million fields of a big export.
  /// The items, for a list.
  var listItems: [ListItem]? { if case .items(let items) = self { items } else { nil } }
  /// The text, for a text.
  var textValue: String? { if case .text(let text) = self { text } else { nil } }
  /// The value, for a choice.
  var choiceValue: String? { if case .choice(let choice) = self { choice } else { nil } }
  var isAbsent: Bool { if case .absent = self { true } else { false } }
  var isInvalid: Bool { if case .invalid = self { true } else { false } }
}

/// One item of a list field.
public struct ListItem: Sendable, Equatable {
  public var text: String
  /// Its place in the list.
  public var index: Int32
  public var line: Int32, column: Int32
}

/// One field of a plugin, where its value is written. Kept small (no name: its slot names it
/// through the schema): a big export has a million of them.
public struct WrittenField: Sendable {
  /// Where the value is written (through any alias), 1-based.
  public var line: Int32, column: Int32
  /// Just past the value (0 when not known).
  public var endLine: Int32 = 0, endColumn: Int32 = 0
  /// Where an alias or merge key brought the value in (0 when none did).
  public var viaLine: Int32 = 0, viaColumn: Int32 = 0
  public var value: FieldValue
  /// The schema slot of the field (`Schema.slotNames` names it).
  public var slot: Int16
  /// Whether the value must never be shown.
  public var sensitive: Bool

  /// `plugins[N].name`, for the plugin at `pluginIndex`.
  public func path(pluginIndex: Int, in schema: Schema) -> FieldPath {
    FieldPath.plugin(pluginIndex).field(schema.slotNames[Int(slot)])
  }
  /// A text of this field as a message may quote it: never when the value is sensitive.
  public func shown(_ text: String) -> String { sensitive ? Sensitivity.hidden : Quote.clipped(text) }

  /// The place of the value in `file`.
  public func location(in file: String) -> SourceLocation {
    SourceLocation(file: file, line: Int(line), column: Int(column))
  }
  /// Just past the value in `file`, when known.
  public func end(in file: String) -> SourceLocation? {
    endLine == 0 ? nil : SourceLocation(file: file, line: Int(endLine), column: Int(endColumn))
  }
  /// The alias use site in `file`, when an alias brought the value in.
  public func via(in file: String) -> SourceLocation? {
    viaLine == 0 ? nil : SourceLocation(file: file, line: Int(viaLine), column: Int(viaColumn))
  }
}

/// The fields of a plugin, found by schema slot (`Schema.slot`): a short list, searched by a
/// small integer, which is cheaper than a second array per plugin. Each key is read once (the
/// reader chose the later of duplicates).
public struct FieldList: Sendable {
  var storage: [WrittenField] = []

  /// The field in this slot, if the plugin has it. The slots are read in place, through a
  /// pointer (`FieldValue`): iterating, or a buffer's subscript, copied every field passed
  /// over (retaining its texts), and every rule looks fields up.
  public subscript(slot: Int) -> WrittenField? {
    storage.withUnsafeBufferPointer { fields in
      guard let base = fields.baseAddress else { return nil }
      for index in fields.indices where Int(base[index].slot) == slot { return base[index] }
      return nil
    }
  }

  mutating func append(_ field: consuming WrittenField) { storage.append(field) }

  /// The slot's value when it is text that may be shown (not sensitive), as written.
  func shownText(_ slot: Int) -> String? {
    guard slot >= 0, let field = self[slot], !field.sensitive, case .text(let text) = field.value else { return nil }
    return text
  }
}

/// Something the schema found wrong in a document.
public struct SchemaIssue: Sendable {
  public enum Kind: Sendable { case missing, invalid, unknown, limit }
  public var kind: Kind
  /// What is wrong, as the name of a message in the rule file of its kind's rule (`…Message`
  /// under `params`) and the values it is filled with: the text is the rule file's, rendered
  /// by `SchemaCheck`. A limit's is the YAML layer's own text, under `limit`.
  public var message: IssueText
  public var location: SourceLocation
  public var path: String?
  public var plugin: String?
  public var related: [Finding.Related] = []
  /// The 0-based index of the document it is in.
  public var document: Int
  /// Where the node it is about ends, and a fix, when there is one.
  public var end: SourceLocation?
  public var fix: Finding.Fix?
}

/// The words of a schema issue: a message name and its values (`SchemaIssue.message`).
public struct IssueText: Sendable {
  public var key: String
  public var values: Fills

  public init(_ key: String, _ values: Fills = [:]) {
    self.key = key
    self.values = values
  }
}
