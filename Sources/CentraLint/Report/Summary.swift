/// The counts a report ends with.
public struct Summary: Sendable, Equatable {

  public var files: Int
  public var plugins: Int
  public var errors: Int
  public var warnings: Int
  public var infos: Int
  /// Stores (SPEC §1) the checked files' documents belong to.
  public var stores: Int
  /// Given files that the config's `exports` do not name.
  public var skipped: Int
  /// Files and folders that could not be read (the run exits 2; the errors name them).
  public var unreadable = 0
  /// What did not run for want of a MID registry: the rules, and for how many of the files.
  public var withoutRegistry: RegistryGap?
  /// Findings that suppression comments silenced (SPEC §6) and that a baseline held (§7).
  public var suppressed = 0
  public var baselined = 0
  /// Baseline entries about the checked files that no longer occur.
  public var baselineFixed: [Baseline.Entry] = []
  /// The baseline files those entries are in.
  public var baselinesWithFixed: [String] = []

  /// Rules that did not run for want of a MID registry, and on how many files.
  public struct RegistryGap: Sendable, Equatable {
    public var rules: [String]
    public var files: Int
  }

  /// Counts the findings of a run.
  public init(findings: [Finding], files: Int, plugins: Int, stores: Int = 0, skipped: Int = 0) {
    self.files = files
    self.plugins = plugins
    self.stores = stores
    self.skipped = skipped
    errors = findings.count { $0.severity == .error }
    warnings = findings.count { $0.severity == .warning }
    infos = findings.count { $0.severity == .info }
  }

  /// `2 errors, 1 warning in 3 files, 9 plugins`.
  public var sentence: String {
    var counts = [Self.count(errors, "error"), Self.count(warnings, "warning")]
    if infos > 0 { counts.append(Self.count(infos, "info")) }
    var sentence = counts.joined(separator: ", ") + " in " + Self.count(files, "file") + ", " + Self.count(plugins, "plugin")
    if stores > 1 { sentence += " of \(stores) stores" }
    return sentence
  }

  /// The closing lines as one line, for the formats that show it in a heading or a log line
  /// (the fixed baseline entries counted, not named: only the text report names them).
  public var line: String {
    lines(naming: false).split(separator: "\n").joined(separator: "; ")
  }

  /// The text report's last lines: the counts, and how many given files were skipped; when
  /// every given file was skipped, that nothing was checked.
  public var closingLines: String { lines(naming: true) }

  private func lines(naming: Bool) -> String {
    let skippedPart = "\(Self.count(skipped, "file")) skipped"
    if files == 0, skipped > 0, errors + warnings + infos == 0 {
      return "nothing to check: \(skippedPart), not named by the config's 'exports'\n"
    }
    // "no problems" only when everything was read: a file that could not be is no pass.
    let clean = errors + warnings + infos == 0 && unreadable == 0
    var counts = (clean ? "no problems: " : "") + sentence + "\n"
    if unreadable > 0 {
      counts += "\(Self.count(unreadable, "path")) could not be read (named on standard error): the run is incomplete\n"
    }
    return counts + heldBack + (skipped > 0 ? "\(skippedPart): not named by the config's 'exports'\n" : "") + registryLine + fixedLines(naming: naming)
  }

  /// What suppressions and the baseline held back, in one line.
  var heldBack: String {
    var parts: [String] = []
    if suppressed > 0 { parts.append("\(Self.count(suppressed, "finding")) suppressed by comments") }
    if baselined > 0 { parts.append("\(Self.count(baselined, "finding")) in the baseline") }
    return parts.isEmpty ? "" : "not shown: " + parts.joined(separator: ", ") + "\n"
  }

  /// The baseline entries that no longer occur, counted, and named when `naming` (SPEC §7). A
  /// baseline is input: each of its texts is escaped, never at the start of a line.
  func fixedLines(naming: Bool) -> String {
    guard !baselineFixed.isEmpty else { return "" }
    let count = baselineFixed.count
    let file = baselinesWithFixed.count == 1 ? Printable.escaped(Quote.clipped(baselinesWithFixed[0], limit: 200)) : "FILE"
    var lines = "\(count) baseline \(count == 1 ? "entry is" : "entries are") fixed: rewrite the baseline with --write-baseline \(file)\n"
    guard naming else { return lines }
    for entry in baselineFixed.prefix(20) {
      let place = [entry.plugin.map { "plugin \(Printable.escaped(Quote.clipped($0)))" }, entry.path.map { Printable.escaped(Quote.clipped($0)) }]
        .compactMap { $0 }.joined(separator: ", ")
      lines += "  fixed: \(entry.rule) in \(Printable.escaped(Quote.clipped(entry.file, limit: 200)))\(place.isEmpty ? "" : " (\(place))")\n"
    }
    if count > 20 { lines += "  and \(count - 20) more\n" }
    return lines
  }

  /// Says which rules could not run without a MID registry, so a gate never looks greener than
  /// it is (SPEC §2).
  var registryLine: String {
    guard let missing = withoutRegistry, !missing.rules.isEmpty, missing.files > 0 else { return "" }
    let which = missing.files == files ? "" : " for \(missing.files) of \(Self.count(files, "file"))"
    return "\(missing.rules.joined(separator: ", ")) did not run\(which): no MID registry (give one with --mid-registry FILE or 'midRegistry' in \(Configuration.fileName))\n"
  }

  static func count(_ number: Int, _ noun: String) -> String {
    "\(number) \(noun)\(number == 1 ? "" : "s")"
  }
}
