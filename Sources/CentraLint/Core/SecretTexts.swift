/// The texts of the sensitive scalars of a file or a run (SPEC §2, Secrets): once a scalar is
/// sensitive, its text of four characters or more is hidden wherever else the tool prints it
/// about that file or run (another scalar, a key, a duplicate-key message, a store name).
///
/// A search looks up a place only when its first byte starts some text (a bitmap), then the
/// lengths of the texts with its first four bytes, each by a hash: many secrets (a big export
/// has one a plugin, all starting `${KLARNA_`) cost no more than one.
public struct SecretTexts: Sendable {
  /// The lengths of the texts (longest first) by their first four bytes.
  private var lengths: [UInt32: [Int]] = [:]
  /// The texts by their hash.
  private var texts: [UInt64: [[UInt8]]] = [:]
  /// The first bytes of the texts.
  private var firstBytes: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)

  /// No secret texts.
  public init() {}

  /// Whether there are none.
  public var isEmpty: Bool { texts.isEmpty }

  /// Adds a sensitive scalar's text, blanks around it trimmed; shorter texts are not searched
  /// for (they would hide common words), the scalar itself is still masked.
  public mutating func insert<Bytes: BidirectionalCollection<UInt8>>(_ text: Bytes) {
    let kept = ExportReader.trimmed(text)
    // A `${NAME}` reference or an all-`*` placeholder says where a secret is, not what it is
    // (a big export has one a plugin: they are passed over before anything is copied).
    guard kept.count >= 4, !CredentialScan.isPlaceholder(kept) else { return }
    let bytes = Array(kept)
    let hash = YAMLTree.hash(bytes)
    if texts[hash]?.contains(bytes) == true { return }
    texts[hash, default: []].append(bytes)
    let head = Self.head(bytes, 0)
    if lengths[head]?.contains(bytes.count) != true {
      lengths[head, default: []].append(bytes.count)
      lengths[head]!.sort(by: >)
    }
    let first = bytes[0]
    switch first >> 6 {
    case 0: firstBytes.0 |= 1 << UInt64(first & 63)
    case 1: firstBytes.1 |= 1 << UInt64(first & 63)
    case 2: firstBytes.2 |= 1 << UInt64(first & 63)
    default: firstBytes.3 |= 1 << UInt64(first & 63)
    }
  }

  /// Adds every text of `other`.
  public mutating func formUnion(_ other: SecretTexts) {
    for group in other.texts.values { for text in group { insert(text) } }
  }

  /// The byte ranges of `bytes` that hold a secret text (the longest at each place), in order.
  func ranges(in bytes: UnsafeBufferPointer<UInt8>) -> [Range<Int>] {
    guard !texts.isEmpty, bytes.count >= 4 else { return [] }
    var result: [Range<Int>] = []
    var index = 0
    while index + 4 <= bytes.count {
      let first = bytes[index]
      let word = first >> 6 == 0 ? firstBytes.0 : first >> 6 == 1 ? firstBytes.1 : first >> 6 == 2 ? firstBytes.2 : firstBytes.3
      guard word >> UInt64(first & 63) & 1 == 1, let candidates = lengths[Self.head(bytes, index)] else {
        index += 1
        continue
      }
      var found = 0
      for length in candidates where index + length <= bytes.count {
        let slice = UnsafeBufferPointer(rebasing: bytes[index..<(index + length)])
        if texts[YAMLTree.hash(slice)]?.contains(where: { $0.elementsEqual(slice) }) == true {
          found = length
          break
        }
      }
      if found > 0 {
        result.append(index..<(index + found))
        index += found
      } else {
        index += 1
      }
    }
    return result
  }

  /// The text with every secret text in it replaced by `(hidden)`.
  public func hiding(_ text: String) -> String {
    guard !texts.isEmpty else { return text }
    var text = text
    var found = text.withUTF8 { ranges(in: $0) }
    // A value cut short in a message (`'C4N4RY-…'`, `Quote.clipped`) no longer holds the whole
    // secret: what stands before the '…' is hidden when a secret starts with it.
    if text.utf8.count >= 7 {
      found += text.withUTF8 { clippedSecrets(in: $0) }
      found.sort { $0.lowerBound < $1.lowerBound }
    }
    guard !found.isEmpty else { return text }
    var bytes = Array(text.utf8)
    var end = Int.max
    for range in found.reversed() where range.upperBound <= end {
      bytes.replaceSubrange(range, with: Sensitivity.hidden.utf8)
      end = range.lowerBound
    }
    return String(decoding: bytes, as: UTF8.self)
  }

  /// The byte ranges of quoted values cut short (`'…'` ending in U+2026) whose text a secret
  /// starts with.
  private func clippedSecrets(in bytes: UnsafeBufferPointer<UInt8>) -> [Range<Int>] {
    var result: [Range<Int>] = []
    var index = 0
    while index + 2 < bytes.count {
      // U+2026 is E2 80 A6.
      guard bytes[index] == 0xE2, bytes[index + 1] == 0x80, bytes[index + 2] == 0xA6 else {
        index += 1
        continue
      }
      var start = index
      while start > 0, bytes[start - 1] != 0x27 { start -= 1 }
      if index - start >= 4 {
        let head = Array(bytes[start..<index])
        if texts.values.contains(where: { $0.contains { $0.starts(with: head) } }) { result.append(start..<index) }
      }
      index += 3
    }
    return result
  }

  /// `text` with every secret text in it replaced by as many `*` as it has characters (for a
  /// source line, whose caret must stay in place).
  func masking(_ text: String) -> String {
    guard !texts.isEmpty else { return text }
    var text = text
    let found = text.withUTF8 { ranges(in: $0) }
    guard !found.isEmpty else { return text }
    var bytes = Array(text.utf8)
    for range in found.reversed() {
      let count = String(decoding: bytes[range], as: UTF8.self).unicodeScalars.count
      bytes.replaceSubrange(range, with: repeatElement(UInt8(ascii: "*"), count: count))
    }
    return String(decoding: bytes, as: UTF8.self)
  }


  private static func head<Bytes: RandomAccessCollection<UInt8>>(_ bytes: Bytes, _ offset: Int) -> UInt32 where Bytes.Index == Int {
    let start = bytes.startIndex + offset
    return UInt32(bytes[start]) | UInt32(bytes[start + 1]) << 8 | UInt32(bytes[start + 2]) << 16 | UInt32(bytes[start + 3]) << 24
  }
}
