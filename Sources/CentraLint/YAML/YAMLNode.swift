/// One node of a flat YAML tree: a small value kept in one array with all the others.
///
/// A scalar's text lives in the tree's shared byte buffer (`a` is the offset, `b` the length);
/// a collection's children live in the tree's child list (`a` is the first, `b` the count; a
/// mapping's children alternate key, value); an alias names the node it stands for in `a`
/// (-1 when its anchor was never defined).
public struct YAMLNode: Sendable {
  /// What a node is.
  public enum Kind: UInt8, Sendable { case scalar, sequence, mapping, alias }
  /// How a scalar was written; only plain scalars can be null.
  public enum Style: UInt8, Sendable { case plain, quoted, block, flow, blockCollection }

  /// What the node is.
  public var kind: Kind
  /// How it was written.
  public var style: Style
  /// For a mapping: `needsCarefulReading` when it has a merge key, a duplicate or a key that is
  /// not text, so that readers take the slow, careful path only there. (Beside `style`, so that
  /// a node is 28 bytes.)
  var flags: UInt8 = 0
  /// 1-based line and column (Unicode scalars) of the node's first character.
  public var line: Int32, column: Int32
  /// 1-based line and column just past the node's last character.
  public var endLine: Int32, endColumn: Int32
  /// A scalar's first byte in `YAMLTree.text`, a collection's first child in
  /// `YAMLTree.children`, an alias's node (-1 for an undefined alias: see `target`).
  var start: Int32
  /// A scalar's bytes, a collection's children (a mapping's keys and values both); 0 for an alias.
  var count: Int32

  /// A scalar's bytes in `YAMLTree.text`, a collection's children in `YAMLTree.children`.
  var range: Range<Int> { Int(start)..<Int(start + count) }
  /// The node an alias stands for (-1 when its anchor is undefined).
  var target: Int { Int(start) }

  /// See `flags`.
  static let needsCarefulReading: UInt8 = 1
  /// Any node: the value of a sensitive key, or in one, or what an alias there stands for
  /// (`Sensitivity`).
  static let sensitive: UInt8 = 2
  /// Any node written as a key of a mapping.
  static let key: UInt8 = 4
  /// Any node with an anchor: an alias may make it anything, also past where the parser stopped.
  static let anchored: UInt8 = 8
}

/// Where a document of a stream starts, and its root node (-1 when it is empty).
public struct YAMLDocumentInfo: Sendable {
  /// The root node, or -1 for a document without content.
  public var root: Int
  /// 1-based line and column of the document's start.
  public var line: Int, column: Int
}
