/// The texts of the sensitive scalars of a file or a run (SPEC §2, Secrets): once a scalar is
/// sensitive, its text of four characters or more is hidden wherever else the tool prints it
/// about that file or run (another scalar, a key, a duplicate-key message, a store name).
///
/// Texts are found by their first four bytes, so a search costs one table look-up per byte of
/// what is searched, however many secrets there are; an empty set costs nothing.
public struct SecretTexts: Sendable {
  /// Texts by their first four bytes.
  private var byHead: [UInt32: [[UInt8]]] = [:]

  /// No secret texts.
  public init() {}

  /// Whether there are none.
  public var isEmpty: Bool { byHead.isEmpty }

  /// Adds a sensitive scalar's text, blanks around it trimmed; shorter texts are not searched
  /// for (they would hide common words), the scalar itself is still masked.
  public mutating func insert<Bytes: Collection<UInt8>>(_ text: Bytes) {
    var bytes = Array(text.drop { Self.isBlank($0) })
    while let last = bytes.last, Self.isBlank(last) { bytes.removeLast() }
    guard bytes.count >= 4 else { return }
    let head = Self.head(bytes, 0)
    if byHead[head]?.contains(bytes) == true { return }
    byHead[head, default: []].append(bytes)
  }

  /// Adds every text of `other`.
  public mutating func formUnion(_ other: SecretTexts) {
    for texts in other.byHead.values { for text in texts { insert(text) } }
  }

  /// The byte ranges of `bytes` that hold a secret text (the longest at each place), in order.
  func ranges(in bytes: UnsafeBufferPointer<UInt8>) -> [Range<Int>] {
    guard !byHead.isEmpty, bytes.count >= 4 else { return [] }
    var result: [Range<Int>] = []
    var index = 0
    while index + 4 <= bytes.count {
      var longest = 0
      for text in byHead[Self.head(bytes, index)] ?? [] where text.count > longest && index + text.count <= bytes.count {
        if (0..<text.count).allSatisfy({ bytes[index + $0] == text[$0] }) { longest = text.count }
      }
      if longest > 0 {
        result.append(index..<(index + longest))
        index += longest
      } else {
        index += 1
      }
    }
    return result
  }

  /// The text with every secret text in it replaced by `(hidden)`.
  public func hiding(_ text: String) -> String {
    guard !byHead.isEmpty else { return text }
    var text = text
    let found = text.withUTF8 { ranges(in: $0) }
    guard !found.isEmpty else { return text }
    var bytes = Array(text.utf8)
    for range in found.reversed() { bytes.replaceSubrange(range, with: "(hidden)".utf8) }
    return String(decoding: bytes, as: UTF8.self)
  }

  private static func isBlank(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D }

  private static func head<Bytes: RandomAccessCollection<UInt8>>(_ bytes: Bytes, _ offset: Int) -> UInt32 where Bytes.Index == Int {
    let start = bytes.startIndex + offset
    return UInt32(bytes[start]) | UInt32(bytes[start + 1]) << 8 | UInt32(bytes[start + 2]) << 16 | UInt32(bytes[start + 3]) << 24
  }
}
