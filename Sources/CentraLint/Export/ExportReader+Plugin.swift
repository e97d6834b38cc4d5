/// Reading one plugin: its type, its fields by the schema, the required and unknown ones.
extension ExportReader {
  mutating func readPlugin(_ item: Int, index: Int, via: Int?) {
    let path = "plugins[\(index)]"
    guard let node = follow(item) else { return }
    guard tree.nodes[node].kind == .mapping else {
      issue(.invalid, "each plugin must be a mapping of settings, not \(shape(node))", at: node, path: path)
      return
    }
    let firstIssue = document.issues.count
    let pairs = self.pairs(of: node, path: path)
    var type: Schema.PluginType?
    if let typePair = pairs.first(where: { isKey($0.key, Self.typeKey) }),
       let typeNode = follow(typePair.value), tree.nodes[typeNode].kind == .scalar {
      type = schema.pluginType(tree.string(typeNode))
    }
    let known = type?.fields ?? schema.anyPlugin
    var fields = FieldList()
    fields.storage.reserveCapacity(known.count + 4)
    read(pairs, known: known, into: &fields, pluginPath: path, via: via, checkUnknown: type != nil)
    let plugin = Plugin(
      index: index, location: location(node), schema: type, fields: fields, environment: document.environment,
      uriSlot: schema.uriSlot, nameSlot: schema.nameSlot)
    for field in known where field.required {
      switch fields[field.slot]?.value {
      case nil:
        issue(.missing, "required field '\(field.name)' is missing in plugin '\(plugin.label)'", at: node, path: path, via: via)
      case .absent?:
        issue(.missing, "required field '\(field.name)' is empty in plugin '\(plugin.label)'", at: node, path: path, via: via)
      default: break
      }
    }
    // The plugin's URI is known only now; name it in every issue found while reading it.
    if let uri = plugin.uri {
      for at in firstIssue..<document.issues.count { document.issues[at].plugin = uri }
    }
    document.plugins.append(plugin)
  }

  private static let typeKey = Array("type".utf8)

  /// Whether a key node (through an alias) is the scalar `bytes`.
  func isKey(_ key: Int, _ bytes: [UInt8]) -> Bool {
    let target = tree.resolved(key)
    return target >= 0 && bytes.withUnsafeBytes { tree.scalar(target, equals: $0) }
  }

  /// Reads `pairs` as the `known` fields; a section recurses once.
  private mutating func read(
    _ pairs: [Pair], known: [Schema.Field], into fields: inout FieldList, pluginPath: String, via outerVia: Int?,
    checkUnknown: Bool
  ) {
    for pair in pairs where !stopped {
      let key = tree.resolved(pair.key)
      let hash = key >= 0 && tree.nodes[key].kind == .scalar ? tree.textHash(key) : 0
      guard let field = known.first(where: { $0.keyHash == hash && isKey(key, $0.utf8) }) else {
        if checkUnknown { reportUnknown(pair, known: known, pluginPath: pluginPath) }
        continue
      }
      let aliasVia = pair.via ?? outerVia ?? (tree.nodes[pair.value].kind == .alias ? pair.value : nil)
      guard let value = follow(pair.value) else { continue }
      var written = Field(
        line: tree.nodes[value].line, column: tree.nodes[value].column, value: .absent,
        slot: Int16(field.slot), sensitive: field.sensitive)
      if let aliasVia {
        written.viaLine = tree.nodes[aliasVia].line
        written.viaColumn = tree.nodes[aliasVia].column
      }
      if case .section(let inner) = field.type {
        if tree.isNull(value) {
          written.value = .absent
        } else if tree.nodes[value].kind == .mapping {
          written.value = .section
          let innerPairs = self.pairs(of: value, path: "\(pluginPath).\(field.fullName)")
          read(innerPairs, known: inner, into: &fields, pluginPath: pluginPath, via: aliasVia, checkUnknown: checkUnknown)
        } else {
          written.value = .invalid
          issue(.invalid, "'\(field.name)' must be a mapping, not \(shape(value))", at: value, path: "\(pluginPath).\(field.fullName)", via: aliasVia)
        }
      } else {
        written.value = typedValue(value, field: field, pluginPath: pluginPath, via: aliasVia)
      }
      fields.append(written)
    }
  }

  private mutating func reportUnknown(_ pair: Pair, known: [Schema.Field], pluginPath: String) {
    let name = tree.string(pair.key)
    let prefix = known.first.map { String($0.fullName.dropLast($0.name.count)) } ?? ""
    let path = "\(pluginPath).\(prefix)\(Quote.looksSecret(name) ? "(hidden)" : name)"
    var message = "unknown field '\(Quote.clipped(name))'"
    if let nearest = Suggestion.nearest(to: name, in: known.map(\.name)) {
      message += "; did you mean '\(nearest)'?"
    }
    issue(.unknown, message, at: pair.key, path: path, via: pair.via)
  }
}
