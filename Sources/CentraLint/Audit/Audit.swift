/// What an audit found (SPEC §8): each merchant with its verdict, counts and findings, worst
/// first; the fleet's counts; and, with a comparison, what changed since the earlier report.
/// Made by one engine run over every merchant's files (so both cores stay busy), each file
/// checked with its merchant's config; stores and cross-file rules never span merchants.
public struct Audit: Sendable {
  public enum Verdict: String, Sendable {
    case pass, fail, error
  }

  public struct Merchant: Sendable {
    public var name: String
    public var folder: String
    public var verdict: Verdict
    /// Why it was not checked, for an `error` merchant.
    public var error: String?
    public var configDigest: String
    /// What its files held: each file's documents by environment and store. A finding found
    /// against another file is fixed only where this is as it was (`AuditComparison`).
    public var groundDigest = "none"
    /// Whether it is a file directly in a FOLDER (else a folder).
    public var isFile = false
    /// Its files, relative to its folder.
    public var files: [String]
    public var stores = 0, plugins = 0
    public var errors = 0, warnings = 0, infos = 0
    /// Findings per rule that fired.
    public var rules: [String: Int] = [:]
    public var findings: [Finding] = []
    /// Set when comparing (SPEC §8).
    public var changes: Changes?

    /// The rules that fired, the most findings first (then by id).
    public var rulesFired: [(rule: String, count: Int)] {
      rules.map { ($0.key, $0.value) }.sorted { ($0.count, $1.rule) > ($1.count, $0.rule) }
    }
  }

  /// What changed for a merchant since the compared report, by fingerprint.
  public struct Changes: Sendable {
    public var new: [Finding] = []
    /// Findings of the earlier report that no longer occur, as they were then.
    public var fixed: [Finding] = []
    /// Findings of the earlier report in a file the merchant no longer has.
    public var gone: [Finding] = []
    public var remaining: [Finding] = []
    /// Whether the merchant's config differs from the one the earlier report was made with.
    public var configChanged = false
    /// Whether the merchant is new since the earlier report.
    public var appeared = false
    /// For a merchant not checked now: how many findings the earlier report had, neither fixed
    /// nor gone, and whether it was checked then.
    public var earlierUnknown = 0
    public var notCheckedNow = false

    public var isEmpty: Bool { new.isEmpty && fixed.isEmpty && gone.isEmpty && !configChanged && !appeared && !notCheckedNow }
  }

  /// Error merchants first, then worst first.
  public var merchants: [Merchant]
  /// Every finding of the checked merchants, in report order.
  public var findings: [Finding]
  public var summary: Summary
  public var failsFrom: Severity?
  /// With a comparison: the compared report's file, and the merchants that appeared and disappeared.
  public var compared: String?
  public var appeared: [String] = []
  public var disappeared: [String] = []

  /// The fleet: merchants that pass, fail, are not checked; and per rule how many merchants it hits.
  public var passing: Int { merchants.count { $0.verdict == .pass } }
  public var failing: Int { merchants.count { $0.verdict == .fail } }
  public var notChecked: Int { merchants.count { $0.verdict == .error } }
  public var merchantsPerRule: [(rule: String, merchants: Int)] {
    var hits: [String: Int] = [:]
    for merchant in merchants { for rule in merchant.rules.keys { hits[rule, default: 0] += 1 } }
    return hits.map { ($0.key, $0.value) }.sorted { ($0.merchants, $1.rule) > ($1.merchants, $0.rule) }
  }

  /// The order of the merchant table: `error` merchants first (they need a person before
  /// anything else), then most errors, warnings, infos, then by name.
  static func worstFirst(_ a: Merchant, _ b: Merchant) -> Bool {
    if (a.verdict == .error) != (b.verdict == .error) { return a.verdict == .error }
    if a.errors != b.errors { return a.errors > b.errors }
    if a.warnings != b.warnings { return a.warnings > b.warnings }
    if a.infos != b.infos { return a.infos > b.infos }
    return ByteScan.precedes(a.name, b.name)
  }

  /// Builds the audit from the engine's result over the fleet's files. `inputs` are the files
  /// checked, in the order given to the engine; `memberOf` the fleet member of each engine
  /// merchant.
  static func make(
    fleet: AuditFleet, inputs: [LintInput], memberOf: [Int], result: LintResult, failsFrom: Severity?
  ) -> Audit {
    // Names and paths are printed in every report: a secret-shaped part is hidden there, as in
    // every file name (`LintInput`).
    var merchants = fleet.members.map { member in
      Merchant(
        name: Sensitivity.redacting(member.name), folder: Sensitivity.redacting(member.folder), verdict: member.error == nil ? .pass : .error,
        error: member.error.map(Sensitivity.redacting), configDigest: member.configDigest, isFile: member.isFile,
        files: member.files.map { Sensitivity.redacting(member.relative($0.display)) })
    }
    for (engineMerchant, error) in result.registryErrors {
      let member = memberOf[engineMerchant]
      merchants[member].verdict = .error
      merchants[member].error = "\(error)"
    }
    // A file that could not be read leaves its merchant not checked.
    for error in result.errors {
      guard case .unreadablePath(let path, _) = error,
            let member = fleet.members.firstIndex(where: { $0.folder == path || path.hasPrefix($0.folder + "/") }) else { continue }
      merchants[member].verdict = .error
      merchants[member].error = merchants[member].error ?? "\(error)"
    }
    var fileMember: [ByteKey: Int] = [:]
    var stores: [Set<Int32>] = Array(filling: [], count: merchants.count)
    var grounds: [[String]] = Array(filling: [], count: merchants.count)
    for (index, input) in inputs.enumerated() {
      let member = memberOf[input.merchant]
      fileMember[ByteKey(input.display)] = member
      merchants[member].plugins += result.fileStats[index].plugins
      stores[member].formUnion(result.fileStats[index].stores)
      // What the file holds: each document's environment and store, and whether a syntax
      // error broke it (then nothing in it was compared).
      let file = fleet.members[member].relative(input.display)
      guard index < result.fileDocuments.count else { continue }
      let held = result.fileDocuments[index]
      grounds[member] += held.read ? held.documents.indices.map { document in
        [file, held.documents[document].environmentKey ?? "", held.documents[document].storeKey].joined(separator: "\u{1F}")
          + (held.broken.contains(document) ? "\u{1F}broken" : "")
      } : [file + "\u{1F}unread"]
    }
    for member in merchants.indices {
      merchants[member].stores = stores[member].count
      guard merchants[member].verdict != .error else { continue }
      merchants[member].groundDigest = AuditFleet.digest(Array(grounds[member].sorted(by: ByteScan.precedes).joined(separator: "\n").utf8))
    }
    for finding in result.findings {
      guard let member = fileMember[ByteKey(finding.location.file)], merchants[member].verdict != .error else { continue }
      merchants[member].findings.append(finding)
    }
    // Each merchant on its own (an audit has thousands).
    let gathered = merchants
    merchants = Parallel.map(gathered.count) { member in
      var merchant = gathered[member]
      if merchant.verdict != .error { finish(&merchant, fleet.members[member], failsFrom: failsFrom) }
      return merchant
    }
    // The run's findings with the merchants' fingerprints, in report order.
    let all = merchants.flatMap(\.findings).inOrder()
    var summary = Summary(findings: all, files: inputs.count, plugins: merchants.reduce(0) { $0 + $1.plugins }, stores: merchants.reduce(0) { $0 + $1.stores })
    summary.suppressed = result.suppressed.count
    summary.baselined = result.baselined
    summary.unreadable = result.errors.count + fleet.errors.count
    summary.withoutRegistry = Summary.RegistryGap(rules: result.rulesWithoutRegistry, files: result.filesWithoutRegistry)
    merchants.sort(by: worstFirst)
    return Audit(merchants: merchants, findings: all, summary: summary, failsFrom: failsFrom)
  }

  /// A checked merchant's fingerprints, counts and verdict. Fingerprints name each file from
  /// its merchant's folder: a comparison holds wherever the audit runs from.
  private static func finish(_ merchant: inout Merchant, _ member: AuditFleet.Member, failsFrom: Severity?) {
    var findings = merchant.findings
    var start = 0
    while start < findings.count {
      var end = start + 1
      while end < findings.count, findings[end].location.file == findings[start].location.file { end += 1 }
      let prints = Fingerprint.of(Array(findings[start..<end]), file: member.relative(findings[start].location.file))
      for (offset, print) in prints.enumerated() { findings[start + offset].fingerprint = print }
      start = end
    }
    merchant.findings = findings
    for finding in findings {
      switch finding.severity {
      case .error: merchant.errors += 1
      case .warning: merchant.warnings += 1
      case .info: merchant.infos += 1
      }
      merchant.rules[finding.rule, default: 0] += 1
    }
    let fails = failsFrom.map { threshold in findings.contains { $0.severity >= threshold } } ?? false
    merchant.verdict = fails ? .fail : .pass
  }

  /// The exit status (SPEC §5, §8): 2 when a merchant could not be checked, else 1 when a
  /// finding is at or above `--fail-on`, else 0.
  public var status: Int32 {
    if notChecked > 0 || summary.unreadable > 0 { return 2 }
    return failing > 0 ? 1 : 0
  }
}
