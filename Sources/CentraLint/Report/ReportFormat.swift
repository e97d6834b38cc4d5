/// Every report format, decided here once: the option parser, the usage text, the fuzz
/// harness and the tests read this list (SPEC §10).
public enum ReportFormat: String, CaseIterable, Sendable {
  case text, json, sarif, github, gitlab, junit, checkstyle, markdown, html, csv

  /// What each one is for, for the usage text.
  var purpose: String {
    switch self {
    case .text: return "for people (default)"
    case .json: return "for programs"
    case .sarif: return "SARIF 2.1.0, for GitHub code scanning and IDEs"
    case .github: return "GitHub Actions annotations"
    case .gitlab: return "GitLab Code Quality"
    case .junit: return "JUnit XML, for CI test reports"
    case .checkstyle: return "checkstyle XML, for reviewdog and Jenkins"
    case .markdown: return "for tickets and $GITHUB_STEP_SUMMARY"
    case .html: return "one self-contained page"
    case .csv: return "one row per finding, for spreadsheets and ticket imports"
    }
  }

  /// The formats' names, for messages: `text, json, …`.
  static var names: String { allCases.map(\.rawValue).joined(separator: ", ") }

  /// Whether the report shows source lines, which the engine then keeps (masked).
  var showsSourceLines: Bool { self == .text || self == .html }

  private var reporter: any Reporter.Type {
    switch self {
    case .text: return TextReporter.self
    case .json: return JSONReporter.self
    case .sarif: return SARIFReporter.self
    case .github: return GitHubReporter.self
    case .gitlab: return GitLabReporter.self
    case .junit: return JUnitReporter.self
    case .checkstyle: return CheckstyleReporter.self
    case .markdown: return MarkdownReporter.self
    case .html: return HTMLReporter.self
    case .csv: return CSVReporter.self
    }
  }

  /// The report of a run in this format.
  public func report(_ input: ReportInput) -> String { reporter.report(input) }
}
