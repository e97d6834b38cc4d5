/// How messages show values that came from a checked file.
enum Quote {
  /// The value on one line, at most `limit` scalars, with control characters shown as `?`.
  /// A value that looks like a Klarna API key is never shown, wherever it was written.
  static func clipped(_ value: String, limit: Int = 60) -> String {
    if looksSecret(value) { return "(hidden)" }
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
    let lower = value.lowercased()
    return lower.contains("klarna_live_") || lower.contains("klarna_test_")
  }
}
