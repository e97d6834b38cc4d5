/// Where each report of a run goes, decided once before the run (SPEC §3): standard output at
/// most once, a file once by any spelling of it, and never over a file the run reads.
struct ReportTargets {
  /// Each report's file, in the order asked; nil is standard output.
  var destinations: [String?] = []

  /// Decides the targets of `reports`. `protected` names what each file the run reads is (an
  /// input, the config, the registry, a rule file); `standardOutput` is what descriptor 1 is.
  static func decide(
    _ reports: [Options.Report], protected: [FileSystem.Identity: String], standardOutput: FileSystem.Identity?
  ) throws -> ReportTargets {
    var targets = ReportTargets()
    var taken: [String: String] = [:]  // place → the spelling that took it
    for request in reports {
      // `/dev/null` may take any number of reports, and is written into itself, also when
      // standard output is it (or is closed, which puts /dev/null in its place); anything else
      // only one.
      if let file = request.file, FileSystem.realPath(file) == "/dev/null" {
        targets.destinations.append(file)
        continue
      }
      // A file that is standard output by another name (`/dev/stdout`) is written on, not replaced.
      let identity = request.file.map(FileSystem.linkTarget).flatMap(FileSystem.identity)
      let destination = identity != nil && identity == standardOutput ? nil : request.file
      targets.destinations.append(destination)
      guard let destination else {
        if taken["standard output"] != nil {
          throw LintError.usage("at most one report can go to standard output; give the others a file (--report FORMAT:FILE)")
        }
        taken["standard output"] = "standard output"
        if let standardOutput, let what = protected[standardOutput] {
          throw LintError.standardOutput(reason: "it is \(what), and files the run reads are never written; send standard output elsewhere or give the report a file with --output FILE")
        }
        continue
      }
      if let identity, let what = protected[identity] {
        throw LintError.output(destination, reason: "it is \(what), and files the run reads are never written; give the report another file")
      }
      let place = FileSystem.reportPlace(destination)
      if let first = taken[place] {
        let names = first == destination ? "'\(Quote.clipped(destination))'" : "one file ('\(Quote.clipped(first))' and '\(Quote.clipped(destination))')"
        throw LintError.usage("two reports would be written to \(names); give each its own file")
      }
      taken[place] = destination
    }
    return targets
  }

  /// What each file that the run reads is, for the message that refuses to write over it.
  static func protectedFiles(_ inputs: RunInputs, rules: RuleSet, configs: [String], registries: [String]) -> [FileSystem.Identity: String] {
    protectedFiles(inputs.identities, rules: rules, configs: configs, registries: registries)
  }

  /// The same, for the files checked known by their identities.
  static func protectedFiles(_ inputs: Set<FileSystem.Identity>, rules: RuleSet, configs: [String], registries: [String]) -> [FileSystem.Identity: String] {
    var protected: [FileSystem.Identity: String] = [:]
    for identity in inputs { protected[identity] = "one of the files checked" }
    for file in rules.files {
      if let identity = FileSystem.identity(file) { protected[identity] = "a rule file of this run (rules folder '\(Quote.clipped(rules.folder))')" }
    }
    for registry in registries { if let identity = FileSystem.identity(registry) { protected[identity] = "a MID registry of this run" } }
    for config in configs { if let identity = FileSystem.identity(config) { protected[identity] = "a config file of this run" } }
    return protected
  }
}
