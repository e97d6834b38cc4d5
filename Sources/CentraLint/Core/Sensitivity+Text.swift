extension Sensitivity {
  /// Whether a text holds what looks like a Klarna API key (`klarna_live_…`, `klarna_test_…`,
  /// any case): sensitive wherever it is written.
  public static func looksLikeKlarnaKey(_ value: String) -> Bool {
    // Raw bytes, not String search: this runs on every value a message may show, and on every
    // text of every finding.
    var value = value
    return value.withUTF8(looksLikeKlarnaKey)
  }

  /// Whether bytes hold what looks like a Klarna API key.
  static func looksLikeKlarnaKey(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
    guard bytes.count >= 12 else { return false }
    for start in 0...(bytes.count - 12) where bytes[start] | 0x20 == 0x6B {
      if matches(bytes, at: start, "klarna_live_") || matches(bytes, at: start, "klarna_test_") { return true }
    }
    return false
  }

  /// Whether the 12 bytes at `start` spell `lower` in any case of its ASCII letters.
  private static func matches(_ bytes: UnsafeBufferPointer<UInt8>, at start: Int, _ lower: StaticString) -> Bool {
    for index in 0..<lower.utf8CodeUnitCount where Self.lower(bytes[start + index]) != lower.utf8Start[index] { return false }
    return true
  }

  /// The text with every Klarna-shaped key and every URL's password replaced by `(hidden)`:
  /// the last net under every finding and error message, whatever put the text there.
  public static func redacting(_ text: String) -> String {
    var text = text
    let passwords = text.withUTF8 { urlPasswordRanges(in: $0) }
    if !passwords.isEmpty {
      var bytes = Array(text.utf8)
      for range in passwords.reversed() { bytes.replaceSubrange(range, with: "(hidden)".utf8) }
      text = String(decoding: bytes, as: UTF8.self)
    }
    guard looksLikeKlarnaKey(text) else { return text }
    let scalars = Array(text.unicodeScalars)
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
    return String(result)
  }
}

extension Sensitivity {
  /// Where `text` holds the password of a URL (`https://user:PASSWORD@host/…`), the first one;
  /// nil when it holds none. The one definition of a URL's password: masks hide it, and the
  /// rules that flag a literal credential ask the same. A host's port (`host:8443/…`) is no
  /// password; a password may hold `@`, `/`, `?` or `#` as people write them.
  public static func urlPasswordRange(in text: String) -> Range<String.Index>? {
    var text = text
    guard let range = text.withUTF8({ urlPasswordRanges(in: $0, first: true).first }) else { return nil }
    let utf8 = text.utf8
    return utf8.index(utf8.startIndex, offsetBy: range.lowerBound)..<utf8.index(utf8.startIndex, offsetBy: range.upperBound)
  }

  /// The byte ranges of every URL password in `bytes` (or the first one).
  static func urlPasswordRanges(in bytes: UnsafeBufferPointer<UInt8>, first: Bool = false) -> [Range<Int>] {
    var ranges: [Range<Int>] = []
    var index = 1
    while index + 2 < bytes.count {
      guard bytes[index] == 0x3A, bytes[index + 1] == 0x2F, bytes[index + 2] == 0x2F, isSchemeByte(bytes[index - 1]) else {
        index += 1
        continue
      }
      index += 3
      guard let password = password(in: bytes, authority: index) else { continue }
      ranges.append(password)
      if first { break }
      index = password.upperBound
    }
    return ranges
  }

  /// The password of the URL whose authority starts at `start`: after the user's `:`, up to
  /// the last `@` before the path that follows the first `@`.
  private static func password(in bytes: UnsafeBufferPointer<UInt8>, authority start: Int) -> Range<Int>? {
    var colon = start
    while colon < bytes.count, bytes[colon] != 0x3A {
      if endsUser(bytes[colon]) { return nil }
      colon += 1
    }
    guard colon < bytes.count else { return nil }
    var end = colon + 1, firstAt: Int?
    while end < bytes.count, !endsURL(bytes[end]) {
      if bytes[end] == 0x40, firstAt == nil { firstAt = end }
      if firstAt != nil, bytes[end] == 0x2F || bytes[end] == 0x3F || bytes[end] == 0x23 { break }
      end += 1
    }
    guard firstAt != nil, let at = (colon + 1..<end).last(where: { bytes[$0] == 0x40 }), at > colon + 1 else { return nil }
    // `host:8443/path?to=a@b` is a port, not a password.
    var digit = colon + 1
    while digit < at, bytes[digit] >= 0x30, bytes[digit] <= 0x39 { digit += 1 }
    if digit < at, bytes[digit] == 0x2F || bytes[digit] == 0x3F || bytes[digit] == 0x23 { return nil }
    return (colon + 1)..<at
  }

  private static func isSchemeByte(_ byte: UInt8) -> Bool {
    (byte | 0x20 >= 0x61 && byte | 0x20 <= 0x7A) || (byte >= 0x30 && byte <= 0x39) || byte == 0x2B || byte == 0x2D || byte == 0x2E
  }

  /// What cannot be in a URL's user name: the path, query or fragment starts, or the URL ends.
  private static func endsUser(_ byte: UInt8) -> Bool {
    byte == 0x2F || byte == 0x3F || byte == 0x23 || byte == 0x40 || endsURL(byte)
  }

  /// A blank, a quote or an angle bracket ends a URL written in text.
  private static func endsURL(_ byte: UInt8) -> Bool {
    byte <= 0x20 || byte == 0x22 || byte == 0x27 || byte == 0x3C || byte == 0x3E || byte == 0x60 || byte == 0x7F
  }
}
