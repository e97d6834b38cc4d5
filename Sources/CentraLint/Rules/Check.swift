/// One named check of the check library; a rule file names one and gives its parameters.
protocol Check: Sendable {
  /// Finds problems in one file.
  func run(_ file: CheckedFile, _ context: CheckContext, _ sink: inout FindingSink)
  /// What this check must look at once every file is read: values that must be unique across
  /// the run (URIs), or MIDs to look up in the registry, which loads meanwhile. Most make none.
  func claims(_ file: CheckedFile, _ context: CheckContext) -> [Claim]
  /// Turns every claim of the run, in report order, into findings; `context` has the registry.
  func resolve(_ claims: [Claim], _ context: CheckContext, _ sink: inout FindingSink)
}

extension Check {
  func claims(_ file: CheckedFile, _ context: CheckContext) -> [Claim] { [] }
  func resolve(_ claims: [Claim], _ context: CheckContext, _ sink: inout FindingSink) {}
}

/// What a check sees of one file: the YAML layer's problems and the typed documents.
struct CheckedFile: Sendable {
  var name: String
  var problems: [YAMLProblem]
  var documents: [ExportDocument]
  /// Every plugin that has a schema (a Klarna Payments plugin, say), in order.
  let schemaPlugins: [Plugin]

  init(name: String, problems: [YAMLProblem], documents: [ExportDocument]) {
    self.name = name
    self.problems = problems
    self.documents = documents
    schemaPlugins = documents.flatMap { $0.plugins.filter { $0.schema != nil } }
  }
}

/// What every check may read besides the file.
public struct CheckContext: Sendable {
  public var schema: Schema
  public var tables: KlarnaTables
  /// The MID registry, when one is given.
  public var registry: MIDRegistry?
  /// The image sizes the store has, when configured.
  public var imageSizes: [String]?
}

/// A plugin's value that a check looks at after every file is read. Small on purpose: the
/// run keeps one per plugin, not the plugins. Messages are made only for findings.
struct Claim: Sendable {
  /// The value compared: a URI (trimmed, lower case), or a MID.
  var key: String
  var file: String
  /// The field the value is in; a finding points at it (or at `endpointField`).
  var field: Field
  var pluginIndex: Int
  /// The plugin's URI, and its name as messages show it.
  var plugin: String?
  var owner: String
  /// For a MID: the plugin's endpoint and the field that names it.
  var endpoint: KlarnaTables.Endpoint?
  var endpointField: Field?
  /// The masked source lines of `field` and `endpointField`, for the text report.
  var snippet: Finding.Snippet?
  var endpointSnippet: Finding.Snippet?

  /// Where `field` is.
  var location: SourceLocation { field.location(in: file) }
}

/// Collects one rule's findings in one file, stamping its id, severity and file.
struct FindingSink {
  let rule: String
  let severity: Severity
  let file: String
  private(set) var findings: [Finding] = []

  init(rule: String, severity: Severity, file: String) {
    self.rule = rule
    self.severity = severity
    self.file = file
  }

  mutating func add(
    _ message: String, at location: SourceLocation, path: String? = nil, plugin: String? = nil,
    related: [Finding.Related] = [], severity override: Severity? = nil, snippet: Finding.Snippet? = nil
  ) {
    var finding = Finding(
      rule: rule, severity: override ?? severity, message: message, location: location,
      path: path, plugin: plugin, related: related)
    finding.snippet = snippet
    findings.append(finding)
  }

  /// Adds a finding about a claim's field (or its endpoint field), with its source line.
  mutating func add(_ message: String, about claim: Claim, endpoint: Bool = false, related extra: [Finding.Related] = [],
                    severity override: Severity? = nil) {
    let field = endpoint ? claim.endpointField ?? claim.field : claim.field
    add(message, at: field.location(in: claim.file), path: field.path(pluginIndex: claim.pluginIndex), plugin: claim.plugin,
        related: extra + Self.aliasNote(field.via(in: claim.file)), severity: override,
        snippet: endpoint ? claim.endpointSnippet : claim.snippet)
  }

  /// Adds a finding about a field, naming the alias that brought the value in as related.
  mutating func add(_ message: String, about field: Field, plugin: Plugin, severity override: Severity? = nil) {
    add(message, at: field.location(in: file), path: field.path(pluginIndex: plugin.index), plugin: plugin.uri,
        related: Self.aliasNote(field.via(in: file)), severity: override)
  }

  /// The related place that names the alias a value came through, if it did.
  static func aliasNote(_ via: SourceLocation?) -> [Finding.Related] {
    via.map { [Finding.Related(location: $0, message: "the value comes in through this alias")] } ?? []
  }
}
