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
    holdsKlarnaKey(bytes, orByte: nil)
  }

  /// Whether `bytes` hold a Klarna key, or `byte` when one is given: one pass, eight bytes at
  /// a time, looking at a place only where a `_` has a `k` or `K` six bytes before it (the
  /// `klarna_` of a key), which few places have. This runs over every value of every export.
  static func holdsKlarnaKey(_ bytes: UnsafeBufferPointer<UInt8>, orByte byte: UInt8?) -> Bool {
    let count = bytes.count
    guard let base = bytes.baseAddress else { return false }
    if let byte, bytes.prefix(6).contains(byte) { return true }
    func isKey(_ underscore: Int) -> Bool { underscore + 6 <= count && prefix(bytes, at: underscore - 6) != nil }
    var index = 6
    let raw = UnsafeRawPointer(base)
    let searched = ByteScan.word(of: byte ?? 0x5F), underscores = ByteScan.word(of: 0x5F), ks = ByteScan.word(of: 0x6B)
    while index + 8 <= count {
      let word = raw.loadUnaligned(fromByteOffset: index, as: UInt64.self)
      let back = raw.loadUnaligned(fromByteOffset: index - 6, as: UInt64.self) | ByteScan.word(of: 0x20)
      if byte != nil, ByteScan.zeroLanes(word ^ searched) != 0 { return true }
      var candidates = ByteScan.zeroLanes(word ^ underscores) & ByteScan.zeroLanes(back ^ ks)
      while candidates != 0 {
        if isKey(index + candidates.trailingZeroBitCount / 8) { return true }
        candidates &= candidates - 1
      }
      index += 8
    }
    while index < count {
      if let byte, bytes[index] == byte { return true }
      if bytes[index] == 0x5F, bytes[index - 6] | 0x20 == 0x6B, isKey(index) { return true }
      index += 1
    }
    return false
  }

  /// A Klarna API key's kind: `klarna_live_…` or `klarna_test_…`.
  enum KlarnaKey: Sendable, Equatable { case live, test }

  /// The one Klarna-key scanner (SPEC §2: a Klarna-shaped value is sensitive wherever it is
  /// written): each key from its `klarna_live_`/`klarna_test_` prefix (any case) to the first
  /// blank, quote, `,`, `}`, `]` or `#`, with its kind. `text` holds bytes or scalar values.
  static func klarnaKeys<Text: RandomAccessCollection>(in text: Text, first: Bool = false) -> [(range: Range<Int>, kind: KlarnaKey)]
  where Text.Element: BinaryInteger, Text.Index == Int {
    guard text.count >= 12 else { return [] }
    var found: [(range: Range<Int>, kind: KlarnaKey)] = []
    var start = text.startIndex
    while start <= text.endIndex - 12 {
      guard text[start] | 0x20 == 0x6B, let kind = prefix(text, at: start) else {
        start += 1
        continue
      }
      var end = start + 12
      while end < text.endIndex, !isKeyEnd(text[end]) { end += 1 }
      found.append((start..<end, kind))
      if first { break }
      start = end
    }
    return found
  }

  /// The kind of the `klarna_…_` prefix at `start`, if one is there.
  private static func prefix<Text: RandomAccessCollection>(_ text: Text, at start: Int) -> KlarnaKey?
  where Text.Element: BinaryInteger, Text.Index == Int {
    let head: StaticString = "klarna_"
    for index in 0..<7 where lowered(text[start + index]) != head.utf8Start[index] { return nil }
    let rest = (lowered(text[start + 7]), lowered(text[start + 8]), lowered(text[start + 9]), lowered(text[start + 10]), text[start + 11])
    if rest == (0x6C, 0x69, 0x76, 0x65, 0x5F) { return .live }  // live_
    if rest == (0x74, 0x65, 0x73, 0x74, 0x5F) { return .test }  // test_
    return nil
  }

  private static func lowered<Value: BinaryInteger>(_ value: Value) -> UInt8 {
    guard value < 128 else { return 0xFF }
    let byte = UInt8(value)
    return byte >= 65 && byte <= 90 ? byte + 32 : byte
  }

  private static func isKeyEnd<Value: BinaryInteger>(_ value: Value) -> Bool {
    guard value < 128 else { return false }
    switch UInt8(value) {
    case 0x20, 0x09, 0x0A, 0x0D, 0x22, 0x27, 0x2C, 0x7D, 0x5D, 0x23: return true
    default: return false
    }
  }

  /// The text with every Klarna-shaped key and every URL's password replaced by `(hidden)`:
  /// the last net under every finding and error message, whatever put the text there.
  public static func redacting(_ text: String) -> String {
    var text = text
    let passwords = text.withUTF8 { urlPasswordRanges(in: $0) }
    if !passwords.isEmpty {
      var bytes = Array(text.utf8)
      for range in passwords.reversed() { bytes.replaceSubrange(range, with: Sensitivity.hidden.utf8) }
      text = String(decoding: bytes, as: UTF8.self)
    }
    // A key's prefix is ASCII: bytes tell whether there is one, and only then are the
    // scalars (by which the key's end is found) worked out. Every text of every finding
    // passes here.
    guard text.withUTF8({ looksLikeKlarnaKey($0) }) else { return text }
    let scalars = text.unicodeScalars.map(\.value)
    let keys = klarnaKeys(in: scalars)
    guard !keys.isEmpty else { return text }
    // The bytes between the keys, copied in one pass (a scalar appended to a String's
    // scalars took hundreds of instructions; dropping from the front of the view for each
    // key walked it from its start again).
    var bytes: [UInt8] = []
    bytes.reserveCapacity(text.utf8.count)
    var next = 0
    for (position, scalar) in text.unicodeScalars.enumerated() {
      if next < keys.count, position >= keys[next].range.lowerBound {
        if position == keys[next].range.lowerBound { bytes += Sensitivity.hidden.utf8 }
        if position + 1 == keys[next].range.upperBound { next += 1 }
        continue
      }
      bytes += scalar.utf8
    }
    return String(decoding: bytes, as: UTF8.self)
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
      guard isSchemeSeparator(bytes, at: index) else {
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

  /// Where a URL's password may start in `bytes` when the text was cut before its `@`: after
  /// `scheme://user:`, with no path, query, fragment, blank or `@` before the cut. Nil when no
  /// URL's user and password run to the end.
  static func openPasswordStart(in bytes: UnsafeBufferPointer<UInt8>) -> Int? {
    var index = 1
    while index + 2 < bytes.count {
      guard isSchemeSeparator(bytes, at: index) else {
        index += 1
        continue
      }
      var at = index + 3, colon: Int?
      while at < bytes.count, !endsUser(bytes[at]) {
        if bytes[at] == 0x3A, colon == nil { colon = at }
        at += 1
      }
      if at == bytes.count, let colon { return colon + 1 }
      index = at
    }
    return nil
  }

  /// Whether the `://` of a URL is at `index` (after a scheme's letter; `index` is at least 1 and
  /// at most three bytes from the end).
  private static func isSchemeSeparator(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> Bool {
    bytes[index] == 0x3A && bytes[index + 1] == 0x2F && bytes[index + 2] == 0x2F && isSchemeByte(bytes[index - 1])
  }

  /// Whether bytes hold what is secret by its shape wherever it is written: a Klarna key or a
  /// URL's password.
  static func holdsSecretShape(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
    looksLikeKlarnaKey(bytes) || (ByteScan.contains(0x40, in: bytes) && !urlPasswordRanges(in: bytes, first: true).isEmpty)
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
