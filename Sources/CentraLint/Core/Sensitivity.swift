/// What is sensitive (SPEC §2, Secrets), decided here and nowhere else: every part that shows
/// a value (messages, snippets, reports, error messages) asks this type.
///
/// A value is sensitive when its key contains a credential word (the schema's `sensitiveKeys`:
/// `secret`, `password`, `token`, …; ignoring case and invisible characters, whatever the key's
/// length), when its key is a schema field marked sensitive, when its key is an unknown key
/// whose nearest known key is sensitive (`secrte`), or when it is shaped like a Klarna API key.
/// The YAML layer marks every node such a key holds, and the node an alias there stands for,
/// so every use of a scalar sensitive anywhere is sensitive (`YAMLTree.isSensitive`).
public struct Sensitivity: Sendable {
  /// Credential words, lower case.
  private let words: [[UInt8]]
  /// Known keys (lower case), by length (up to 64), and whether each is sensitive.
  private let known: [[(name: [UInt8], sensitive: Bool)]]
  /// The first bytes of the credential words: most keys hold none, and skip the search.
  private let heads: (UInt64, UInt64)
  /// Every known key, for the nearest-key test of an unknown one.
  private let knownNames: [String]
  /// The sensitive known keys, lower case.
  private let sensitiveNames: [[UInt8]]

  /// Nothing is sensitive by its key (data files); Klarna-shaped values still are.
  public static let none = Sensitivity(words: [], keys: [])

  /// From the credential words and the known keys with their sensitivity.
  public init(words: [String], keys: [(name: String, sensitive: Bool)]) {
    self.words = words.map { Array($0.lowercased().utf8) }.filter { !$0.isEmpty }
    var known = [[(name: [UInt8], sensitive: Bool)]](repeating: [], count: 65)
    for key in keys {
      let name = Array(key.name.lowercased().utf8)
      if name.count <= 64, !known[name.count].contains(where: { $0.name == name }) { known[name.count].append((name, key.sensitive)) }
    }
    self.known = known
    var heads: (UInt64, UInt64) = (0, 0)
    for word in self.words where word[0] < 128 {
      if word[0] < 64 { heads.0 |= 1 << UInt64(word[0]) } else { heads.1 |= 1 << UInt64(word[0] - 64) }
    }
    self.heads = heads
    knownNames = keys.map(\.name)
    sensitiveNames = keys.filter(\.sensitive).map { Array($0.name.lowercased().utf8) }
  }

  /// Whether any key can be sensitive (a data file's reading asks for none).
  var judgesKeys: Bool { !words.isEmpty || !sensitiveNames.isEmpty }

  /// Whether the value of a key with these bytes is sensitive.
  func isSensitiveKey(_ key: UnsafeBufferPointer<UInt8>) -> Bool {
    guard judgesKeys, !key.isEmpty else { return false }
    if containsWord(key) { return true }
    if key.contains(where: { $0 >= 0x80 }) {
      // Invisible characters (zero-width space, soft hyphen, bidi marks, combining marks,
      // fillers) must not hide a word, nor a letter that folds to ASCII (ſ, K).
      var visible: [UInt8] = []
      for scalar in String(decoding: key, as: UTF8.self).unicodeScalars where !Self.isInvisible(scalar) {
        visible.append(contentsOf: String(scalar).uppercased().lowercased().utf8)
      }
      return !visible.isEmpty && visible.withUnsafeBufferPointer { containsWord($0) || isNearSensitive($0) }
    }
    return isNearSensitive(key)
  }

  /// Whether the value of a key is sensitive.
  public func isSensitiveKey(_ key: String) -> Bool {
    var key = key
    return key.withUTF8 { isSensitiveKey($0) }
  }

  /// A known key: its own sensitivity. An unknown key: whether its nearest known key (as
  /// `unknown-field` suggests it) is a sensitive one. The full search runs only for a key within
  /// a few edits of a sensitive key, which few are.
  private func isNearSensitive(_ key: UnsafeBufferPointer<UInt8>) -> Bool {
    if key.count < known.count {
      for candidate in known[key.count] where zip(candidate.name, key).allSatisfy({ $0 == Self.lower($1) }) {
        return candidate.sensitive
      }
    }
    let limit = max(1, min(3, key.count / 3))
    guard key.count <= 64, sensitiveNames.contains(where: { Self.editDistance(key, $0, atMost: limit) }) else { return false }
    guard let nearest = Suggestion.nearest(to: String(decoding: key, as: UTF8.self), in: knownNames) else { return false }
    return sensitiveNames.contains(Array(nearest.lowercased().utf8))
  }

  /// Whether the edit distance of `a` (any case) and `b` (lower case) is at most `limit`;
  /// cheap: no allocation for short keys, and out as soon as the limit is passed.
  private static func editDistance(_ a: UnsafeBufferPointer<UInt8>, _ b: [UInt8], atMost limit: Int) -> Bool {
    guard abs(a.count - b.count) <= limit else { return false }
    var previous = Array(0...b.count), current = [Int](repeating: 0, count: b.count + 1)
    guard !a.isEmpty else { return b.count <= limit }
    for i in 1...a.count {
      current[0] = i
      var best = i
      for j in 1...b.count {
        let cost = lower(a[i - 1]) == b[j - 1] ? 0 : 1
        current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
        best = min(best, current[j])
      }
      if best > limit + 1 { return false }  // transpositions count one edit in `Suggestion`
      swap(&previous, &current)
    }
    return previous[b.count] <= limit + 1
  }

  /// A character that shows nothing: a format control, a combining mark, a filler.
  private static func isInvisible(_ scalar: Unicode.Scalar) -> Bool {
    switch scalar.properties.generalCategory {
    case .format, .nonspacingMark, .enclosingMark, .control: return true
    default: return [0x115F, 0x1160, 0x3164, 0xFFA0, 0x2800, 0x180E].contains(scalar.value)
    }
  }

  @inline(__always)
  private static func lower(_ byte: UInt8) -> UInt8 { byte >= 65 && byte <= 90 ? byte + 32 : byte }

  /// Whether `text` holds a credential word, ignoring ASCII case. Each byte is first looked up
  /// among the words' first bytes: this runs on every key of every export.
  private func containsWord(_ text: UnsafeBufferPointer<UInt8>) -> Bool {
    for start in text.indices {
      let byte = Self.lower(text[start])
      guard byte < 128, (byte < 64 ? heads.0 >> UInt64(byte) : heads.1 >> UInt64(byte - 64)) & 1 == 1 else { continue }
      words: for word in words where word[0] == byte && word.count <= text.count - start {
        for index in 1..<word.count where Self.lower(text[start + index]) != word[index] { continue words }
        return true
      }
    }
    return false
  }
}

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

  /// The text with every Klarna-shaped key replaced by `(hidden)`: the last net under every
  /// finding and error message, whatever put the text there.
  public static func redacting(_ text: String) -> String {
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
  /// The password part of a URL written in `text` (`https://user:PASSWORD@host/…`), if any:
  /// what follows `scheme://user:` up to the `@` of the authority.
  public static func urlPassword(in text: UnsafeBufferPointer<UInt8>) -> ArraySlice<UInt8>? {
    guard text.count >= 7 else { return nil }
    var at = 0
    while at + 2 < text.count {
      guard text[at] == 0x3A, text[at + 1] == 0x2F, text[at + 2] == 0x2F else { at += 1; continue }
      // The authority: up to the next '/', '?', '#' or blank.
      var end = at + 3
      while end < text.count, ![0x2F, 0x3F, 0x23, 0x20, 0x09, 0x0A, 0x0D].contains(text[end]) { end += 1 }
      if let atSign = text[(at + 3)..<end].lastIndex(of: 0x40),
        let colon = text[(at + 3)..<atSign].firstIndex(of: 0x3A), colon + 1 < atSign {
        return Array(text[(colon + 1)..<atSign])[...]
      }
      at = end
    }
    return nil
  }
}
