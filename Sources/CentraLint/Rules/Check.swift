/// One named check of the check library; a rule file names one and gives its parameters.
protocol Check: Sendable {
  /// Finds problems in one file.
  func run(_ file: CheckedFile, _ context: CheckContext, _ sink: inout FindingSink)
  /// Claims this check makes on values that must be unique across the run (URIs); most make none.
  func claims(_ file: CheckedFile, _ context: CheckContext) -> [Claim]
  /// Turns every claim of the run, in report order, into findings.
  func resolve(_ claims: [Claim], _ sink: inout FindingSink)
}

extension Check {
  func claims(_ file: CheckedFile, _ context: CheckContext) -> [Claim] { [] }
  func resolve(_ claims: [Claim], _ sink: inout FindingSink) {}
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

/// A value that must be unique across the run, at one place. Messages are made from it only
/// for the values used twice, so it keeps the raw texts.
struct Claim: Sendable {
  /// The value compared (trimmed, lower case).
  var key: String
  /// The value as written.
  var value: String
  var location: SourceLocation
  var field: Field
  var pluginIndex: Int
  /// The plugin's URI and name, as written.
  var plugin: String?
  var owner: String
  /// The masked source line, for the text report.
  var snippet: Finding.Snippet?
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
