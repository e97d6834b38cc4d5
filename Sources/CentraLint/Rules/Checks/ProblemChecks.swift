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

/// `missing-field`, `invalid-value`, `unknown-field`: what the schema found, one kind each.
struct SchemaCheck: Check {
  let kind: SchemaIssue.Kind

  init(kind: SchemaIssue.Kind) { self.kind = kind }

  init(params: DataNode?) throws {
    guard let params, let name = try params.field("issues") else {
      throw LintError.invalidSetup("check 'schema' needs the parameter 'issues' (missing, invalid or unknown)")
    }
    switch try name.string("issues") {
    case "missing": kind = .missing
    case "invalid": kind = .invalid
    case "unknown": kind = .unknown
    default: throw name.error("'issues' must be missing, invalid or unknown")
    }
  }

  func run(_ file: CheckedFile, _ context: CheckContext, _ sink: inout FindingSink) {
    for issue in file.issues where issue.kind == kind {
      sink.add(
        issue.message, at: issue.location, document: issue.document, path: issue.path, plugin: issue.plugin,
        related: issue.related, end: issue.end, fix: issue.fix)
    }
  }
}
