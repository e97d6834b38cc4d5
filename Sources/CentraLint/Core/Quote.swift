/// How messages show values that came from a checked file.
enum Quote {
  /// The value on one line, at most `limit` scalars, with control characters shown as `?`.
  static func clipped(_ value: String, limit: Int = 60) -> String {
    var result = ""
    var count = 0
    for scalar in value.unicodeScalars {
      if count == limit { return result + "…" }
      result.unicodeScalars.append(scalar.value < 0x20 || scalar.value == 0x7F ? "?" : scalar)
      count += 1
    }
    return result
  }
}
