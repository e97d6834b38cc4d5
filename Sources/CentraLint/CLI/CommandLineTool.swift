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
  /// Reads standard input, at most `limit + 1` bytes (one more tells that it is too big; a
  /// `limit` of `Int.max` is none).
  var readStandardInput: (_ limit: Int) throws -> [UInt8]
  /// Writes to standard output, or throws when that cannot be done in full (SPEC §3).
  var writeOutput: (String) throws -> Void
  var writeError: (String) -> Void
  /// For the language server: reads what standard input has now (nil at its end).
  var readChunk: () -> [UInt8]? = { FileSystem.readSome(0) }
  var executablePath: String?
  /// Whether the process ends when `run` returns (`main.swift`): then what a run built (the
  /// findings, the files' claims, a registry of every MID) is left for the process's end to
  /// take back at once, not freed piece by piece on the way out.
  public var endsProcess = false
  /// Whether standard error is a terminal: only then does an audit keep a progress line there.
  public var standardErrorIsTerminal = false

  /// Whether a progress line may be shown: standard error is a terminal, not a CI log (some CI
  /// systems give jobs a terminal) nor a dumb one.
  var progressOnTerminal: Bool {
    standardErrorIsTerminal && (environment["CI"] ?? "").isEmpty && environment["TERM"] != "dumb"
  }

  /// Makes a tool that talks to the given streams.
  public init(
    environment: [String: String], standardOutputIsTerminal: Bool, executablePath: String?,
    readStandardInput: @escaping (_ limit: Int) throws -> [UInt8],
    writeOutput: @escaping (String) throws -> Void, writeError: @escaping (String) -> Void
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
    run(raw: arguments.map { Array($0.utf8) })
  }

  /// Runs the command on arguments as `argv` has them (a path need not be UTF-8).
  public func run(raw arguments: [[UInt8]]) -> Int32 {
    do {
      return try runOrThrow(arguments)
    } catch {
      writeError("centra-lint: \(error)\n")
      return 2
    }
  }

  private func runOrThrow(_ arguments: [[UInt8]]) throws -> Int32 {
    let options = try Options.parse(raw: arguments)
    switch options.command {
    case .help:
      try writeOutput(Options.usage + "\n")
      return 0
    case .version:
      try writeOutput("centra-lint \(Self.version)\n")
      return 0
    default: break
    }
    let rules = try RuleSet.load(folder: RuleSet.folder(executable: executablePath, environment: environment["CENTRA_LINT_RULES"]))
    // The export format is the rules' data alone: no config is read.
    if options.command == .schema {
      let descriptions = try JSONSchema.Descriptions.load(rules.descriptions(), schema: rules.schema)
      try writeOutput(JSONSchema.document(rules.schema, rules.tables, descriptions).text() + "\n")
      return 0
    }
    // Each document's config is found from its folder as it is opened.
    if options.command == .lsp {
      if isatty(0) == 1 {
        writeError("centra-lint lsp: a language server, which an editor starts and speaks to on standard input and output (README: In the editor); end it with Ctrl-D\n")
      }
      return LanguageServer(rules: rules, environment: environment, readChunk: readChunk, write: writeOutput).run()
    }
    let configuration = try loadConfiguration(options, rules)
    switch options.command {
    case .listRules:
      try writeOutput(options.format == .json ? RuleDocs.json(rules, configuration) : RuleDocs.list(rules, configuration))
      return 0
    case .explain(let id):
      let all = rules.rules(with: configuration)
      guard let rule = all.first(where: { $0.id == id }) else {
        let near = Suggestion.related(to: id, in: all.map(\.id))
        let nearest = near.count > 1
          ? "; did you mean one of \(near.map { "'\($0)'" }.joined(separator: ", "))?"
          : near.first.map { "; did you mean '\($0)'?" } ?? ""
        throw LintError.usage("unknown rule '\(Quote.clipped(id))'\(nearest) ('centra-lint rules' lists them all)")
      }
      try writeOutput(RuleDocs.explain(rule, configuration, schema: rules.schema))
      return 0
    case .testRules(let folders):
      // The folders' rules alone (also when the config lists them), else every rule in effect.
      let own = folders.isEmpty ? configuration.ownRules : try OwnRules.load(folders: folders, builtIn: rules)
      let tested = folders.isEmpty ? rules.rules(with: configuration) : own.rules
      let failures = RuleExamples.run(tested, ruleSet: rules, own: own, today: try Day.today(environment: environment))
      var out = ""
      for failure in failures { out += Printable.lineStart(failure.description) + "\n" }
      let examples = tested.reduce(0) { $0 + $1.examples.count }
      let failed = Set(failures.map(\.rule)).count
      out += failures.isEmpty
        ? "\(Summary.count(tested.count, "rule")), \(Summary.count(examples, "example")): every example behaves as its rule file says\n"
        : "\(Summary.count(failed, "rule")) of \(tested.count) failed (\(Summary.count(failures.count, "problem")))\n"
      try writeOutput(out)
      return failures.isEmpty ? 0 : 1
    case .audit:
      return try audit(options, rules, configuration)

    default:
      return try lint(options, rules, configuration)
    }
  }

  /// Writes each report of the run (SPEC §3): in full or not at all, one that fails not
  /// keeping the others from being written; returns what could not be written. `make` makes a
  /// report in a format, with colour or not (the text report on a terminal that allows it).
  func writeReports(_ options: Options, _ destinations: [String?], make: (ReportFormat, Bool) -> String) -> [LintError] {
    var unwritten: [LintError] = []
    for (request, destination) in zip(options.reports, destinations) {
      let color = request.format == .text && destination == nil && standardOutputIsTerminal && !options.noColor
        && (environment["NO_COLOR"] ?? "").isEmpty
      let report = make(request.format, color)
      do {
        if let destination {
          try FileSystem.writeReport(Array(report.utf8), to: destination)
        } else {
          try writeOutput(report)
        }
      } catch let error as LintError {
        unwritten.append(error)
      } catch {
        unwritten.append(.output(destination ?? "standard output", reason: "\(error)"))
      }
    }
    return unwritten
  }

  /// The config of `--config`, else the `.centra-lint.yaml` found from here upwards, else none
  /// (also with `--no-config`): the run's, for `failOn`, `rules`, `explain` and a run with no PATH.
  private func loadConfiguration(_ options: Options, _ rules: RuleSet) throws -> Configuration {
    if options.noConfig { return Configuration() }
    if let path = options.config {
      try Self.requireFile(path, what: "config file", option: "--config")
      return try Configuration.load(path, rules: rules)
    }
    if let found = Configuration.discover(from: FileSystem.currentFolder()) {
      return try Configuration.load(found, rules: rules)
    }
    return Configuration()
  }

  /// A file that the run needs: a folder or nothing there is a clear error.
  static func requireFile(_ path: String, what: String, option: String) throws {
    switch FileSystem.kind(path) {
    case .file: return
    case .directory: throw LintError.unreadablePath(path, reason: "it is a folder; \(option) takes the \(what) itself")
    case .special: throw LintError.unreadablePath(path, reason: "not a regular file")
    case .missing: throw LintError.unreadablePath(path, reason: "no such \(what)")
    }
  }

  private func lint(_ options: Options, _ rules: RuleSet, _ configuration: Configuration) throws -> Int32 {
    if let path = options.midRegistry { try Self.requireFile(path, what: "MID registry file", option: "--mid-registry") }
    // Each registry loads once, on another thread, while the files are found, read and checked:
    // the one every file will use (`--mid-registry`, or the working folder's config's) starts
    // before the folders are walked, the others once their merchants are known.
    // A few files named one by one (a pre-commit hook's staged files, standard input) take
    // less time than a big registry: it is read on both cores then.
    let fewFiles = !options.paths.isEmpty && options.paths.count <= 16 && options.paths.allSatisfy { $0.text == "-" || FileSystem.kind($0) == .file }
    let registries = RegistryLoads(rules, inHalves: fewFiles)
    func load(_ path: String) { registries.load(path) }
    var loading: [ByteKey: Deferred<MIDRegistry>] { registries.loading }
    if let early = options.midRegistry ?? configuration.midRegistry, FileSystem.kind(early) == .file { load(early) }
    // A baseline is no export: the one read, and the one rewritten when it is one already (a
    // file that is not a baseline, an export given by mistake, stays an input and is not written).
    let rewritten = options.writeBaseline.flatMap { path in (try? Baseline.load(path)) != nil ? path : nil }
    let merchants = Merchants(
      source: options.noConfig || options.config != nil ? .one(configuration) : .nearest, rules: rules,
      registryOverride: options.midRegistry, runFiles: [options.baseline, rewritten].compactMap { $0 }, read: [configuration])
    let inputs = try RunInputs.gather(
      options.paths, merchants: merchants, runConfiguration: configuration, stdinName: options.stdinFilename,
      readStandardInput: readStandardInput)
    // Baselines (SPEC §7): `--baseline` for every file, else each config's; none when writing one.
    var baselines: [ByteKey: Baseline] = [:]
    func baseline(_ path: String, option: String) throws -> Baseline {
      if let known = baselines[ByteKey(path)] { return known }
      if FileSystem.kind(path) == .missing {
        throw LintError.unreadablePath(path, reason: "no such baseline file (\(option) names it; write one with --write-baseline \(Quote.clipped(path)))")
      }
      try Self.requireFile(path, what: "baseline file", option: option)
      let loaded = try Baseline.load(path)
      baselines[ByteKey(path)] = loaded
      return loaded
    }
    let runBaseline = options.writeBaseline == nil ? try options.baseline.map { try baseline($0, option: "--baseline") } : nil
    var setups: [Merchant] = []
    for (number, merchantConfiguration) in merchants.configurations.enumerated() {
      var registry: Deferred<MIDRegistry>?
      if let path = merchants.registry(of: number) {
        if loading[ByteKey(path)] == nil {
          try Self.requireFile(path, what: "MID registry file", option: options.midRegistry != nil ? "--mid-registry" : "'midRegistry' in \(merchantConfiguration.file ?? Configuration.fileName)")
          load(path)
        }
        registry = loading[ByteKey(path)]
      }
      var own: Baseline?
      if options.writeBaseline == nil, options.baseline == nil, let path = merchantConfiguration.baseline {
        own = try baseline(path, option: "'baseline' in \(merchantConfiguration.file ?? Configuration.fileName)")
      }
      setups.append(Merchant(configuration: merchantConfiguration, registry: registry, baseline: own))
    }
    var protected = ReportTargets.protectedFiles(
      inputs, rules: rules, configs: merchants.configurations.compactMap(\.file) + [configuration.file].compactMap { $0 },
      registries: loading.keys.map(\.text))
    for config in merchants.configurations + [configuration] {
      for rule in config.ownRules.rules { if let identity = FileSystem.identity(rule.file) { protected[identity] = "a rule file of this run" } }
    }
    for path in baselines.keys.map(\.text) { if let identity = FileSystem.identity(path) { protected[identity] = "a baseline of this run" } }
    // A config's baseline is no export (`Merchants`), and rewriting it is what
    // --write-baseline is for (it is not read then).
    for config in merchants.configurations where options.writeBaseline != nil {
      if let path = config.baseline, let identity = FileSystem.identity(path), identity == options.writeBaseline.flatMap(FileSystem.identity) {
        protected[identity] = nil
      }
    }
    if let rewritten, let identity = FileSystem.identity(rewritten) { protected[identity] = nil }
    // The baseline to write is one more target, decided with the reports (never over an input).
    let targets = options.reports + (options.writeBaseline.map { [Options.Report(format: .json, file: $0)] } ?? [])
    var destinations = try ReportTargets.decide(
      targets, protected: protected, standardOutput: FileSystem.identity(descriptor: 1, regularOnly: false)
    ).destinations
    let baselineTarget = options.writeBaseline == nil ? nil : destinations.removeLast()
    var engine = Engine(rules: rules, merchants: setups)
    engine.withSnippets = options.reports.contains { $0.format.showsSourceLines }
    engine.leavesClaimsToProcessEnd = endsProcess
    engine.today = try Day.today(environment: environment)
    engine.baseline = runBaseline
    engine.capsFindings = options.writeBaseline == nil
    let result = try engine.lint(inputs.given, others: inputs.others)
    var summary = Summary(findings: result.findings, files: result.files, plugins: result.plugins, stores: result.stores, skipped: inputs.skipped)
    summary.suppressed = result.suppressed.count
    summary.baselined = result.baselined
    summary.baselineFixed = result.baselineFixed
    summary.baselinesWithFixed = result.baselinesWithFixed
    summary.withoutRegistry = Summary.RegistryGap(rules: result.rulesWithoutRegistry, files: result.filesWithoutRegistry)
    summary.unreadable = inputs.errors.count + result.errors.count
    let failsFrom = (options.failOn ?? configuration.failOn ?? .error).threshold
    var input = ReportInput(
      findings: result.findings, summary: summary, rules: ReportInput.rules(rules, configuration),
      files: inputs.given.map(\.display), toolVersion: Self.version, failsFrom: failsFrom)
    input.suppressed = result.suppressed
    defer { if endsProcess { Leftovers.keep([inputs, result, input, registries, engine, merchants]) } }
    // Every report target is written in full or the run fails (SPEC §3); one that fails does
    // not keep the others from being written.
    var unwritten = writeReports(options, destinations) { format, color in
      input.color = color
      return format.report(input)
    }
    if let path = options.writeBaseline {
      // Every finding that would be reported (after suppressions): the run was not capped.
      // What cannot be suppressed cannot be baselined (`Diagnostics`): it is not written.
      let fixed = Set(merchants.configurations.flatMap { rules.rules(with: $0) }.filter { !$0.suppressible }.map(\.id))
      let accepted = result.findings.filter { !fixed.contains($0.rule) }
      let text = Baseline.text(of: result.findings, file: path) { !fixed.contains($0.rule) }
      do {
        // What `--baseline` would refuse to read is not written.
        if text.utf8.count > Baseline.sizeLimit {
          throw LintError.output(path, reason: "the baseline would hold \(Summary.count(accepted.count, "finding")) in \(text.utf8.count >> 20) MiB, "
            + "more than the \(Baseline.sizeLimit >> 20) MiB a baseline may have: fix or turn off the rules with the most findings first (see the summary)")
        }
        if let destination = baselineTarget {
          try FileSystem.writeReport(Array(text.utf8), to: destination)
        } else {
          try writeOutput(text)
        }
      } catch let error as LintError {
        unwritten.append(error)
      }
      if unwritten.isEmpty, inputs.errors.isEmpty, result.errors.isEmpty {
        let left = result.findings.count - accepted.count
        let note = left == 0 ? "" : "; \(Summary.count(left, "finding")) of rules that cannot be suppressed (yaml-syntax, expired-suppression, …) stay reported"
        writeError("centra-lint: wrote \(Summary.count(accepted.count, "finding")) to the baseline \(Printable.escaped(Quote.clipped(path, limit: 200)))\(note)\n")
      }
    }
    for message in inputs.warnings { writeError("centra-lint: warning: \(message)\n") }
    let errors = inputs.errors + result.errors + unwritten
    for error in errors { writeError("centra-lint: \(error)\n") }
    if !errors.isEmpty { return 2 }
    if options.writeBaseline != nil { return 0 }
    guard let threshold = failsFrom else { return 0 }
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

/// The MID registries of a run, each loading once on another thread while files are checked;
/// by the path as written, and by the file: two spellings of one registry load it once.
final class RegistryLoads {
  private(set) var loading: [ByteKey: Deferred<MIDRegistry>] = [:]
  private var loadingFile: [FileSystem.Identity: Deferred<MIDRegistry>] = [:]
  private let rules: RuleSet
  /// Whether a big registry is read on both cores (`MIDRegistry.load`): for a run of a few files.
  private let inHalves: Bool

  /// The largest registry file read on the thread that asks for it, in bytes.
  static let readHereAtMost = 16 << 10

  init(_ rules: RuleSet, inHalves: Bool = false) {
    self.rules = rules
    self.inHalves = inHalves
  }

  /// Starts loading `path`, unless it is loading already.
  func load(_ path: String) {
    guard loading[ByteKey(path)] == nil else { return }
    let identity = FileSystem.identity(path)
    if let identity, let known = loadingFile[identity] {
      loading[ByteKey(path)] = known
      return
    }
    let tables = rules.tables, sensitivity = rules.schema.dataSensitivity
    let inHalves = inHalves
    @Sendable func work() throws -> MIDRegistry { try MIDRegistry.load(path, tables: tables, sensitivity: sensitivity, inHalves: inHalves) }
    // A small registry (a merchant's own, a few hundred MIDs) reads in less time than a thread
    // takes to start: here 16 KiB added 0.14 ms to a pre-commit run read in place, about what
    // a thread costs, 64 KiB 0.7 ms (the samples' registry, read in place: 5% faster).
    let registry = (FileSystem.size(path) ?? .max) <= Self.readHereAtMost ? Deferred(now: work) : Deferred(work)
    loading[ByteKey(path)] = registry
    if let identity { loadingFile[identity] = registry }
  }
}

/// What a run leaves for the process's end (`CommandLineTool.endsProcess`).
final class Leftovers {
  let values: [Any]
  private init(_ values: [Any]) { self.values = values }
  static func keep(_ values: [Any]) { _ = Unmanaged.passRetained(Leftovers(values)) }
}
