/// A problem the YAML layer found in a file, before any rule looked at its content.
public struct YAMLProblem: Sendable, Equatable {
  /// What kind of problem.
  public enum Kind: Sendable, Equatable {
    /// The bytes are not YAML; parsing stopped here.
    case syntax
    /// A mapping has this key twice; `firstLine`/`firstColumn` give the first.
    case duplicateKey(key: String, firstLine: Int, firstColumn: Int)
    /// A safety limit was passed; parsing stopped here. `setting` is the config key to raise it.
    case limit(setting: String)
  }

  /// What kind of problem.
  public var kind: Kind
  /// What is wrong, without quoting any value that could be a secret.
  public var message: String
  /// 1-based line and column.
  public var line: Int, column: Int
}
