/// Writes a parsed YAML stream again in flow style (`{store: X, plugins: [{…}]}`), for the rule
/// tests' variants (`RuleExamples`): the same data in another shape, on which a rule must find
/// as much. With `anchoringPlugins`, each plugin is written once under an anchor in a key of its
/// own and the `plugins` list holds aliases to them. Nil when the data cannot be written so
/// without changing what a rule reads (a plain scalar that flow style would have to quote, a
/// tag, a problem the reader found).
enum FlowWriter {
  static func write(_ tree: YAMLTree, anchoringPlugins: Bool) -> String? {
    guard tree.problems.isEmpty, !tree.documents.isEmpty else { return nil }
    var out = ""
    for (at, document) in tree.documents.enumerated() {
      if at > 0 { out += "---\n" }
      guard document.root >= 0 else { continue }
      let root = tree.resolved(document.root)
      guard anchoringPlugins, root >= 0, tree.nodes[root].kind == .mapping else {
        guard let text = node(document.root, tree, depth: 0) else { return nil }
        out += text + "\n"
        continue
      }
      // `x-plugins: [&p0 {…}, …]` first, then the root's keys with `plugins: [*p0, …]`.
      let children = tree.children(of: root)
      var pairs: [String] = [], anchored: [String] = []
      for position in stride(from: children.startIndex, to: children.endIndex, by: 2) {
        let key = Int(children[position]), value = Int(children[position + 1])
        guard let keyText = node(key, tree, depth: 0) else { return nil }
        let target = tree.resolved(value)
        if tree.string(key) == "plugins", target >= 0, tree.nodes[target].kind == .sequence {
          var aliases: [String] = []
          for item in tree.children(of: target) {
            guard let text = node(Int(item), tree, depth: 1) else { return nil }
            let name = "p\(document.root)x\(anchored.count)"
            anchored.append("&\(name) \(text)")
            aliases.append("*\(name)")
          }
          pairs.append("\(keyText): [\(aliases.joined(separator: ", "))]")
        } else {
          guard let valueText = node(value, tree, depth: 1) else { return nil }
          pairs.append("\(keyText): \(valueText)")
        }
      }
      out += "x-plugins-\(at): [\(anchored.joined(separator: ", "))]\n" + pairs.map { $0 + "\n" }.joined()
    }
    return out
  }

  /// One node in flow style; aliases are written out (what they stand for).
  private static func node(_ index: Int, _ tree: YAMLTree, depth: Int) -> String? {
    guard depth < 64 else { return nil }
    let target = tree.resolved(index)
    guard target >= 0 else { return nil }
    let node = tree.nodes[target]
    switch node.kind {
    case .scalar:
      return scalar(tree.string(target), plain: node.style == .plain)
    case .sequence:
      var items: [String] = []
      for child in tree.children(of: target) {
        guard let text = self.node(Int(child), tree, depth: depth + 1) else { return nil }
        items.append(text)
      }
      return "[" + items.joined(separator: ", ") + "]"
    case .mapping:
      let children = tree.children(of: target)
      var pairs: [String] = []
      for position in stride(from: children.startIndex, to: children.endIndex, by: 2) {
        guard let key = self.node(Int(children[position]), tree, depth: depth + 1),
              let value = self.node(Int(children[position + 1]), tree, depth: depth + 1) else { return nil }
        pairs.append("\(key): \(value)")
      }
      return "{" + pairs.joined(separator: ", ") + "}"
    case .alias:
      return nil
    }
  }

  /// A scalar as flow style reads it back: a plain one stays plain where flow style allows it,
  /// else is quoted, unless its plainness means something (a number, a null or a Yes/No word:
  /// then nil); any other is double-quoted.
  private static func scalar(_ text: String, plain: Bool) -> String? {
    if plain {
      if text.isEmpty { return "~" }
      let indicators: Set<Unicode.Scalar> = ["-", "?", ":", ",", "[", "]", "{", "}", "#", "&", "*", "!", "|", ">", "'", "\"", "%", "@", "`"]
      if let first = text.unicodeScalars.first, !indicators.contains(first) || (first == "-" && text.count > 1 && !text.hasPrefix("- ")),
         !text.unicodeScalars.contains(where: { [",", "[", "]", "{", "}", "\n", "\r", "\t"].contains($0) || Printable.isUnsafe($0) }),
         !text.contains(": "), !text.contains(" #"), !text.hasSuffix(":"), text.first != " ", text.last != " " {
        return text
      }
      let words: Set<String> = ["~", "null", "true", "false", "yes", "no", "on", "off", "y", "n"]
      guard !words.contains(text.lowercased()), !text.allSatisfy({ $0.isNumber || "+-.eE_".contains($0) }) else { return nil }
    }
    return Quote.yamlDoubleQuoted(text)
  }
}
