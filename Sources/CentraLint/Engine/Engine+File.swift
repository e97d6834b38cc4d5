import Dispatch

/// The file stage: each file read, parsed, read as exports and checked by its merchant's rules,
/// on its own (files run in parallel).
extension Engine {
  /// Runs a merchant's rules over a file: its findings, and its claims by claiming rule. A file
  /// read only for the cross-file rules gets only their claims.
  func check(_ file: CheckedFile, _ merchant: MerchantRules, display: String, documents: [DocumentNames], reported: Bool) -> (findings: [Finding], claims: [[Claim]]) {
    let context = merchant.context
    var claims = [[Claim]](repeating: [], count: claimRules.count)
    guard reported else {
      for (slot, rule) in merchant.claiming where rule.check.comparesAcrossFiles { claims[slot] = rule.check.claims(file, context) }
      return ([], claims)
    }
    @Sendable func run(_ rule: ActiveRule) -> [Finding] {
      var sink = FindingSink(rule: rule.id, severity: rule.severity, file: display, schema: context.schema, documents: documents)
      rule.check.run(file, context, &sink)
      return sink.findings
    }
    let rules = merchant.rules
    // A big export: its rules on both cores, each rule over the whole file (the findings are
    // sorted later, so the result is the one-thread result).
    guard parallelism > 1, file.plugins.count >= Self.rulesInParallelFrom else {
      for (slot, rule) in merchant.claiming { claims[slot] = rule.check.claims(file, context) }
      return (rules.flatMap(run), claims)
    }
    let claiming = merchant.claiming
    var parts = [[Finding]](repeating: [], count: rules.count + claiming.count)
    var made = [[Claim]](repeating: [], count: claiming.count)
    parts.withUnsafeMutableBufferPointer { findingSlots in
      made.withUnsafeMutableBufferPointer { claimSlots in
        nonisolated(unsafe) let findingSlots = findingSlots, claimSlots = claimSlots
        DispatchQueue.concurrentPerform(iterations: rules.count + claiming.count) { task in
          if task < rules.count {
            findingSlots[task] = run(rules[task])
          } else {
            claimSlots[task - rules.count] = claiming[task - rules.count].rule.check.claims(file, context)
          }
        }
      }
    }
    for (position, entry) in claiming.enumerated() { claims[entry.slot] = made[position] }
    return (parts.flatMap { $0 }, claims)
  }

  func lintFile(_ input: LintInput, index: Int, reported: Bool) -> FileResult {
    let merchant = merchants[input.merchant]
    let limits = merchant.limits, context = merchant.context
    var result = FileResult()
    var bytes: [UInt8]
    switch input.source {
    case .bytes(let given): bytes = given
    case .path(let path):
      do {
        bytes = try FileSystem.read(path, limit: limits.fileSize)
      } catch let error as LintError {
        result.error = error.named(input.display)
        return result
      } catch {
        result.error = .unreadablePath(input.display, reason: "\(error)")
        return result
      }
    }
    let snippets = withSnippets && reported
    let file: CheckedFile
    var tree: YAMLTree?
    if bytes.count > limits.fileSize {
      let problem = YAMLProblem(
        kind: .limit(setting: "fileSize"),
        message: "the file is larger than \(limits.fileSize) bytes and was not read (\(limits.raise("fileSize")))",
        line: 1, column: 1, document: nil)
      file = CheckedFile(name: input.display, index: index, problems: [problem], documents: [])
      bytes = []
    } else {
      bytes = Encoding.utf8(bytes)
      let onlyMarkers = YAMLReader.holdsOnlyMarkers(bytes)
      // A big file is parsed by libyaml on a thread of its own, and its plugins are read as they
      // end, while the rest is parsed (`EarlyReading`).
      let pipelined = parallelism > 1 && bytes.count >= pipelineFrom
      let early = pipelined ? EarlyReading(file: input.display, schema: context.schema, tables: context.tables, limits: limits) : nil
      let parsed = YAMLReader.parse(
        bytes, limits: limits, sensitivity: context.schema.sensitivity, pipelineFrom: pipelined ? 0 : .max,
        observe: early?.observe)
      // Only the text report reads the source again; otherwise its memory goes back now.
      if !snippets { bytes = [] }
      let readEarly = early?.finish(parsed)
      // The document in which a syntax error occurs gets no other finding (an undefined alias
      // is one `yaml-syntax`, not also a `missing-field` for what it would have brought).
      var problems = onlyMarkers ? [] : parsed.problems
      let broken = Set(problems.lazy.filter { $0.kind == .syntax }.compactMap(\.document))
      if !broken.isEmpty { problems.removeAll { $0.kind != .syntax && $0.document.map(broken.contains) == true } }
      var documents = parsed.documents.enumerated().map { at, info in
        if broken.contains(at) { return ExportDocument(file: input.display, index: at, location: SourceLocation(file: input.display, line: info.line, column: info.column)) }
        if at == 0, let readEarly { return readEarly }
        return ExportReader.read(
          parsed, document: info, index: at, file: input.display, schema: context.schema, tables: context.tables, limits: limits)
      }
      let stopped = problems.contains { if case .limit = $0.kind { return true } else { return $0.kind == .syntax } }
      if !stopped, parsed.documents.allSatisfy({ $0.root < 0 || parsed.isNull($0.root) }) { documents = [ExportReader.emptyFile(input.display)] }
      result.documents = documents.map(DocumentNames.init)
      var checked = CheckedFile(name: input.display, index: index, problems: problems, documents: documents)
      checked.documents = result.documents
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
      file = checked
      tree = parsed
    }
    result.plugins = file.plugins.count
    (result.findings, result.claims) = check(file, merchant, display: input.display, documents: result.documents, reported: reported)
    result.secrets = tree?.secretTexts() ?? SecretTexts()
    result.findings = Self.capped(result.findings, merchant)
    if snippets, let tree { attachSnippets(&result, bytes: bytes, tree: tree, limits: limits) }
    for position in result.claims.indices { result.claims[position] = Self.inReportOrder(result.claims[position]) }
    return result
  }
}
