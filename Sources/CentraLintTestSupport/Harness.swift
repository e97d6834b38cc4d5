import CentraLint

/// One whole lint of a byte buffer, rendered in every format: what the fuzzer and the
/// deterministic mutation tests run, and the invariant they hold it to.
public enum Harness {
  /// The canary secret that seed files use; no output may ever hold it.
  public static let canary = "klarna_live_canary"

  /// Lints `bytes` as one file and returns every report the tool can print for it: each
  /// format of `ReportFormat` (the text report twice, with and without colour), and last the
  /// JSON report of a second lint the way a big file is read: the parser on a thread of its
  /// own, the plugins read as they end (`EventPipeline`, `EarlyReading`).
  public static func outputs(of bytes: [UInt8], rules: RuleSet, registry: MIDRegistry? = nil) -> [String] {
    func lint(pipelined: Bool) -> ReportInput? {
      var engine = Engine(rules: rules, configuration: Configuration(), registry: registry)
      engine.parallelism = pipelined ? 2 : 1
      engine.pipelineFrom = pipelined ? 0 : .max
      guard let result = try? engine.lint([LintInput(display: "fuzz.yaml", source: .bytes(bytes))]) else { return nil }
      let summary = Summary(findings: result.findings, files: result.files, plugins: result.plugins, stores: result.stores)
      return ReportInput(
        findings: result.findings, summary: summary, rules: ReportInput.rules(rules, Configuration()), files: ["fuzz.yaml"],
        toolVersion: CommandLineTool.version)
    }
    guard let input = lint(pipelined: false), let pipelined = lint(pipelined: true) else {
      return ["the registry could not be loaded"]
    }
    var colored = input
    colored.color = true
    return [ReportFormat.text.report(colored)] + ReportFormat.allCases.map { $0.report(input) } + [ReportFormat.json.report(pipelined)]
  }

  /// Where each format's report is in `outputs`.
  static func output(_ format: ReportFormat, in outputs: [String]) -> String {
    outputs[1 + ReportFormat.allCases.firstIndex(of: format)!]
  }

  /// The mark of the probe canaries: no output of a probed input may hold it.
  public static let probeMark = "C4N4RY"

  /// Probes, one of which is put before an input: whatever follows, the probe's value is the
  /// value of a sensitive key (SPEC §2) in every spelling and shape, so no output may show it.
  static let probes = [
    "secret: C4N4RYplain\n", "apiKey: 'C4N4RYsingle'\n", "secrte: \"C4N4RYopen\n  C4N4RYsecond\"\n",
    "\"\\x73ecret\": C4N4RYescaped\n", "client_secret: |\n  C4N4RYblock\n", "credentials:\n  user: C4N4RYnested\n",
    "access_token: !!str &t C4N4RYtagged\n", "? password\n: C4N4RYcomplex\n", "api-key: [C4N4RYflow]\n",
    "a_long_key_that_says_nothing_for_sixty_four_bytes_and_then_private: C4N4RYlong\n",
  ]

  /// The input with a probe before it (chosen by the input, so a fuzzer reaches every probe),
  /// and the reports of its lint.
  public static func probedOutputs(of bytes: [UInt8], rules: RuleSet) -> [String] {
    let probe = probes[bytes.reduce(0) { ($0 &* 31 &+ Int($1)) & 0xFFFF } % probes.count]
    return outputs(of: Array(probe.utf8) + bytes, rules: rules)
  }

  /// What is wrong with the reports of a probed input, or nil.
  public static func probeViolation(in outputs: [String]) -> String? {
    if let problem = violation(in: outputs) { return problem }
    return outputs.contains { $0.contains(probeMark) } ? "a probe's secret appears in a report" : nil
  }

  /// What is wrong with the outputs, or nil: a canary shown, a report without its summary, or
  /// the big-file reading finding something else.
  /// Where the subset reader and libyaml disagree on `bytes` (`SubsetScanner`), or nil.
  public static func readersDisagree(_ bytes: [UInt8]) -> String? { SubsetScanner.disagreement(bytes) }

  /// What a MID registry read in halves gives otherwise than read as one (nil: the same).
  public static func registryHalvesDisagree(_ bytes: [UInt8], rules: RuleSet) -> String? {
    MIDRegistry.halvesDisagreement(bytes, tables: rules.tables)
  }

  public static func violation(in outputs: [String]) -> String? {
    guard outputs.count == ReportFormat.allCases.count + 2 else { return outputs.first ?? "no reports" }
    for output in outputs {
      if output.lowercased().contains(canary) { return "the canary secret appears in a report" }
    }
    if !output(.text, in: outputs).contains(" in 1 file, ") { return "the text report has no summary" }
    let json = output(.json, in: outputs)
    if !json.hasSuffix("}\n") { return "the JSON report is cut short" }
    if let last = outputs.last, last != json {
      let plain = json.split(separator: "\n", omittingEmptySubsequences: false)
      let piped = last.split(separator: "\n", omittingEmptySubsequences: false)
      let line = (0..<min(plain.count, piped.count)).first { plain[$0] != piped[$0] } ?? min(plain.count, piped.count)
      func at(_ lines: [Substring]) -> Substring { line < lines.count ? lines[line] : "(the end)" }
      return "the big-file reading (the parser on its own thread) found something else: JSON line \(line + 1) is \(at(piped)) instead of \(at(plain))"
    }
    return nil
  }
}
