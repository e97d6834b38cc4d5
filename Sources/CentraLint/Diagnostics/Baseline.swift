/// The baseline (SPEC §7): the findings a team accepted when it adopted the tool, by
/// fingerprint, so that a run fails only on new ones. A YAML file meant to be reviewed: sorted,
/// no line numbers, no messages, nothing sensitive (a finding's file, path and plugin URI are
/// already redacted).
public struct Baseline: Sendable {
  /// One accepted finding.
  public struct Entry: Sendable, Equatable {
    public var fingerprint: String
    public var rule: String
    public var file: String
    public var path: String?
    public var plugin: String?

    /// The entry with the run's secret texts hidden in what it names.
    func hiding(_ secrets: SecretTexts) -> Entry {
      var entry = self
      entry.file = secrets.hiding(file)
      entry.path = path.map(secrets.hiding)
      entry.plugin = plugin.map(secrets.hiding)
      return entry
    }
  }

  public var entries: [Entry]
  /// The file it was read from.
  public var file: String
  let fingerprints: Set<String>
  /// The folder it names files from (`folder(of:)`).
  let folder: String

  init(entries: [Entry], file: String) {
    self.entries = entries
    self.file = file
    folder = Self.folder(of: file)
    fingerprints = Set(entries.map(\.fingerprint))
  }

  /// Whether a fingerprint (as `keys` makes it) is in the baseline.
  func contains(_ key: String) -> Bool { fingerprints.contains(key) }

  /// A checked file's name in the baseline: its path from the baseline's folder (so that the
  /// baseline holds wherever the run starts), climbing with `..` to a file elsewhere; its name in
  /// the run only when it is not a file (standard input).
  func name(of display: String) -> String { Self.name(of: display, folder: folder) }

  /// The folder a baseline names files from: where the file really is (a baseline reached
  /// through a link names them from its target's folder, whichever spelling the run uses), with
  /// a `/` at its end; for a baseline not yet written, its folder's real place.
  static func folder(of baseline: String) -> String {
    let slash = baseline.lastIndex(of: "/")
    let lexical = slash.map { String(baseline[...$0]) } ?? ""
    if let real = FileSystem.realPath(baseline), let end = real.lastIndex(of: "/") { return String(real[...end]) }
    if let real = FileSystem.realPath(lexical.isEmpty ? "." : lexical) { return real.hasSuffix("/") ? real : real + "/" }
    return lexical
  }

  static func name(of display: String, folder: String) -> String {
    if let below = Configuration.path(display, below: folder) { return below }
    // Elsewhere: from the two real folders, so that two files of one name in different folders
    // never share a name (nor a fingerprint).
    let slash = display.lastIndex(of: "/")
    let parent = slash.map { $0 == display.startIndex ? "/" : String(display[..<$0]) } ?? "."
    guard let from = FileSystem.realPath(folder.isEmpty ? "." : folder), let to = FileSystem.realPath(parent) else { return display }
    let name = display[(slash.map { display.index(after: $0) } ?? display.startIndex)...]
    let fromNames = from.split(separator: "/"), toNames = to.split(separator: "/")
    var shared = 0
    while shared < min(fromNames.count, toNames.count), fromNames[shared] == toNames[shared] { shared += 1 }
    let climb = Array(filling: "..", count: fromNames.count - shared)
    return (climb + toNames[shared...].map(String.init) + [String(name)]).joined(separator: "/")
  }

  /// The baseline's keys of one file's findings, in report order: their fingerprints (SPEC §4)
  /// with the file named as the baseline names it.
  func keys(of findings: [Finding], in display: String) -> [String] { Fingerprint.of(findings, file: name(of: display)) }

  /// Reads a baseline; any other version or shape is an error naming the file and line.
  /// The largest baseline read (some 100,000 entries): a bigger one is not a team's baseline.
  static let sizeLimit = 16 << 20

  public static func load(_ path: String) throws -> Baseline {
    let bytes = try FileSystem.read(path, limit: sizeLimit)
    guard bytes.count <= sizeLimit else {
      throw LintError.unreadablePath(path, reason: "the baseline is larger than \(sizeLimit >> 20) MiB, the most that is read")
    }
    let root = try DataFile.parse(bytes, file: path)
    var version: Int?
    var entries: [Entry] = []
    for (key, keyNode, value) in try root.pairs("a baseline") {
      switch key {
      case "version":
        version = try value.int("version")
        guard version == 1 else { throw value.error("this baseline is version \(version!); this centra-lint reads version 1 (rewrite it with --write-baseline)") }
      case "findings":
        for item in value.isNull ? [] : try value.items("findings") {
          var fields: [String: String] = [:]
          for (name, nameNode, field) in try item.pairs("each baseline entry") {
            guard ["fingerprint", "rule", "file", "path", "plugin"].contains(name) else {
              throw nameNode.error("unknown key '\(nameNode.quoted(name))' in a baseline entry (fingerprint, rule, file, path, plugin)")
            }
            // A baseline is input: its texts are printed (the fixed entries), so what is shaped
            // like a secret is hidden once, here.
            fields[name] = Sensitivity.redacting(try field.string(name))
          }
          guard let fingerprint = fields["fingerprint"], let rule = fields["rule"], let file = fields["file"] else {
            throw item.error("a baseline entry needs fingerprint, rule and file")
          }
          guard !rule.isEmpty, rule.utf8.allSatisfy({ ($0 >= 0x61 && $0 <= 0x7A) || ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x2D }) else {
            throw item.error("a baseline entry's rule is a rule id (lower-case letters, digits and '-'), not '\(item.quoted(rule))'")
          }
          guard fingerprint.utf8.count == 16, fingerprint.utf8.allSatisfy({ ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x61 && $0 <= 0x66) }) else {
            throw item.error("a baseline fingerprint is 16 hexadecimal digits, not '\(Quote.clipped(fingerprint))'")
          }
          entries.append(Entry(fingerprint: fingerprint, rule: rule, file: file, path: fields["path"], plugin: fields["plugin"]))
        }
      default:
        throw keyNode.error("unknown key '\(keyNode.quoted(key))' in a baseline (version, findings)")
      }
    }
    guard version != nil else { throw root.error("a baseline starts with 'version: 1' (write one with --write-baseline FILE)") }
    return Baseline(entries: entries, file: path)
  }

  /// The baseline of a run's findings (sorted by file, uncapped), to be written to `path`, as
  /// its text: the findings `accepting` takes, keyed as `keys` keys them.
  public static func text(of findings: [Finding], file path: String, accepting: (Finding) -> Bool) -> String {
    var entries: [Entry] = []
    let folder = Self.folder(of: path)
    var start = findings.startIndex
    while start < findings.endIndex {
      let display = findings[start].location.file
      // Files by their bytes: an NFC and an NFD name are two files.
      let end = findings[start...].firstIndex { !ByteScan.equal($0.location.file, display) } ?? findings.endIndex
      let group = Array(findings[start..<end])
      let name = Self.name(of: display, folder: folder)
      for (finding, key) in zip(group, Fingerprint.of(group, file: name)) where accepting(finding) {
        entries.append(Entry(fingerprint: key, rule: finding.rule, file: name, path: finding.path, plugin: finding.plugin))
      }
      start = end
    }
    entries.sort { ($0.file, $0.rule, $0.path ?? "", $0.fingerprint) < ($1.file, $1.rule, $1.path ?? "", $1.fingerprint) }
    var out = """
      # centra-lint baseline: findings accepted when centra-lint was adopted. Only findings that are
      # not listed here fail a run. Files are named from this file's folder. Rewrite it with
      # centra-lint --write-baseline FILE; review it like code.
      version: 1

      """
    out += entries.isEmpty ? "findings: []\n" : "findings:\n"
    for entry in entries {
      out += "  - fingerprint: \(entry.fingerprint)\n    rule: \(quoted(entry.rule))\n    file: \(quoted(entry.file))\n"
      if let path = entry.path { out += "    path: \(quoted(path))\n" }
      if let plugin = entry.plugin { out += "    plugin: \(quoted(plugin))\n" }
    }
    return out
  }

  static func quoted(_ text: String) -> String { Quote.yamlDoubleQuoted(text) }
}
