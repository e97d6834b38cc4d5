/// The typed view of one export document: what the rules read.
public struct ExportDocument: Sendable {
  /// The file it is in.
  public var file: String
  /// Where the document starts.
  public var location: SourceLocation
  /// The export's `environment`, lower case, when it is valid.
  public var environment: String?
  /// Every plugin of the document, in order.
  public var plugins: [Plugin] = []
  /// What the schema found wrong: missing, invalid and unknown fields, limits passed.
  public var issues: [SchemaIssue] = []
}

/// One plugin of an export.
public struct Plugin: Sendable {
  /// Its place in the `plugins` list.
  public var index: Int
  /// The start of its mapping.
  public var location: SourceLocation
  /// `plugins[N]`.
  public var path: String
  /// The schema of its type, or nil for a type without one (only `type` and `uri` are read).
  public var schema: Schema.PluginType?
  /// Its fields by name; fields of a section are named `section.field`.
  public var fields: [String: Field] = [:]

  /// The value of a field, or `.absent`.
  public func value(_ name: String) -> FieldValue { fields[name]?.value ?? .absent }

  /// The plugin's URI as written, when it is valid text.
  public var uri: String? {
    if case .text(let uri) = value("uri") { return uri.trimmingBlanks() }
    return nil
  }

  /// How messages name the plugin: its name, else its URI, else its path.
  public var label: String {
    if case .text(let name) = value("name") { return Quote.clipped(name.trimmingBlanks()) }
    return uri.map { Quote.clipped($0) } ?? path
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
}

/// One item of a list field.
public struct ListItem: Sendable, Equatable {
  public var text: String
  public var location: SourceLocation
  public var path: String
}

/// One field of a plugin, where its value is written.
public struct Field: Sendable {
  public var name: String
  public var value: FieldValue
  /// Where the value is written (through any alias).
  public var location: SourceLocation
  /// Where an alias or merge key brought the value in, when one did.
  public var via: SourceLocation?
  /// `plugins[N].name`.
  public var path: String
  /// Whether the value must never be shown.
  public var sensitive: Bool
  /// The scalar text, for rules that read its form; nil for collections.
  public var raw: String?
}

/// Something the schema found wrong in a document.
public struct SchemaIssue: Sendable {
  public enum Kind: Sendable { case missing, invalid, unknown, limit }
  public var kind: Kind
  public var message: String
  public var location: SourceLocation
  public var path: String?
  public var plugin: String?
  public var related: [Finding.Related] = []
}
