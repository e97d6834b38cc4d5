import Dispatch

/// One file to check: its name in the report and where its bytes come from.
public struct LintInput: Sendable {
  /// Where the bytes are.
  public enum Source: Sendable {
    case path(String)
    case bytes([UInt8])
  }

  /// The name in findings.
  public var display: String
  public var source: Source

  /// Makes an input.
  public init(display: String, source: Source) {
    self.display = display
    self.source = source
  }
}

/// What a run found.
public struct LintResult: Sendable {
  /// Every finding, sorted by file, line, column, rule.
  public var findings: [Finding]
  /// Files checked.
  public var files: Int
  /// Plugins seen.
  public var plugins: Int
  /// Files that could not be read; the run still reports the others (exit status 2).
  public var errors: [LintError]
}

/// Runs the rules over files: each file parsed and checked on its own (in parallel), then the
/// cross-file rules over what the files claimed, then one sort.
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
  let context: CheckContext
  let limits: Limits
  let sensitiveKeys: [[UInt8]]
  /// Whether findings carry their (masked) source line, for the text report.
  public var withSnippets = true
  /// 1 checks everything in order on this thread; more lets files (and the two halves of a big
  /// export) be checked at once, on every core. The result is the same either way.
  public var parallelism = 2

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
      switch configuration.severities[rule.id] {
      case .none: return ActiveRule(id: rule.id, severity: rule.severity, check: rule.implementation)
      case .some(.none): return nil
      case .some(.some(let severity)): return ActiveRule(id: rule.id, severity: severity, check: rule.implementation)
      }
    }
    let active = self.rules
    claimingRules = active.indices.filter { active[$0].check.makesClaims }
    context = CheckContext(
      schema: rules.schema, tables: rules.tables, registry: nil, imageSizes: configuration.imageSizes,
      registryGiven: registry != nil)
    limits = configuration.limits
    sensitiveKeys = rules.schema.sensitiveKeys.map { Array($0.utf8) }
  }

  struct FileResult: Sendable {
    var findings: [Finding] = []
    /// By claiming rule (`claimingRules`), each in report order.
    var claims: [[Claim]] = []
    var plugins = 0
    var error: LintError?
  }

  /// Checks every input; inputs are reported in the order given (the caller sorts them).
  /// Throws only what loading the registry threw.
  public func lint(_ inputs: [LintInput]) throws -> LintResult {
    var results = [FileResult](repeating: FileResult(), count: inputs.count)
    if parallelism <= 1 || inputs.count < 2 {
      for index in inputs.indices { results[index] = lintFile(inputs[index], index: index) }
    } else {
      results.withUnsafeMutableBufferPointer { buffer in
        nonisolated(unsafe) let slots = buffer
        DispatchQueue.concurrentPerform(iterations: inputs.count) { index in
          slots[index] = lintFile(inputs[index], index: index)
        }
      }
    }
    var findings: [Finding] = []
    var errors: [LintError] = []
    var plugins = 0
    for result in results {
      findings.append(contentsOf: result.findings)
      plugins += result.plugins
      if let error = result.error { errors.append(error) }
    }
    let resolved = try resolve(results, files: inputs.map(\.display))
    results = []  // the claims: gone before the findings are sorted and reported
    // A file's own findings were redacted as it was checked; these are the rest.
    for ruleFindings in resolved { findings.append(contentsOf: ruleFindings.map { $0.redacted() }) }
    findings.sort(by: Finding.reportOrder)
    findings = capPerFile(findings)
    return LintResult(findings: findings, files: inputs.count, plugins: plugins, errors: errors)
  }

  /// The cross-file rules' findings: each rule resolves every file's claims on its own, so the
  /// rules that have claims do so at once.
  private func resolve(_ results: [FileResult], files: [String]) throws -> [[Finding]] {
    var context = self.context
    context.registry = try registry?.get()
    context.files = files
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

  /// The file with the MID claims of its plugins, when a registry is given.
  private func withMIDClaims(_ file: CheckedFile) -> CheckedFile {
    guard context.registryGiven, let endpoint = context.schema.slot("klarnaEndpoint"),
          let eStoreID = context.schema.slot("eStoreId") else { return file }
    var file = file
    file.midClaims = MIDClaims.of(file, context, endpointSlot: endpoint, eStoreIDSlot: eStoreID)
    return file
  }

  /// Runs every rule over a file (or a part of one): its findings, and its claims by claiming
  /// rule.
  private func check(_ file: CheckedFile, display: String) -> (findings: [Finding], claims: [[Claim]]) {
    var findings: [Finding] = []
    for rule in rules {
      var sink = FindingSink(rule: rule.id, severity: rule.severity, file: display, schema: context.schema)
      rule.check.run(file, context, &sink)
      if !sink.findings.isEmpty { findings.append(contentsOf: sink.findings) }
    }
    return (findings, claimingRules.map { rules[$0].check.claims(file, context) })
  }

  private func lintFile(_ input: LintInput, index: Int) -> FileResult {
    var result = FileResult()
    var bytes: [UInt8]
    switch input.source {
    case .bytes(let given): bytes = given
    case .path(let path):
      do {
        bytes = try FileSystem.read(path, limit: limits.fileSize)
      } catch let error as LintError {
        result.error = error
        return result
      } catch {
        result.error = .unreadablePath(path, reason: "\(error)")
        return result
      }
    }
    if bytes.count > limits.fileSize {
      if let rule = rules.first(where: { $0.id == "yaml-limit" }) {
        result.findings.append(Finding(
          rule: "yaml-limit", severity: rule.severity,
          message: "the file is larger than \(limits.fileSize) bytes and was not read (raise 'limits.fileSize' in .centra-lint.yaml)",
          location: SourceLocation(file: input.display, line: 1, column: 1)))
      }
      return result
    }
    bytes = Encoding.utf8(bytes)
    // A big file is parsed by libyaml on a thread of its own, and its plugins are read as they
    // end, while the rest is parsed (`EarlyReading`).
    let pipelined = parallelism > 1 && bytes.count >= pipelineFrom
    let early = pipelined ? EarlyReading(file: input.display, schema: context.schema, tables: context.tables, limits: limits) : nil
    // The values of sensitive keys are marked in the tree only to be masked in source lines,
    // which only the text report shows: without it, no key is searched for them.
    let tree = YAMLReader.parse(
      bytes, limits: limits, sensitiveKeys: withSnippets ? sensitiveKeys : [], pipelineFrom: pipelined ? 0 : .max,
      observe: early?.observe)
    // Only the text report reads the source again; otherwise its memory goes back now.
    if !withSnippets { bytes = [] }
    let readEarly = early?.finish(tree)
    let documents = tree.documents.enumerated().map { at, info in
      if at == 0, let readEarly { return readEarly }
      return ExportReader.read(
        tree, document: info, file: input.display, schema: context.schema, tables: context.tables, limits: limits,
        split: parallelism > 1)
    }
    var file = CheckedFile(name: input.display, index: index, problems: tree.problems, documents: documents)
    result.plugins = file.plugins.count
    // A big export is checked by two threads, each over half its plugins; claims are joined in
    // plugin order and findings are sorted later, so the result is the one-thread result.
    if parallelism > 1, file.plugins.count >= ExportReader.splitThreshold {
      let parts = file.halves().map(withMIDClaims)
      var outputs = [(findings: [Finding], claims: [[Claim]])](repeating: ([], []), count: parts.count)
      outputs.withUnsafeMutableBufferPointer { buffer in
        nonisolated(unsafe) let slots = buffer
        DispatchQueue.concurrentPerform(iterations: parts.count) { part in
          slots[part] = check(parts[part], display: input.display)
        }
      }
      result.findings = outputs.flatMap(\.findings)
      result.claims = claimingRules.indices.map { position in outputs.flatMap { $0.claims[position] } }
    } else {
      file = withMIDClaims(file)
      (result.findings, result.claims) = check(file, display: input.display)
    }
    result.findings = capped(result.findings, file: input.display).map { $0.redacted() }
    if withSnippets { attachSnippets(&result, bytes: bytes, tree: tree) }
    for position in result.claims.indices { result.claims[position] = Self.inReportOrder(result.claims[position]) }
    if parallelism > 1, file.plugins.count >= ExportReader.splitThreshold {
      // A big export's model is a million small allocations, and freeing them takes a while:
      // another thread does it while the run goes on (it holds the only references).
      let garbage = Garbage((consume tree, consume file, consume documents))
      DispatchQueue.global(qos: .utility).async { garbage.drop() }
    }
    return result
  }
}

/// Something to free on another thread: the last reference to it moves in, and `drop` lets it go.
final class Garbage: @unchecked Sendable {  // `value` is set by the maker, then cleared by the dropper
  private var value: Any?
  init(_ value: Any) { self.value = value }
  func drop() { value = nil }
}
