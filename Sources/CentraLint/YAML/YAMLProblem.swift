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
  /// The 0-based index of the document it is in (the one still open for a syntax error); nil
  /// for a file that was not read (too big).
  public var document: Int?
  /// A second place: where the parser stopped, when the problem points where a construct opens.
  public var related: (line: Int, column: Int)?
  /// The second key of a duplicate (its node), so that the message can hide it once the tree
  /// knows what is sensitive.
  var keyNode = -1
  /// Just past the problem's text, when it is one node's (a duplicate key): findings span it.
  public var end: (line: Int, column: Int)?

  public static func == (a: YAMLProblem, b: YAMLProblem) -> Bool {
    a.kind == b.kind && a.message == b.message && a.line == b.line && a.column == b.column
      && a.document == b.document && a.related?.line == b.related?.line && a.related?.column == b.related?.column
  }
}

/// Why libyaml stopped: its message and mark (a byte offset for reader errors, which libyaml
/// marks at 1:1), and for a construct left open, the place where it opens.
struct YAMLFailure: Sendable {
  var message: String
  /// libyaml's own words for the problem alone (`SyntaxMessages` knows the commonest).
  var problem = ""
  /// The byte or character libyaml names with a reader error, else -1.
  var value = -1
  var mark: (line: Int, column: Int, byteOffset: Int?)
  var opening: (line: Int, column: Int)?
}
