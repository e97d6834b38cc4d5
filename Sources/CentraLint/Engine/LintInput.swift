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
    // A file name is printed in every report: a Klarna-shaped part of it, or a URL's password
    // (`--stdin-filename 'https://user:PASSWORD@host/…'`), is hidden there too.
    self.display = Sensitivity.redacting(display)
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
  /// Files checked without a MID registry while a rule that needs one is on, and those rules.
  public var filesWithoutRegistry = 0
  public var rulesWithoutRegistry: [String] = []
  /// What suppression comments silenced (SPEC §6), each with its reason.
  public var suppressed: [Finding] = []
  /// How many findings a baseline held back (SPEC §7), and its entries about the checked files
  /// that no longer occur.
  public var baselined = 0
  public var baselineFixed: [Baseline.Entry] = []
  /// The baselines that have such entries, as the run names them.
  public var baselinesWithFixed: [String] = []
  /// The registries that could not be read, by merchant, when they do not end the run
  /// (`Engine.registryErrorsEndTheRun`).
  public var registryErrors: [Int: LintError] = [:]
  /// Each checked file's plugins and the stores of its documents, in input order (an audit
  /// counts them per merchant).
  public var fileStats: [(plugins: Int, stores: [Int32])] = []
  /// Each reported file's documents (their stores and environments), those a syntax error
  /// broke, and whether it was read at all (what an audit compares between two runs:
  /// `Audit.Merchant.groundDigest`).
  var fileDocuments: [(documents: [DocumentNames], broken: Set<Int>, read: Bool)] = []

  /// Makes a result.
  public init(findings: [Finding], files: Int, plugins: Int, stores: Int, errors: [LintError]) {
    self.findings = findings
    self.files = files
    self.plugins = plugins
    self.stores = stores
    self.errors = errors
  }
}
