/// Every document of one YAML stream as a flat tree: nodes in one array, scalar text in one
/// byte buffer. Dropping it frees a handful of arrays, however deep the YAML was.
public struct YAMLTree: Sendable {
  /// All nodes of all documents.
  public internal(set) var nodes: [YAMLNode] = []
  /// Children of collections, each collection's run contiguous.
  var children: [Int32] = []
  /// The bytes of every scalar's text, in UTF-8: where the file was read in place
  /// (`TreeBuilder.init`), the file's bytes (a scalar's text is where it is written)
  /// with any other text after them; else every scalar's text, back to back.
  var text: [UInt8] = []
  /// The documents that ended before any error, in order.
  public internal(set) var documents: [YAMLDocumentInfo] = []
  /// What the YAML layer found: duplicate keys, a syntax error, a limit passed.
  public internal(set) var problems: [YAMLProblem] = []
  /// Scalars that are values of a sensitive key or inside one (keys there too), to be masked in
  /// snippets span by span; the collections that hold them are marked, not listed.
  public internal(set) var sensitiveNodes: [Int] = []
  /// The pairs of closed mappings whose key is sensitive (key and value node, as written): the
  /// only places a credential key can hold a literal (`CredentialScan`), found without a walk.
  var sensitivePairs: [(key: Int32, value: Int32)] = []
  /// The first line of the text the parser did not finish (a syntax error or a limit stopped
  /// it): from the start of the document it was in, nothing there is known to be harmless.
  /// Nil when the whole stream was read.
  public internal(set) var unfinishedFrom: Int?
  /// Scalars of that document known to be harmless: values of known fields that are not
  /// sensitive, in nothing sensitive or anchored. A source line there shows them, and masks
  /// every other value.
  var harmless: [Int] = []

  /// The texts of the sensitive values (not the keys inside a credential's mapping: they name
  /// parts, such as `user`), to be hidden wherever else they appear (`SecretTexts`).
  public func secretTexts() -> SecretTexts {
    var texts = SecretTexts()
    for index in sensitiveNodes where index >= 0 && nodes[index].kind == .scalar && nodes[index].flags & YAMLNode.key == 0 {
      texts.insert(scalarBytes(index))
    }
    return texts
  }

  /// Whether a node (through an alias) holds a sensitive value (`Sensitivity`).
  @inline(__always)
  public func isSensitive(_ index: Int) -> Bool {
    guard index >= 0 else { return false }
    let target = resolved(index)
    return nodes[index].flags & YAMLNode.sensitive != 0 || (target >= 0 && nodes[target].flags & YAMLNode.sensitive != 0)
  }

  /// The node an alias stands for (the node itself when it is not an alias; -1 when undefined).
  @inline(__always)
  public func resolved(_ index: Int) -> Int {
    let node = nodes[index]
    return node.kind == .alias ? node.target : index
  }

  /// The kind of the node an index resolves to, or nil for an undefined alias.
  public func kind(_ index: Int) -> YAMLNode.Kind? {
    let target = resolved(index)
    return target < 0 ? nil : nodes[target].kind
  }

  /// The child indices of a collection (keys and values alternate in a mapping).
  @inline(__always)
  public func children(of index: Int) -> ArraySlice<Int32> {
    let node = nodes[index]
    guard node.kind == .sequence || node.kind == .mapping else { return [] }
    return children[node.range]
  }

  /// The text of a scalar (after alias resolution); empty for anything else.
  public func string(_ index: Int) -> String {
    let target = resolved(index)
    guard target >= 0, nodes[target].kind == .scalar else { return "" }
    let node = nodes[target]
    return text.withUnsafeBufferPointer {
      String(decoding: UnsafeBufferPointer(rebasing: $0[node.range]),
             as: UTF8.self)
    }
  }

  /// A scalar's bytes (through an alias), without a copy; empty for anything else.
  public func scalarBytes(_ index: Int) -> ArraySlice<UInt8> {
    let target = resolved(index)
    guard target >= 0, nodes[target].kind == .scalar else { return [] }
    let node = nodes[target]
    return text[node.range]
  }

  /// Whether a scalar's text is exactly `bytes`, without making a String.
  @inline(__always)
  public func scalar(_ index: Int, equals bytes: UnsafeRawBufferPointer) -> Bool {
    let node = nodes[index]
    guard node.kind == .scalar, Int(node.count) == bytes.count else { return false }
    return text.withUnsafeBytes { buffer in
      bytes.count == 0
        || memcmp(buffer.baseAddress! + Int(node.start), bytes.baseAddress!, bytes.count) == 0
    }
  }

  /// FNV-1a of a scalar's text: cheap enough to match keys by before comparing bytes.
  func textHash(_ index: Int) -> UInt64 {
    let node = nodes[index]
    return text.withUnsafeBufferPointer { Self.hash(UnsafeBufferPointer(rebasing: $0[node.range])) }
  }

  /// FNV-1a of some bytes (`FNV`).
  static func hash<Bytes: Sequence<UInt8>>(_ bytes: Bytes) -> UInt64 { FNV.hash(bytes) }

  /// Whether two scalars hold the same text.
  func sameText(_ x: Int, _ y: Int) -> Bool {
    let a = nodes[x], b = nodes[y]
    guard a.count == b.count else { return false }
    return text.withUnsafeBytes { buffer in
      a.count == 0 || memcmp(buffer.baseAddress! + Int(a.start), buffer.baseAddress! + Int(b.start), Int(a.count)) == 0
    }
  }

  /// Whether the node is null: undefined, or a plain `~`, `null` or empty scalar.
  @inline(__always)
  public func isNull(_ index: Int) -> Bool {
    let target = resolved(index)
    guard target >= 0 else { return true }
    let node = nodes[target]
    guard node.kind == .scalar, node.style == .plain else { return false }
    switch node.count {
    case 0: return true
    case 1: return text[Int(node.start)] == UInt8(ascii: "~")
    case 4:
      let at = Int(node.start)
      let word = (text[at], text[at + 1], text[at + 2], text[at + 3])
      return word == (0x6E, 0x75, 0x6C, 0x6C) || word == (0x4E, 0x75, 0x6C, 0x6C) || word == (0x4E, 0x55, 0x4C, 0x4C)
    default: return false
    }
  }

  /// Whether the node is null, an empty or blank scalar, or an empty collection.
  @inline(__always)
  public func isEmpty(_ index: Int) -> Bool {
    if isNull(index) { return true }
    let target = resolved(index)
    switch nodes[target].kind {
    case .scalar:
      let node = nodes[target]
      return text.withUnsafeBufferPointer { text in
        for index in node.range {
          let byte = text[index]
          if byte != 0x20, byte != 0x09, byte != 0x0A, byte != 0x0D { return false }
        }
        return true
      }
    case .sequence, .mapping: return nodes[target].count == 0
    case .alias: return true
    }
  }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
