/// Reading one plugin: its type, its fields by the schema, the required and unknown ones.
extension ExportReader {
  mutating func readPlugin(_ item: Int, index: Int, via: Int?) {
    let path = "plugins[\(index)]"
    guard let node = follow(item) else { return }
    guard tree.nodes[node].kind == .mapping else {
      issue(.invalid, "each plugin must be a mapping of settings, not \(shape(node))", at: node, path: path)
      return
    }
    var plugin = Plugin(index: index, location: location(node), path: path)
    let pairs = self.pairs(of: node, path: path)
    if let typePair = pairs.first(where: { tree.string($0.key) == "type" }),
       let typeNode = follow(typePair.value), tree.nodes[typeNode].kind == .scalar {
      plugin.schema = schema.pluginType(tree.string(typeNode))
    }
    let fields = plugin.schema?.fields ?? schema.anyPlugin
    read(pairs, fields: fields, prefix: "", into: &plugin, via: via, checkUnknown: plugin.schema != nil)
    for field in fields where field.required {
      switch plugin.fields[field.name] {
      case nil:
        pluginIssue(.missing, "required field '\(field.name)' is missing in plugin '\(plugin.label)'", plugin, at: node, path: path, via: via)
      case .some(let written) where written.value == .absent:
        pluginIssue(.missing, "required field '\(field.name)' is empty in plugin '\(plugin.label)'", plugin, at: node, path: path, via: via)
      default: break
      }
    }
    document.plugins.append(plugin)
  }

  private mutating func pluginIssue(_ kind: SchemaIssue.Kind, _ message: String, _ plugin: Plugin, at node: Int, path: String, via: Int?) {
    issue(kind, message, at: node, path: path, plugin: plugin.uri, via: via)
  }

  /// Reads `pairs` as `fields` into the plugin; sections recurse once with a prefix.
  private mutating func read(_ pairs: [Pair], fields: [Schema.Field], prefix: String, into plugin: inout Plugin, via outerVia: Int?, checkUnknown: Bool) {
    for pair in pairs where !stopped {
      let name = tree.string(pair.key)
      let path = "\(plugin.path).\(prefix)\(Quote.looksSecret(name) ? "(hidden)" : name)"
      guard let field = fields.first(where: { $0.name == name }) else {
        if checkUnknown { reportUnknown(name, pair: pair, known: fields, path: path, plugin: plugin) }
        continue
      }
      let aliasVia = pair.via ?? outerVia ?? (tree.nodes[pair.value].kind == .alias ? pair.value : nil)
      guard let value = follow(pair.value) else { continue }
      var written = Field(
        name: prefix + name, value: .absent, location: location(value), via: aliasVia.map(location),
        path: path, sensitive: field.sensitive, raw: tree.nodes[value].kind == .scalar ? tree.string(value) : nil)
      if case .section(let inner) = field.type {
        if tree.isNull(value) {
          written.value = .absent
        } else if tree.nodes[value].kind == .mapping {
          written.value = .section
          let innerPairs = self.pairs(of: value, path: path)
          read(innerPairs, fields: inner, prefix: prefix + name + ".", into: &plugin, via: aliasVia, checkUnknown: checkUnknown)
        } else {
          written.value = .invalid
          issue(.invalid, "'\(name)' must be a mapping, not \(shape(value))", at: value, path: path, plugin: plugin.uri, via: aliasVia)
        }
      } else {
        written.value = typedValue(value, field: field, path: path, plugin: plugin, via: aliasVia)
      }
      plugin.fields[prefix + name] = written
    }
  }

  private mutating func reportUnknown(_ name: String, pair: Pair, known: [Schema.Field], path: String, plugin: Plugin) {
    var message = "unknown field '\(Quote.clipped(name))'"
    if let nearest = Suggestion.nearest(to: name, in: known.map(\.name)) {
      message += "; did you mean '\(nearest)'?"
    }
    issue(.unknown, message, at: pair.key, path: path, plugin: plugin.uri, via: pair.via)
  }
}
