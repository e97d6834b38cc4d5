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

/// A value that must be unique across the run, at one place.
struct Claim: Sendable {
  var key: String
  var shown: String
  var location: SourceLocation
  var path: String
  var plugin: String?
  var owner: String
  /// The masked source line, for the text report.
  var snippet: Finding.Snippet?
}

/// Collects one rule's findings, stamping its id and severity.
struct FindingSink {
  let rule: String
  let severity: Severity
  private(set) var findings: [Finding] = []

  init(rule: String, severity: Severity) {
    self.rule = rule
    self.severity = severity
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
    let related = field.via.map { [Finding.Related(location: $0, message: "the value comes in through this alias")] } ?? []
    add(message, at: field.location, path: field.path, plugin: plugin.uri, related: related, severity: override)
  }
}

extension CheckedFile {
  /// Every plugin that has a schema (a Klarna Payments plugin, say), with its document.
  var schemaPlugins: [(document: ExportDocument, plugin: Plugin)] {
    documents.flatMap { document in
      document.plugins.filter { $0.schema != nil }.map { (document, $0) }
    }
  }
}
