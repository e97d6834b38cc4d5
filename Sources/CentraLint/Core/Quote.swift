/// How messages show values that came from a checked file.
enum Quote {
  /// The value on one line, at most `limit` scalars, with control characters shown as `?`.
  /// A value that looks like a Klarna API key is never shown, wherever it was written.
  static func clipped(_ value: String, limit: Int = 60) -> String {
    // Most values are short printable ASCII without an `@` or a Klarna key: returned as they
    // are, after one look at their bytes.
    var value = value
    let plain = value.withUTF8 { bytes in
      bytes.count <= limit && !bytes.contains { $0 < 0x20 || $0 >= 0x7F || $0 == 0x40 } && !Sensitivity.looksLikeKlarnaKey(bytes)
    }
    if plain { return value }
    // Only the part shown can show a key: a huge value is not searched whole for each message.
    let shownBytes = limit * 4 + 12
    let searched = value.utf8.count <= shownBytes ? value : String(decoding: value.utf8.prefix(shownBytes), as: UTF8.self)
    if Sensitivity.looksLikeKlarnaKey(searched) { return Sensitivity.hidden }
    // A URL's password is hidden before the value is cut: cut first, it would lose its '@' and
    // no longer look like one.
    if searched.utf8.contains(0x40) { value = Sensitivity.redacting(value.utf8.count <= shownBytes + 1024 ? value : String(decoding: value.utf8.prefix(shownBytes + 1024), as: UTF8.self)) }
    // A URL whose user and password run past all that was searched (its `@` further still):
    // what follows the user's `:` may be the password, and is not shown.
    if value.utf8.count > shownBytes + 1024 || (value.utf8.count > shownBytes && !searched.utf8.contains(0x40)) {
      var cut = String(decoding: value.utf8.prefix(shownBytes), as: UTF8.self)
      if let start = cut.withUTF8({ Sensitivity.openPasswordStart(in: $0) }) {
        cut = String(decoding: cut.utf8.prefix(start), as: UTF8.self)
        return clipped(cut, limit: max(limit - Sensitivity.hidden.count, 1)) + Sensitivity.hidden
      }
    }
    if value.utf8.count <= limit, value.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) { return value }
    var result: [UInt8] = []
    var count = 0
    for scalar in value.unicodeScalars {
      if count == limit { return String(decoding: result, as: UTF8.self) + "…" }
      Printable.append(scalar, to: &result)
      count += 1
    }
    return String(decoding: result, as: UTF8.self)
  }
}

extension Finding {
  /// The finding with the texts of `secrets` (the sensitive values of its file or run) and
  /// anything shaped like a Klarna API key or a URL's password in its texts replaced by
  /// `(hidden)`: the last net under every finding, whatever a check put in it.
  func redacted(hiding secrets: SecretTexts = SecretTexts()) -> Finding {
    func hide(_ text: String) -> String { Sensitivity.redacting(secrets.hiding(text)) }
    var copy = self
    copy.message = hide(message)
    copy.path = path.map(hide)
    copy.plugin = plugin.map(hide)
    copy.store = store.map(hide)
    copy.environment = environment.map(hide)
    copy.related = related.map { Related(location: $0.location, message: hide($0.message)) }
    copy.justification = justification.map(hide)
    if let snippet, !secrets.isEmpty { copy.snippet?.text = secrets.masking(snippet.text) }
    return copy
  }
}

extension Quote {
  /// A YAML double-quoted scalar that reads back as `text`, on one line and printable (what
  /// the tool writes as YAML: baselines, the rule tests' flow variants).
  static func yamlDoubleQuoted(_ text: String) -> String {
    var out = "\""
    for scalar in text.unicodeScalars {
      switch scalar {
      case "\"": out += "\\\""
      case "\\": out += "\\\\"
      default:
        if scalar.value < 0x20 || scalar.value == 0x7F || Printable.isUnsafe(scalar) {
          let hex = String(scalar.value, radix: 16, uppercase: true)
          out += scalar.value <= 0xFF ? "\\x" + String(repeating: "0", count: 2 - hex.count) + hex
            : "\\u" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
        } else {
          out.unicodeScalars.append(scalar)
        }
      }
    }
    return out + "\""
  }
}
