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
    readStandardInput: (_ limit: Int) throws -> [UInt8]
  ) throws -> RunInputs {
    var inputs = RunInputs()
    // The registry and the config are never exports, even when a hook passes every YAML file.
    let excluded = Set([configuration.file, registry].compactMap { $0 }.compactMap(FileSystem.identity))
    inputs.identities = excluded  // nor are they ever written
    var exports: [FolderWalk.Entry]?
    if let globs = configuration.exports {
      let found = ExportFiles.find(globs, in: FilePath(configuration.folder.isEmpty ? "." : configuration.folder), display: configuration.folder)
      exports = found.files.filter { $0.identity.map { !excluded.contains($0) } ?? true }
      inputs.errors += found.errors
      // Exports that name nothing are a config mistake, not a pass: every file would be skipped.
      if exports!.isEmpty, found.errors.isEmpty {
        throw LintError.invalidSetup("the exports of \(configuration.file ?? Configuration.fileName) (\(globs.map(\.text).joined(separator: ", "))) name no file")
      }
    }
    guard !paths.isEmpty else {
      guard let exports else {
        throw LintError.usage("no files to check: give files or folders, '-' for standard input, or list the exports under 'exports' in \(configuration.file ?? Configuration.fileName)")
      }
      inputs.given = exports.map { LintInput(display: $0.display, source: .path($0.path)) }
      inputs.identities.formUnion(exports.compactMap(\.identity))
      return inputs
    }
    var found: [FolderWalk.Entry] = []
    var walk = FolderWalk()
    for path in paths {
      if path.isStandardInput {
        // The file on disk that standard input stands for is not also one of the others, and
        // is skipped when the exports do not name it.
        let identity = stdinName.flatMap(FileSystem.identity)
        if let identity { inputs.identities.insert(identity) }
        // A file redirected to standard input is an input too: never the report's file.
        if let redirected = FileSystem.identity(descriptor: 0) { inputs.identities.insert(redirected) }
        if let identity, let exports, !exports.contains(where: { $0.identity == identity }) {
          inputs.skipped += 1
          continue
        }
        inputs.given.append(LintInput(display: stdinName ?? "<stdin>", source: .bytes(try readStandardInput(configuration.limits.fileSize))))
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
        // Not there is a mistake in the command; there but not to be looked at (a folder on
        // the way that may not be searched) is unreadable, and the others are still checked.
        guard let error = status.error else { throw LintError.unreadablePath(path.text, reason: "no such file or folder") }
        inputs.errors.append(.unreadablePath(path.text, reason: error))
      }
    }
    // The registry or the config named as a file (a commit that changes them): every export
    // is checked against them.
    if let exports, found.contains(where: { $0.identity.map(excluded.contains) ?? false }) { found += exports }
    found += walk.takeFiles()
    inputs.warnings = walk.skipped
    inputs.errors += walk.errors
    let named = exports.map { Set($0.compactMap(\.identity)) }
    for entry in found {
      if let identity = entry.identity {
        // Known already: the config, the registry, standard input's file, or one given twice.
        guard inputs.identities.insert(identity).inserted else { continue }
        if let named, !named.contains(identity) {
          inputs.skipped += 1
          continue
        }
      }
      inputs.given.append(LintInput(display: entry.display, source: .path(entry.path)))
    }
    inputs.given.sort { $0.display.utf8.lexicographicallyPrecedes($1.display.utf8) }
    inputs.errors = inputs.errors.reduce(into: []) { unique, error in if !unique.contains(error) { unique.append(error) } }
    for entry in exports ?? [] where entry.identity.map({ !inputs.identities.contains($0) }) ?? true {
      inputs.others.append(LintInput(display: entry.display, source: .path(entry.path)))
      if let identity = entry.identity { inputs.identities.insert(identity) }
    }
    return inputs
  }
}
