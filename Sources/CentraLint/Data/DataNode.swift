/// A read-only view of one node of a data file (config, registry, rule, table) that turns every
/// shape problem into a `LintError.invalidFile` naming the file, line and column.
public struct DataNode {
  /// The file's tree and name, shared by all its nodes: a node copied retains one object, not
  /// the tree's arrays one by one (reading the built-in rules copied nodes a few thousand times).
  private final class Shared: Sendable {
    let tree: YAMLTree, file: String
    init(tree: YAMLTree, file: String) {
      self.tree = tree
      self.file = file
    }
  }

  private let shared: Shared
  let index: Int

  var tree: YAMLTree { _read { yield shared.tree } }
  /// The file the node is in.
  public var file: String { shared.file }

  /// The root (or any node) of a file's tree.
  init(tree: YAMLTree, index: Int, file: String) {
    shared = Shared(tree: tree, file: file)
    self.index = index
  }

  private init(_ shared: Shared, index: Int) {
    self.shared = shared
    self.index = index
  }

  /// Another node of the same tree.
  func node(_ index: Int) -> DataNode { DataNode(shared, index: index) }

  /// Where the node is.
  public var location: SourceLocation {
    let node = tree.nodes[index]
    return SourceLocation(file: file, line: Int(node.line), column: Int(node.column))
  }

  /// Whether the node is null or empty.
  public var isNull: Bool { tree.isNull(index) }

  /// An error at this node.
  public func error(_ message: String) -> LintError { .invalidFile(location, message) }

  /// A text of this node as an error message may quote it: never when it is sensitive, nor
  /// the text of a sensitive value of the file in it.
  public func quoted(_ text: String) -> String {
    tree.isSensitive(index) ? Sensitivity.hidden : tree.secretTexts().hiding(Quote.clipped(text))
  }

  /// The pairs of a mapping, keys as text, in order.
  public func pairs(_ what: String) throws -> [(key: String, keyNode: DataNode, value: DataNode)] {
    let target = tree.resolved(index)
    guard target >= 0, tree.nodes[target].kind == .mapping else { throw error("\(what) must be a mapping") }
    let children = tree.children(of: target)
    return try stride(from: children.startIndex, to: children.endIndex, by: 2).map { at in
      let key = node(Int(children[at]))
      guard tree.kind(key.index) == .scalar else { throw key.error("keys of \(what) must be text") }
      return (tree.string(key.index), key, node(Int(children[at + 1])))
    }
  }

  /// The value of `key` in a mapping, or nil.
  public func field(_ key: String) throws -> DataNode? {
    let target = tree.resolved(index)
    guard target >= 0, tree.nodes[target].kind == .mapping else { throw error("this must be a mapping") }
    let children = tree.children(of: target)
    var found: DataNode?
    for at in stride(from: children.startIndex, to: children.endIndex, by: 2) {
      let keyIndex = Int(children[at])
      guard tree.kind(keyIndex) == .scalar else { throw node(keyIndex).error("keys of this must be text") }
      // The later of duplicate keys wins, as in `pairs`; compared on the bytes, no String made.
      let same = key.utf8.withContiguousStorageIfAvailable { tree.scalar(tree.resolved(keyIndex), equals: UnsafeRawBufferPointer($0)) }
        ?? (tree.string(keyIndex) == key)
      if same { found = node(Int(children[at + 1])) }
    }
    return found
  }

  /// The node as text.
  public func string(_ what: String) throws -> String {
    guard tree.kind(index) == .scalar, !tree.isNull(index) else { throw error("\(what) must be text") }
    return tree.string(index)
  }

  /// The node as an integer.
  public func int(_ what: String) throws -> Int {
    guard tree.kind(index) == .scalar, let value = Int(tree.string(index)) else {
      throw error("\(what) must be a whole number")
    }
    return value
  }

  /// The node as a limit: a whole number above 0, where one too big for `Int` is `Int.max`,
  /// which is no limit (SPEC §2 `yaml-limit`: a limit may be set to any whole number).
  public func limit(_ what: String) throws -> Int {
    guard tree.kind(index) == .scalar else { throw error("\(what) must be a whole number above 0") }
    let text = tree.string(index)
    var digits = text.utf8[...]
    let negative = digits.first == UInt8(ascii: "-")
    if negative || digits.first == UInt8(ascii: "+") { digits = digits.dropFirst() }
    guard !digits.isEmpty, digits.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }) else {
      throw error("\(what) must be a whole number above 0, such as 1000")
    }
    guard !negative, digits.contains(where: { $0 != UInt8(ascii: "0") }) else { throw error("\(what) must be above 0") }
    return Int(text) ?? .max
  }

  /// A list of text items (a single text counts as a list of one).
  public func strings(_ what: String) throws -> [String] {
    if tree.kind(index) == .scalar { return [try string(what)] }
    return try items(what).map { try $0.string("each item of \(what)") }
  }

  /// The items of a sequence.
  public func items(_ what: String) throws -> [DataNode] {
    let target = tree.resolved(index)
    guard target >= 0, tree.nodes[target].kind == .sequence else { throw error("\(what) must be a list") }
    return tree.children(of: target).map { node(Int($0)) }
  }
}

/// A parsed data file whose YAML is valid.
public enum DataFile {
  /// The largest rule or data file read: the built-in ones are a few KiB; a bigger one is not a
  /// rule, and its templates and examples would cost every run.
  public static let sizeLimit = 1024 * 1024

  /// Reads and parses a data file; any YAML problem is an `invalidFile` error.
  public static func load(_ path: String, displayName: String? = nil) throws -> DataNode {
    let bytes = try FileSystem.read(path, limit: sizeLimit)
    guard bytes.count <= sizeLimit else {
      throw LintError.unreadablePath(displayName ?? path, reason: "the file is larger than \(sizeLimit / 1024) KiB, the most read of a rule or data file")
    }
    return try parse(bytes, file: displayName ?? path)
  }

  /// Parses bytes of a data file; any YAML problem is an `invalidFile` error.
  public static func parse(_ bytes: [UInt8], file: String, sensitivity: Sensitivity = .none) throws -> DataNode {
    guard let root = try parseIfAny(bytes, file: file, sensitivity: sensitivity) else {
      throw LintError.invalidFile(SourceLocation(file: file, line: 1, column: 1), "the file is empty")
    }
    return root
  }

  /// Parses bytes of a data file; nil when it is empty or holds only comments.
  public static func parseIfAny(_ bytes: [UInt8], file: String, sensitivity: Sensitivity = .none) throws -> DataNode? {
    root(of: try tree(bytes, file: file, sensitivity: sensitivity), file: file)
  }

  /// The tree of a data file's bytes; any YAML problem is an `invalidFile` error.
  static func tree(_ bytes: [UInt8], file: String, sensitivity: Sensitivity = .none) throws -> YAMLTree {
    // A registry may hold a MID for every merchant: no item limit, the other limits as usual.
    var limits = Limits()
    limits.items = Int(Int32.max)
    // Values under credential words (and every use of them) are marked, so that an error
    // message never quotes one (`quoted`).
    let tree = YAMLReader.parse(bytes, limits: limits, sensitivity: sensitivity)
    if let problem = tree.problems.first {
      var message = problem.message
      // In a data file a duplicate is an error, not a value that wins.
      if case .duplicateKey(let key, let line, _) = problem.kind { message = "duplicate key '\(key)' (first at line \(line))" }
      throw LintError.invalidFile(SourceLocation(file: file, line: problem.line, column: problem.column), message)
    }
    return tree
  }

  /// The first document's root of a data file's tree; nil when it is empty or only comments.
  static func root(of tree: YAMLTree, file: String) -> DataNode? {
    guard let root = tree.documents.first?.root, root >= 0 else { return nil }
    return DataNode(tree: tree, index: root, file: file)
  }
}
