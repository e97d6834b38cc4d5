/// The files of a plain run (SPEC §1 and §3): those given on the command line (folders walked),
/// or the config's `exports` when none is given; of the given ones, those the `exports` do not
/// name are skipped; and the exports that were not given, which the cross-file rules also read.
/// A file is known by its device and inode, so one reached through two spellings is read once.
public struct RunInputs: Sendable {
  /// The files to check and report, sorted by name.
  public var given: [LintInput] = []
  /// The merchant's other exports, read only for the cross-file rules.
  public var others: [LintInput] = []
  /// Given files that the config's `exports` do not name.
  public var skipped = 0
  /// What was passed over, for standard error (special files, links to nothing).
  public var warnings: [String] = []
  /// Folders and files that could not be read: the run goes on, and its exit status is 2.
  public var errors: [LintError] = []
  /// Every file read, to refuse an `--output` that is one of them.
  public var identities: Set<FileSystem.Identity> = []

  /// Gathers the inputs. `paths` may hold `-` (standard input, named `stdinName`). Throws for a
  /// path that does not exist, is neither file nor folder, or a folder without an export.
  public static func gather(
    _ paths: [FilePath], configuration: Configuration, registry: String?, stdinName: String?,
    readStandardInput: () throws -> [UInt8]
  ) throws -> RunInputs {
    var inputs = RunInputs()
    // The registry and the config are never exports, even when a hook passes every YAML file.
    let excluded = Set([configuration.file, registry].compactMap { $0 }.compactMap(FileSystem.identity))
    var exports: [FolderWalk.Entry]?
    if let globs = configuration.exports {
      let found = ExportFiles.find(globs, in: FilePath(configuration.folder.isEmpty ? "." : configuration.folder), display: configuration.folder)
      exports = found.files.filter { $0.identity.map { !excluded.contains($0) } ?? true }
      inputs.errors += found.errors
    }
    guard !paths.isEmpty else {
      guard let exports else {
        throw LintError.usage("no files to check: give files or folders, '-' for standard input, or list the exports under 'exports' in \(Configuration.fileName)")
      }
      guard !exports.isEmpty else {
        throw LintError.usage("the exports of \(configuration.file ?? Configuration.fileName) (\(configuration.exports!.map(\.text).joined(separator: ", "))) name no file")
      }
      inputs.given = exports.map { LintInput(display: $0.display, source: .path($0.path)) }
      inputs.identities = Set(exports.compactMap(\.identity))
      return inputs
    }
    var found: [FolderWalk.Entry] = []
    var walk = FolderWalk()
    for path in paths {
      if path.isStandardInput {
        inputs.given.append(LintInput(display: stdinName ?? "<stdin>", source: .bytes(try readStandardInput())))
        // The file on disk that standard input stands for is not also one of the others.
        if let name = stdinName, let identity = FileSystem.identity(name) { inputs.identities.insert(identity) }
        continue
      }
      let status = FileSystem.status(path)
      switch status.kind {
      case .file:
        found.append(FolderWalk.Entry(display: path.text, path: path, identity: status.identity))
      case .directory:
        let (before, errorsBefore) = (walk.files.count, walk.errors.count)
        walk.walk(path, display: path.text)
        let exportsFound = walk.files[before...].contains { $0.identity.map { !excluded.contains($0) } ?? true }
        // A folder that could not be read all through may hold exports: its error says so.
        if !exportsFound, walk.errors.count == errorsBefore { throw LintError.noExports(path.text) }
      case .special:
        throw LintError.unreadablePath(path.text, reason: "not a regular file or folder")
      case .missing:
        throw LintError.unreadablePath(path.text, reason: status.error ?? "no such file or folder")
      }
    }
    found += walk.takeFiles()
    inputs.warnings = walk.skipped
    inputs.errors += walk.errors
    let named = exports.map { Set($0.compactMap(\.identity)) }
    for entry in found {
      if let identity = entry.identity {
        guard !excluded.contains(identity), inputs.identities.insert(identity).inserted else { continue }
        if let named, !named.contains(identity) {
          inputs.skipped += 1
          continue
        }
      }
      inputs.given.append(LintInput(display: entry.display, source: .path(entry.path)))
    }
    inputs.given.sort { $0.display.utf8.lexicographicallyPrecedes($1.display.utf8) }
    for entry in exports ?? [] where entry.identity.map({ !inputs.identities.contains($0) }) ?? true {
      inputs.others.append(LintInput(display: entry.display, source: .path(entry.path)))
      if let identity = entry.identity { inputs.identities.insert(identity) }
    }
    return inputs
  }
}
