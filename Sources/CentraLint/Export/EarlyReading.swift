/// Reads a big export's plugins while the rest of the file is still being parsed.
///
/// The tree builder waits on the parser at times (`EventPipeline`); between two chunks of
/// events this looks at what is complete: once the document's root mapping has reached a
/// `plugins` list, every plugin of it that has ended is read, in order, by the same
/// `ExportReader` the whole file would get. The reading is a bet that the rest of the file
/// changes nothing already read; `finish` checks that on the whole tree and otherwise returns
/// nil, and the file is read again as usual. The bet holds for an export as it is usually
/// written: one document, the header keys (`store`, `environment`) before `plugins`, no merge key, duplicate key
/// or alias-named key in the root, no alias into a collection still open.
final class EarlyReading {
  private let file: String
  private let schema: Schema
  private let tables: KlarnaTables
  private let limits: Limits
  private var reader: ExportReader?
  /// Where the bet stands: still looking, reading, or lost.
  private var lost = false
  private var root: Int32 = -1
  private var list: Int32 = -1
  /// The index of the `plugins` key among the root's children, and how many items were read.
  private var listKeyAt = 0
  private var itemsRead = 0

  init(file: String, schema: Schema, tables: KlarnaTables, limits: Limits) {
    self.file = file
    self.schema = schema
    self.tables = tables
    self.limits = limits
  }

  /// Looks at the builder between two chunks: starts the reading, or reads the plugins that
  /// have ended since the last look.
  func observe(_ builder: TreeBuilder) {
    guard !lost else { return }
    guard !builder.aliasedAnOpenCollection else { return lose() }
    let tree = builder.tree
    let open = builder.openCollections
    guard tree.documents.isEmpty else { return }  // `finish` sees whether there is only one
    if reader == nil {
      // Not yet in the list: look again after the next chunk (if the list ends unseen, the
      // file is read as usual).
      guard open.count >= 2, builder.documentRoot == open[0], tree.nodes[Int(open[0])].kind == .mapping,
            tree.nodes[Int(open[1])].kind == .sequence else { return }
      let rootChildren = builder.childrenSoFar(ofOpen: 0)
      // The list must be the value of the root's last key so far, and that key `plugins`.
      guard rootChildren.count >= 2, rootChildren.count % 2 == 0, rootChildren.last == open[1] else { return }
      var header: [(key: String, value: Int)] = []
      for at in stride(from: rootChildren.startIndex, to: rootChildren.endIndex, by: 2) {
        let key = Int(rootChildren[at])
        guard tree.nodes[key].kind == .scalar else { return lose() }
        let name = tree.string(key)
        if name == "plugins" {
          if at != rootChildren.endIndex - 2 { return lose() }
        } else if name == "<<" {
          return lose()
        } else if Schema.headerKeys.contains(name) {
          header.append((name, Int(rootChildren[at + 1])))
        } else if at == rootChildren.endIndex - 2 {
          return  // another list: not there yet
        }
      }
      root = open[0]
      list = open[1]
      listKeyAt = rootChildren.count - 2
      let start = builder.documentStart
      var reader = ExportReader(
        tree: tree, document: YAMLDocumentInfo(root: Int(root), line: start.line, column: start.column), index: 0,
        file: file, schema: schema, tables: tables, limits: limits)
      for (key, value) in header { reader.readHeader(key, value) }
      reader.tree = YAMLTree()  // see `read`
      self.reader = reader
    }
    guard open.count >= 2, open[0] == root, open[1] == list else { return }  // the list has ended: `finish` reads the rest
    var items = builder.childrenSoFar(ofOpen: 1)
    if open.count > 2 { items = items.dropLast() }  // the plugin being built
    read(items, in: tree)
  }

  /// The document read early, when the whole tree shows the bet held; nil otherwise.
  func finish(_ tree: YAMLTree) -> ExportDocument? {
    guard !lost, reader != nil, tree.documents.count == 1, tree.documents[0].root == Int(root),
          tree.nodes[Int(root)].flags & YAMLNode.needsCarefulReading == 0 else { return nil }
    let rootChildren = tree.children(of: Int(root))
    guard rootChildren.count > listKeyAt + 1, rootChildren[rootChildren.startIndex + listKeyAt + 1] == list else { return nil }
    // No key after `plugins` may be one the reading looks at.
    for at in stride(from: rootChildren.startIndex + listKeyAt + 2, to: rootChildren.endIndex, by: 2) {
      let key = tree.string(Int(rootChildren[at]))
      if tree.kind(Int(rootChildren[at])) != .scalar || key == "plugins" || key == "<<" || Schema.headerKeys.contains(key) {
        return nil
      }
    }
    let items = tree.children(of: Int(list))
    guard !items.isEmpty else { return nil }  // the usual reading says the list is empty
    read(items, in: tree)
    return reader?.document
  }

  private func read(_ items: ArraySlice<Int32>, in tree: YAMLTree) {
    guard itemsRead < items.count, var reader else { return }
    // The reader holds the tree only while it reads: the builder must stay its only owner, or
    // its next append would copy every array.
    self.reader = nil
    reader.tree = tree
    let new = items.dropFirst(itemsRead)
    reader.readPlugins(new, from: itemsRead)
    itemsRead = items.count
    reader.tree = YAMLTree()
    self.reader = reader
  }

  private func lose() {
    lost = true
    reader = nil
  }
}
