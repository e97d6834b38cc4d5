/// A run that could not be done (exit status 2). Problems in checked files are findings instead.
public enum LintError: Error, Equatable, Sendable, CustomStringConvertible {
  /// A bad command line; the text says what and how to get help.
  case usage(String)
  /// A path that does not exist or cannot be read.
  case unreadablePath(String, reason: String)
  /// A config, registry or rule file that is not valid, with the place of the problem.
  case invalidFile(SourceLocation, String)
  /// A file without a place to point at (a rules folder that is missing, say).
  case invalidSetup(String)
  /// The report could not be written.
  case output(String, reason: String)
  /// A report to standard output could not be written in full; the reason says what to do.
  case standardOutput(reason: String)
  /// A folder given to check that holds no export: a gate pointed at the wrong folder must fail.
  case noExports(String)

  /// The message, shown to a person: whatever of the input it quotes (a key, a path) is made
  /// printable and has anything shaped like a secret hidden.
  public var description: String {
    let hint = if case .usage = self { "\nRun 'centra-lint --help' for usage." } else { "" }
    return Printable.escaped(Sensitivity.redacting(text)) + hint
  }

  private var text: String {
    switch self {
    case .usage(let text):
      return text
    case .unreadablePath(let path, let reason):
      return "cannot read '\(path)': \(reason)"
    case .invalidFile(let location, let text):
      return "\(location.file):\(location.line):\(location.column): \(text)"
    case .invalidSetup(let text):
      return text
    case .output(let path, let reason):
      return "cannot write the report to '\(path)': \(reason)"
    case .standardOutput(let reason):
      return "cannot write the report to standard output: \(reason)"
    case .noExports(let folder):
      return "'\(folder)' holds no export: no *.yaml or *.yml file was found in it or below it"
    }
  }
}
