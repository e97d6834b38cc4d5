/// How messages show values that came from a checked file.
enum Quote {
  /// The value on one line, at most `limit` scalars, with control characters shown as `?`.
  /// A value that looks like a Klarna API key is never shown, wherever it was written.
  static func clipped(_ value: String, limit: Int = 60) -> String {
    if looksSecret(value) { return "(hidden)" }
    // Most values are short printable ASCII: return them as they are, without a copy.
    if value.utf8.count <= limit, value.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) { return value }
    var result = ""
    var count = 0
    for scalar in value.unicodeScalars {
      if count == limit { return result + "…" }
      result.unicodeScalars.append(scalar.value < 0x20 || scalar.value == 0x7F ? "?" : scalar)
      count += 1
    }
    return result
  }

  /// Whether a text holds what looks like a Klarna API key.
  static func looksSecret(_ value: String) -> Bool {
    // Raw bytes, not String search: this runs on every value a message may show, and on every
    // text of every finding.
    var value = value
    return value.withUTF8 { bytes in
      guard bytes.count >= 12 else { return false }
      for start in 0...(bytes.count - 12) where bytes[start] | 0x20 == 0x6B {
        if matches(bytes, at: start, "klarna_live_") || matches(bytes, at: start, "klarna_test_") { return true }
      }
      return false
    }
  }

  /// Whether the 12 bytes at `start` spell `lower` in any case of its ASCII letters.
  private static func matches(_ bytes: UnsafeBufferPointer<UInt8>, at start: Int, _ lower: StaticString) -> Bool {
    for index in 0..<lower.utf8CodeUnitCount {
      let byte = bytes[start + index], expected = lower.utf8Start[index]
      guard byte == expected || (byte >= 65 && byte <= 90 && byte + 32 == expected) else { return false }
    }
    return true
  }
}

extension Finding {
  /// The finding with anything shaped like a Klarna API key in its texts replaced by
  /// `(hidden)`: the last net under every finding, whatever a check put in it.
  func redacted() -> Finding {
    var copy = self
    copy.message = Quote.redacting(message)
    copy.path = path.map(Quote.redacting)
    copy.plugin = plugin.map(Quote.redacting)
    copy.related = related.map { Related(location: $0.location, message: Quote.redacting($0.message)) }
    return copy
  }
}

extension Quote {
  /// The text with every `klarna_live_…`/`klarna_test_…` token (any case) replaced.
  static func redacting(_ text: String) -> String {
    guard looksSecret(text) else { return text }
    var scalars = Array(text.unicodeScalars)
    let lower = Array(text.lowercased().unicodeScalars)
    guard lower.count == scalars.count else { return "(hidden)" }
    var result = String.UnicodeScalarView()
    var index = 0
    while index < scalars.count {
      let rest = lower[index...]
      if rest.starts(with: "klarna_live_".unicodeScalars) || rest.starts(with: "klarna_test_".unicodeScalars) {
        result.append(contentsOf: "(hidden)".unicodeScalars)
        while index < scalars.count, !" \t\n\"',}]#".unicodeScalars.contains(scalars[index]) { index += 1 }
      } else {
        result.append(scalars[index])
        index += 1
      }
    }
    scalars.removeAll()
    return String(result)
  }
}
