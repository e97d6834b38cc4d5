/// The merchants of an audit (SPEC §8): each folder directly below a FOLDER is one, named by
/// its folder; a `*.yaml` file directly in a FOLDER is one of its own, named by its file name
/// without the extension. A merchant's own `.centra-lint.yaml` (in its folder) is its config;
/// else the run's config applies (without its `exports`, which name the run's files, not the
/// merchant's) and `--mid-registry`. A merchant that cannot be checked (its config, its
/// exports or its folder) keeps the reason and is never counted as passing.
struct AuditFleet {
  struct Member {
    /// How the reports name it: its folder's (or file's) name, or its path when two share one.
    var name: String
    /// Its folder (or file) as the run shows paths.
    var folder: String
    /// Its config, when it could be read.
    var configuration: Configuration?
    /// Why it is not checked (nil: it is).
    var error: String?
    /// A digest of the config it was checked with, to tell a comparison that it changed.
    var configDigest: String
    /// Its export files.
    var files: [FolderWalk.Entry] = []
    /// Whether it is a file directly in a FOLDER.
    var isFile = false

    /// A file's name relative to the merchant's folder (a file merchant: its own name), as
    /// comparisons and fingerprints name it wherever the audit runs from.
    func relative(_ display: String) -> String { AuditFleet.relative(display, folder: folder, isFile: isFile) }
  }

  /// A file's name relative to a merchant's folder (a file merchant: its own name): one
  /// definition for this audit's merchants and those of a compared report.
  static func relative(_ display: String, folder: String, isFile: Bool) -> String {
    if isFile { return String(display.split(separator: "/").last ?? Substring(display)) }
    let prefix = folder.hasSuffix("/") ? folder : folder + "/"
    return display.hasPrefix(prefix) ? String(display.dropFirst(prefix.count)) : display
  }

  /// A merchant's name from its folder's or file's name: a file's without its extension.
  private static func merchantName(_ name: [UInt8]) -> String {
    let text = String(decoding: name, as: UTF8.self)
    guard FolderWalk.isYAML(name) else { return text }
    return String(text[..<(text.lastIndex(of: ".") ?? text.endIndex)])
  }

  var members: [Member] = []
  /// Problems that concern no one merchant (a FOLDER that cannot be read).
  var errors: [LintError] = []
  var warnings: [String] = []

  /// Finds the merchants below `folders`. `runConfiguration` is the run's config (or none);
  /// `registryOverride` is `--mid-registry`; `runFiles` are files of the run that are never
  /// exports (the registry, the compared report, the reports written).
  static func discover(
    _ folders: [FilePath], runConfiguration: Configuration, registryOverride: String?, rules: RuleSet,
    runFiles: Set<FileSystem.Identity>
  ) throws -> AuditFleet {
    var fleet = AuditFleet()
    guard !folders.isEmpty else { throw LintError.usage("usage: centra-lint audit [options] FOLDER... (each folder below a FOLDER is one merchant)") }
    var shared = runConfiguration
    shared.exports = nil
    if let registryOverride { shared.midRegistry = registryOverride }
    let sharedDigest = runConfiguration.file.flatMap { try? FileSystem.read($0, limit: Limits.configSize) }.map(digest) ?? "none"
    var seenFolders: Set<FileSystem.Identity> = []
    for folder in folders {
      let status = FileSystem.status(folder)
      // One folder by two spellings (or twice) is audited once.
      if let identity = status.identity, !seenFolders.insert(identity).inserted {
        fleet.warnings.append("'\(folder.text)' is a FOLDER already given: audited once")
        continue
      }
      switch status.kind {
      case .directory: break
      case .file, .special:
        throw LintError.usage("audit takes folders of merchants: '\(Quote.clipped(folder.text))' is not a folder (lint one merchant's files with 'centra-lint \(Quote.clipped(folder.text))')")
      case .missing:
        throw LintError.unreadablePath(folder.text, reason: status.error ?? "no such folder")
      }
      let entries: [FileSystem.FolderEntry]
      do {
        entries = try FileSystem.folderEntries(folder)
      } catch let error as LintError {
        fleet.errors.append(error.named(folder.text))
        continue
      }
      let listed = entries.filter { $0.name.first != 0x2E }.sorted { ByteScan.precedes($0.name, $1.name) }
      let kinds = listed.map { $0.kind ?? FileSystem.kind(folder.appending($0.name)) }
      // The merchant folders are read at once, each on its own (its config, its files): a
      // fleet of thousands waited on them one by one before any file was checked.
      let shared = shared
      let walked = Parallel.map(listed.count) { index -> (member: Member, warnings: [String])? in
        guard kinds[index] == .directory else { return nil }
        let display = FolderWalk.join(folder.text, String(decoding: listed[index].name, as: UTF8.self))
        return member(
          folder: folder.appending(listed[index].name), display: display, shared: shared, sharedDigest: sharedDigest,
          rules: rules, runFiles: runFiles)
      }
      for (index, entry) in listed.enumerated() {
        let path = folder.appending(entry.name)
        let display = FolderWalk.join(folder.text, String(decoding: entry.name, as: UTF8.self))
        let kind = kinds[index]
        if kind == .directory, let (member, warnings) = walked[index] {
          fleet.members.append(member)
          fleet.warnings += warnings
        } else if kind != .file, kind != .directory, entry.kind == nil || FolderWalk.isYAML(entry.name) {
          // A link to nothing, or to something that is neither file nor folder: a merchant
          // that cannot be checked, never one that is silently left out.
          let status = FileSystem.status(path)
          let name = merchantName(entry.name)
          let reason = status.error ?? (kind == .special ? "not a regular file or folder" : "a link to nothing")
          fleet.members.append(Member(name: name, folder: display, configuration: nil, error: LintError.unreadablePath(display, reason: reason).description, configDigest: "none"))
        } else if kind == .file, FolderWalk.isYAML(entry.name) {
          let identity = FileSystem.identity(path)
          guard identity.map({ !runFiles.contains($0) }) ?? true else { continue }
          fleet.members.append(Member(
            name: merchantName(entry.name), folder: display, configuration: shared, configDigest: sharedDigest,
            files: [FolderWalk.Entry(display: display, path: path, identity: identity)], isFile: true))
        }
      }
    }
    // Two merchants of one name (in two FOLDERs, or a folder and a file) are named by path.
    var count: [String: Int] = [:]
    for member in fleet.members { count[member.name, default: 0] += 1 }
    for index in fleet.members.indices where count[fleet.members[index].name]! > 1 {
      fleet.members[index].name = fleet.members[index].folder
    }
    if fleet.members.isEmpty, fleet.errors.isEmpty {
      throw LintError.usage("no merchant found in \(folders.map { "'\(Quote.clipped($0.text))'" }.joined(separator: ", ")): an audit checks each folder below a FOLDER (and each *.yaml directly in it) as one merchant")
    }
    return fleet
  }

  /// A merchant folder: its config, then its files (its `exports`, else every YAML file below).
  private static func member(
    folder: FilePath, display: String, shared: Configuration, sharedDigest: String, rules: RuleSet,
    runFiles: Set<FileSystem.Identity>
  ) -> (member: Member, warnings: [String]) {
    let name = String(display.split(separator: "/").last ?? Substring(display))
    var warnings: [String] = []
    var member = Member(name: name, folder: display, configuration: shared, configDigest: sharedDigest)
    let own = FolderWalk.join(display, Configuration.fileName)
    if FileSystem.kind(own) == .file {
      do {
        var configuration = try Configuration.load(own, rules: rules)
        // Its own registry, else the run's `--mid-registry`.
        if configuration.midRegistry == nil { configuration.midRegistry = shared.midRegistry }
        member.configuration = configuration
        member.configDigest = (try? FileSystem.read(own, limit: Limits.configSize)).map(digest) ?? "unreadable"
      } catch {
        member.configuration = nil
        member.error = "\(error)"
        return (member, [])
      }
    }
    let configuration = member.configuration!
    // Never exports: the merchant's config, registry, baseline and own rules, and the run's files.
    var excluded = runFiles
    for file in [configuration.file, configuration.midRegistry, configuration.baseline].compactMap({ $0 }) + configuration.ownRules.rules.map(\.file) {
      if let identity = FileSystem.identity(file) { excluded.insert(identity) }
    }
    var files: [FolderWalk.Entry]
    if let globs = configuration.exports {
      let found = ExportFiles.find(globs, in: folder, display: display)
      if let error = found.errors.first {
        member.error = "\(error)"
        return (member, [])
      }
      files = found.files
      if files.isEmpty {
        member.error = "the exports of \(configuration.file ?? own) (\(globs.map(\.text).joined(separator: ", "))) name no file"
        return (member, [])
      }
    } else {
      var walk = FolderWalk()
      walk.followsFolderLinks = false
      walk.walk(folder, display: display)
      if let error = walk.errors.first {
        member.error = "\(error)"
        return (member, [])
      }
      warnings = walk.skipped
      files = walk.takeFiles()
    }
    files = files.filter { $0.identity.map { !excluded.contains($0) } ?? true }
    if files.isEmpty {
      member.error = LintError.noExports(display).description
      return (member, warnings)
    }
    member.files = files
    return (member, warnings)
  }

  /// A short digest of a file's bytes.
  static func digest(_ bytes: [UInt8]) -> String {
    String(YAMLTree.hash(bytes), radix: 16)
  }
}
