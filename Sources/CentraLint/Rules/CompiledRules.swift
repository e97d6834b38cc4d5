/// The built-in rules compiled into the binary (`BuiltInRules+Files.swift`, made by
/// `scripts/embed-rules` from `rules/`): each file's parsed tree, so that a run starts without
/// reading or parsing a rule file. A folder named by `$CENTRA_LINT_RULES`, or an install's
/// `../share/centra-lint/rules`, is still read instead (`RuleSet.folder`).
///
/// One definition of the form, both ways: `source(folder:)` writes the Swift file, `tree(_:)`
/// reads a tree back. A tree is four arrays (nodes, children, documents, text) as little-endian
/// `Int32`s and bytes, in base 64: a string literal compiles in no time and sits in the binary's
/// read-only data; an array literal of that size took the compiler 12 s.
public enum CompiledRules {
  /// The files of a rules folder that a run reads, as `RuleSet` names them: the rule files
  /// (`*.yaml` directly in it, by name) and the data tables.
  static func names(in folder: String) throws -> [String] {
    let rules = try FileSystem.entries(folder).sorted().filter { name in
      name.hasSuffix(".yaml") && !name.hasPrefix(".") && FileSystem.kind(FolderWalk.join(folder, name)) == .file
    }
    let data = try FileSystem.entries(FolderWalk.join(folder, "data")).sorted().filter { $0.hasSuffix(".yaml") && !$0.hasPrefix(".") }
    return data.map { "data/" + $0 } + rules
  }

  /// The Swift source of `BuiltInRules` for a rules folder. Throws what reading the folder
  /// throws: a rule file that does not parse is not compiled in.
  public static func source(folder: String) throws -> String {
    var out = """
      // Made by scripts/embed-rules from rules/: do not edit. A test checks that it equals the folder.
      // Each entry: a file of rules/ and its parsed tree, in the form `CompiledRules` reads.
      extension BuiltInRules {
        static let files: [(name: String, tree: StaticString)] = [

      """
    for name in try names(in: folder) {
      let tree = try DataFile.tree(FileSystem.read(FolderWalk.join(folder, name), limit: DataFile.sizeLimit), file: name)
      guard tree.sensitiveNodes.isEmpty, tree.sensitivePairs.isEmpty, tree.harmless.isEmpty, tree.unfinishedFrom == nil else {
        throw LintError.invalidSetup("\(name): its tree holds more than `CompiledRules` keeps")
      }
      out += "    (\"\(name)\", \"\(base64(encode(tree)))\"),\n"
    }
    return out + "  ]\n}\n"
  }

  /// The tree of a compiled file.
  static func tree(_ literal: StaticString) -> YAMLTree {
    let bytes = literal.withUTF8Buffer(unbase64)
    return bytes.withUnsafeBytes { raw in
      var at = 0
      func int32() -> Int32 {
        defer { at += 4 }
        return Int32(littleEndian: raw.loadUnaligned(fromByteOffset: at, as: Int32.self))
      }
      func int() -> Int { Int(int32()) }
      var tree = YAMLTree()
      let nodes = int(), children = int(), documents = int(), text = int()
      tree.nodes = (0..<nodes).map { _ in
        let shape = int()
        return YAMLNode(
          kind: YAMLNode.Kind(rawValue: UInt8(shape & 0xFF))!, style: YAMLNode.Style(rawValue: UInt8(shape >> 8 & 0xFF))!,
          flags: UInt8(shape >> 16 & 0xFF), line: int32(), column: int32(), endLine: int32(), endColumn: int32(),
          start: int32(), count: int32())
      }
      tree.children = (0..<children).map { _ in int32() }
      tree.documents = (0..<documents).map { _ in YAMLDocumentInfo(root: int(), line: int(), column: int()) }
      tree.text = Array(raw[at..<at + text])
      return tree
    }
  }

  /// A tree as bytes; only what a data file's tree holds (no problems, marks or pipeline state:
  /// `DataFile.tree` refuses a file with problems, and reads with no sensitivity).
  static func encode(_ tree: YAMLTree) -> [UInt8] {
    // Only the scalars' text, back to back: a tree read in place holds the whole file's bytes
    // (comments and keys' punctuation too), which a run would decode for nothing.
    var tree = tree, text: [UInt8] = []
    for index in tree.nodes.indices where tree.nodes[index].kind == .scalar {
      let range = tree.nodes[index].range
      tree.nodes[index].start = Int32(text.count)
      text += tree.text[range]
    }
    tree.text = text
    var out: [UInt8] = []
    func int(_ value: Int) { withUnsafeBytes(of: Int32(value).littleEndian) { out += $0 } }
    int(tree.nodes.count)
    int(tree.children.count)
    int(tree.documents.count)
    int(tree.text.count)
    for node in tree.nodes {
      int(Int(node.kind.rawValue) | Int(node.style.rawValue) << 8 | Int(node.flags) << 16)
      for value in [node.line, node.column, node.endLine, node.endColumn, node.start, node.count] { int(Int(value)) }
    }
    for child in tree.children { int(Int(child)) }
    for document in tree.documents { int(document.root); int(document.line); int(document.column) }
    return out + tree.text
  }

  private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)

  /// Base 64 without padding.
  static func base64(_ bytes: [UInt8]) -> String {
    var out: [UInt8] = []
    out.reserveCapacity((bytes.count + 2) / 3 * 4)
    var at = 0
    while at < bytes.count {
      let group = (0..<3).reduce(0) { $0 << 8 | (at + $1 < bytes.count ? Int(bytes[at + $1]) : 0) }
      let digits = min(4, (bytes.count - at) * 4 / 3 + ((bytes.count - at) % 3 == 0 ? 0 : 1))
      for digit in 0..<digits { out.append(alphabet[group >> (18 - 6 * digit) & 63]) }
      at += 3
    }
    return String(decoding: out, as: UTF8.self)
  }

  /// The value of each base-64 digit, by byte.
  private static let digitValues: [UInt8] = {
    var values = [UInt8](filling: 0, count: 256)
    for (value, digit) in alphabet.enumerated() { values[Int(digit)] = UInt8(value) }
    return values
  }()

  /// The bytes of base 64 without padding (as `base64` writes it): four digits at a time, in
  /// place (a run decodes about 100 KB of it before its first file).
  static func unbase64(_ text: UnsafeBufferPointer<UInt8>) -> [UInt8] {
    let whole = text.count / 4, rest = text.count % 4
    return digitValues.withUnsafeBufferPointer { values in
      var bytes = [UInt8](filling: 0, count: whole * 3 + max(rest - 1, 0))
      bytes.withUnsafeMutableBufferPointer { out in
        func value(_ at: Int) -> UInt32 { UInt32(values[Int(text[at])]) }
        for group in 0..<whole {
          let at = group * 4
          let bits = value(at) << 18 | value(at + 1) << 12 | value(at + 2) << 6 | value(at + 3)
          out[group * 3] = UInt8(truncatingIfNeeded: bits >> 16)
          out[group * 3 + 1] = UInt8(truncatingIfNeeded: bits >> 8)
          out[group * 3 + 2] = UInt8(truncatingIfNeeded: bits)
        }
        var bits: UInt32 = 0
        for digit in 0..<rest { bits |= value(whole * 4 + digit) << (18 - 6 * UInt32(digit)) }
        for byte in 0..<max(rest - 1, 0) { out[whole * 3 + byte] = UInt8(truncatingIfNeeded: bits >> (16 - 8 * UInt32(byte))) }
      }
      return bytes
    }
  }
}

/// The compiled copy of `rules/` (its entries are in the generated `BuiltInRules+Files.swift`).
enum BuiltInRules {}
