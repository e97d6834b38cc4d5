/// The command line, parsed (SPEC §3).
public struct Options: Sendable, Equatable {
  /// What to do.
  public enum Command: Sendable, Equatable {
    case lint
    case listRules
    case explain(String)
    /// `test-rules [FOLDER...]`: run rules' examples.
    case testRules([String])
    /// `audit FOLDER...`: each folder below a FOLDER is a merchant (SPEC §8); `paths` are the FOLDERs.
    case audit
    /// `schema`: the export format as a JSON Schema, for editors.
    case schema
    /// `lsp`: a language server over standard input and output.
    case lsp
    case help
    case version
  }

  /// One report of the run: its format, and its file (nil: standard output).
  public struct Report: Sendable, Equatable {
    public var format: ReportFormat
    public var file: String?
  }

  public var command = Command.lint
  /// Files and folders to check; `-` is standard input. Bytes, as `argv` has them.
  public var paths: [FilePath] = []
  public var format = ReportFormat.text
  public var output: String?
  /// Every report the run writes: `--format`/`--output` and each `--report`.
  public var reports: [Report] = []
  public var config: String?
  /// `--no-config`: no config at all, also where one would be found.
  public var noConfig = false
  public var midRegistry: String?
  /// The lowest severity that fails the run; nil when not given.
  public var failOn: FailOn?
  public var noColor = false
  public var stdinFilename: String?
  /// `--baseline FILE`: report only findings it does not hold (SPEC §7).
  public var baseline: String?
  /// `--write-baseline FILE`: write every finding to it.
  public var writeBaseline: String?
  /// `audit --compare OLD.json`: an earlier audit's JSON report.
  public var compare: String?

  /// The help text.
  public static let usage = usageHead + "\n" + ReportFormat.allCases.map {
    "                             \($0.rawValue)" + String(repeating: " ", count: 11 - $0.rawValue.count) + $0.purpose
  }.joined(separator: "\n") + "\n" + usageTail

  private static let usageHead = """
    usage: centra-lint [options] [PATH...]   lint exports (folders: every *.yaml / *.yml below);
                                             no PATH: the exports the config names ('exports')
           centra-lint rules [--format json] list the rules with their configured severity
           centra-lint explain RULE-ID       show a rule's rationale, fix and example
           centra-lint test-rules [FOLDER...] run the rules' examples (those in the FOLDERs
                                             alone, else every built-in and configured rule)
           centra-lint audit [options] FOLDER...
                                             audit many merchants: each folder below a FOLDER
                                             (and each *.yaml directly in it) is one merchant,
                                             with its own .centra-lint.yaml if it has one;
                                             formats text, json, markdown, html, csv
           centra-lint schema                print a JSON Schema of the export format, for editors
           centra-lint lsp                   run a language server on standard input and output
           centra-lint help                  show this help

    options:
      --format FORMAT          the report's format (default: text), one of:
    """

  private static let usageTail = """
      --output FILE            write the report to FILE instead of standard output
      --report FORMAT[:FILE]   one more report of this run, to FILE or standard output
                               ('-' or no FILE); may be repeated; at most one report goes
                               to standard output (the text report, unless one is named)
      --config FILE            one config for every file (default: each file's nearest
                               .centra-lint.yaml, in its folder or a folder above it)
      --no-config              no config at all, also where one would be found
      --mid-registry FILE      the MID registry for every file (mids: { K500185: { region: EU } })
      --fail-on error|warning|info|never
                               lowest severity that makes the exit status 1 (default: error)
      --baseline FILE          report only findings that FILE does not hold (default: the
                               config's 'baseline')
      --write-baseline FILE    write every finding of the run to FILE as a baseline; exit 0
      --compare OLD.json       (audit) what is new, fixed, gone and remaining since an
                               earlier 'audit --format json' report
      --no-color               no colour (also when NO_COLOR is set or output is not a terminal)
      --stdin-filename NAME    the name of standard input ('-') in the report
      -h, --help               show this help
      --version                show the version

    exit status: 0 no finding at or above --fail-on, 1 findings, 2 the run could not be done
    """

  /// The options that only a lint run uses, by name: given to another command they would do
  /// nothing, which is a usage error.
  private static let lintOnly = ["--format", "--output", "--report", "--mid-registry", "--fail-on", "--stdin-filename", "--baseline", "--write-baseline", "--compare"]

  /// Parses arguments (without the program name).
  public static func parse(_ arguments: [String]) throws -> Options {
    try parse(raw: arguments.map { Array($0.utf8) })
  }

  /// Parses arguments as `argv` has them: a path keeps its bytes (a file name need not be UTF-8).
  public static func parse(raw arguments: [[UInt8]]) throws -> Options {
    var options = Options()
    var rest = arguments[...]
    var onlyPaths = false
    var given: [String] = []
    func value(_ name: String, _ inline: String?) throws -> String {
      if let inline { return inline }
      guard let next = rest.popFirst() else { throw LintError.usage("option \(name) needs a value") }
      return String(decoding: next, as: UTF8.self)
    }
    while let raw = rest.popFirst() {
      if onlyPaths || raw == [0x2D] || raw.first != 0x2D {
        options.paths.append(FilePath(bytes: raw))
        continue
      }
      let argument = String(decoding: raw, as: UTF8.self)
      let parts = argument.split(separator: "=", maxSplits: 1).map(String.init)
      let name = parts[0], inline = parts.count > 1 ? parts[1] : nil
      // A value given twice would silently lose one of them.
      if name != "--report", name != "--", name.hasPrefix("--"), given.contains(name), !["--no-color", "--no-colour", "--help", "--version"].contains(name) {
        throw LintError.usage("\(name) is given twice; give it once")
      }
      given.append(name)
      switch name {
      case "--": onlyPaths = true
      case "-h", "--help": options.command = .help
      case "--version": options.command = .version
      case "--no-color", "--no-colour": options.noColor = true
      // What LSP clients often pass a server they start over standard input and output.
      case "--stdio": break
      case "--format":
        let text = try value(name, inline)
        options.format = try Self.format(text)
      case "--output": options.output = try value(name, inline)
      case "--report":
        let text = try value(name, inline)
        let colon = text.firstIndex(of: ":")
        var file = colon.map { String(text[text.index(after: $0)...]) }
        if file == "-" { file = nil }  // `-` is standard output, as for a PATH
        if file?.isEmpty == true { throw LintError.usage("--report \(Quote.clipped(text)): name the file after ':', or leave out ':' for standard output") }
        options.reports.append(Report(format: try Self.format(String(text[..<(colon ?? text.endIndex)])), file: file))
      case "--config": options.config = try value(name, inline)
      case "--no-config": options.noConfig = true
      case "--mid-registry": options.midRegistry = try value(name, inline)
      case "--stdin-filename": options.stdinFilename = try value(name, inline)
      case "--baseline": options.baseline = try value(name, inline)
      case "--write-baseline": options.writeBaseline = try value(name, inline)
      case "--compare": options.compare = try value(name, inline)
      case "--fail-on":
        let text = try value(name, inline)
        guard let level = FailOn(anyCase: text) else {
          throw LintError.usage("--fail-on takes \(FailOn.choices), not '\(Quote.clipped(text))'")
        }
        options.failOn = level
      default:
        let known = ["--format", "--output", "--report", "--config", "--no-config", "--mid-registry", "--fail-on", "--no-color", "--stdin-filename", "--baseline", "--write-baseline", "--compare", "--stdio", "--help", "--version"]
        let hint = Suggestion.nearest(to: name, in: known).map { "; did you mean \($0)?" } ?? ""
        throw LintError.usage("unknown option '\(Quote.clipped(name))'\(hint)")
      }
    }
    // `rules`, `explain` and `help` are commands only as the first word; `./rules` lints a folder.
    let words = options.paths.map(\.text)
    if options.command == .lint, arguments.first == Array("help".utf8) {
      options.command = .help
      options.paths = []
    } else if options.command == .lint, arguments.first == Array("rules".utf8) {
      guard words.count == 1 else { throw LintError.usage("'centra-lint rules' takes no paths") }
      options.command = .listRules
      options.paths = []
    } else if options.command == .lint, arguments.first == Array("test-rules".utf8) {
      options.command = .testRules(Array(words.dropFirst()))
      options.paths = []
    } else if options.command == .lint, arguments.first == Array("audit".utf8) {
      options.command = .audit
      options.paths.removeFirst()
    } else if options.command == .lint, let word = arguments.first, let command = [Array("schema".utf8): Command.schema, Array("lsp".utf8): .lsp][word] {
      guard words.count == 1 else { throw LintError.usage("'centra-lint \(words[0])' takes no paths") }
      options.command = command
      options.paths = []
    } else if options.command == .lint, arguments.first == Array("explain".utf8) {
      guard words.count == 2 else { throw LintError.usage("usage: centra-lint explain RULE-ID") }
      options.command = .explain(words[1])
      options.paths = []
    }
    switch options.command {
    case .help, .version:
      return options
    case .listRules where given.contains("--format"):
      // `rules --format json` for programs (SPEC §3); nothing else of a lint run.
      guard options.format == .text || options.format == .json else {
        throw LintError.usage("'centra-lint rules' lists the rules as text or json, not \(options.format.rawValue)")
      }
      if let useless = given.first(where: { $0 != "--format" && (Self.lintOnly.contains($0) || $0 == "--stdio") }) {
        throw LintError.usage("\(useless) has no effect on 'centra-lint rules': it applies to a lint run")
      }
      return options
    case .listRules, .explain, .testRules, .schema, .lsp:
      if given.contains("--stdio"), options.command != .lsp { throw LintError.usage("--stdio applies to 'centra-lint lsp'") }
      if let useless = given.first(where: Self.lintOnly.contains) {
        throw LintError.usage("\(useless) has no effect on 'centra-lint \(arguments.first.map { String(decoding: $0, as: UTF8.self) } ?? "")': it applies to a lint run")
      }
    case .audit:
      // An audit reads each merchant's own baseline; one for the whole fleet, or writing one,
      // would mix merchants.
      for option in ["--baseline", "--write-baseline", "--stdin-filename", "--stdio"] where given.contains(option) {
        throw LintError.usage("\(option) has no effect on 'centra-lint audit' (each merchant's config may name its own 'baseline')")
      }
      if options.paths.contains(where: \.isStandardInput) { throw LintError.usage("'centra-lint audit' takes folders, not standard input") }
      let formats = AuditReports.formats
      for report in options.reports + (given.contains("--format") ? [Report(format: options.format, file: nil)] : []) where !formats.contains(report.format) {
        throw LintError.usage("an audit reports as \(formats.map(\.rawValue).joined(separator: ", ")), not \(report.format.rawValue)")
      }
    case .lint:
      if given.contains("--compare") { throw LintError.usage("--compare applies to 'centra-lint audit'") }
      if given.contains("--stdio") { throw LintError.usage("--stdio applies to 'centra-lint lsp'") }
    }
    // `--format`/`--output` are the one report when no `--report` is given, and one more when
    // they are given with it; without them the text report stays on standard output unless a
    // `--report` goes there.
    if given.contains("--format") || given.contains("--output") || !options.reports.contains(where: { $0.file == nil }) {
      options.reports.insert(Report(format: options.format, file: options.output), at: 0)
    }
    if options.reports.filter({ $0.file == nil }).count > 1 {
      throw LintError.usage("at most one report can go to standard output; give the others a file (--report FORMAT:FILE)")
    }
    if options.baseline != nil, options.writeBaseline != nil {
      throw LintError.usage("--baseline has no effect with --write-baseline, which writes every finding: give one of them")
    }
    if options.noConfig, options.config != nil {
      throw LintError.usage("--config and --no-config contradict each other: give one")
    }
    let stdinCount = options.paths.filter(\.isStandardInput).count
    if stdinCount > 1 {
      throw LintError.usage("standard input ('-') can be read once only")
    }
    if options.stdinFilename != nil, stdinCount == 0 {
      throw LintError.usage("--stdin-filename names standard input, which is read only when '-' is given as a PATH")
    }
    return options
  }

  private static func format(_ text: String) throws -> ReportFormat {
    guard let format = ReportFormat(rawValue: text) else {
      let hint = Suggestion.nearest(to: text, in: ReportFormat.allCases.map(\.rawValue)).map { "did you mean '\($0)'? " } ?? ""
      throw LintError.usage("unknown format '\(Quote.clipped(text))' (\(hint)formats: \(ReportFormat.names))")
    }
    return format
  }
}
