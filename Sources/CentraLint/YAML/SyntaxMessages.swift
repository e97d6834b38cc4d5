/// libyaml's commonest errors in words for someone who has never read the YAML spec (a tab
/// in the indentation, a file that is not UTF-8, a line that does not line up), with libyaml's
/// own text kept after them as detail; any other error is libyaml's text as it is.
enum SyntaxMessages {
  /// The message for `failure`, and the byte offset it is at when libyaml gave an offset (a
  /// reader error: the offset moves back to the first byte of a broken UTF-8 character, where
  /// an editor shows the wrong character).
  static func explained(_ failure: YAMLFailure, in bytes: [UInt8]) -> (message: String, offset: Int?) {
    let detail = " (libyaml: \(failure.message))"
    var offset = failure.mark.byteOffset
    if let at = offset, failure.problem.contains("UTF-8") || failure.problem == "invalid Unicode character" {
      // For a bad trailing byte libyaml points past the lead byte, which is what is wrong (a
      // Latin-1 'é' is one byte, taken for the start of a longer character).
      var lead = min(max(at, 0), bytes.count - 1)
      if failure.problem.hasPrefix("invalid trailing"),
         let start = stride(from: lead - 1, through: max(0, lead - 3), by: -1).first(where: { bytes[$0] & 0xC0 == 0xC0 }) {
        lead = start
      }
      offset = lead
      let byte = lead >= 0 ? bytes[lead] : 0
      // libyaml's own byte is the one after a bad lead byte: its words alone are the detail.
      return ("the file is not UTF-8 here (byte 0x\(hex(byte))): save it as UTF-8 (libyaml: \(failure.problem))", offset)
    }
    if let at = offset, failure.problem == "control characters are not allowed" {
      let byte = at < bytes.count ? bytes[at] : 0
      return ("a control character (byte 0x\(hex(byte))) is not allowed in YAML; remove it" + detail, offset)
    }
    guard offset == nil, failure.opening == nil else { return (failure.message, offset) }
    let (line, column) = (failure.mark.line, failure.mark.column)
    let text = lineText(line, in: bytes)
    let indent = text.prefix { $0 == 0x20 || $0 == 0x09 }.count
    switch failure.problem {
    case "found character that cannot start any token", "found a tab character that violates indentation",
      "found a tab character where an indentation space is expected":
      let at = characterOffset(column, in: text)
      if failure.problem.contains("tab") || at < text.endIndex && text[at] == 0x09 {
        let where_ = at - text.startIndex < indent || text[..<at].allSatisfy({ $0 == 0x20 || $0 == 0x09 }) ? "indents this line" : "is here"
        return ("a tab \(where_): YAML indents with spaces only; replace the tab with spaces" + detail, nil)
      }
      guard at < text.endIndex else { return (failure.message, nil) }
      let character = String(decoding: text[at...].prefix(1), as: UTF8.self)
      return ("'\(Printable.escaped(character))' cannot start a value here; put the value in quotes" + detail, nil)
    case "mapping values are not allowed in this context":
      if let above = previousIndent(before: text.startIndex, in: bytes), indent > above {
        return ("this line is indented more than the line above, which already has its value: indent it like the keys "
          + "above it, or move the value above to its own lines" + detail, nil)
      }
      return ("a value cannot hold ': ' on the line of its key; put the value in quotes" + detail, nil)
    case "did not find expected '-' indicator":
      return ("this line does not line up with the list above it: start it with '-' at the column of the other items" + detail, nil)
    case "did not find expected key":
      return ("this line does not line up with the keys above it: indent it like the other keys of its mapping" + detail, nil)
    default:
      return (failure.message, nil)
    }
  }

  private static func hex(_ byte: UInt8) -> String {
    let digits = Array("0123456789ABCDEF".utf8)
    return String(decoding: [digits[Int(byte >> 4)], digits[Int(byte & 15)]], as: UTF8.self)
  }

  /// The bytes of 1-based line `line` (without its break).
  private static func lineText(_ line: Int, in bytes: [UInt8]) -> ArraySlice<UInt8> {
    var start = 0, number = 1
    while number < line, start < bytes.count {
      guard let next = bytes[start...].firstIndex(of: 0x0A) else { return [] }
      start = next + 1
      number += 1
    }
    let end = bytes[start...].firstIndex { $0 == 0x0A || $0 == 0x0D } ?? bytes.count
    return bytes[start..<end]
  }

  /// The offset in `text` of 1-based character column `column`.
  private static func characterOffset(_ column: Int, in text: ArraySlice<UInt8>) -> Int {
    var at = text.startIndex, counted = 1
    while at < text.endIndex, counted < column {
      at += 1
      while at < text.endIndex, text[at] & 0xC0 == 0x80 { at += 1 }
      counted += 1
    }
    return at
  }

  /// The indentation of the last line with content (not blank, not a comment) before the line
  /// that starts at byte `start`: one pass backwards over the bytes.
  private static func previousIndent(before start: Int, in bytes: [UInt8]) -> Int? {
    var end = start - 1  // the break that ends the line before
    while end > 0 {
      var begin = end
      while begin > 0, bytes[begin - 1] != 0x0A { begin -= 1 }
      var first = begin
      while first < end, bytes[first] == 0x20 { first += 1 }
      if first < end, bytes[first] != 0x23, bytes[first] != 0x0D { return first - begin }
      end = begin - 1
    }
    return nil
  }
}
