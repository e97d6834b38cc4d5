/// Reading one plugin: its type, its fields by the schema, the required and unknown ones.
extension ExportReader {
  mutating func readPlugin(_ item: Int, index: Int, via: Int?) {
    var path: String { FieldPath.plugin(index).text }  // made only for an issue
    guard let node = follow(item) else { return }
    guard tree.nodes[node].kind == .mapping else {
      issue(.invalid, IssueText("pluginShapeMessage", ["shape": shape(node)]), at: node, path: path)
      return
    }
    let firstIssue = document.issues.count
    let pairs = self.pairs(of: node, path: path)
    var type: Schema.PluginType?
    let typeKey = Self.typeKey
    if let typePair = pairs.first(where: { isKey($0.key, typeKey) }),
       let typeNode = follow(typePair.value), tree.nodes[typeNode].kind == .scalar {
      type = pluginType(typeNode)
    }
    let known = type?.fields ?? schema.anyPlugin
    var fields = FieldList()
    fields.storage.reserveCapacity(known.count + 4)
    read(pairs, known: known, into: &fields, pluginIndex: index, via: via, checkUnknown: type != nil)
    let plugin = Plugin(
      index: index, document: document.index, location: location(node), node: node, itemLine: tree.nodes[via ?? item].line, schema: type, fields: fields, environment: document.environment,
      uriSlot: schema.uriSlot, nameSlot: schema.nameSlot)
    // Which slots are written, and which of them are empty: one pass, not a search per field.
    var written: UInt64 = 0, empty: UInt64 = 0
    fields.storage.withUnsafeBufferPointer { buffer in
      // Through the pointer: iterating copied each field (`FieldValue`).
      guard let base = buffer.baseAddress else { return }
      for index in buffer.indices where base[index].slot < 64 {
        written |= 1 << UInt64(base[index].slot)
        if base[index].value.isAbsent { empty |= 1 << UInt64(base[index].slot) }
      }
    }
    for field in known where field.required {
      let isWritten: Bool, isEmpty: Bool
      if field.slot < 64 {
        isWritten = written & (1 << UInt64(field.slot)) != 0
        isEmpty = empty & (1 << UInt64(field.slot)) != 0
      } else {
        let value = fields[field.slot]?.value
        isWritten = value != nil
        if case .absent? = value { isEmpty = true } else { isEmpty = false }
      }
      if !isWritten {
        issue(.missing, IssueText("missingMessage", ["field": field.name, "plugin": plugin.label]), at: node, path: path, via: via)
      } else if isEmpty {
        issue(.missing, IssueText("emptyMessage", ["field": field.name, "plugin": plugin.label]), at: node, path: path, via: via)
      }
    }
    // The plugin's URI is known only now; name it in every issue found while reading it.
    if let uri = plugin.uri {
      for at in firstIssue..<document.issues.count { document.issues[at].plugin = uri }
    }
    document.plugins.append(plugin)
  }

  /// The schema of the type a scalar names. A file's plugins name few types: the last one
  /// looked up is kept, and matched on the bytes.
  private mutating func pluginType(_ node: Int) -> Schema.PluginType? {
    let bytes = tree.scalarBytes(node)
    if let last = lastType, last.bytes.elementsEqual(bytes) { return last.type }
    let type = schema.pluginType(tree.string(node))
    lastType = (Array(bytes), type)
    return type
  }

  private static let typeKey = Array("type".utf8)

  /// Whether a key node (through an alias) is the scalar `bytes`.
  func isKey(_ key: Int, _ bytes: [UInt8]) -> Bool {
    let target = tree.resolved(key)
    return target >= 0 && bytes.withUnsafeBytes { tree.scalar(target, equals: $0) }
  }

  /// Reads `pairs` as the `known` fields; a section recurses once.
  private mutating func read(
    _ pairs: [Pair], known: [Schema.Field], into fields: inout FieldList, pluginIndex: Int, via outerVia: Int?,
    checkUnknown: Bool
  ) {
    var pluginPath: FieldPath { FieldPath.plugin(pluginIndex) }  // made only for an issue
    for pair in pairs where !stopped {
      let key = tree.resolved(pair.key)
      let hash = key >= 0 && tree.nodes[key].kind == .scalar ? tree.textHash(key) : 0
      guard let field = known.first(where: { $0.keyHash == hash && isKey(key, $0.utf8) }) else {
        if checkUnknown { reportUnknown(pair, known: known, pluginPath: pluginPath, among: pairs) }
        continue
      }
      let aliasVia = pair.via ?? outerVia ?? (tree.nodes[pair.value].kind == .alias ? pair.value : nil)
      guard let value = follow(pair.value) else { continue }
      let sensitive = field.sensitive || tree.isSensitive(pair.value) || tree.isSensitive(value)
      var at = tree.nodes[value]
      let written: FieldValue
      if case .section(let inner) = field.type {
        // A section is many lines: a finding about it points at its key, as written here.
        at = tree.nodes[pair.key]
        if tree.isNull(value) {
          written = .absent
        } else if tree.nodes[value].kind == .mapping {
          written = .section
          let innerPairs = self.pairs(of: value, path: pluginPath.field(field.fullName).text)
          read(innerPairs, known: inner, into: &fields, pluginIndex: pluginIndex, via: aliasVia, checkUnknown: checkUnknown)
        } else {
          written = .invalid
          issue(.invalid, IssueText("sectionShapeMessage", ["field": field.name, "shape": shape(value)]), at: value, path: pluginPath.field(field.fullName).text, via: aliasVia)
        }
      } else {
        written = typedValue(value, field: field, sensitive: sensitive, pluginIndex: pluginIndex, via: aliasVia)
      }
      // Made where it is appended: a field built in a variable was copied in, then destroyed.
      fields.append(WrittenField(
        line: at.line, column: at.column, endLine: at.endLine, endColumn: at.endColumn,
        viaLine: aliasVia.map { tree.nodes[$0].line } ?? 0, viaColumn: aliasVia.map { tree.nodes[$0].column } ?? 0,
        value: written, slot: Int16(field.slot), sensitive: sensitive))
    }
  }

  private mutating func reportUnknown(_ pair: Pair, known: [Schema.Field], pluginPath: FieldPath, among pairs: [Pair]) {
    // A key that is also a secret (an anchored key used as a value) is never shown.
    let hidden = tree.isSensitive(pair.key) || Sensitivity.looksLikeKlarnaKey(tree.string(pair.key))
    let name = hidden ? Sensitivity.hidden : tree.string(pair.key)
    let prefix = known.first.map { String($0.fullName.dropLast($0.name.count)) } ?? ""
    let path = pluginPath.field(prefix + name).text
    var message = IssueText("unknownMessage", ["key": Quote.clipped(name)])
    var fix: Finding.Fix?
    // The suggestion is a fix an editor can apply to a plain key where it is written (a quoted
    // one would need its quotes kept), unless the mapping has that key already (renaming would
    // make a duplicate key, and the misspelt value the one read).
    if !hidden, let nearest = Suggestion.nearest(to: name, in: known.map(\.name)) {
      message = IssueText("suggestionMessage", ["key": Quote.clipped(name), "suggestion": nearest])
      let taken = Array(nearest.utf8)
      if tree.nodes[pair.key].kind == .scalar, tree.nodes[pair.key].style == .plain, !pairs.contains(where: { isKey($0.key, taken) }) {
        fix = Finding.Fix(replacement: nearest, title: "rename to '\(nearest)'")
      }
    }
    issue(.unknown, message, at: pair.key, path: path, via: pair.via, fix: fix)
  }
}
