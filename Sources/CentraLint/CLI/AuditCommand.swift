/// `centra-lint audit [options] FOLDER...` (SPEC §8): the merchants found (`AuditFleet`), one
/// engine run over all their files, the audit made of its result (`Audit`), the comparison
/// with an earlier report, and the reports.
extension CommandLineTool {
  func audit(_ options: Options, _ rules: RuleSet, _ configuration: Configuration) throws -> Int32 {
    if let path = options.midRegistry { try Self.requireFile(path, what: "MID registry file", option: "--mid-registry") }
    let comparison = try options.compare.map { path in
      try Self.requireFile(path, what: "audit report", option: "--compare")
      return try AuditComparison.load(path)
    }
    // The files of the run that are never a merchant's export: the registry, the compared
    // report, and the reports it writes over.
    var runFiles: Set<FileSystem.Identity> = []
    for path in [options.midRegistry, options.compare, configuration.file].compactMap({ $0 }) + options.reports.compactMap(\.file) {
      if let identity = FileSystem.identity(path) { runFiles.insert(identity) }
    }
    let fleet = try AuditFleet.discover(
      options.paths, runConfiguration: options.noConfig ? Configuration() : configuration, registryOverride: options.midRegistry,
      rules: rules, runFiles: runFiles)
    // Each merchant that can be checked is a merchant of the engine; its files are inputs.
    let registries = RegistryLoads(rules)
    var setups: [Merchant] = [], memberOf: [Int] = [], inputs: [LintInput] = []
    var members = fleet.members
    // Each file belongs to one merchant: a merchant whose file another merchant has already
    // (a link, a merchant inside another) is not checked, never a pass with fewer files.
    var owner: [FileSystem.Identity: Int] = [:]
    for index in members.indices where members[index].error == nil {
      for file in members[index].files {
        guard let identity = file.identity else { continue }
        if let first = owner[identity] {
          members[index].error = "its file '\(file.display)' is also a file of merchant '\(members[first].name)' (a link?): each file belongs to one merchant"
          break
        }
        owner[identity] = index
      }
    }
    for index in members.indices where members[index].error == nil {
      let member = members[index]
      let configuration = member.configuration!
      var registry: Deferred<MIDRegistry>?
      if let path = configuration.midRegistry {
        guard FileSystem.kind(path) == .file else {
          members[index].error = LintError.unreadablePath(path, reason: "no such MID registry file ('midRegistry' in \(configuration.file ?? Configuration.fileName))").description
          continue
        }
        registries.load(path)
        registry = registries.loading[ByteKey(path)]
      }
      var baseline: Baseline?
      if let path = configuration.baseline {
        do {
          baseline = try Baseline.load(path)
        } catch {
          members[index].error = "its baseline cannot be used: \(error)"
          continue
        }
      }
      let number = setups.count
      setups.append(Merchant(configuration: configuration, registry: registry, baseline: baseline))
      memberOf.append(index)
      for file in member.files {
        inputs.append(LintInput(display: file.display, source: .path(file.path), merchant: number))
      }
    }
    var checkedFleet = fleet
    checkedFleet.members = members
    inputs.sort { ByteScan.precedes($0.display, $1.display) }
    var protected = ReportTargets.protectedFiles(
      Set(owner.keys), rules: rules, configs: members.compactMap { $0.configuration?.file } + [configuration.file].compactMap { $0 }, registries: registries.loading.keys.map(\.text))
    // The report compared with is read before any is written: writing over it would lose it.
    if let path = options.compare, let identity = FileSystem.identity(path) { protected[identity] = "the report --compare reads" }
    let destinations = try ReportTargets.decide(
      options.reports, protected: protected, standardOutput: FileSystem.identity(descriptor: 1, regularOnly: false)
    ).destinations
    var engine = Engine(rules: rules, merchants: setups)
    engine.withSnippets = options.reports.contains { $0.format.showsSourceLines }
    engine.leavesClaimsToProcessEnd = endsProcess
    engine.today = try Day.today(environment: environment)
    engine.registryErrorsEndTheRun = false
    let progress = progressOnTerminal ? AuditProgress(
      filesOf: (0..<setups.count).map { merchant in inputs.count { $0.merchant == merchant } }, merchants: members.count,
      write: writeError) : nil
    if let progress { engine.fileDone = { progress.fileDone($0) } }
    let result = setups.isEmpty ? LintResult(findings: [], files: 0, plugins: 0, stores: 0, errors: []) : try engine.lint(inputs)
    progress?.finish()
    let failsFrom = (options.failOn ?? configuration.failOn ?? .error).threshold
    var audit = Audit.make(fleet: checkedFleet, inputs: inputs, memberOf: memberOf, result: result, failsFrom: failsFrom)
    if let comparison, let path = options.compare { comparison.apply(to: &audit, file: path) }
    // The rules as the run's config sets them, for the reports' help.
    let reportRules = ReportInput.rules(rules, configuration)
    defer { if endsProcess { Leftovers.keep([result, audit, registries, engine]) } }
    let unwritten = writeReports(options, destinations) { format, color in
      AuditReports.report(audit, format: format, rules: reportRules, toolVersion: Self.version, color: color)
    }
    for message in fleet.warnings { writeError("centra-lint: warning: \(Printable.escaped(message))\n") }
    for merchant in audit.merchants where merchant.verdict == .error {
      writeError("centra-lint: merchant \(Printable.escaped(merchant.name)) not checked: \(Printable.escaped(merchant.error ?? ""))\n")
    }
    let errors = fleet.errors + result.errors + unwritten
    for error in errors { writeError("centra-lint: \(error)\n") }
    return errors.isEmpty ? audit.status : 2
  }
}
