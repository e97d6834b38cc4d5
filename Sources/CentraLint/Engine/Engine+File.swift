import Dispatch

/// The file stage: each file read, parsed, read as exports and checked by its merchant's rules,
/// on its own (files run in parallel).
extension Engine {
  /// Runs a merchant's rules over a file: its findings, and its claims by claiming rule. A file
  /// read only for the cross-file rules gets only their claims.
  func check(
    _ file: CheckedFile, _ merchant: MerchantRules, display: String, documents: [DocumentNames], reported: Bool, kept: KeptFields, merchant index: Int
  ) -> (findings: [Finding], claims: [[Claim]]) {
    let context = {
      var context = merchant.context
      // Only a file whose merchant compares files keeps anything past the file stage.
      context.keepsFields = !merchant.claiming.contains { $0.rule.check.comparesAcrossFiles }
        || kept.keeps(file.documents, plugins: file.plugins.count, merchant: index)
      context.kept = kept
      context.merchant = index
      return context
    }()
    var claims = [[Claim]](filling: [], count: claimRules.count)
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
      guard let first = rules.first else { return ([], claims) }
      // One sink for every rule, in turn: the findings as each rule after the other makes them.
      var sink = FindingSink(rule: first.id, severity: first.severity, file: display, schema: context.schema, documents: documents)
      for rule in rules {
        sink.next(rule: rule.id, severity: rule.severity)
        rule.check.run(file, context, &sink)
      }
      return (sink.findings, claims)
    }
    let claiming = merchant.claiming
    var parts = [[Finding]](filling: [], count: rules.count + claiming.count)
    var made = [[Claim]](filling: [], count: claiming.count)
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

  func lintFile(_ input: LintInput, _ merchant: MerchantRules, index: Int, reported: Bool, kept: KeptFields) -> FileResult {
    let snippets = withSnippets && reported
    let loader = DocumentLoader(parallel: parallelism > 1, pipelineFrom: pipelineFrom, keepsText: snippets, reported: reported)
    var result = FileResult()
    let document: SourceDocument
    switch loader.load(input, index: index, settings: merchant) {
    case .failure(let error):
      result.error = error
      return result
    case .success(let loaded): document = loaded
    }
    result.documents = document.checked.documents
    // The documents a syntax error broke: their comments are not judged, and an audit's
    // comparison knows nothing in them was compared.
    let broken = Set(document.checked.problems.lazy.filter { $0.kind == .syntax }.compactMap(\.document))
    result.brokenDocuments = broken
    result.plugins = document.checked.plugins.count
    (result.findings, result.claims) = check(document.checked, merchant, display: input.display, documents: result.documents, reported: reported, kept: kept, merchant: input.merchant)
    result.secrets = document.secrets
    if !document.comments.isEmpty {
      result.suppressions = Suppression.read(
        document.comments, known: merchant.known, plugins: document.checked.plugins, tree: document.tree,
        documents: document.tree?.documents ?? [],
        broken: broken)
    }
    // The real cap comes after suppressions and the baseline (`Diagnostics`); this one bounds
    // what a hostile file can make the run hold. What a comment will suppress does not count
    // against it (an `ignore-file` over many findings must not leave some of them reported).
    // Where a baseline is read or written there is none: which findings it holds back is known
    // only later, and a ceiling counting them would drop new ones unseen (the findings stay
    // bounded by the file's size).
    let ceiling = capsFindings && baseline == nil && merchant.merchant.baseline == nil ? Self.ceiling(merchant.limits) : Int.max
    if result.findings.count > ceiling {
      let sorted = result.findings.inOrder()
      let covered = SuppressionIndex(result.suppressions, known: merchant.known, today: today).assign(sorted).first
      var kept: [Finding] = [], open = 0
      for (finding, comment) in zip(sorted, covered) {
        if comment != nil {
          kept.append(finding)
        } else if open < ceiling {
          kept.append(finding)
          open += 1
        } else {
          result.droppedInFileStage += 1
        }
      }
      result.findings = kept
    }
    if snippets, let tree = document.tree { attachSnippets(&result, bytes: document.text, tree: tree, limits: merchant.limits) }
    for position in result.claims.indices { result.claims[position] = Self.inReportOrder(result.claims[position]) }
    // A big export's tree and plugins are freed on another thread, off the run's path (40,000
    // plugins' fields took 4% of the run when its claims no longer kept them to the end).
    if parallelism > 1, document.checked.plugins.count >= Self.rulesInParallelFrom {
      DispatchQueue.global(qos: .utility).async { withExtendedLifetime(document) {} }
    }
    return result
  }
}
