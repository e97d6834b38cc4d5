/// One problem that one rule found at one place.
public struct Finding: Hashable, Sendable {
  /// A second place that explains the finding (the first use of a URI, an alias use site).
  public struct Related: Hashable, Sendable {
    /// Where it is.
    public var location: SourceLocation
    /// What it is, in a few words.
    public var message: String

    /// Makes a related place.
    public init(location: SourceLocation, message: String) {
      self.location = location
      self.message = message
    }
  }

  /// The rule id, kebab-case.
  public var rule: String
  /// The severity after configuration.
  public var severity: Severity
  /// What is wrong; never holds a secret.
  public var message: String
  /// Where it is.
  public var location: SourceLocation
  /// The path of the value inside the export, such as `plugins[1].uri`.
  public var path: String?
  /// The URI of the plugin the finding is about.
  public var plugin: String?
  /// Other places that explain it.
  public var related: [Related]
  /// The 0-based index of the document it is in; nil when it is about no document (a file
  /// too big to read).
  public var document: Int?
  /// The `store` and `environment` of that document as written, when it has them.
  public var store: String?
  public var environment: String?
  /// What identifies the finding across edits (`Fingerprint`); set once the run is sorted.
  public var fingerprint: String?
  /// The source line at `location`, with every secret masked; filled by the engine on request.
  public var snippet: Snippet?
  /// Just past the last character the finding is about (its value's or key's end), when known:
  /// with `location`, the range an editor underlines and a fix replaces.
  public var end: SourceLocation?
  /// For a suppressed finding (SPEC §6), the reason its suppression comment gives; nil for a
  /// reported one.
  public var justification: String?
  /// A change that resolves the finding, when one is certain enough to offer (a "did you mean"
  /// that the message also shows).
  public var fix: Fix?

  /// A structured fix: replace the text from `location` to `end` with `replacement`.
  public struct Fix: Hashable, Sendable {
    /// What the range becomes.
    public var replacement: String
    /// What the fix does, for a person (`rename to 'testMode'`).
    public var title: String

    /// Makes a fix.
    public init(replacement: String, title: String) {
      self.replacement = replacement
      self.title = title
    }
  }

  /// A source line as the text report shows it.
  public struct Snippet: Hashable, Sendable {
    /// The line, masked and printable (a window of it when it is long).
    public var text: String
    /// The 1-based column of the caret within `text`.
    public var caretColumn: Int
  }

  /// Makes a finding.
  public init(
    rule: String, severity: Severity, message: String, location: SourceLocation,
    path: String? = nil, plugin: String? = nil, related: [Related] = []
  ) {
    self.rule = rule
    self.severity = severity
    self.message = message
    self.location = location
    self.path = path
    self.plugin = plugin
    self.related = related
  }

  /// Where a finding sorts: its file (nil within one file's findings), line, column, rule,
  /// then message, so that the order is total. The one definition of the report order; made
  /// once a finding for a sort (`inOrder`).
  struct Order {
    let file: String?, line: Int, column: Int, rule: String, message: String

    init(_ finding: borrowing Finding, inFile: Bool) {
      file = inFile ? nil : finding.location.file
      line = finding.location.line
      column = finding.location.column
      rule = finding.rule
      message = finding.message
    }

    static func < (a: Order, b: Order) -> Bool {
      if let x = a.file, let y = b.file, !ByteScan.equal(x, y) { return ByteScan.precedes(x, y) }
      if a.line != b.line { return a.line < b.line }
      if a.column != b.column { return a.column < b.column }
      if a.rule != b.rule { return a.rule < b.rule }
      return a.message < b.message
    }
  }
}

extension Array where Element == Finding {
  /// The findings in report order (`Finding.Order`; within one file when `inFile`), each copied
  /// once: their keys are sorted, not the findings. A sort moves its elements, and a finding is
  /// a large value (a move in a sort, with its release, cost about 600 instructions: 9,000 a
  /// finding of a file of a few).
  func inOrder(inFile: Bool = false) -> [Finding] {
    withUnsafeBufferPointer { findings in
      guard let base = findings.baseAddress else { return [] }
      let keys = findings.indices.map { Finding.Order(base[$0], inFile: inFile) }
      // Equal keys (the same finding twice) keep their places.
      let places = keys.indices.sorted { keys[$0] < keys[$1] || (!(keys[$1] < keys[$0]) && $0 < $1) }
      return places.map { base[$0] }
    }
  }
}
