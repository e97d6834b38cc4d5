/// What is sensitive (SPEC §2, Secrets), decided here and nowhere else: every part that shows
/// a value (messages, snippets, reports, error messages) asks this type.
///
/// A value is sensitive when its key contains a credential word (the schema's `sensitiveKeys`:
/// `secret`, `password`, `token`, …; ignoring case, `_`, `-`, `.`, spaces and invisible
/// characters, whatever the key's length) or a misspelling at one edit of a word of six letters
/// or more (`apiPasword`, `mySecert`), when its key is a schema field marked sensitive, when its
/// key is an unknown key whose nearest known key is sensitive (`secrte`), when it is inside such
/// a key's mapping or list, or when it is shaped like a Klarna API key. The password part of a
/// URL is sensitive wherever the URL is written (`urlPasswordRange(in:)`).
/// The YAML layer marks every node such a key holds, and the node an alias there stands for,
/// so every use of a scalar sensitive anywhere is sensitive (`YAMLTree.isSensitive`).
public struct Sensitivity: Sendable {
  /// Credential words, lower case, without separators (`api_key` and `api-key` are `apikey`).
  let words: [[UInt8]]
  /// The words of six letters or more, which a misspelling at one edit still names.
  let longWords: [[UInt8]]
  /// Known keys (lower case) and whether each is sensitive by any test.
  private var known = KnownKeys()
  /// The first bytes of the credential words: most keys hold none, and skip the search.
  let heads: (UInt64, UInt64)
  /// Every known key, for the nearest-key test of an unknown one.
  private let knownNames: [String]
  /// The sensitive known keys, lower case.
  private let sensitiveNames: [[UInt8]]

  /// What every output shows in place of a sensitive value: written here only.
  public static let hidden = "(hidden)"

  /// Nothing is sensitive by its key (data files); Klarna-shaped values still are.
  public static let none = Sensitivity(words: [], keys: [])

  /// From the credential words and the known keys with their sensitivity.
  public init(words: [String], keys: [(name: String, sensitive: Bool)]) {
    var normalized: [[UInt8]] = []
    for word in words {
      let bytes = Array(word.lowercased().utf8).filter { !Self.isSeparator($0) }
      if !bytes.isEmpty, !normalized.contains(bytes) { normalized.append(bytes) }
    }
    self.words = normalized
    longWords = normalized.filter { $0.count >= 6 }
    var heads: (UInt64, UInt64) = (0, 0)
    for word in normalized where word[0] < 128 {
      if word[0] < 64 { heads.0 |= 1 << UInt64(word[0]) } else { heads.1 |= 1 << UInt64(word[0] - 64) }
    }
    self.heads = heads
    knownNames = keys.map(\.name)
    sensitiveNames = keys.filter(\.sensitive).map { Array($0.name.lowercased().utf8) }
    // A known key's answer is worked out once, here: the common path is a table look-up.
    for key in keys {
      let name = Array(key.name.lowercased().utf8)
      let sensitive = key.sensitive || name.withUnsafeBufferPointer { containsWord($0) || containsNearWord($0) }
      known.insert(name, sensitive: sensitive)
    }
  }

  /// Whether any key can be sensitive (a data file's reading asks for none).
  var judgesKeys: Bool { !words.isEmpty || !sensitiveNames.isEmpty }

  /// Whether the value of a key with these bytes is sensitive. A known key is looked up; only
  /// another key is searched for words.
  func isSensitiveKey(_ key: UnsafeBufferPointer<UInt8>) -> Bool {
    guard judgesKeys, !key.isEmpty else { return false }
    if let known = knownKey(key) { return known }
    if containsWord(key) || containsNearWord(key) { return true }
    if key.contains(where: { $0 >= 0x80 }) {
      // Invisible characters (zero-width space, soft hyphen, bidi marks, combining marks,
      // fillers) must not hide a word, nor a letter that folds to ASCII (ſ, K).
      // A letter that looks like an ASCII one (Cyrillic 'а' in `pаssword`) is read as that
      // letter, and any other character counts as one letter, so a misspelling by it is one edit.
      var visible: [UInt8] = []
      for scalar in String(decoding: key, as: UTF8.self).unicodeScalars where !Self.isInvisible(scalar) {
        if let ascii = Self.lookalikes[scalar.value] {
          visible.append(ascii)
          continue
        }
        let folded = Array(String(scalar).uppercased().lowercased().utf8)
        visible.append(contentsOf: folded.allSatisfy { $0 < 0x80 } ? folded : [0x80])
      }
      return !visible.isEmpty && visible.withUnsafeBufferPointer {
        knownKey($0) ?? (containsWord($0) || containsNearWord($0) || isNearSensitive($0))
      }
    }
    return isNearSensitive(key)
  }

  /// Whether the value of a key is sensitive: the test every part of the tool asks, a
  /// misspelt credential word included.
  public func isSensitiveKey(_ key: String) -> Bool {
    var key = key
    return key.withUTF8 { isSensitiveKey($0) }
  }

  /// Whether a key is a field the schema knows, ignoring ASCII case (known keys are never
  /// secrets themselves, so text the parser did not finish may show them).
  func isKnownKey(_ key: UnsafeBufferPointer<UInt8>) -> Bool { knownKey(key) != nil }

  /// Whether a known key's value is sensitive; nil for a key the schema does not know.
  private func knownKey(_ key: UnsafeBufferPointer<UInt8>) -> Bool? { known.sensitivity(of: key) }

  /// An unknown key: whether its nearest known key (as `unknown-field` suggests it) is a
  /// sensitive one. The full search runs only for a key within a few edits of a sensitive key,
  /// which few are.
  private func isNearSensitive(_ key: UnsafeBufferPointer<UInt8>) -> Bool {
    let limit = max(1, min(3, key.count / 3))
    guard key.count <= 64, sensitiveNames.contains(where: { Self.editDistance(key, $0, atMost: limit) }) else { return false }
    guard let nearest = Suggestion.nearest(to: String(decoding: key, as: UTF8.self), in: knownNames) else { return false }
    return sensitiveNames.contains(Array(nearest.lowercased().utf8))
  }

  /// Whether the edit distance of `a` (any case) and `b` (lower case) is at most `limit`;
  /// cheap: no allocation for short keys, and out as soon as the limit is passed.
  private static func editDistance(_ a: UnsafeBufferPointer<UInt8>, _ b: [UInt8], atMost limit: Int) -> Bool {
    guard abs(a.count - b.count) <= limit else { return false }
    var previous = Array(0...b.count), current = [Int](filling: 0, count: b.count + 1)
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

  /// Letters of other scripts that are drawn like a lower-case ASCII letter (Cyrillic and
  /// Greek), by code point.
  static let lookalikes: [UInt32: UInt8] = {
    let pairs: [(String, Character)] = [
      ("аАɑα", "a"), ("еЕеεЕ", "e"), ("оОοΟ", "o"), ("рРρΡ", "p"), ("сСϲ", "c"), ("ѕЅ", "s"), ("іІΙι", "i"),
      ("јЈ", "j"), ("хХχΧ", "x"), ("уУγ", "y"), ("кКκΚ", "k"), ("тТτΤ", "t"), ("ԁ", "d"), ("һ", "h"),
      ("ԝѡ", "w"), ("ոν", "v"), ("ΝΗ", "n"), ("ΒВ", "b"), ("МΜ", "m"), ("ΖΖ", "z"),
    ]
    var table: [UInt32: UInt8] = [:]
    for (letters, ascii) in pairs { for scalar in letters.unicodeScalars { table[scalar.value] = ascii.asciiValue! } }
    return table
  }()

  /// A character that shows nothing: a format control, a combining mark, a filler.
  private static func isInvisible(_ scalar: Unicode.Scalar) -> Bool {
    switch scalar.properties.generalCategory {
    case .format, .nonspacingMark, .enclosingMark, .control: return true
    default: return [0x115F, 0x1160, 0x3164, 0xFFA0, 0x2800, 0x180E].contains(scalar.value)
    }
  }

  @inline(__always)
  static func lower(_ byte: UInt8) -> UInt8 { byte >= 65 && byte <= 90 ? byte + 32 : byte }
}

/// The known keys, ASCII letters in lower case, in an open-addressed hash table: every key of
/// every export is looked up here. The hash reads four things of a key (its length, first,
/// middle and last byte) and the comparison eight bytes at a time, lowering ASCII capitals in
/// all eight at once; the names are one run of bytes, so a look-up touches no array of arrays.
private struct KnownKeys: Sendable {
  /// Every name in lower case, one after another, with eight spare bytes at the end (a
  /// comparison reads whole words).
  private var bytes = [UInt8](filling: 0, count: 8)
  /// A power of two long, at most a quarter full.
  private var slots = [Slot](filling: Slot(), count: 16)

  private struct Slot: Sendable {
    var start: Int32 = 0
    /// -1: an empty slot.
    var count: Int32 = -1
    var sensitive = false
  }

  /// A hash that ignores ASCII case (bit 5 of each byte read).
  @inline(__always)
  private static func hash(_ key: UnsafeBufferPointer<UInt8>) -> Int {
    guard !key.isEmpty else { return 0 }
    let first = Int(key[0] | 0x20), middle = Int(key[key.count / 2] | 0x20), last = Int(key[key.count - 1] | 0x20)
    return (key.count &* 0x9E37) ^ (first &* 0x2C9) ^ (middle &* 0x61) ^ (last << 11) ^ (last >> 3)
  }

  /// `word` with the ASCII capitals of its eight bytes in lower case (bytes of 0x80 and more
  /// as they are).
  @inline(__always)
  private static func lowered(_ word: UInt64) -> UInt64 {
    let ascii = word & 0x7F7F_7F7F_7F7F_7F7F
    let fromA = ascii &+ 0x3F3F_3F3F_3F3F_3F3F  // high bit: at least 'A'
    let pastZ = ascii &+ 0x2525_2525_2525_2525  // high bit: past 'Z'
    let capitals = fromA & ~pastZ & ~word & 0x8080_8080_8080_8080
    return word | (capitals >> 2)
  }

  /// Whether `key`, any case, is the name at `start` (lower case).
  @inline(__always)
  private static func same(_ key: UnsafeBufferPointer<UInt8>, _ names: UnsafeBufferPointer<UInt8>, at start: Int) -> Bool {
    var index = 0
    let keyBase = UnsafeRawPointer(key.baseAddress!), nameBase = UnsafeRawPointer(names.baseAddress! + start)
    while index + 8 <= key.count {
      let word = lowered(keyBase.loadUnaligned(fromByteOffset: index, as: UInt64.self))
      guard word == nameBase.loadUnaligned(fromByteOffset: index, as: UInt64.self) else { return false }
      index += 8
    }
    while index < key.count {
      guard Sensitivity.lower(key[index]) == names[start + index] else { return false }
      index += 1
    }
    return true
  }

  /// The slot of `key`, or the empty slot where it would go.
  private static func slot(of key: UnsafeBufferPointer<UInt8>, in slots: UnsafeBufferPointer<Slot>, names: UnsafeBufferPointer<UInt8>) -> Int {
    let mask = slots.count - 1
    var at = hash(key) & mask
    while slots[at].count >= 0 {
      if Int(slots[at].count) == key.count, same(key, names, at: Int(slots[at].start)) { return at }
      at = (at + 1) & mask
    }
    return at
  }

  /// Adds a key (lower case) unless it is there already.
  mutating func insert(_ name: [UInt8], sensitive: Bool) {
    guard !name.isEmpty, name.withUnsafeBufferPointer({ sensitivity(of: $0) }) == nil else { return }
    var entries = slots.filter { $0.count >= 0 }
    entries.append(Slot(start: Int32(bytes.count - 8), count: Int32(name.count), sensitive: sensitive))
    bytes.removeLast(8)
    bytes += name
    bytes += [UInt8](filling: 0, count: 8)
    var size = slots.count
    while entries.count * 4 > size { size *= 2 }
    slots = [Slot](filling: Slot(), count: size)
    let table = bytes
    for entry in entries {
      let hash = table.withUnsafeBufferPointer { Self.hash(UnsafeBufferPointer(rebasing: $0[Int(entry.start)..<Int(entry.start + entry.count)])) }
      var at = hash & (size - 1)
      while slots[at].count >= 0 { at = (at + 1) & (size - 1) }
      slots[at] = entry
    }
  }

  /// Whether a known key's value is sensitive; nil for a key not in the table.
  func sensitivity(of key: UnsafeBufferPointer<UInt8>) -> Bool? {
    guard !key.isEmpty else { return nil }
    return slots.withUnsafeBufferPointer { slots in
      bytes.withUnsafeBufferPointer { names in
        let slot = slots[Self.slot(of: key, in: slots, names: names)]
        return slot.count >= 0 ? slot.sensitive : nil
      }
    }
  }
}
