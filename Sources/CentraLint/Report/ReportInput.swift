/// What every reporter is handed, and all it may read: the run's findings (sorted, masked,
/// fingerprinted), its summary, the rules of the run and its files. A reporter is a pure
/// function of it: it never reads a file, sorts or prints.
public struct ReportInput: Sendable {
  /// A rule as reports describe it, from its rule file.
  public struct Rule: Sendable {
    public var id: String
    public var title: String
    public var rationale: String
    public var fix: String
    /// The severity it has in this run (as configured).
    public var severity: Severity
  }

  public var findings: [Finding]
  /// The findings that suppression comments silenced, each with its reason (SARIF lists them).
  public var suppressed: [Finding] = []
  public var summary: Summary
  /// The rules that were on, in id order.
  public var rules: [Rule]
  /// The files checked, in report order (a clean one has no finding to name it).
  public var files: [String]
  public var toolVersion: String
  /// The lowest severity that fails the run (`--fail-on`; nil: never), for the formats that
  /// say pass or fail per finding (JUnit), so that they agree with the exit status.
  public var failsFrom: Severity? = .error
  /// Whether the text report may use ANSI colour.
  public var color = false

  /// Makes the input of a run.
  public init(
    findings: [Finding], summary: Summary, rules: [Rule], files: [String], toolVersion: String, color: Bool = false,
    failsFrom: Severity? = .error
  ) {
    self.failsFrom = failsFrom
    self.findings = findings
    self.summary = summary
    self.rules = rules
    self.files = files
    self.toolVersion = toolVersion
    self.color = color
  }

  /// The rules of a rule set as configured (off rules left out).
  public static func rules(_ rules: RuleSet, _ configuration: Configuration) -> [Rule] {
    rules.rules(with: configuration).compactMap { rule in
      guard let severity = configuration.severity(of: rule) else { return nil }
      return Rule(id: rule.id, title: rule.title, rationale: rule.rationale, fix: rule.fix, severity: severity)
    }
  }

  /// The findings grouped by file, in report order, with every checked file (clean ones with
  /// no findings).
  public var byFile: [(file: String, findings: ArraySlice<Finding>)] {
    var groups: [(file: String, findings: ArraySlice<Finding>)] = []
    // Files are told apart by their bytes (two names only canonically equivalent are two).
    var grouped: Set<[UInt8]> = []
    var start = findings.startIndex
    while start < findings.endIndex {
      let file = findings[start].location.file
      var end = start + 1
      while end < findings.endIndex, findings[end].location.file.utf8.elementsEqual(file.utf8) { end += 1 }
      groups.append((file, findings[start..<end]))
      grouped.insert(Array(file.utf8))
      start = end
    }
    for file in files where !grouped.contains(Array(file.utf8)) { groups.append((file, [])) }
    return groups.sorted { ByteScan.precedes($0.file, $1.file) }
  }
}

/// A report format: one pure function from the run to the text of the report.
protocol Reporter {
  static func report(_ input: ReportInput) -> String
}
