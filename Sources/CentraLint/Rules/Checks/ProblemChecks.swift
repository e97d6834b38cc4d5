/// `yaml-syntax`: the bytes are not YAML (or an alias names no anchor).
struct SyntaxCheck: Check {
  func run(_ file: CheckedFile, _ context: CheckContext, _ sink: inout FindingSink) {
    for problem in file.problems where problem.kind == .syntax {
      let related = problem.related.map {
        [Finding.Related(location: SourceLocation(file: file.name, line: $0.line, column: $0.column), message: "the parser stopped here")]
      } ?? []
      sink.add(
        problem.message, at: SourceLocation(file: file.name, line: problem.line, column: problem.column), document: problem.document,
        related: related)
    }
  }
}

/// `duplicate-key`: a mapping has the same key twice.
struct DuplicateKeyCheck: Check {
  func run(_ file: CheckedFile, _ context: CheckContext, _ sink: inout FindingSink) {
    for problem in file.problems {
      guard case .duplicateKey(_, let line, let column) = problem.kind else { continue }
      sink.add(
        problem.message, at: SourceLocation(file: file.name, line: problem.line, column: problem.column), document: problem.document,
        related: [Finding.Related(location: SourceLocation(file: file.name, line: line, column: column), message: "first written here")],
        end: problem.end.map { SourceLocation(file: file.name, line: $0.line, column: $0.column) })
    }
  }
}

/// `yaml-limit`: a safety limit was passed while parsing or reading.
struct LimitCheck: Check {
  var reportsLimits: Bool { true }

  func run(_ file: CheckedFile, _ context: CheckContext, _ sink: inout FindingSink) {
    for problem in file.problems {
      guard case .limit = problem.kind else { continue }
      sink.add(problem.message, at: SourceLocation(file: file.name, line: problem.line, column: problem.column), document: problem.document)
    }
    SchemaCheck(kind: .limit).run(file, context, &sink)
  }
}

/// `missing-field`, `invalid-value`, `unknown-field`: what the schema found, one kind each, in
/// the words of the rule file (a `…Message` under `params` for each thing the reading can find
/// wrong; `messages(of:)` lists them and their placeholders, all required at load).
struct SchemaCheck: Check {
  let kind: SchemaIssue.Kind
  /// The rule file's messages by name; empty for limits, whose text is the YAML layer's.
  let templates: [String: Template]

  init(kind: SchemaIssue.Kind) {
    self.kind = kind
    templates = [:]
  }

  init(_ parameters: Parameters) throws {
    let name = try parameters.text("issues")
    switch name {
    case "missing": kind = .missing
    case "invalid": kind = .invalid
    case "unknown": kind = .unknown
    default: throw parameters.at.error("'issues' must be missing, invalid or unknown, not '\(Quote.clipped(name))'")
    }
    var templates: [String: Template] = [:]
    for (key, fills) in Self.messages(of: kind) { templates[key] = try parameters.template(key, fills: fills) }
    self.templates = templates
  }

  /// The messages a kind of issue is told in, with what each fills (`ExportReader` names them).
  static func messages(of kind: SchemaIssue.Kind) -> [(String, [String])] {
    switch kind {
    case .missing:
      return [("missingMessage", ["field", "plugin"]), ("emptyMessage", ["field", "plugin"]), ("emptyPluginsMessage", []),
              ("registryMessage", []), ("notAnExportMessage", []), ("noPluginsMessage", []), ("noDocumentMessage", [])]
    case .invalid:
      return [("pluginShapeMessage", ["shape"]), ("sectionShapeMessage", ["field", "shape"]), ("valueMessage", ["field", "expected", "shown"]),
              ("itemShapeMessage", ["field", "shape"]), ("countryMessage", ["shown"]), ("rootShapeMessage", ["shape"]),
              ("pluginsShapeMessage", ["shape"]), ("headerShapeMessage", ["field", "shape"]), ("keyShapeMessage", ["shape"]),
              ("mergeItemMessage", ["shape"]), ("mergeMessage", ["shape"])]
    case .unknown:
      return [("unknownMessage", ["key"]), ("suggestionMessage", ["key", "suggestion"])]
    case .limit:
      return []
    }
  }

  func run(_ file: CheckedFile, _ context: CheckContext, _ sink: inout FindingSink) {
    for issue in file.issues where issue.kind == kind {
      let text = kind == .limit ? issue.message.values["text"] ?? "" : templates[issue.message.key]?.render(issue.message.values) ?? issue.message.key
      sink.add(
        text, at: issue.location, document: issue.document, path: issue.path, plugin: issue.plugin,
        related: issue.related, end: issue.end, fix: issue.fix)
    }
  }
}
