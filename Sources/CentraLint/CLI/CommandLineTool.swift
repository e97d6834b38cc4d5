#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The whole command: arguments in, report and exit status out. `main.swift` only calls this.
public struct CommandLineTool {
  /// The version in `--version` and the JSON report.
  public static let version = "0.1.0"

  var environment: [String: String]
  var standardOutputIsTerminal: Bool
  var readStandardInput: () throws -> [UInt8]
  var writeOutput: (String) -> Void
  var writeError: (String) -> Void
  var executablePath: String?

  /// Makes a tool that talks to the given streams.
  public init(
    environment: [String: String], standardOutputIsTerminal: Bool, executablePath: String?,
    readStandardInput: @escaping () throws -> [UInt8],
    writeOutput: @escaping (String) -> Void, writeError: @escaping (String) -> Void
  ) {
    self.environment = environment
    self.standardOutputIsTerminal = standardOutputIsTerminal
    self.executablePath = executablePath
    self.readStandardInput = readStandardInput
    self.writeOutput = writeOutput
    self.writeError = writeError
  }

  /// Runs the command and returns the exit status (SPEC §5).
  public func run(_ arguments: [String]) -> Int32 {
    do {
      return try runOrThrow(arguments)
    } catch let error as LintError {
      writeError("centra-lint: \(error)\n")
      return 2
    } catch {
      writeError("centra-lint: \(error)\n")
      return 2
    }
  }

  private func runOrThrow(_ arguments: [String]) throws -> Int32 {
    let options = try Options.parse(arguments)
    switch options.command {
    case .help:
      writeOutput(Options.usage + "\n")
      return 0
    case .version:
      writeOutput("centra-lint \(Self.version)\n")
      return 0
    default: break
    }
    let rules = try RuleSet.load(RuleSet.defaultFolder(executable: executablePath, environment: environment["CENTRA_LINT_RULES"]))
    switch options.command {
    case .listRules:
      writeOutput(RuleDocs.list(rules))
      return 0
    case .explain(let id):
      guard let rule = rules.rule(id) else {
        let hint = Suggestion.nearest(to: id, in: rules.rules.map(\.id)).map { "; did you mean '\($0)'?" } ?? ""
        throw LintError.usage("unknown rule '\(id)'\(hint)")
      }
      writeOutput(RuleDocs.explain(rule))
      return 0
    default:
      return try lint(options, rules)
    }
  }

  /// The inputs without a second one of the same name.
  private static func unique(_ inputs: [LintInput]) -> [LintInput] {
    var seen: Set<String> = []
    return inputs.filter { seen.insert($0.display).inserted }
  }

  private func lint(_ options: Options, _ rules: RuleSet) throws -> Int32 {
    var configuration = Configuration()
    if let path = options.config {
      guard FileSystem.kind(path) == .file else { throw LintError.unreadablePath(path, reason: "no such config file") }
      configuration = try Configuration.load(path, rules: rules)
    } else if let found = Configuration.discover(from: FileSystem.currentFolder()) {
      configuration = try Configuration.load(found, rules: rules)
    }
    // The registry loads on another thread while the files are read and checked.
    var registry: Deferred<MIDRegistry>?
    if let path = options.midRegistry ?? configuration.midRegistry {
      guard FileSystem.kind(path) == .file else { throw LintError.unreadablePath(path, reason: "no such MID registry file") }
      let tables = rules.tables
      registry = Deferred { try MIDRegistry.load(path, tables: tables) }
    }
    let excluded = Set([configuration.file, options.midRegistry ?? configuration.midRegistry].compactMap { $0 }.compactMap(FileSystem.identity))
    var inputs: [LintInput] = []
    var walk = FolderWalk()
    for path in options.paths {
      switch path == "-" ? .file : FileSystem.kind(path) {
      case _ where path == "-":
        inputs.append(LintInput(display: options.stdinFilename ?? "<stdin>", source: .bytes(try readStandardInput())))
      case .file:
        // The registry and the config are never exports, even when a hook passes every YAML file.
        if let identity = FileSystem.identity(path), excluded.contains(identity) { continue }
        inputs.append(LintInput(display: path, source: .path(path)))
      case .directory:
        walk.walk(path, display: path)
      case .special:
        throw LintError.unreadablePath(path, reason: "not a regular file or folder")
      case .missing:
        throw LintError.unreadablePath(path, reason: "no such file or folder")
      }
    }
    // The walk's list and the set of names seen go before the files are read (a fleet's peak).
    for entry in walk.takeFiles() where entry.identity.map({ !excluded.contains($0) }) ?? true {
      inputs.append(LintInput(display: entry.display, source: .path(entry.path)))
    }
    inputs = Self.unique(inputs).sorted { $0.display < $1.display }
    if let output = options.output, let target = FileSystem.identity(output),
       let input = inputs.first(where: { if case .path(let path) = $0.source { return FileSystem.identity(path) == target } else { return false } }) {
      throw LintError.output(output, reason: "it is the input file '\(input.display)', which is never written")
    }
    var engine = Engine(rules: rules, configuration: configuration, loadingRegistry: registry)
    engine.withSnippets = options.format == .text
    let result = try engine.lint(inputs)
    let summary = Summary(findings: result.findings, files: result.files, plugins: result.plugins)
    let report: String
    switch options.format {
    case .text:
      let color = options.output == nil && standardOutputIsTerminal && !options.noColor
        && (environment["NO_COLOR"] ?? "").isEmpty
      report = TextReporter.report(result.findings, summary: summary, color: color)
    case .json:
      report = JSONReporter.report(result.findings, summary: summary, toolVersion: Self.version)
    }
    if let output = options.output {
      try FileSystem.writeAtomically(Array(report.utf8), to: output)
    } else {
      writeOutput(report)
    }
    for message in walk.skipped { writeError("centra-lint: warning: \(message)\n") }
    for error in result.errors { writeError("centra-lint: \(error)\n") }
    if !result.errors.isEmpty { return 2 }
    let failOn = options.failOn ?? configuration.failOn ?? .some(.error)
    guard let threshold = failOn else { return 0 }
    return result.findings.contains { $0.severity >= threshold } ? 1 : 0
  }
}

extension FileSystem {
  /// The working folder.
  public static func currentFolder() -> String {
    guard let path = getcwd(nil, 0) else { return "." }
    defer { free(path) }
    return String(cString: path)
  }
}
