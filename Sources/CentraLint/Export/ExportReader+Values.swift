/// Reading one value by its schema type; a wrong one is an `invalid` issue and `.invalid`.
extension ExportReader {
  /// A value reached through an alias is read once for each field it is read as: its other
  /// uses share the value and repeat its issues (at the same place, each with its alias), so a
  /// huge value behind many aliases costs its size once.
  mutating func typedValue(_ node: Int, field: Schema.Field, sensitive: Bool, pluginIndex: Int, via: Int?) -> FieldValue {
    guard let via else { return readValue(node, field: field, sensitive: sensitive, pluginIndex: pluginIndex, via: nil) }
    let key = AliasedValue(node: node, slot: field.slot)
    if let known = aliased[key] {
      for var repeated in known.issues {
        repeated.related = [Finding.Related(location: location(via), message: "brought in by this alias")]
        repeated.path = repeated.path.map { FieldPath($0).inPlugin(pluginIndex).text }
        repeated.document = document.index
        document.issues.append(repeated)
      }
      return known.value
    }
    let before = document.issues.count
    let value = readValue(node, field: field, sensitive: sensitive, pluginIndex: pluginIndex, via: via)
    aliased[key] = (value, Array(document.issues[before...]))
    return value
  }

  private mutating func readValue(_ node: Int, field: Schema.Field, sensitive: Bool, pluginIndex: Int, via: Int?) -> FieldValue {
    if tree.isEmpty(node) { return .absent }
    var path: String { FieldPath.plugin(pluginIndex).field(field.fullName).text }
    let kind = tree.nodes[node].kind
    // Only text values become Strings; yes-no, choices and labels are matched on the bytes.
    var text: String { kind == .scalar ? tree.string(node) : "" }
    let bytes = kind == .scalar ? tree.scalarBytes(node) : []
    // A sensitive value is never quoted, whatever is wrong with it.
    func invalid(_ expected: String) -> FieldValue {
      let shown = kind != .scalar ? shape(node) : sensitive ? "the value given" : "'\(Quote.clipped(text))'"
      issue(.invalid, IssueText("valueMessage", ["field": field.name, "expected": expected, "shown": shown]), at: node, path: path, via: via)
      return .invalid
    }
    switch field.type {
    case .text:
      return kind == .scalar ? .text(text) : invalid("text")
    case .yesNo(let also):
      if kind == .scalar {
        if let yes = Self.yesNo(bytes) { return .yesNo(yes) }
        if let match = Self.choice(bytes, in: also) { return .choice(match) }
      }
      return invalid((["Yes", "No"] + also).joined(separator: ", ").replacingLast(", ", with: " or "))
    case .choice(let values):
      if kind == .scalar, let match = Self.choice(bytes, in: values) { return .choice(match) }
      return invalid("one of " + values.joined(separator: ", "))
    case .endpoint:
      if kind == .scalar, let endpoint = tables.endpoint(bytes) { return .endpoint(spelling(of: endpoint, bytes)) }
      return invalid("one of " + tables.endpoints.map(\.label).joined(separator: ", ") + " or a Klarna API URL")
    case .textList, .countryList:
      guard kind == .sequence else { return invalid("a list") }
      return .items(listItems(node, field: field, pluginIndex: pluginIndex, via: via))
    case .section:
      return .invalid
    }
  }

  /// The endpoint as written, for messages: the table's own when it is written as its label
  /// (no allocation), else one spelling per document and text.
  private mutating func spelling(of endpoint: KlarnaTables.Endpoint, _ bytes: ArraySlice<UInt8>) -> KlarnaTables.Endpoint {
    let trimmed = bytes.drop { $0 == 0x20 || $0 == 0x09 }.reversed().drop { $0 == 0x20 || $0 == 0x09 }.reversed()
    if trimmed.elementsEqual(endpoint.label.utf8) { return endpoint }
    let written = String(decoding: trimmed, as: UTF8.self)
    if let known = spellings[written], known == endpoint { return known }
    let spelled = endpoint.spelled(written)
    spellings[written] = spelled
    return spelled
  }

  private mutating func listItems(_ list: Int, field: Schema.Field, pluginIndex: Int, via: Int?) -> [ListItem] {
    var items: [ListItem] = []
    items.reserveCapacity(tree.children(of: list).count)
    for (index, child) in tree.children(of: list).enumerated() where !stopped {
      var itemPath: String { FieldPath.plugin(pluginIndex).field(field.fullName).item(index).text }
      guard let node = follow(Int(child)) else { continue }
      guard tree.nodes[node].kind == .scalar, !tree.isNull(node) else {
        issue(.invalid, IssueText("itemShapeMessage", ["field": field.name, "shape": shape(node)]), at: node, path: itemPath, via: via)
        continue
      }
      let text = tree.string(node).trimmingBlanks()
      if case .countryList = field.type, !Self.isCountryCode(text) {
        let shown = tree.isSensitive(Int(child)) || tree.isSensitive(node) ? "the value given" : "'\(Quote.clipped(text))'"
        issue(.invalid, IssueText("countryMessage", ["shown": shown]), at: node, path: itemPath, via: via)
        continue
      }
      items.append(ListItem(text: text, index: Int32(index), line: tree.nodes[node].line, column: tree.nodes[node].column))
    }
    return items
  }

  /// Yes/No/true/false in any case (blanks around ignored), or nil: how the schema reads a
  /// yes-no field, asked by every part that must read Yes/No the same way.
  static func yesNo<Bytes: BidirectionalCollection<UInt8>>(_ bytes: Bytes) -> Bool? {
    let word = trimmed(bytes)
    func equals(_ candidate: StaticString) -> Bool {
      word.count == candidate.utf8CodeUnitCount
        && zip(word, UnsafeBufferPointer(start: candidate.utf8Start, count: candidate.utf8CodeUnitCount))
          .allSatisfy { ($0 | 0x20) == $1 }
    }
    if equals("yes") || equals("true") { return true }
    if equals("no") || equals("false") { return false }
    return nil
  }

  /// The value of `values` that the bytes spell, ignoring case and blanks around them.
  static func choice(_ bytes: ArraySlice<UInt8>, in values: [String]) -> String? {
    let word = trimmed(bytes)
    for value in values where value.utf8.count == word.count {
      if zip(value.utf8, word).allSatisfy({ lower($0) == lower($1) }) { return value }
    }
    return nil
  }

  /// The bytes without blanks (space, tab, line breaks) around them.
  static func trimmed<Bytes: BidirectionalCollection<UInt8>>(_ bytes: Bytes) -> Bytes.SubSequence {
    func blank(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D }
    guard let first = bytes.firstIndex(where: { !blank($0) }), let last = bytes.lastIndex(where: { !blank($0) }) else {
      return bytes[bytes.startIndex..<bytes.startIndex]
    }
    return bytes[first...last]
  }

  @inline(__always) static func lower(_ byte: UInt8) -> UInt8 { byte >= 65 && byte <= 90 ? byte + 32 : byte }

  static func isCountryCode(_ text: String) -> Bool {
    let bytes = text.utf8
    return bytes.count == 2 && bytes.allSatisfy { ($0 | 0x20) >= 0x61 && ($0 | 0x20) <= 0x7A }
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
