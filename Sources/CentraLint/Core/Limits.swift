/// Safety limits on one checked file; passing one is a `yaml-limit` finding, never a crash.
public struct Limits: Sendable, Equatable {
  /// Largest file, in bytes (config `limits.fileSize`).
  public var fileSize = 64 * 1024 * 1024
  /// Deepest nesting of sequences and mappings (config `limits.depth`).
  public var depth = 64
  /// Most aliases a rule may follow in one document (config `limits.aliases`).
  public var aliases = 10_000
  /// Most documents in one file (config `limits.documents`).
  public var documents = 10_000
  /// Most items in one sequence or pairs in one mapping (config `limits.items`).
  public var items = 1_000_000
  /// Longest mapping key, in bytes (config `limits.keyLength`).
  public var keyLength = 1024

  /// The defaults.
  public init() {}

  /// The config keys, each with how to read and write it, for the config reader and messages.
  nonisolated(unsafe) public static let settings: [(key: String, path: WritableKeyPath<Limits, Int>)] = [
    ("fileSize", \.fileSize), ("depth", \.depth), ("aliases", \.aliases),
    ("documents", \.documents), ("items", \.items), ("keyLength", \.keyLength),
  ]
}
