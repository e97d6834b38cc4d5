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

  /// Gathers the inputs, each with its merchant (`merchants` finds each file's config).
  /// `paths` may hold `-` (standard input, named `stdinName`); no path means the exports of
  /// `runConfiguration` (the config found from the working folder, or `--config`). Throws for a
  /// path that does not exist, is neither file nor folder, a folder without an export, or a
  /// config that is not valid.
  public static func gather(
    _ paths: [FilePath], merchants: Merchants, runConfiguration: Configuration, stdinName: String?,
    readStandardInput: (_ limit: Int) throws -> [UInt8]
  ) throws -> RunInputs {
    var inputs = RunInputs()
    var found: [(entry: FolderWalk.Entry, merchant: Int)] = []
    var walked: [Int: Walked] = [:]  // each merchant's globs, walked once
    if paths.isEmpty {
      // No PATH: the exports of the config found here, each checked by its own nearest config
      // (a merchant folder below this one is a merchant of its own).
      guard runConfiguration.exports != nil else {
        throw LintError.usage("no files to check: give files or folders, '-' for standard input, or list the exports under 'exports' in \(runConfiguration.file ?? Configuration.fileName)")
      }
      let merchant = merchants.merchant(of: runConfiguration)
      for entry in try Self.exports(of: merchant, merchants, &inputs, &walked, owned: false) {
        found.append((entry, try merchants.merchant(ofFile: entry.display)))
      }
    }
    var walk = FolderWalk()
    var stdin: (name: String?, identity: FileSystem.Identity?, merchant: Int)?
    for path in paths {
      if path.isStandardInput {
        // A file redirected to standard input is an input too: never the report's file.
        if let redirected = FileSystem.identity(descriptor: 0) { inputs.identities.insert(redirected) }
        stdin = (stdinName, stdinName.flatMap(FileSystem.identity), try merchants.merchant(ofFile: stdinName ?? "./-"))
        continue
      }
      let status = FileSystem.status(path)
      switch status.kind {
      case .file:
        found.append((FolderWalk.Entry(display: path.text, path: path, identity: status.identity), try merchants.merchant(ofFile: path.text)))
      case .directory:
        let errorsBefore = walk.errors.count
        walk.walk(path, display: path.text)
        let entries = walk.takeFiles()
        for entry in entries { found.append((entry, try merchants.merchant(ofFile: entry.display))) }
        // The configs and registries found so far are no exports; a folder that holds only
        // them (or nothing) is a wrong folder, unless it could not be read all through.
        let excluded = merchants.ownFiles
        if !entries.contains(where: { $0.identity.map { !excluded.contains($0) } ?? true }), walk.errors.count == errorsBefore {
          throw LintError.noExports(path.text)
        }
      case .special:
        throw LintError.unreadablePath(path.text, reason: "not a regular file or folder")
      case .missing:
        // Not there is a mistake in the command; there but not to be looked at (a folder on
        // the way that may not be searched) is unreadable, and the others are still checked.
        guard let error = status.error else { throw LintError.unreadablePath(path.text, reason: "no such file or folder") }
        inputs.errors.append(.unreadablePath(path.text, reason: error))
      }
    }
    inputs.warnings = walk.skipped
    inputs.errors += walk.errors
    // The registries and configs are never exports, even when a hook passes every YAML file,
    // and never written. Each merchant's exports, once every merchant is known.
    let excluded = merchants.ownFiles
    inputs.identities.formUnion(excluded)
    var exports: [Int: [FolderWalk.Entry]] = [:]
    for merchant in Set(found.map(\.merchant) + (stdin.map { [$0.merchant] } ?? [])).sorted()
    where merchants.configurations[merchant].exports != nil {
      exports[merchant] = try Self.exports(of: merchant, merchants, &inputs, &walked)
    }
    if let stdin {
      if let identity = stdin.identity { inputs.identities.insert(identity) }
      // The file on disk that standard input stands for is not also one of the others, and
      // is skipped when its merchant's exports do not name it.
      if let identity = stdin.identity, let named = exports[stdin.merchant], !named.contains(where: { $0.identity == identity }) {
        inputs.skipped += 1
      } else {
        inputs.given.append(LintInput(
          display: stdin.name ?? "<stdin>", source: .bytes(try readStandardInput(merchants.configurations[stdin.merchant].limits.fileSize)),
          merchant: stdin.merchant))
      }
    }
    // A merchant's registry or config given as a file (a commit that changes them): every
    // export of that merchant is checked against them.
    for (merchant, entries) in exports.sorted(by: { $0.key < $1.key }) {
      let own = Set([merchants.configurations[merchant].file, merchants.registry(of: merchant)].compactMap { $0 }.compactMap(FileSystem.identity))
      if found.contains(where: { $0.entry.identity.map(own.contains) ?? false }) { found += entries.map { ($0, merchant) } }
    }
    let named = exports.mapValues { Set($0.compactMap(\.identity)) }
    for (entry, merchant) in found {
      if let identity = entry.identity {
        // Known already: a config, a registry, standard input's file, or one given twice.
        guard !excluded.contains(identity), inputs.identities.insert(identity).inserted else { continue }
        if let named = named[merchant], !named.contains(identity) {
          inputs.skipped += 1
          continue
        }
      }
      inputs.given.append(LintInput(display: entry.display, source: .path(entry.path), merchant: merchant))
    }
    inputs.given.sort { ByteScan.precedes($0.display, $1.display) }
    inputs.errors = inputs.errors.reduce(into: []) { unique, error in if !unique.contains(error) { unique.append(error) } }
    for (merchant, entries) in exports.sorted(by: { $0.key < $1.key }) {
      for entry in entries where entry.identity.map({ !inputs.identities.contains($0) }) ?? true {
        inputs.others.append(LintInput(display: entry.display, source: .path(entry.path), merchant: merchant))
        if let identity = entry.identity { inputs.identities.insert(identity) }
      }
    }
    return inputs
  }

  /// The files a merchant's `exports` name, less its config and registry. Exports that name
  /// nothing are a config mistake, not a pass: every file would be skipped.
  /// With `owned`, only the files this merchant's config governs: a file of a merchant folder
  /// below it belongs to that merchant (its nearest config), never to this one.
  private static func exports(
    of merchant: Int, _ merchants: Merchants, _ inputs: inout RunInputs, _ walked: inout [Int: Walked],
    owned: Bool = true
  ) throws -> [FolderWalk.Entry] {
    let configuration = merchants.configurations[merchant]
    guard let globs = configuration.exports else { return [] }
    if walked[merchant] == nil {
      let found = ExportFiles.find(globs, in: FilePath(configuration.folder.isEmpty ? "." : configuration.folder), display: configuration.folder)
      inputs.errors += found.errors
      walked[merchant] = Walked(files: found.files, complete: found.errors.isEmpty)
    }
    var files = walked[merchant]!.files
    if owned { files = try files.filter { try merchants.merchant(ofFile: $0.display) == merchant } }
    let excluded = merchants.ownFiles
    files = files.filter { $0.identity.map { !excluded.contains($0) } ?? true }
    if files.isEmpty, walked[merchant]!.complete {
      throw LintError.invalidSetup("the exports of \(configuration.file ?? Configuration.fileName) (\(globs.map(\.text).joined(separator: ", "))) name no file")
    }
    return files
  }

  /// What a merchant's globs found, and whether every folder they must search could be read.
  private struct Walked {
    var files: [FolderWalk.Entry]
    var complete: Bool
  }
}
