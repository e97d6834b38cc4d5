#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Searches of a file's bytes that run over every byte of every export: eight bytes at a time,
/// since most of those bytes are none of the ones searched for.
enum ByteScan {
  /// `byte` in each of a word's eight bytes.
  @inline(__always)
  static func word(of byte: UInt8) -> UInt64 { 0x0101_0101_0101_0101 &* UInt64(byte) }

  /// The high bit of each byte of `word` that is zero, and no other bit (exact, unlike the
  /// carry trick, so that lanes of two words may be combined).
  @inline(__always)
  static func zeroLanes(_ word: UInt64) -> UInt64 {
    let low = 0x7F7F_7F7F_7F7F_7F7F as UInt64
    return ~(((word & low) &+ low) | word | low)
  }

  /// The first index at or after `start` whose byte is `byte`.
  static func firstIndex(of byte: UInt8, in bytes: UnsafeBufferPointer<UInt8>, from start: Int = 0) -> Int? {
    let pattern = word(of: byte)
    var index = start
    if let base = bytes.baseAddress {
      while index + 8 <= bytes.count {
        if zeroLanes(UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self) ^ pattern) != 0 { break }
        index += 8
      }
    }
    while index < bytes.count {
      if bytes[index] == byte { return index }
      index += 1
    }
    return nil
  }

  /// The first index at or after `start` that holds a line feed or a carriage return.
  static func firstLineEnd(in bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Int? {
    let lineFeeds = word(of: 0x0A), returns = word(of: 0x0D)
    var index = start
    if let base = bytes.baseAddress {
      while index + 8 <= bytes.count {
        let word = UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self)
        if zeroLanes(word ^ lineFeeds) | zeroLanes(word ^ returns) != 0 { break }
        index += 8
      }
    }
    while index < bytes.count {
      if bytes[index] == 0x0A || bytes[index] == 0x0D { return index }
      index += 1
    }
    return nil
  }

  /// Whether `bytes` hold `byte`.
  static func contains(_ byte: UInt8, in bytes: UnsafeBufferPointer<UInt8>) -> Bool {
    firstIndex(of: byte, in: bytes) != nil
  }
}

extension ByteScan {
  /// Whether `a` sorts before `b` by their bytes (the order of file names in every report).
  static func precedes(_ a: UnsafeBufferPointer<UInt8>, _ b: UnsafeBufferPointer<UInt8>) -> Bool {
    let common = min(a.count, b.count)
    if common > 0 {
      let order = memcmp(a.baseAddress!, b.baseAddress!, common)
      if order != 0 { return order < 0 }
    }
    return a.count < b.count
  }

  /// Whether two buffers hold the same bytes.
  static func equal(_ a: UnsafeBufferPointer<UInt8>, _ b: UnsafeBufferPointer<UInt8>) -> Bool {
    a.count == b.count && (a.isEmpty || memcmp(a.baseAddress!, b.baseAddress!, a.count) == 0)
  }

  /// Whether two texts are the same bytes (not String's `==`, which takes canonically equivalent
  /// texts, such as an NFC and an NFD file name, for one).
  static func equal(_ a: String, _ b: String) -> Bool {
    var a = a, b = b
    return a.withUTF8 { a in b.withUTF8 { b in equal(a, b) } }
  }

  static func precedes(_ a: [UInt8], _ b: [UInt8]) -> Bool {
    a.withUnsafeBufferPointer { a in b.withUnsafeBufferPointer { b in precedes(a, b) } }
  }

  static func precedes(_ a: String, _ b: String) -> Bool {
    var a = a, b = b
    return a.withUTF8 { a in b.withUTF8 { b in precedes(a, b) } }
  }
}

/// A text as a key by its bytes: for names of files and other input, where String's hashing
/// (by canonical equivalence) would take an NFC and an NFD spelling for one.
struct ByteKey: Hashable {
  let text: String
  init(_ text: String) { self.text = text }
  static func == (a: ByteKey, b: ByteKey) -> Bool { ByteScan.equal(a.text, b.text) }
  func hash(into hasher: inout Hasher) {
    var text = text
    text.withUTF8 { hasher.combine(bytes: UnsafeRawBufferPointer($0)) }
  }
}
