/// How text that came from input (values, keys, file names, config and registry contents) is
/// shown to people, decided once: nothing in it may drive a terminal or forge a line.
enum Printable {
  /// Whether a character must not reach a terminal as it is: C0 controls (tab and line breaks
  /// included), DEL, C1 controls (U+0080–U+009F, U+009B is CSI), line and paragraph separators,
  /// and the bidirectional controls that reorder what is shown (U+202A–U+202E, U+2066–U+2069,
  /// U+200E, U+200F, U+061C).
  @inline(__always)
  static func isUnsafe(_ scalar: Unicode.Scalar) -> Bool {
    switch scalar.value {
    case 0..<0x20, 0x7F...0x9F, 0x2028, 0x2029, 0x202A...0x202E, 0x2066...0x2069, 0x200E, 0x200F, 0x061C: return true
    default: return false
    }
  }

  /// Appends a character as it is shown to bytes that become text: an unsafe one as `?`, one
  /// character for one. Text is made as bytes: appending to a String's scalars took hundreds
  /// of instructions a scalar.
  @inline(__always)
  static func append(_ scalar: Unicode.Scalar, to bytes: inout [UInt8]) {
    if isUnsafe(scalar) { bytes.append(UInt8(ascii: "?")) } else { bytes += scalar.utf8 }
  }

  /// The text with each unsafe character shown as `?`: one character for one, so a caret
  /// under a source line still lands where it should. A `##[` anywhere shows as `#?[`: the
  /// Actions runner reads its legacy commands (`##[add-mask]`, `##[stop-commands]`) anywhere in
  /// a line of a step's output, not only at the start.
  static func escaped(_ text: String) -> String {
    // Most text is printable ASCII without a `##[`: returned as it is, without a copy.
    if text.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }), !holdsRunnerCommand(text.utf8) { return text }
    var result: [UInt8] = []
    result.reserveCapacity(text.utf8.count)
    var hashes = 0
    for scalar in text.unicodeScalars {
      if scalar == "[", hashes >= 2 {
        result.removeLast()  // the `#` before it: one byte
        result.append(UInt8(ascii: "?"))
      }
      hashes = scalar == "#" ? hashes + 1 : 0
      append(scalar, to: &result)
    }
    return String(decoding: result, as: UTF8.self)
  }

  /// How many terminal columns a character takes: none for combining marks, joiners and
  /// variation selectors, two for East Asian wide and fullwidth characters and emoji shown as
  /// emoji, one for the rest (as terminals lay them out; what a table's columns are cut by).
  static func columns(_ scalar: Unicode.Scalar) -> Int {
    let value = scalar.value
    if value < 0x300 { return 1 }
    switch scalar.properties.generalCategory {
    case .nonspacingMark, .enclosingMark, .format: return 0
    default: break
    }
    if (0xFE00...0xFE0F).contains(value) || (0xE0100...0xE01EF).contains(value) { return 0 }
    switch value {
    case 0x1100...0x115F, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xA000...0xA4CF,
         0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFF60, 0xFFE0...0xFFE6, 0x20000...0x3FFFD:
      return 2
    default: return scalar.properties.isEmojiPresentation ? 2 : 1
    }
  }

  /// How many terminal columns text takes (`columns`).
  static func columns(_ text: String) -> Int { text.unicodeScalars.reduce(0) { $0 + columns($1) } }

  /// Whether UTF-8 text holds `##[`, the Actions runner's legacy command prefix.
  static func holdsRunnerCommand<Bytes: Collection<UInt8>>(_ utf8: Bytes) -> Bool {
    var hashes = 0
    for byte in utf8 {
      if byte == 0x5B, hashes >= 2 { return true }
      hashes = byte == 0x23 ? hashes + 1 : 0
    }
    return false
  }

  /// Text that starts a line of a report for people (a file name): escaped, and never what a
  /// CI log reads as a command there (GitHub Actions' `::name …::`, after any blanks): such a
  /// name gets `./` before it, which names the same file.
  static func lineStart(_ text: String) -> String {
    let escaped = escaped(text)
    return escaped.drop { $0 == " " }.hasPrefix("::") ? "./" + escaped : escaped
  }

  /// Text of several lines (a rule's rationale): each line escaped and safe at a line's start
  /// (`lineStart`), the line breaks kept.
  static func escapedLines(_ text: String) -> String {
    text.split(separator: "\n", omittingEmptySubsequences: false).map { lineStart(String($0)) }.joined(separator: "\n")
  }
}
