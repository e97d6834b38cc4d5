/// Reads a file into a `SourceDocument`: the one place that chooses how (SPEC §1, §5). A file
/// over its merchant's `fileSize` is not read; a big file is parsed on a thread of its own while
/// its plugins are read as they end (`EarlyReading`); any other is parsed, then read.
struct DocumentLoader {
  /// Whether a big file may use a second thread.
  var parallel: Bool
  /// From this many bytes a file is parsed on a thread of its own.
  var pipelineFrom: Int
  /// Whether the text is kept for source lines.
  var keepsText: Bool
  /// Whether the file's findings are reported (a file read only for the cross-file rules needs
  /// no MID claims nor credentials).
  var reported: Bool

  /// The file as a document, or why it could not be read.
  func load(_ input: LintInput, index: Int, settings merchant: Engine.MerchantRules) -> Result<SourceDocument, LintError> {
    let limits = merchant.limits, context = merchant.context
    var bytes: [UInt8]
    switch input.source {
    case .bytes(let given): bytes = given
    case .path(let path):
      do {
        bytes = try FileSystem.read(path, limit: limits.fileSize)
      } catch let error as LintError {
        return .failure(error.named(input.display))
      } catch {
        return .failure(.unreadablePath(input.display, reason: "\(error)"))
      }
    }
    if bytes.count > limits.fileSize {
      let problem = YAMLProblem(
        kind: .limit(setting: "fileSize"),
        message: "the file is larger than \(limits.fileSize) bytes and was not read (\(limits.raise("fileSize")))",
        line: 1, column: 1, document: nil)
      let file = CheckedFile(name: input.display, index: index, problems: [problem], documents: [])
      return .success(SourceDocument(input: input, settings: merchant, text: [], tree: nil, exports: [], checked: file))
    }
    bytes = Encoding.utf8(bytes)
    let onlyMarkers = YAMLReader.holdsOnlyMarkers(bytes)
    let pipelined = parallel && bytes.count >= pipelineFrom
    let early = pipelined ? EarlyReading(file: input.display, schema: context.schema, tables: context.tables, limits: limits) : nil
    let parsed = YAMLReader.parse(
      bytes, limits: limits, sensitivity: context.schema.sensitivity, pipelineFrom: pipelined ? 0 : .max,
      observe: early?.observe)
    // Suppression comments are found on the bytes, guided by the tree's scalar spans.
    let comments = reported ? CommentIndex.comments(in: bytes, tree: parsed) : []
    // Only source lines read the text again; otherwise its memory goes back now.
    if !keepsText { bytes = [] }
    let readEarly = early?.finish(parsed)
    // The document in which a syntax error occurs gets no other finding (an undefined alias
    // is one `yaml-syntax`, not also a `missing-field` for what it would have brought).
    var problems = onlyMarkers ? [] : parsed.problems
    let broken = Set(problems.lazy.filter { $0.kind == .syntax }.compactMap(\.document))
    if !broken.isEmpty { problems.removeAll { $0.kind != .syntax && $0.document.map(broken.contains) == true } }
    var exports = parsed.documents.enumerated().map { at, info in
      if broken.contains(at) {
        return ExportDocument(file: input.display, index: at, location: SourceLocation(file: input.display, line: info.line, column: info.column))
      }
      if at == 0, let readEarly { return readEarly }
      return ExportReader.read(
        parsed, document: info, index: at, file: input.display, schema: context.schema, tables: context.tables, limits: limits)
    }
    let stopped = problems.contains { if case .limit = $0.kind { return true } else { return $0.kind == .syntax } }
    if !stopped, parsed.documents.allSatisfy({ $0.root < 0 || parsed.isNull($0.root) }) { exports = [ExportReader.emptyFile(input.display)] }
    var checked = CheckedFile(name: input.display, index: index, problems: problems, documents: exports)
    checked.documents = exports.map(DocumentNames.init)
    if reported, let midFields = merchant.midFields { checked.midClaims = MIDClaims.of(checked, context, fields: midFields) }
    if reported, merchant.readsCredentials {
      let scan = CredentialScan(tree: parsed)
      if scan.mayHoldLiterals() {
        let scan = scan.walking()
        checked.credentials = parsed.documents.enumerated().flatMap { at, info in
          broken.contains(at) ? [] : scan.literals(document: info, index: at)
        }
      }
    }
    let document = SourceDocument(input: input, settings: merchant, text: bytes, tree: parsed, exports: exports, checked: checked)
    document.comments = comments
    return .success(document)
  }
}
