/// libyaml reads YAML 1.1, where NEL (U+0085), LS (U+2028) and PS (U+2029) break lines; editors
/// and YAML 1.2 take them for ordinary characters, and so does every line and column the tool
/// reports (SPEC §1). Before parsing, each is replaced by a placeholder character of the same
/// length in bytes, which libyaml reads as text, so every offset and column stays where it
/// was; the tree builder puts the real characters back in scalar text.
struct LineBreaks: Sendable {
  /// The placeholder of each hidden character, as UTF-8: one absent from the input.
  private(set) var nel: [UInt8] = [], ls: [UInt8] = [], ps: [UInt8] = []

  private static let nelBytes: [UInt8] = [0xC2, 0x85], lsBytes: [UInt8] = [0xE2, 0x80, 0xA8], psBytes: [UInt8] = [0xE2, 0x80, 0xA9]

  /// The bytes with NEL, LS and PS hidden, and how to put them back; nil when there are none
  /// (the usual case: then nothing is copied).
  static func hide(in bytes: [UInt8]) -> (bytes: [UInt8], breaks: LineBreaks)? {
    // One pass: whether there is anything to hide, and which placeholders the input holds.
    // Placeholders libyaml takes for printable text: U+07C0…U+07FF for NEL, the noncharacters
    // U+FDD0…U+FDEF for LS and PS; each one the input does not hold.
    var found = false
    var usedTwo: UInt64 = 0, usedThree: UInt64 = 0
    bytes.withUnsafeBufferPointer { buffer in
      var index = 0
      while index + 1 < buffer.count {
        // Exports are mostly ASCII: sixteen or eight bytes without a high bit are skipped at
        // once (the byte-by-byte scan cost 2% of a fleet's run).
        if index + 16 <= buffer.count {
          let pointer = UnsafeRawPointer(buffer.baseAddress! + index)
          if (pointer.loadUnaligned(as: UInt64.self) | pointer.loadUnaligned(fromByteOffset: 8, as: UInt64.self)) & 0x8080_8080_8080_8080 == 0 {
            index += 16
            continue
          }
        }
        if index + 8 <= buffer.count {
          let word = UnsafeRawPointer(buffer.baseAddress! + index).loadUnaligned(as: UInt64.self)
          if word & 0x8080_8080_8080_8080 == 0 {
            index += 8
            continue
          }
        }
        switch buffer[index] {
        case 0xC2 where buffer[index + 1] == 0x85: found = true
        case 0xE2 where index + 2 < buffer.count && buffer[index + 1] == 0x80 && (buffer[index + 2] == 0xA8 || buffer[index + 2] == 0xA9): found = true
        case 0xDF where buffer[index + 1] >= 0x80 && buffer[index + 1] <= 0xBF: usedTwo |= 1 << UInt64(buffer[index + 1] - 0x80)
        case 0xEF where index + 2 < buffer.count && buffer[index + 1] == 0xB7 && buffer[index + 2] >= 0x90 && buffer[index + 2] <= 0xAF:
          usedThree |= 1 << UInt64(buffer[index + 2] - 0x90)
        default: break
        }
        index += 1
      }
    }
    guard found,
          let two = (0..<64).reversed().first(where: { usedTwo & (1 << UInt64($0)) == 0 }),
          let first = (0..<32).first(where: { usedThree & (1 << UInt64($0)) == 0 }),
          let second = ((first + 1)..<32).first(where: { usedThree & (1 << UInt64($0)) == 0 }) else { return nil }
    let nel: [UInt8] = [0xDF, UInt8(0x80 + two)]
    let ls: [UInt8] = [0xEF, 0xB7, UInt8(0x90 + first)], ps: [UInt8] = [0xEF, 0xB7, UInt8(0x90 + second)]
    var breaks = LineBreaks()
    breaks.nel = nel
    breaks.ls = ls
    breaks.ps = ps
    var hidden = bytes
    var index = 0
    while index + 1 < hidden.count {
      if hidden[index] == 0xC2, hidden[index + 1] == 0x85 {
        hidden.replaceSubrange(index..<(index + 2), with: nel)
        index += 2
      } else if hidden[index] == 0xE2, index + 2 < hidden.count, hidden[index + 1] == 0x80, hidden[index + 2] == 0xA8 || hidden[index + 2] == 0xA9 {
        hidden.replaceSubrange(index..<(index + 3), with: hidden[index + 2] == 0xA8 ? ls : ps)
        index += 3
      } else {
        index += 1
      }
    }
    return (hidden, breaks)
  }

  /// Puts the hidden characters back in scalar text.
  func restore(_ text: inout [UInt8], from start: Int) {
    var index = start
    while index + 1 < text.count {
      if text[index] == nel[0], text[index + 1] == nel[1] {
        text.replaceSubrange(index..<(index + 2), with: Self.nelBytes)
        index += 2
      } else if text[index] == 0xEF, index + 2 < text.count, text[index + 1] == 0xB7,
                text[index + 2] == ls[2] || text[index + 2] == ps[2] {
        text.replaceSubrange(index..<(index + 3), with: text[index + 2] == ls[2] ? Self.lsBytes : Self.psBytes)
        index += 3
      } else {
        index += 1
      }
    }
  }
}
