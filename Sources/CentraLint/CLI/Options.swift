/// The command line, parsed (SPEC §3).
public struct Options: Sendable, Equatable {
  /// What to do.
  public enum Command: Sendable, Equatable {
    case lint
    case listRules
    case explain(String)
    case help
    case version
  }

  /// A report format.
  public enum Format: String, Sendable, CaseIterable { case text, json }

  public var command = Command.lint
  public var paths: [String] = []
  public var format = Format.text
  public var output: String?
  public var config: String?
  public var midRegistry: String?
  /// The lowest severity that fails the run (`.some(nil)` for never); nil when not given.
  public var failOn: Severity??
  public var noColor = false
  public var stdinFilename: String?

  /// The help text.
  public static let usage = """
    usage: centra-lint [options] PATH...     lint exports (folders: every *.yaml / *.yml below)
           centra-lint rules                 list the rules
           centra-lint explain RULE-ID       show a rule's rationale and fix

    options:
      --format text|json       report format (default: text)
      --output FILE            write the report to FILE instead of standard output
      --config FILE            config file (default: .centra-lint.yaml here or in a parent folder)
      --mid-registry FILE      the MID registry (mids: { K500185: { region: EU } })
      --fail-on error|warning|info|never
                               lowest severity that makes the exit status 1 (default: error)
      --no-color               no colour (also when NO_COLOR is set or output is not a terminal)
      --stdin-filename NAME    the name of standard input ('-') in the report
      -h, --help               show this help
      --version                show the version

    exit status: 0 no finding at or above --fail-on, 1 findings, 2 the run could not be done
    """

  /// Parses arguments (without the program name).
  public static func parse(_ arguments: [String]) throws -> Options {
    var options = Options()
    var rest = arguments[...]
    var onlyPaths = false
    func value(_ name: String, _ inline: String?) throws -> String {
      if let inline { return inline }
      guard let next = rest.popFirst() else { throw LintError.usage("option \(name) needs a value") }
      return next
    }
    while let argument = rest.popFirst() {
      if onlyPaths || argument == "-" || !argument.hasPrefix("-") {
        options.paths.append(argument)
        continue
      }
      let parts = argument.split(separator: "=", maxSplits: 1).map(String.init)
      let name = parts[0], inline = parts.count > 1 ? parts[1] : nil
      switch name {
      case "--": onlyPaths = true
      case "-h", "--help": options.command = .help
      case "--version": options.command = .version
      case "--no-color", "--no-colour": options.noColor = true
      case "--format":
        let text = try value(name, inline)
        guard let format = Format(rawValue: text) else {
          throw LintError.usage("unknown format '\(text)' (text, json)")
        }
        options.format = format
      case "--output": options.output = try value(name, inline)
      case "--config": options.config = try value(name, inline)
      case "--mid-registry": options.midRegistry = try value(name, inline)
      case "--stdin-filename": options.stdinFilename = try value(name, inline)
      case "--fail-on":
        let text = try value(name, inline)
        guard let level = Configuration.parseFailOn(text) else {
          throw LintError.usage("--fail-on takes error, warning, info or never, not '\(text)'")
        }
        options.failOn = level
      default:
        let known = ["--format", "--output", "--config", "--mid-registry", "--fail-on", "--no-color", "--stdin-filename", "--help", "--version"]
        let hint = Suggestion.nearest(to: name, in: known).map { "; did you mean \($0)?" } ?? ""
        throw LintError.usage("unknown option '\(name)'\(hint)")
      }
    }
    // `rules` and `explain` are commands only as the first word; `./rules` lints a folder.
    if options.command == .lint, arguments.first == "rules" {
      guard options.paths.count == 1 else { throw LintError.usage("usage: centra-lint rules") }
      options.command = .listRules
      options.paths = []
    } else if options.command == .lint, arguments.first == "explain" {
      guard options.paths.count == 2 else { throw LintError.usage("usage: centra-lint explain RULE-ID") }
      options.command = .explain(options.paths[1])
      options.paths = []
    }
    if options.command == .lint, options.paths.isEmpty {
      throw LintError.usage("no files to check: give one or more files or folders, or '-' for standard input")
    }
    if options.paths.filter({ $0 == "-" }).count > 1 {
      throw LintError.usage("standard input ('-') can be read once only")
    }
    return options
  }
}
