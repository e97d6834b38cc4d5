/// Which config governs each file (SPEC §1): the nearest `.centra-lint.yaml` in the file's folder
/// or a folder above it, unless `--config` forces one or `--no-config` allows none. A merchant is
/// what one config governs; the files that no config governs are one merchant together.
public final class Merchants {
  /// Where a run's configs come from.
  public enum Source {
    /// Each file's nearest config.
    case nearest
    /// One config for every file (`--config`, or none with `--no-config`).
    case one(Configuration)
  }

  let source: Source
  let rules: RuleSet
  /// `--mid-registry`, which replaces every config's `midRegistry`.
  let registryOverride: String?
  /// The configs found, by merchant number.
  public private(set) var configurations: [Configuration] = []
  /// Merchant numbers by the config file's identity (two spellings of one config are one
  /// merchant) and by folder (each folder is looked up once).
  private var byConfig: [FileSystem.Identity: Int] = [:]
  private var byFolder: [ByteKey: Int] = [:]
  /// Configs read before the run's files were looked at (the working folder's), by path as
  /// found: a folder they govern takes them as read, not read again (a config's paths are
  /// relative to its own, so only the same spelling is the same config).
  private var alreadyRead: [ByteKey: Configuration] = [:]
  /// The merchant of the files no config governs, once there is one.
  private var unconfigured: Int?
  /// Every config and registry of the merchants known so far (a config's own registry too when
  /// `--mid-registry` replaces it), by identity: never an export, never written over.
  private(set) var ownFiles: Set<FileSystem.Identity> = []

  /// Finds configs as `source` says; `registryOverride` is `--mid-registry`; `runFiles` the
  /// run's other files given on the command line (`--baseline`, `--write-baseline`), which are
  /// never exports either; `read` configs already read (the working folder's), which a file
  /// they govern takes as they are.
  public init(source: Source, rules: RuleSet, registryOverride: String?, runFiles: [String] = [], read: [Configuration] = []) {
    self.source = source
    self.rules = rules
    self.registryOverride = registryOverride
    for path in [registryOverride].compactMap({ $0 }) + runFiles {
      if let identity = FileSystem.identity(path) { ownFiles.insert(identity) }
    }
    for configuration in read {
      if let file = configuration.file { alreadyRead[ByteKey(file)] = configuration }
    }
    if case .one(let configuration) = source { _ = merchant(of: configuration) }
  }

  /// The merchant of a file named `display` (as given: relative to the working folder, or
  /// absolute). Throws for a config that is not valid.
  func merchant(ofFile display: String) throws -> Int {
    guard case .nearest = source else { return 0 }
    // On the bytes: `lastIndex(of:)` on a String compares Characters, and this runs per file.
    var display = display
    let folder = display.withUTF8 { bytes in
      bytes.lastIndex(of: 0x2F).map { String(decoding: UnsafeBufferPointer(rebasing: bytes[..<$0]), as: UTF8.self) }
    } ?? "."
    return try merchant(ofFolder: folder.isEmpty ? "/" : folder)
  }

  /// The merchant of a config file already known (the one found from the working folder).
  func merchant(of configuration: Configuration) -> Int {
    if let file = configuration.file, let identity = FileSystem.identity(file), let known = byConfig[identity] { return known }
    configurations.append(configuration)
    let number = configurations.count - 1
    if let file = configuration.file, let identity = FileSystem.identity(file) { byConfig[identity] = number }
    // Its config, registry, baseline and own rule files are never exports.
    for file in [configuration.file, configuration.midRegistry, configuration.baseline].compactMap({ $0 }) + configuration.ownRules.rules.map(\.file) {
      if let identity = FileSystem.identity(file) { ownFiles.insert(identity) }
    }
    return number
  }

  private func merchant(ofFolder folder: String) throws -> Int {
    if let known = byFolder[ByteKey(folder)] { return known }
    let number: Int
    if let found = Self.nearestConfig(from: folder) {
      if let identity = FileSystem.identity(found), let known = byConfig[identity] {
        number = known
      } else {
        number = merchant(of: try alreadyRead[ByteKey(found)] ?? Configuration.load(found, rules: rules))
      }
    } else if let unconfigured {
      number = unconfigured
    } else {
      configurations.append(Configuration())
      number = configurations.count - 1
      unconfigured = number
    }
    byFolder[ByteKey(folder)] = number
    return number
  }

  /// The MID registry of a merchant: `--mid-registry`, else its config's.
  public func registry(of merchant: Int) -> String? {
    registryOverride ?? configurations[merchant].midRegistry
  }

  /// The nearest config at or above `folder`: relative folders are walked up through their
  /// own names first (so the config is shown as the user would write it), then above the
  /// working folder; absolute ones and those that climb with `..` up to the root.
  static func nearestConfig(from folder: String) -> String? {
    let parts = folder.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
    if folder.hasPrefix("/") || parts.contains("..") {
      let absolute = FileSystem.realPath(folder) ?? (folder.hasPrefix("/") ? folder : FolderWalk.join(FileSystem.currentFolder(), folder))
      return Configuration.discover(from: absolute).map { found in
        // `discover` answers relative to where it started: make it a path that opens from here.
        FolderWalk.join(absolute, found)
      }
    }
    var names = parts.filter { $0 != "." }
    while !names.isEmpty {
      let candidate = names.joined(separator: "/") + "/" + Configuration.fileName
      if FileSystem.kind(candidate) == .file { return candidate }
      names.removeLast()
    }
    return Configuration.discover(from: FileSystem.currentFolder())
  }
}
