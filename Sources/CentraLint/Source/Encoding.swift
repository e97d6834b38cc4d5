/// Input encodings, detected as YAML 1.2 §5.2 does: a BOM, or the pattern of zero bytes around
/// the first character (which is ASCII in every export). UTF-16 and UTF-32 are turned into
/// UTF-8 (with a BOM, which every place skips) before anything reads them: libyaml reads only
/// UTF-16 with a BOM, and the snippet printer and the masks need UTF-8 either way, or a secret
/// would be echoed byte by byte.
enum Encoding {
  enum Kind: Equatable { case utf8, utf16(bigEndian: Bool), utf32(bigEndian: Bool) }

  /// The encoding and the length of its BOM (0 when there is none).
  static func detect(_ bytes: [UInt8]) -> (kind: Kind, bom: Int) {
    let b = bytes.prefix(4) + [UInt8](filling: 0xAA, count: max(0, 4 - bytes.count))  // 0xAA: none of the patterns
    switch (b[0], b[1], b[2], b[3]) {
    case (0x00, 0x00, 0xFE, 0xFF): return (.utf32(bigEndian: true), 4)
    case (0xFF, 0xFE, 0x00, 0x00) where bytes.count >= 4: return (.utf32(bigEndian: false), 4)
    case (0xFE, 0xFF, _, _): return (.utf16(bigEndian: true), 2)
    case (0xFF, 0xFE, _, _): return (.utf16(bigEndian: false), 2)
    case (0x00, 0x00, 0x00, let x) where x != 0: return (.utf32(bigEndian: true), 0)
    case (let x, 0x00, 0x00, 0x00) where x != 0 && bytes.count >= 4: return (.utf32(bigEndian: false), 0)
    // Without a BOM, the first two characters decide (YAML's rule looks at one): a stray NUL
    // before a UTF-8 text must not turn it into a line of CJK characters that hides nothing and
    // gives the secret back when encoded again. Every export starts with two such characters.
    case (0x00, let x, 0x00, _) where x != 0, (0x00, let x, 0xAA, 0xAA) where x != 0 && bytes.count == 2:
      return (.utf16(bigEndian: true), 0)
    case (let x, 0x00, _, 0x00) where x != 0 && bytes.count >= 4, (let x, 0x00, 0xAA, 0xAA) where x != 0 && bytes.count == 2:
      return (.utf16(bigEndian: false), 0)
    default: return (.utf8, 0)
    }
  }

  /// The bytes as UTF-8: UTF-16 and UTF-32 are converted (bad units become U+FFFD, a dangling
  /// odd byte too); UTF-8 is returned as it is.
  static func utf8(_ bytes: [UInt8]) -> [UInt8] {
    let (kind, bom) = detect(bytes)
    var result: [UInt8] = [0xEF, 0xBB, 0xBF]
    switch kind {
    case .utf8:
      return bytes
    case .utf16(let bigEndian):
      var units: [UInt16] = []
      units.reserveCapacity(bytes.count / 2)
      var index = bom
      while index + 1 < bytes.count {
        let high = UInt16(bytes[bigEndian ? index : index + 1]), low = UInt16(bytes[bigEndian ? index + 1 : index])
        units.append(high << 8 | low)
        index += 2
      }
      result.reserveCapacity(bytes.count + bytes.count / 2)
      _ = transcode(units.makeIterator(), from: UTF16.self, to: UTF8.self, stoppingOnError: false) { result.append($0) }
      if index < bytes.count { result.append(contentsOf: [0xEF, 0xBF, 0xBD]) }
    case .utf32(let bigEndian):
      var index = bom
      result.reserveCapacity(bytes.count / 2)
      while index + 3 < bytes.count {
        let value = bigEndian
          ? UInt32(bytes[index]) << 24 | UInt32(bytes[index + 1]) << 16 | UInt32(bytes[index + 2]) << 8 | UInt32(bytes[index + 3])
          : UInt32(bytes[index + 3]) << 24 | UInt32(bytes[index + 2]) << 16 | UInt32(bytes[index + 1]) << 8 | UInt32(bytes[index])
        result.append(contentsOf: String(Unicode.Scalar(value) ?? "\u{FFFD}").utf8)
        index += 4
      }
      if index < bytes.count { result.append(contentsOf: [0xEF, 0xBF, 0xBD]) }
    }
    return result
  }
}
