/// Finds the credentials an export writes as literals (`secret-is-reference`, SPEC §2): the
/// value of a credential key (and every scalar inside its mapping or list), a Klarna-shaped
/// value anywhere, and a URL's password. `${NAME}` references and all-`*` placeholders pass.
///
/// This answers "is this a literal credential?", which must be precise (a false finding is a red
/// build); `Sensitivity` answers "may this be shown?", which is broader on purpose.
struct CredentialScan {
  /// One credential written as a literal, where it is written.
  struct Literal: Sendable {
    enum Kind: Sendable { case credentialKey, klarnaKey, urlPassword }
    var kind: Kind
    /// The key it is under, as a path below the document (`plugins[0].secret`).
    var path: String
    /// The key's own name, for the message.
    var key: String
    /// The plugin it is in (its index in `plugins`), when it is in one.
    var plugin: Int?
    var line: Int32, column: Int32
    var document: Int
    /// Where aliases and merge keys bring the value in.
    var uses: [(line: Int32, column: Int32)]
  }

  let tree: YAMLTree
  /// Per node: the alias nodes that stand for it (built once per file, only for anchored nodes).
  private var aliasUses: [Int32: [Int32]] = [:]

  /// A scan of a tree; `mayHoldLiterals` is cheap, `walking()` prepares `literals`.
  init(tree: YAMLTree) {
    self.tree = tree
  }

  /// The scan, ready to walk: with every alias use indexed by the node it stands for.
  func walking() -> CredentialScan {
    var scan = self
    for (index, node) in tree.nodes.enumerated() where node.kind == .alias && node.target >= 0 {
      scan.aliasUses[Int32(node.target), default: []].append(Int32(index))
    }
    return scan
  }

  /// Every literal credential of one document, each value once (where it is written).
  func literals(document info: YAMLDocumentInfo, index: Int) -> [Literal] {
    guard info.root >= 0 else { return [] }
    return tree.text.withUnsafeBufferPointer { literals(root: info.root, index: index, text: $0) }
  }

  /// Whether the file may hold a literal credential at all: one pass over its nodes, no walk.
  /// A walk (which knows paths) runs only when it may: most exports hold only references.
  func mayHoldLiterals() -> Bool {
    tree.text.withUnsafeBufferPointer { text in
      // A Klarna key or a URL's password in any value is in the text of all of them (which
      // holds every scalar's text, one after another); most files hold neither.
      if Sensitivity.holdsKlarnaKey(text, orByte: 0x40) {
        for (index, node) in tree.nodes.enumerated() where node.kind == .scalar && node.flags & YAMLNode.key == 0 {
          // Keys are not values; a value under a credential key is judged with its pair below.
          let bytes = UnsafeBufferPointer(rebasing: text[node.range])
          if literalKind(index, bytes, credential: false) != nil { return true }
        }
      }
      // A credential key is a sensitive key (`Sensitivity` is broader). What a sensitive key's
      // mapping or list holds is left to the walk, whatever the key.
      for (key, value) in tree.sensitivePairs {
        let target = tree.resolved(Int(value))
        guard target >= 0 else { continue }
        if tree.nodes[target].kind != .scalar { return true }
        guard isCredentialKey(Int(key), text) else { continue }
        let held = tree.nodes[target]
        if literalKind(target, UnsafeBufferPointer(rebasing: text[held.range]), credential: true) != nil {
          return true
        }
      }
      return false
    }
  }

  /// `literals`, over the tree's text without a copy: this visits every node of every export.
  private func literals(root: Int, index: Int, text: UnsafeBufferPointer<UInt8>) -> [Literal] {
    var frames: [Frame] = []
    var stack = [Step(node: Int32(root), credential: -1, frame: -1, key: -1, item: -1)]
    var seen: Set<Int64> = []  // nodes reached through an alias under a credential key
    var found: Set<Int32> = []
    var result: [Literal] = []
    while let step = stack.popLast() {
      var node = Int(step.node)
      if tree.nodes[node].kind == .alias {
        node = tree.resolved(node)
        // An anchored value is judged where it is written; an alias reaches it again only when it
        // brings it under a credential key (`secret: *pw`), once.
        guard node >= 0, step.credential >= 0, seen.insert(Int64(node)).inserted else { continue }
      }
      let value = tree.nodes[node]
      switch value.kind {
      case .scalar:
        let bytes = UnsafeBufferPointer(rebasing: text[value.range])
        guard let kind = literalKind(node, bytes, credential: step.credential >= 0), found.insert(Int32(node)).inserted else { continue }
        var (path, key, plugin) = self.path(frames, step.frame, step.key, step.item)
        if kind == .credentialKey, step.credential != step.key { key = Self.name(tree, Int(step.credential)) }
        let uses = (aliasUses[Int32(node)] ?? []) + mergeUses(frames, step.frame)
        result.append(Literal(
          kind: kind, path: path, key: key, plugin: plugin, line: value.line, column: value.column, document: index,
          uses: uses.map { (tree.nodes[Int($0)].line, tree.nodes[Int($0)].column) }))
      case .mapping:
        frames.append(Frame(node: Int32(node), parent: step.frame, key: step.key, item: step.item))
        let frame = Int32(frames.count - 1)
        let children = tree.children(of: node)
        for at in stride(from: children.endIndex - 2, through: children.startIndex, by: -2) {
          let keyNode = Int(children[at]), valueNode = Int(children[at + 1])
          // A credential key is a sensitive key (`Sensitivity` is broader): the tree marked its
          // value, so most keys are never looked at here.
          var credential = step.credential
          if credential < 0, tree.isSensitive(valueNode), isCredentialKey(keyNode, text) { credential = Int32(keyNode) }
          stack.append(Step(node: Int32(valueNode), credential: credential, frame: frame, key: Int32(keyNode), item: -1))
        }
      case .sequence:
        frames.append(Frame(node: Int32(node), parent: step.frame, key: step.key, item: step.item))
        let frame = Int32(frames.count - 1)
        for (offset, child) in tree.children(of: node).enumerated().reversed() {
          stack.append(Step(node: child, credential: step.credential, frame: frame, key: -1, item: Int32(offset)))
        }
      case .alias: continue
      }
    }
    return result
  }

  /// Whether a key names a credential: lowercased without `_`, `-`, `.` and spaces, it ends
  /// with one of the words (`apiKey`, `X-Api-Key`, `client_secret`; not `passwordPolicy`).
  private func isCredentialKey(_ keyNode: Int, _ text: UnsafeBufferPointer<UInt8>) -> Bool {
    let key = tree.resolved(keyNode)
    guard key >= 0, tree.nodes[key].kind == .scalar else { return false }
    let node = tree.nodes[key]
    return Self.endsWithCredentialWord(UnsafeBufferPointer(rebasing: text[node.range]))
  }

  /// The words a credential key ends with, lower case.
  private static let words: [[UInt8]] = [
    "secret", "password", "passwd", "token", "credential", "credentials", "apikey", "privatekey",
    "accesskey", "secretkey",
  ].map { Array($0.utf8) }

  /// Whether the key's letters, without `_`, `-`, `.` and spaces and in lower case, end with a
  /// credential word. Compared from the end, in place.
  static func endsWithCredentialWord(_ key: UnsafeBufferPointer<UInt8>) -> Bool {
    words: for word in words {
      var at = key.count - 1
      for letter in word.reversed() {
        while at >= 0, key[at] == 0x5F || key[at] == 0x2D || key[at] == 0x2E || key[at] == 0x20 { at -= 1 }
        guard at >= 0 else { continue words }
        let byte = key[at]
        guard (byte >= 65 && byte <= 90 ? byte + 32 : byte) == letter else { continue words }
        at -= 1
      }
      return true
    }
    return false
  }

  /// What makes a scalar a literal credential, if anything does.
  private func literalKind(_ node: Int, _ text: UnsafeBufferPointer<UInt8>, credential: Bool) -> Literal.Kind? {
    if Sensitivity.looksLikeKlarnaKey(text) { return .klarnaKey }
    if credential, !tree.isEmpty(node), !Self.isPlaceholder(ExportReader.trimmed(text)),
      !Self.isHarmless(text, plain: tree.nodes[node].style == .plain) {
      return .credentialKey
    }
    guard ByteScan.contains(0x40, in: text) else { return nil }
    let passwords = Sensitivity.urlPasswordRanges(in: text)
    return passwords.contains(where: { !Self.isPlaceholder(text[$0]) }) ? .urlPassword : nil
  }

  /// Yes/No words as the schema reads them, and unquoted numbers: not credentials
  /// (`tokenization: Yes`, `pin: 1234`).
  static func isHarmless(_ text: UnsafeBufferPointer<UInt8>, plain: Bool) -> Bool {
    if ExportReader.yesNo(text) != nil { return true }
    return plain && isNumber(String(decoding: ExportReader.trimmed(text), as: UTF8.self).lowercased())
  }

  /// Whether a plain scalar is a number as YAML reads one: `12`, `-1.5`, `1_000`, `1.5e3`,
  /// `0x1F`, `0o17`, `.inf`, `-.inf`, `.nan`.
  static func isNumber(_ word: String) -> Bool {
    var rest = Substring(word)
    if rest.first == "+" || rest.first == "-" { rest = rest.dropFirst() }
    if [".inf", ".nan"].contains(rest) { return true }
    if rest.hasPrefix("0x") { return rest.count > 2 && rest.dropFirst(2).allSatisfy { $0.isHexDigit || $0 == "_" } }
    if rest.hasPrefix("0o") { return rest.count > 2 && rest.dropFirst(2).allSatisfy { ("0"..."7").contains($0) || $0 == "_" } }
    var mantissa = rest, exponent: Substring?
    if let e = rest.firstIndex(where: { $0 == "e" }) {
      mantissa = rest[..<e]
      exponent = rest[rest.index(after: e)...]
    }
    let digits = mantissa.filter { $0 != "_" }
    let points = digits.count(where: { $0 == "." })
    guard digits.contains(where: { ("0"..."9").contains($0) }), points <= 1,
      digits.allSatisfy({ ("0"..."9").contains($0) || $0 == "." }) else { return false }
    guard var exponent else { return true }
    if exponent.first == "+" || exponent.first == "-" { exponent = exponent.dropFirst() }
    return !exponent.isEmpty && exponent.allSatisfy { ("0"..."9").contains($0) }
  }

  /// A `${NAME}` reference or an all-`*` placeholder: not a literal.
  static func isPlaceholder<Bytes: BidirectionalCollection<UInt8>>(_ text: Bytes) -> Bool {
    guard let first = text.first else { return false }
    if text.allSatisfy({ $0 == 0x2A }) { return true }
    guard first == 0x24, text.count > 3, text.dropFirst().first == 0x7B, text.last == 0x7D else { return false }
    return text.dropFirst(2).dropLast().allSatisfy {
      $0 == 0x5F || ($0 >= 0x30 && $0 <= 0x39) || ($0 | 0x20 >= 0x61 && $0 | 0x20 <= 0x7A)
    }
  }

  /// A node to visit: the credential key above it (if any), its parent frame, and the key or
  /// list item that leads to it.
  /// (`credential`: the credential key above it, -1 when none.)
  private struct Step { var node: Int32; var credential: Int32; var frame: Int32; var key: Int32; var item: Int32 }
  /// A collection on the way down, and how it was reached.
  private struct Frame { var node: Int32; var parent: Int32; var key: Int32; var item: Int32 }

  /// The path to a value (`plugins[0].secret`), its key's name and its plugin, from the frames
  /// above it.
  private func path(_ frames: [Frame], _ frame: Int32, _ key: Int32, _ item: Int32) -> (String, String, Int?) {
    var steps = [(key: key, item: item)]
    var current = frame
    while current >= 0 {
      steps.append((frames[Int(current)].key, frames[Int(current)].item))
      current = frames[Int(current)].parent
    }
    var path = FieldPath("")
    for step in steps.reversed() {
      if step.key >= 0 { path = path.field(Self.name(tree, Int(step.key))) } else if step.item >= 0 { path = path.item(Int(step.item)) }
    }
    let keyName = steps.first { $0.key >= 0 }.map { Self.name(tree, Int($0.key)) } ?? ""
    return (path.text, keyName.isEmpty ? path.text : keyName, path.pluginIndex)
  }

  /// A key as a message names it.
  static func name(_ tree: YAMLTree, _ key: Int) -> String {
    Quote.clipped(Sensitivity.redacting(tree.string(key)), limit: 80)
  }

  /// Where merge keys and aliases bring in the mappings that hold a value.
  private func mergeUses(_ frames: [Frame], _ frame: Int32) -> [Int32] {
    var uses: [Int32] = []
    var current = frame
    while current >= 0 {
      uses += aliasUses[frames[Int(current)].node] ?? []
      current = frames[Int(current)].parent
    }
    return uses
  }
}
