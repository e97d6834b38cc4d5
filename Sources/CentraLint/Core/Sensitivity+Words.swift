/// Credential words inside a key: as written, and misspelt at one edit. Both run on every key
/// the schema does not know, so they are byte loops that leave at the first byte that cannot
/// match; `_`, `-`, `.` and spaces inside a key are skipped (`api.key`, `Access Key`).
extension Sensitivity {
  /// Whether a key holds a credential word, or a misspelling at one edit (a letter changed,
  /// added, dropped, or two swapped) of one of six letters or more: `apiPasword`, `mySecert`.
  public func containsCredentialWord(_ key: String) -> Bool {
    var key = key
    return key.withUTF8 { containsWord($0) || containsNearWord($0) }
  }

  @inline(__always)
  static func isSeparator(_ byte: UInt8) -> Bool { byte == 0x5F || byte == 0x2D || byte == 0x2E || byte == 0x20 }

  /// Whether `text` holds a credential word, ignoring ASCII case and separators inside it.
  /// Each byte is first looked up among the words' first bytes.
  func containsWord(_ text: UnsafeBufferPointer<UInt8>) -> Bool {
    for start in text.indices {
      let byte = Self.lower(text[start])
      guard byte < 128, (byte < 64 ? heads.0 >> UInt64(byte) : heads.1 >> UInt64(byte - 64)) & 1 == 1 else { continue }
      words: for word in words where word[0] == byte {
        var at = start + 1
        for index in 1..<word.count {
          while at < text.count, Self.isSeparator(text[at]) { at += 1 }
          guard at < text.count, Self.lower(text[at]) == word[index] else { continue words }
          at += 1
        }
        return true
      }
    }
    return false
  }

  /// Whether `text` holds a misspelling at one edit of a word of six letters or more. The key
  /// is first copied without its separators, lower case, into a buffer on the stack.
  func containsNearWord(_ text: UnsafeBufferPointer<UInt8>) -> Bool {
    guard !longWords.isEmpty, text.count >= 5, text.count <= 256 else { return false }
    return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: text.count) { buffer in
      var count = 0
      for byte in text where !Self.isSeparator(byte) {
        buffer[count] = Self.lower(byte)
        count += 1
      }
      let key = UnsafeBufferPointer(rebasing: buffer[..<count])
      for word in longWords where count >= word.count - 1 {
        for start in 0...(count - word.count + 1) where Self.nearPrefix(key, start, word) { return true }
      }
      return false
    }
  }

  /// Whether `key` from `start` begins with `word` at one edit at most (a swap of two
  /// neighbouring letters counts one).
  private static func nearPrefix(_ key: UnsafeBufferPointer<UInt8>, _ start: Int, _ word: [UInt8]) -> Bool {
    let rest = key.count - start, m = word.count
    var same = 0
    while same < m, same < rest, key[start + same] == word[same] { same += 1 }
    if same == m { return true }
    // The rest of the word after the first difference, written from `from` in the key.
    func tail(_ from: Int, _ wordFrom: Int) -> Bool {
      guard rest - from >= m - wordFrom else { return false }
      for index in wordFrom..<m where key[start + from + index - wordFrom] != word[index] { return false }
      return true
    }
    return tail(same + 1, same + 1)  // a letter changed
      || tail(same + 1, same)  // a letter added
      || tail(same, same + 1)  // a letter dropped
      || (same + 1 < m && same + 1 < rest && key[start + same] == word[same + 1] && key[start + same + 1] == word[same]
        && tail(same + 2, same + 2))  // two letters swapped
  }
}
