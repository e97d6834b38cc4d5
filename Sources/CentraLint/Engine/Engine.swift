import Dispatch

/// One file to check: its name in the report and where its bytes come from.
public struct LintInput: Sendable {
  /// Where the bytes are.
  public enum Source: Sendable {
    case path(FilePath)
    case bytes([UInt8])
  }

  /// The name in findings.
  public var display: String
  public var source: Source
  /// The merchant it belongs to, by its place among the run's merchants: stores (SPEC §1)
  /// never span merchants. A plain run is one merchant.
  public var merchant: Int

  /// Makes an input.
  public init(display: String, source: Source, merchant: Int = 0) {
    self.display = display
    self.source = source
    self.merchant = merchant
  }
}

/// What a run found.
public struct LintResult: Sendable {
  /// Every finding, sorted by file, line, column, rule.
  public var findings: [Finding]
  /// Files checked (those given, not the other exports read for cross-file rules).
  public var files: Int
  /// Plugins seen in them.
  public var plugins: Int
  /// Stores (SPEC §1) their documents belong to.
  public var stores: Int
  /// Files that could not be read; the run still reports the others (exit status 2).
  public var errors: [LintError]
}

/// Runs the rules over files: each file parsed and checked on its own (in parallel), then the
/// cross-file rules over what the files claimed, store by store, then one sort.
public struct Engine: Sendable {
  /// A rule that is on, with its configured severity: only what a run needs. A class: every
  /// file walks every rule, and sharing one costs a single reference count, where copying a
  /// struct would copy its String and its check.
  final class ActiveRule: Sendable {
    let id: String
    let severity: Severity
    let check: any Check

    init(id: String, severity: Severity, check: any Check) {
      self.id = id
      self.severity = severity
      self.check = check
    }
  }

  let rules: [ActiveRule]
  /// The rules that make claims, by their place in `rules`: a file keeps a claim list for each.
  let claimingRules: [Int]
  /// The rule that reports passed limits: the engine's own (file size, findings) go to it.
  let limitRule: ActiveRule?
  /// The fields the MID claims are made of, when a rule looks MIDs up (they share one list).
  let midFields: MIDFields?
  let context: CheckContext
  let limits: Limits
  /// Whether findings carry their (masked) source line, for the text report.
  public var withSnippets = true
  /// 1 checks everything in order on this thread; more lets files be checked at once, on
  /// every core. The result is the same either way.
  public var parallelism = 2

  /// Files with this many plugins have their rules run on every core (measured on the
  /// 40,000-plugin export, against each rule after the other: 0.62 -> 0.53 s, medians of 11).
  static let rulesInParallelFrom = 2048

  /// Files this big (a big export) are parsed by libyaml on a thread of its own while the tree
  /// is built on this one (tests set it lower).
  var pipelineFrom = 1 << 20

  /// The MID registry, which may still be loading while files are checked.
  let registry: Deferred<MIDRegistry>?

  /// Makes an engine from the rules, the configuration and an optional registry.
  public init(rules: RuleSet, configuration: Configuration, registry: MIDRegistry?) {
    self.init(rules: rules, configuration: configuration, loadingRegistry: registry.map { Deferred(value: $0) })
  }

  /// Makes an engine whose registry is still loading (on another thread): it is needed only
  /// once every file has been read and checked.
  public init(rules: RuleSet, configuration: Configuration, loadingRegistry registry: Deferred<MIDRegistry>?) {
    self.registry = registry
    self.rules = rules.rules.compactMap { rule in
      guard let severity = configuration.settings[rule.id].map({ $0.severity }) ?? rule.severity else { return nil }
      return ActiveRule(id: rule.id, severity: severity, check: rule.implementation)
    }
    let active = self.rules
    claimingRules = active.indices.filter { active[$0].check.makesClaims }
    limitRule = active.first { $0.check.reportsLimits }
    midFields = registry == nil ? nil : active.lazy.compactMap { $0.check.midFields }.first
    context = CheckContext(
      schema: rules.schema, tables: rules.tables, registry: nil, imageSizes: configuration.imageSizes,
      registryGiven: registry != nil)
    limits = configuration.limits
  }

  struct FileResult: Sendable {
    var findings: [Finding] = []
    /// By claiming rule (`claimingRules`), each in report order.
    var claims: [[Claim]] = []
    /// Each document's store and environment as written, and its store key (SPEC §1).
    var documents: [DocumentNames] = []
    var plugins = 0
    var error: LintError?
    /// The texts of the file's sensitive values, hidden in every finding of the run.
    var secrets = SecretTexts()
  }

  /// Checks every input; inputs are reported in the order given (the caller sorts them).
  /// `others` are more files of the same merchants that only the cross-file rules read (the
  /// exports a config names that were not given): nothing is reported in them, but a value
  /// claimed there counts as the first use. Throws only what loading the registry threw.
  public func lint(_ inputs: [LintInput], others: [LintInput] = []) throws -> LintResult {
    // The others first: their claims come first, so a given file's use is the later one.
    let crossFile = claimingRules.contains { rules[$0].check.comparesAcrossFiles }
    let all = (crossFile && !inputs.isEmpty ? others : []) + inputs
    let firstReported = all.count - inputs.count
    var results = [FileResult](repeating: FileResult(), count: all.count)
    if parallelism <= 1 || all.count < 2 {
      for index in all.indices { results[index] = lintFile(all[index], index: index, reported: index >= firstReported) }
    } else {
      results.withUnsafeMutableBufferPointer { buffer in
        nonisolated(unsafe) let slots = buffer
        DispatchQueue.concurrentPerform(iterations: all.count) { index in
          slots[index] = lintFile(all[index], index: index, reported: index >= firstReported)
        }
      }
    }
    var findings: [Finding] = []
    var errors: [LintError] = []
    var plugins = 0
    for result in results[firstReported...] {
      findings.append(contentsOf: result.findings)
      plugins += result.plugins
    }
    for result in results { if let error = result.error { errors.append(error) } }
    var context = self.context
    context.files = all.map(\.display)
    context.firstReported = firstReported
    context.documents = results.map(\.documents)
    let stores = Self.storeIDs(of: results, merchants: all.map(\.merchant))
    context.stores = stores.ids
    let storeCount = Set(stores.ids[firstReported...].joined()).count
    let resolved = try resolve(results, context)
    var secrets = SecretTexts()
    for result in results { secrets.formUnion(result.secrets) }
    results = []  // the claims: gone before the findings are sorted and reported
    // A file's own findings were redacted as it was checked; these are the rest.
    for ruleFindings in resolved { findings.append(contentsOf: ruleFindings.map { $0.redacted(hiding: secrets) }) }
    findings.sort(by: Finding.reportOrder)
    findings = Fingerprint.assign(capPerFile(findings))
    return LintResult(findings: findings, files: inputs.count, plugins: plugins, stores: storeCount, errors: errors)
  }

  /// A number for each store of the run, by file and document: one merchant's documents with
  /// the same store key share it.
  private static func storeIDs(of results: [FileResult], merchants: [Int]) -> (ids: [[Int32]], count: Int) {
    var numbers: [StoreKey: Int32] = [:]
    let ids = results.indices.map { file in
      results[file].documents.map { names in
        let key = StoreKey(merchant: merchants[file], environment: names.environment?.lowercased() ?? "", store: names.store?.lowercased() ?? "")
        if let known = numbers[key] { return known }
        let number = Int32(numbers.count)
        numbers[key] = number
        return number
      }
    }
    return (ids, numbers.count)
  }

  /// The cross-file rules' findings: each rule resolves every file's claims on its own, so the
  /// rules that have claims do so at once.
  private func resolve(_ results: [FileResult], _ context: CheckContext) throws -> [[Finding]] {
    var context = context
    context.registry = try registry?.get()
    let resolveContext = context
    let claiming = claimingRules.indices.filter { position in results.contains { !$0.claims.isEmpty && !$0.claims[position].isEmpty } }
    var resolved = [[Finding]](repeating: [], count: claiming.count)
    resolved.withUnsafeMutableBufferPointer { buffer in
      nonisolated(unsafe) let slots = buffer
      DispatchQueue.concurrentPerform(iterations: claiming.count) { slot in
        let rule = rules[claimingRules[claiming[slot]]]
        let claims = RunClaims(files: results.map { $0.claims.isEmpty ? [] : $0.claims[claiming[slot]] })
        var sink = FindingSink(rule: rule.id, severity: rule.severity, file: "", schema: resolveContext.schema)
        rule.check.resolve(claims, resolveContext, &sink)
        slots[slot] = sink.findings
      }
    }
    return resolved
  }

  /// Runs every rule over a file: its findings, and its claims by claiming rule. A file read
  /// only for the cross-file rules gets only their claims.
  private func check(_ file: CheckedFile, display: String, documents: [DocumentNames], reported: Bool) -> (findings: [Finding], claims: [[Claim]]) {
    guard reported else {
      return ([], claimingRules.map { rules[$0].check.comparesAcrossFiles ? rules[$0].check.claims(file, context) : [] })
    }
    @Sendable func run(_ rule: ActiveRule) -> [Finding] {
      var sink = FindingSink(rule: rule.id, severity: rule.severity, file: display, schema: context.schema, documents: documents)
      rule.check.run(file, context, &sink)
      return sink.findings
    }
    // A big export: its rules on both cores, each rule over the whole file (the findings are
    // sorted later, so the result is the one-thread result).
    guard parallelism > 1, file.plugins.count >= Self.rulesInParallelFrom else {
      return (rules.flatMap(run), claimingRules.map { rules[$0].check.claims(file, context) })
    }
    var parts = [[Finding]](repeating: [], count: rules.count + claimingRules.count)
    var claims = [[Claim]](repeating: [], count: claimingRules.count)
    parts.withUnsafeMutableBufferPointer { findingSlots in
      claims.withUnsafeMutableBufferPointer { claimSlots in
        nonisolated(unsafe) let findingSlots = findingSlots, claimSlots = claimSlots
        DispatchQueue.concurrentPerform(iterations: rules.count + claimingRules.count) { task in
          if task < rules.count {
            findingSlots[task] = run(rules[task])
          } else {
            let position = task - rules.count
            claimSlots[position] = rules[claimingRules[position]].check.claims(file, context)
          }
        }
      }
    }
    return (parts.flatMap { $0 }, claims)
  }

  private func lintFile(_ input: LintInput, index: Int, reported: Bool) -> FileResult {
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
      let documents = parsed.documents.enumerated().map { at, info in
        if at == 0, let readEarly { return readEarly }
        return ExportReader.read(
          parsed, document: info, index: at, file: input.display, schema: context.schema, tables: context.tables, limits: limits)
      }
      result.documents = documents.map(DocumentNames.init)
      var checked = CheckedFile(name: input.display, index: index, problems: parsed.problems, documents: documents)
      if reported, let midFields { checked.midClaims = MIDClaims.of(checked, context, fields: midFields) }
      file = checked
      tree = parsed
    }
    result.plugins = file.plugins.count
    (result.findings, result.claims) = check(file, display: input.display, documents: result.documents, reported: reported)
    result.secrets = tree?.secretTexts() ?? SecretTexts()
    result.findings = capped(result.findings, file: input.display).map { $0.redacted(hiding: result.secrets) }
    if snippets, let tree { attachSnippets(&result, bytes: bytes, tree: tree) }
    for position in result.claims.indices { result.claims[position] = Self.inReportOrder(result.claims[position]) }
    return result
  }
}

/// A document's `store` and `environment` as written (trimmed): its store (SPEC §1), and what
/// its findings show. Kept per file until the run ends, so nothing more.
struct DocumentNames: Sendable {
  var store: String?
  var environment: String?

  init(_ document: ExportDocument) {
    store = document.storeName
    environment = document.environmentName
  }

}

/// What makes a document's store (SPEC §1): its merchant, and its `environment` and `store`
/// in lower case, an absent one empty.
struct StoreKey: Hashable {
  var merchant: Int
  var environment: String
  var store: String
}
