import Dispatch

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

  /// What one merchant's config (SPEC §1) makes of the rules: those on for its files with
  /// their severities, its image sizes, limits and registry.
  final class MerchantRules: Sendable {
    let rules: [ActiveRule]
    /// Its rules that make claims, with their slot among the run's (`Engine.claimRules`).
    let claiming: [(slot: Int, rule: ActiveRule)]
    /// The rule that reports passed limits: the engine's own (file size, findings) go to it.
    let limitRule: ActiveRule?
    /// Whether a rule reads the literal credentials, which are then found in each file.
    let readsCredentials: Bool
    /// The fields the MID claims are made of, when a rule looks MIDs up and a registry is given.
    let midFields: MIDFields?
    let context: CheckContext
    let limits: Limits
    /// The MID registry, which may still be loading while files are checked.
    let registry: Deferred<MIDRegistry>?
    /// Whether a rule that needs a registry is on, but there is none.
    let lacksRegistry: Bool

    /// The rules of the merchant, by id: whether each may be suppressed (SPEC §6); every id a
    /// suppression comment may name.
    let known: [String: Bool]
    /// The overrides (indices into the config's) that made this table; empty for the merchant's own.
    let overrides: [Int]

    init(_ rules: RuleSet, _ merchant: Merchant, claimRules: [ActiveRule], overrides: [Int] = []) {
      let configuration = merchant.configuration
      let all = rules.rules(with: configuration)
      self.rules = all.compactMap { rule in
        guard let severity = configuration.severity(of: rule, overrides: overrides) else { return nil }
        return ActiveRule(id: rule.id, severity: severity, check: rule.implementation)
      }
      known = Dictionary(all.map { ($0.id, $0.suppressible) }, uniquingKeysWith: { a, _ in a })
      self.overrides = overrides
      let active = self.rules
      claiming = active.filter(\.check.makesClaims).map { rule in (claimRules.firstIndex { $0.id == rule.id }!, rule) }
      limitRule = active.first { $0.check.reportsLimits }
      readsCredentials = active.contains { $0.check.readsCredentials }
      let needsRegistry = active.lazy.compactMap { $0.check.midFields }.first
      midFields = merchant.registry == nil ? nil : needsRegistry
      lacksRegistry = merchant.registry == nil && active.contains { $0.check.needsRegistry }
      context = CheckContext(
        schema: rules.schema, tables: rules.tables, imageSizes: configuration.imageSizes,
        registryGiven: merchant.registry != nil)
      limits = configuration.limits
      registry = merchant.registry
      self.merchant = merchant
    }

    /// What it was made from, for the tables of its overrides.
    let merchant: Merchant

    /// The severity a rule has here; nil when it is off.
    func severity(of id: String) -> Severity? { rules.first { $0.id == id }?.severity }
  }

  /// The merchants of the run, by `LintInput.merchant`.
  let merchants: [MerchantRules]
  /// Every rule that makes claims and is on for some merchant, at its default severity: a file
  /// keeps a claim list for each.
  let claimRules: [ActiveRule]
  let context: CheckContext
  /// Whether findings carry their (masked) source line, for the text report.
  public var withSnippets = true
  /// 1 checks everything in order on this thread; more lets files be checked at once, on
  /// every core. The result is the same either way.
  public var parallelism = 2

  /// Files with this many plugins have their rules run on every core (measured on the
  /// 40,000-plugin export, against each rule after the other: 0.62 -> 0.53 s, medians of 11).
  static let rulesInParallelFrom = 2048

  /// `--baseline`: one baseline for every file, in place of the configs' (SPEC §7).
  public var baseline: Baseline?
  /// Whether each file's findings are capped at its `findings` limit (not when a baseline is
  /// written: it must hold them all).
  public var capsFindings = true
  /// The day suppressions' `until` dates are compared with (SPEC §6).
  public var today = Day(secondsSince1970: 0)
  /// Told each given file's merchant once the file is checked, from any thread (an audit's
  /// progress line).
  public var fileDone: (@Sendable (_ merchant: Int) -> Void)?
  /// Whether a merchant's registry that cannot be read ends the run (a plain run), or is told
  /// in `LintResult.registryErrors` while the other merchants are checked (an audit).
  public var registryErrorsEndTheRun = true

  /// Whether the process ends once the run's result is reported (`CommandLineTool.endsProcess`):
  /// then the files' claims are not freed (a fleet's are tens of megabytes of small objects,
  /// which the process's end takes back at once).
  public var leavesClaimsToProcessEnd = false

  /// How many plugins' fields a run's claims keep at most past the file stage (`KeptFields`):
  /// about 1.5 MiB, room for a merchant's repository. Tests set it to none and to all: what is
  /// found is the same.
  package var keptFieldsAtMost = 1024

  /// Files this big (a big export) are parsed on a thread of its own while the tree is built on
  /// this one (tests set it lower).
  package var pipelineFrom = 1 << 20

  /// Makes an engine from the rules, the configuration and an optional registry: one merchant.
  public init(rules: RuleSet, configuration: Configuration, registry: MIDRegistry?) {
    self.init(rules: rules, configuration: configuration, loadingRegistry: registry.map { Deferred(value: $0) })
  }

  /// Makes an engine whose registry is still loading (on another thread): it is needed only
  /// once every file has been read and checked.
  public init(rules: RuleSet, configuration: Configuration, loadingRegistry registry: Deferred<MIDRegistry>?) {
    self.init(rules: rules, merchants: [Merchant(configuration: configuration, registry: registry)])
  }

  /// Makes an engine for several merchants, each with its own config and registry.
  public init(rules: RuleSet, merchants: [Merchant]) {
    let merchants = merchants.isEmpty ? [Merchant(configuration: Configuration(), registry: nil)] : merchants
    var claiming: [String: ActiveRule] = [:]
    for merchant in merchants {
      for rule in rules.rules(with: merchant.configuration) where rule.implementation.makesClaims && merchant.configuration.runs(rule) {
        if claiming[rule.id] == nil { claiming[rule.id] = ActiveRule(id: rule.id, severity: rule.severity, check: rule.implementation) }
      }
    }
    claimRules = claiming.values.sorted { $0.id < $1.id }
    let claimRules = self.claimRules
    if merchants.count == 1 {
      self.merchants = [MerchantRules(rules, merchants[0], claimRules: claimRules)]
    } else {
      // Each merchant's table on its own (an audit has thousands).
      self.merchants = Parallel.map(merchants.count) { MerchantRules(rules, merchants[$0], claimRules: claimRules) }
    }
    ruleSet = rules
    context = self.merchants[0].context
  }

  /// The rules, for the tables of overrides.
  let ruleSet: RuleSet

  /// Each input's rule table (SPEC §3 `overrides`): its merchant's, or the one its matching
  /// overrides make (one table per merchant and set of overrides).
  func tables(for inputs: [LintInput]) -> [MerchantRules] {
    var made: [[Int]: MerchantRules] = [:]
    return inputs.map { input in
      let merchant = merchants[input.merchant]
      let matched = merchant.merchant.configuration.overrides(matching: input.display)
      guard !matched.isEmpty else { return merchant }
      let key = [input.merchant] + matched
      if let known = made[key] { return known }
      let table = MerchantRules(ruleSet, merchant.merchant, claimRules: claimRules, overrides: matched)
      made[key] = table
      return table
    }
  }

  struct FileResult: Sendable {
    var findings: [Finding] = []
    /// By claiming rule (`claimRules`), each in report order.
    var claims: [[Claim]] = []
    /// Each document's store and environment as written, and its store key (SPEC §1).
    var documents: [DocumentNames] = []
    var plugins = 0
    var error: LintError?
    /// The texts of the file's sensitive values, hidden in every finding of the run.
    var secrets = SecretTexts()
    /// Its suppression comments, read.
    var suppressions: [Suppression] = []
    /// Findings dropped past the file stage's ceiling.
    var droppedInFileStage = 0
    /// The documents (by index) a syntax error broke.
    var brokenDocuments: Set<Int> = []
  }

  /// Checks every input; inputs are reported in the order given (the caller sorts them).
  /// `others` are more files of the same merchants that only the cross-file rules read (the
  /// exports a config names that were not given): nothing is reported in them, but a value
  /// claimed there counts as the first use. Throws only what loading a registry threw.
  public func lint(_ inputs: [LintInput], others: [LintInput] = []) throws -> LintResult {
    // The others first: their claims come first, so a given file's use is the later one.
    let crossFile = claimRules.contains { $0.check.comparesAcrossFiles }
    let all = (crossFile && !inputs.isEmpty ? others : []) + inputs
    let firstReported = all.count - inputs.count
    let tables = self.tables(for: all)
    var results = [FileResult](filling: FileResult(), count: all.count)
    let fileDone = self.fileDone
    let kept = KeptFields(plugins: keptFieldsAtMost)
    // Last file first: a merchant's copies (`staging.yaml`, `uat.yaml`) mostly sort after its
    // production export, whose plugins are then kept as it is read (`KeptFields`).
    if parallelism <= 1 || all.count < 2 {
      for index in all.indices.reversed() {
        results[index] = lintFile(all[index], tables[index], index: index, reported: index >= firstReported, kept: kept)
        if index >= firstReported { fileDone?(all[index].merchant) }
      }
    } else {
      results = Parallel.map(all.count) { position in
        let index = all.count - 1 - position
        let result = lintFile(all[index], tables[index], index: index, reported: index >= firstReported, kept: kept)
        if index >= firstReported { fileDone?(all[index].merchant) }
        return result
      }
      results.reverse()
    }
    // Findings stay grouped by file, in input order (the caller sorts the inputs): each file's
    // are finished on their own (`Diagnostics`), and no comparison ever looks at a file name.
    var groups = results[firstReported...].map(\.findings)
    var errors: [LintError] = []
    var plugins = 0
    for result in results[firstReported...] { plugins += result.plugins }
    for result in results { if let error = result.error { errors.append(error) } }
    var context = self.context
    context.files = all.map(\.display)
    context.firstReported = firstReported
    context.documents = results.map(\.documents)
    context.merchants = all.map(\.merchant)
    let stores = Self.storeIDs(of: results, merchants: all.map(\.merchant))
    context.stores = stores.ids
    let storeCount = Set(stores.ids[firstReported...].joined()).count
    let (resolved, resolveDropped, registryErrors) = try resolve(results, context, inputs: all, tables: tables)
    let fileStats = results[firstReported...].indices.map { (plugins: results[$0].plugins, stores: stores.ids[$0]) }
    let fileDocuments = results[firstReported...].map { (documents: $0.documents, broken: $0.brokenDocuments, read: $0.error == nil) }
    // The run's secret texts: a secret of one file is hidden in what is printed about every
    // file (SPEC §2, Secrets), each finding redacted once, in `Diagnostics`.
    var secrets = SecretTexts()
    for result in results where !result.secrets.isEmpty { secrets.formUnion(result.secrets) }
    let fileSetups = (firstReported..<all.count).map { index in
      Diagnostics.FileSetup(
        table: tables[index], suppressions: results[index].suppressions, documents: results[index].documents,
        baseline: baseline ?? tables[index].merchant.baseline, fileName: all[index].display,
        droppedBefore: results[index].droppedInFileStage + resolveDropped[index])
    }
    // The claims are done with: left to the process's end when it comes next (the command
    // line), else freed on another thread while the findings are finished and reported
    // (freeing a fleet's claims one by one held up the end of every run).
    let spent = results
    results = []
    if leavesClaimsToProcessEnd {
      Leftovers.keep([spent])
    } else {
      DispatchQueue.global(qos: .utility).async { withExtendedLifetime(spent) {} }
    }
    var group: [ByteKey: Int] = [:]
    for (index, input) in inputs.enumerated() where group[ByteKey(input.display)] == nil { group[ByteKey(input.display)] = index }
    for ruleFindings in resolved {
      for finding in ruleFindings { groups[group[ByteKey(finding.location.file)] ?? 0].append(finding) }
    }
    let finished = Diagnostics.finish(groups, hiding: secrets, parallel: parallelism > 1, today: today, caps: capsFindings) { fileSetups[$0] }
    var result = LintResult(findings: finished.findings, files: inputs.count, plugins: plugins, stores: storeCount, errors: errors)
    result.suppressed = finished.suppressed
    result.registryErrors = registryErrors
    result.fileStats = fileStats
    result.fileDocuments = fileDocuments
    result.baselined = finished.baselined
    // The entries of each baseline about the files checked that no longer occur.
    var baselines: [ByteKey: (Baseline, Set<ByteKey>)] = [:]
    for setup in fileSetups {
      if let baseline = setup.baseline {
        baselines[ByteKey(baseline.file), default: (baseline, [])].1.insert(ByteKey(baseline.name(of: setup.fileName)))
      }
    }
    for (_, (baseline, files)) in baselines.sorted(by: { ByteScan.precedes($0.key.text, $1.key.text) }) {
      let fixed = baseline.entries.filter { files.contains(ByteKey($0.file)) && !finished.baselineSeen.contains($0.fingerprint) }
      // Told in the summary: the run's secret texts are hidden there as in its findings.
      result.baselineFixed += fixed.map { $0.hiding(secrets) }
      if !fixed.isEmpty { result.baselinesWithFixed.append(baseline.file) }
    }
    result.filesWithoutRegistry = inputs.indices.count { tables[firstReported + $0].lacksRegistry }
    result.rulesWithoutRegistry = Array(Set(inputs.indices.lazy.filter { tables[firstReported + $0].lacksRegistry }
      .flatMap { tables[firstReported + $0].rules.filter(\.check.needsRegistry).map(\.id) })).sorted()
    return result
  }

  /// A number for each store of the run, by file and document: one merchant's documents with
  /// the same store key share it.
  private static func storeIDs(of results: [FileResult], merchants: [Int]) -> (ids: [[Int32]], count: Int) {
    var numbers: [StoreKey: Int32] = [:]
    let ids = results.indices.map { file in
      results[file].documents.map { names in
        let key = StoreKey(merchant: merchants[file], environment: names.environmentKey ?? "", store: names.storeKey)
        if let known = numbers[key] { return known }
        let number = Int32(numbers.count)
        numbers[key] = number
        return number
      }
    }
    return (ids, numbers.count)
  }

  /// The cross-file rules' findings: each rule resolves every file's claims on its own, so the
  /// rules that have claims do so at once. A finding takes the severity its file's merchant
  /// gives the rule. A rule makes no more of a file's findings than its cap can show (where
  /// neither a suppression comment nor a baseline can take one away): those past it are only
  /// counted, by file (40,000 plugins that overlap make the cap's number of findings, not 40,000).
  private func resolve(
    _ results: [FileResult], _ context: CheckContext, inputs: [LintInput], tables: [MerchantRules]
  ) throws -> (findings: [[Finding]], dropped: [Int], registryErrors: [Int: LintError]) {
    var context = context
    let claiming = claimRules.indices.filter { position in results.contains { !$0.claims.isEmpty && !$0.claims[position].isEmpty } }
    let runClaims = claiming.map { slot in RunClaims(files: results.map { $0.claims.isEmpty ? [] : $0.claims[slot] }) }
    // The files a rule must see again, read on every core before any rule resolves (while a
    // registry may still be loading).
    var rereads = Set<Int>()
    for (position, slot) in claiming.enumerated() { rereads.formUnion(claimRules[slot].check.rereads(runClaims[position], context)) }
    if !rereads.isEmpty {
      let files = rereads.sorted()
      let read = Parallel.map(files.count) { position -> CheckedFile? in
        let index = files[position]
        let loader = DocumentLoader(parallel: false, pipelineFrom: .max, keepsText: false, reported: false)
        guard case .success(let document) = loader.load(inputs[index], index: index, settings: tables[index]) else { return nil }
        return document.checked
      }
      for (index, file) in zip(files, read) { context.reread[index] = file }
    }
    var registryErrors: [Int: LintError] = [:]
    context.registries = try merchants.indices.map { merchant in
      do {
        return try merchants[merchant].registry?.get()
      } catch where !registryErrorsEndTheRun {
        registryErrors[merchant] = (error as? LintError) ?? .invalidSetup("\(error)")
        return nil
      }
    }
    let resolveContext = context
    let rooms: [Int] = capsFindings ? results.indices.map { file in
      let table = tables[file]
      let bounded = (baseline ?? table.merchant.baseline) == nil && results[file].suppressions.allSatisfy { !$0.isActive(today: today) }
      return bounded ? table.limits.findings : Int.max
    } : []
    // The files are many and their tables few (a merchant's, and those its overrides make):
    // each table's severity for a rule is looked up once, not once a file.
    let (distinct, tableOfFile) = Self.distinct(tables)
    let resolved = Parallel.map(claiming.count) { slot -> (findings: [Finding], dropped: [Int]) in
      let rule = claimRules[claiming[slot]]
      let claims = runClaims[slot]
      var sink = FindingSink(rule: rule.id, severity: rule.severity, file: "", schema: resolveContext.schema)
      let settings = distinct.map { $0.severity(of: rule.id) }
      if settings.contains(where: { $0 != rule.severity }) {
        sink.severities = tableOfFile.map { settings[Int($0)] }
      }
      sink.rooms = rooms
      rule.check.resolve(claims, resolveContext, &sink)
      return (sink.findings, sink.dropped)
    }
    var dropped = Array(filling: 0, count: results.count)
    for part in resolved { for (file, count) in part.dropped.enumerated() { dropped[file] += count } }
    return (resolved.map(\.findings), dropped, registryErrors)
  }

  /// The different tables among `tables`, and for each of its entries the index of its table
  /// among them.
  private static func distinct(_ tables: [MerchantRules]) -> (tables: [MerchantRules], index: [Int32]) {
    var distinct: [MerchantRules] = []
    var known: [ObjectIdentifier: Int32] = [:]
    var index: [Int32] = []
    index.reserveCapacity(tables.count)
    for table in tables {
      // Neighbours mostly share a table (a merchant's files are given together).
      if let last = index.last, distinct[Int(last)] === table {
        index.append(last)
        continue
      }
      let at = known[ObjectIdentifier(table)] ?? {
        distinct.append(table)
        known[ObjectIdentifier(table)] = Int32(distinct.count - 1)
        return Int32(distinct.count - 1)
      }()
      index.append(at)
    }
    return (distinct, index)
  }
}
