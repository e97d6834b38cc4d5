/// Safety limits on one checked file; passing one is a `yaml-limit` finding, never a crash.
public struct Limits: Sendable, Equatable {
  /// Largest file, in bytes (config `limits.fileSize`).
  public var fileSize = 64 * 1024 * 1024
  /// Deepest nesting of sequences and mappings (config `limits.depth`).
  public var depth = 64
  /// Most aliases followed (merge keys included) to read one document (config `limits.aliases`).
  /// Nothing is expanded and a mapping merged twice is read once, so this bounds a walk that a
  /// list of a million aliases would make long; real exports use one or two per plugin.
  public var aliases = 1_000_000
  /// Most documents in one file (config `limits.documents`).
  public var documents = 10_000
  /// Most items in one sequence or pairs in one mapping (config `limits.items`).
  public var items = 100_000
  /// Most findings reported for one file (config `limits.findings`).
  public var findings = 10_000
  /// Longest mapping key, in bytes (config `limits.keyLength`).
  public var keyLength = 1024

  /// The largest MID registry read, in bytes: one of 75,000 MIDs is about 3.4 MB.
  public static let registrySize = 64 * 1024 * 1024
  /// The largest config file read, in bytes.
  public static let configSize = 1024 * 1024

  /// The config file these limits were read from, which a limit message names (nil: none).
  public var configFile: String?

  /// The defaults.
  public init() {}

  /// How a limit message says to raise `setting`: in the config in use, or in a new one.
  public func raise(_ setting: String) -> String {
    if let configFile { return "raise 'limits.\(setting)' in \(configFile)" }
    return "raise 'limits.\(setting)' in a .centra-lint.yaml; none is in use"
  }

  /// The config keys, each with how to read and write it, for the config reader and messages.
  nonisolated(unsafe) public static let settings: [(key: String, path: WritableKeyPath<Limits, Int>)] = [
    ("fileSize", \.fileSize), ("depth", \.depth), ("aliases", \.aliases),
    ("documents", \.documents), ("items", \.items), ("keyLength", \.keyLength),
    ("findings", \.findings),
  ]
}
