/// Reads one document of a YAML tree into an `ExportDocument`, checking it against the schema.
///
/// Merge keys and aliases are followed by reference; each alias followed counts against
/// `limits.aliases`, and a mapping merged twice is read once, so no shape of aliases can make
/// the walk long.
struct ExportReader {
  /// The tree read (a `var` only so that an early reading can let go of it between looks).
  var tree: YAMLTree
  let file: String
  let schema: Schema
  let tables: KlarnaTables
  let limits: Limits
  var document: ExportDocument
  var aliasesFollowed = 0
  var stopped = false
  /// The plugin type looked up last, by the bytes that named it.
  var lastType: (bytes: [UInt8], type: Schema.PluginType?)?
  /// Endpoints written otherwise than their label, by the text written.
  var spellings: [String: KlarnaTables.Endpoint] = [:]
  /// Values reached through an alias, by node and field, read once for all their uses, with
  /// the issues found reading them.
  var aliased: [AliasedValue: (value: FieldValue, issues: [SchemaIssue])] = [:]

  struct AliasedValue: Hashable {
    var node: Int
    var slot: Int
  }

  /// A key and value of a mapping after merge keys are applied.
  struct Pair {
    var key: Int
    var value: Int
    /// The alias that brought the pair in through a merge key, if any.
    var via: Int?
  }

  init(
    tree: YAMLTree, document info: YAMLDocumentInfo, index: Int, file: String, schema: Schema, tables: KlarnaTables,
    limits: Limits
  ) {
    self.tree = tree
    self.file = file
    self.schema = schema
    self.tables = tables
    self.limits = limits
    document = ExportDocument(file: file, index: index, location: SourceLocation(file: file, line: info.line, column: info.column))
  }

  /// Reads the document whose root is `root`, the `index`th of its file.
  static func read(
    _ tree: YAMLTree, document info: YAMLDocumentInfo, index: Int, file: String, schema: Schema,
    tables: KlarnaTables, limits: Limits
  ) -> ExportDocument {
    var reader = ExportReader(
      tree: tree, document: info, index: index, file: file, schema: schema, tables: tables, limits: limits)
    if info.root >= 0 { reader.readRoot(info.root) }
    return reader.document
  }

  /// A file whose stream holds no document with content (empty, only comments, only `---`):
  /// an export without plugins, so that a truncated export job cannot pass a gate (SPEC §1).
  static func emptyFile(_ file: String) -> ExportDocument {
    var document = ExportDocument(file: file, index: 0, location: SourceLocation(file: file, line: 1, column: 1))
    document.issues.append(SchemaIssue(
      kind: .missing,
      message: IssueText("noDocumentMessage"),
      location: document.location, path: "plugins", document: 0))
    return document
  }

  func location(_ node: Int) -> SourceLocation {
    let value = tree.nodes[node]
    return SourceLocation(file: file, line: Int(value.line), column: Int(value.column))
  }

  mutating func issue(
    _ kind: SchemaIssue.Kind, _ message: IssueText, at node: Int, path: String?, plugin: String? = nil, via: Int? = nil,
    fix: Finding.Fix? = nil
  ) {
    var related: [Finding.Related] = []
    if let via { related.append(Finding.Related(location: location(via), message: "brought in by this alias")) }
    let end = SourceLocation(file: file, line: Int(tree.nodes[node].endLine), column: Int(tree.nodes[node].endColumn))
    document.issues.append(SchemaIssue(
      kind: kind, message: message, location: location(node), path: path, plugin: plugin, related: related,
      document: document.index, end: end, fix: fix))
  }

  /// Follows an alias, counting it; nil once the budget is spent (the limit is then reported).
  mutating func follow(_ node: Int) -> Int? {
    guard !stopped else { return nil }
    guard tree.nodes[node].kind == .alias else { return node }
    aliasesFollowed += 1
    if aliasesFollowed > limits.aliases {
      stopped = true
      issue(.limit, IssueText("limit", ["text": "more than \(limits.aliases) aliases would have to be followed to read this document (\(limits.raise("aliases")))"]), at: node, path: nil)
      return nil
    }
    let target = tree.resolved(node)
    return target >= 0 ? target : nil
  }

  /// What a node is, for messages.
  func shape(_ node: Int) -> String {
    switch tree.kind(node) {
    case .sequence: return "a list"
    case .mapping: return "a mapping"
    case .scalar: return tree.isNull(node) ? "empty" : "text"
    default: return "empty"
    }
  }

  private mutating func readRoot(_ root: Int) {
    guard let target = follow(root), !tree.isNull(target) else { return }
    guard tree.nodes[target].kind == .mapping else {
      issue(.invalid, IssueText("rootShapeMessage", ["shape": shape(target)]), at: target, path: nil)
      return
    }
    var pluginsNode: Int?
    var keys: Set<String> = []
    for pair in pairs(of: target, path: "") {
      let key = tree.string(pair.key)
      keys.insert(key)
      if key == "plugins" {
        pluginsNode = pair.value
        document.pluginsPlace = (tree.nodes[pair.key].line, tree.nodes[pair.key].column)
      } else if Schema.headerKeys.contains(key) {
        readHeader(key, pair.value)
      }
    }
    guard let node = pluginsNode, let list = follow(node), !tree.isEmpty(list) else {
      let message: IssueText
      if pluginsNode != nil {
        message = IssueText("emptyPluginsMessage")
      } else if keys.contains("mids") {
        message = IssueText("registryMessage")
      } else if keys.isDisjoint(with: Schema.headerKeys) {
        message = IssueText("notAnExportMessage")
      } else {
        message = IssueText("noPluginsMessage")
      }
      document.issues.append(SchemaIssue(kind: .missing, message: message, location: document.location, path: "plugins", document: document.index))
      return
    }
    guard tree.nodes[list].kind == .sequence else {
      issue(.invalid, IssueText("pluginsShapeMessage", ["shape": shape(list)]), at: list, path: "plugins")
      return
    }
    readPlugins(tree.children(of: list), from: 0)
  }

  mutating func readPlugins(_ items: ArraySlice<Int32>, from first: Int) {
    for (offset, item) in items.enumerated() where !stopped {
      readPlugin(Int(item), index: first + offset, via: tree.nodes[Int(item)].kind == .alias ? Int(item) : nil)
    }
  }

  /// Reads `store` or `environment` (one of `headerKeys`): text that names the document's store.
  mutating func readHeader(_ key: String, _ node: Int) {
    guard let value = follow(node), !tree.isNull(value) else { return }
    guard tree.nodes[value].kind == .scalar else {
      issue(.invalid, IssueText("headerShapeMessage", ["field": key, "shape": shape(value)]), at: value, path: key)
      return
    }
    // A header that is also a secret (one scalar behind two aliases) is never shown, but
    // still tells its store apart: two stores named by two secrets stay two stores.
    let sensitive = tree.isSensitive(node) || tree.isSensitive(value)
    let text = tree.string(value).trimmingBlanks()
    guard !text.isEmpty else { return }  // blank: as if absent
    let written = sensitive ? Sensitivity.hidden : text
    if key == "environment" {
      document.environmentName = written
      document.environment = schema.environmentKey(text)
      document.environmentPlace = (tree.nodes[value].line, tree.nodes[value].column)
    } else {
      document.storeName = written
      document.storePlace = (tree.nodes[value].line, tree.nodes[value].column)
      document.storeKey = text.lowercased()
    }
  }

  /// The pairs of a mapping after merge keys: its own keys win (the later of duplicates), then
  /// the merged mappings in order. Non-text keys are reported and skipped.
  mutating func pairs(of mapping: Int, path: @autoclosure () -> String) -> [Pair] {
    if tree.nodes[mapping].flags & YAMLNode.needsCarefulReading == 0 {
      // No merge key, duplicate or odd key (the tree builder saw): the pairs as written.
      let children = tree.children(of: mapping)
      var result: [Pair] = []
      result.reserveCapacity(children.count / 2)
      for at in stride(from: children.startIndex, to: children.endIndex, by: 2) {
        result.append(Pair(key: Int(children[at]), value: Int(children[at + 1]), via: nil))
      }
      return result
    }
    var result: [Pair] = []
    var seenKeys: Set<String> = []
    var visited: Set<Int> = []
    var queue: [(mapping: Int, via: Int?)] = [(mapping, nil)]
    while !queue.isEmpty, !stopped {
      let (current, via) = queue.removeFirst()
      guard visited.insert(current).inserted else { continue }
      let children = tree.children(of: current)
      // The pairs a merge brings in count against the alias budget, one each: a big mapping
      // merged into every plugin must not make the reading long.
      if via != nil {
        aliasesFollowed += children.count / 2
        if aliasesFollowed > limits.aliases {
          stopped = true
          issue(.limit, IssueText("limit", ["text": "more than \(limits.aliases) aliases and merged keys would have to be followed to read this document (\(limits.raise("aliases")))"]), at: via!, path: nil)
          break
        }
      }
      var merges: [(mapping: Int, via: Int?)] = []
      for at in stride(from: children.endIndex - 2, through: children.startIndex, by: -2) {
        let keyNode = Int(children[at]), valueNode = Int(children[at + 1])
        guard let key = follow(keyNode) else { continue }
        guard tree.nodes[key].kind == .scalar else {
          if via == nil { issue(.invalid, IssueText("keyShapeMessage", ["shape": shape(key)]), at: keyNode, path: path().isEmpty ? nil : path()) }
          continue
        }
        if tree.nodes[key].style == .plain, tree.string(key) == "<<" {
          merges.insert(contentsOf: mergeSources(valueNode, via: via, path: path()), at: 0)
          continue
        }
        if seenKeys.insert(tree.string(key)).inserted {
          result.append(Pair(key: keyNode, value: valueNode, via: via))
        }
      }
      queue.insert(contentsOf: merges, at: 0)
    }
    return result.reversed()
  }

  /// The mappings a `<<` value merges, in order of precedence.
  private mutating func mergeSources(_ node: Int, via: Int?, path: String) -> [(mapping: Int, via: Int?)] {
    let through = via ?? (tree.nodes[node].kind == .alias ? node : nil)
    guard let value = follow(node) else { return [] }
    switch tree.nodes[value].kind {
    case .mapping: return [(value, through)]
    case .sequence:
      var sources: [(mapping: Int, via: Int?)] = []
      for item in tree.children(of: value) {
        let itemVia = via ?? (tree.nodes[Int(item)].kind == .alias ? Int(item) : nil)
        if let target = follow(Int(item)), tree.nodes[target].kind == .mapping {
          sources.append((target, itemVia))
        } else if !stopped {
          issue(.invalid, IssueText("mergeItemMessage", ["shape": shape(Int(item))]), at: Int(item), path: path.isEmpty ? nil : path)
        }
      }
      return sources
    default:
      issue(.invalid, IssueText("mergeMessage", ["shape": shape(value)]), at: value, path: path.isEmpty ? nil : path)
      return []
    }
  }
}
