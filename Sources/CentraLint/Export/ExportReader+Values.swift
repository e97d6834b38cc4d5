/// Reading one value by its schema type; a wrong one is an `invalid` issue and `.invalid`.
extension ExportReader {
  mutating func typedValue(_ node: Int, field: Schema.Field, path: String, plugin: Plugin, via: Int?) -> FieldValue {
    if tree.isEmpty(node) { return .absent }
    let kind = tree.nodes[node].kind
    let text = kind == .scalar ? tree.string(node) : ""
    // A sensitive value is never quoted, whatever is wrong with it.
    let shown = kind != .scalar ? shape(node) : field.sensitive ? "the value given" : "'\(Quote.clipped(text))'"
    func invalid(_ expected: String) -> FieldValue {
      issue(.invalid, "'\(field.name)' must be \(expected), not \(shown)", at: node, path: path, plugin: plugin.uri, via: via)
      return .invalid
    }
    switch field.type {
    case .text:
      return kind == .scalar ? .text(text) : invalid("text")
    case .yesNo(let also):
      switch text.trimmingBlanks().lowercased() {
      case _ where kind != .scalar: break
      case "yes", "true": return .yesNo(true)
      case "no", "false": return .yesNo(false)
      case let other:
        if let match = also.first(where: { $0.lowercased() == other }) { return .choice(match) }
      }
      return invalid((["Yes", "No"] + also).joined(separator: ", ").replacingLast(", ", with: " or "))
    case .choice(let values):
      let lower = text.trimmingBlanks().lowercased()
      if kind == .scalar, let match = values.first(where: { $0.lowercased() == lower }) { return .choice(match) }
      return invalid("one of " + values.joined(separator: ", "))
    case .endpoint:
      if kind == .scalar, let endpoint = tables.endpoint(text) { return .endpoint(endpoint) }
      return invalid("one of " + tables.endpoints.map(\.label).joined(separator: ", ") + " or a Klarna API URL")
    case .textList, .countryList:
      guard kind == .sequence else { return invalid("a list") }
      return .items(listItems(node, field: field, path: path, plugin: plugin, via: via))
    case .section:
      return .invalid
    }
  }

  private mutating func listItems(_ list: Int, field: Schema.Field, path: String, plugin: Plugin, via: Int?) -> [ListItem] {
    var items: [ListItem] = []
    for (index, child) in tree.children(of: list).enumerated() where !stopped {
      let itemPath = "\(path)[\(index)]"
      guard let node = follow(Int(child)) else { continue }
      guard tree.nodes[node].kind == .scalar, !tree.isNull(node) else {
        issue(.invalid, "each item of '\(field.name)' must be text, not \(shape(node))", at: node, path: itemPath, plugin: plugin.uri, via: via)
        continue
      }
      let text = tree.string(node).trimmingBlanks()
      if case .countryList = field.type, !Self.isCountryCode(text) {
        issue(.invalid, "'\(Quote.clipped(text))' is not a two-letter ISO 3166 country code", at: node, path: itemPath, plugin: plugin.uri, via: via)
        continue
      }
      items.append(ListItem(text: text, location: location(node), path: itemPath))
    }
    return items
  }

  static func isCountryCode(_ text: String) -> Bool {
    let scalars = text.unicodeScalars
    return scalars.count == 2 && scalars.allSatisfy { ("A"..."Z").contains($0) || ("a"..."z").contains($0) }
  }
}

extension String {
  /// The text with its last `separator` replaced (for "A, B or C").
  func replacingLast(_ separator: String, with replacement: String) -> String {
    guard let range = ranges(of: separator).last else { return self }
    var result = self
    result.replaceSubrange(range, with: replacement)
    return result
  }
}
