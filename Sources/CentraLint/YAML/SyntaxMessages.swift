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
    let lines = LineIndex(bytes)
    let (text, at) = bytes.withUnsafeBufferPointer { buffer in
      let range = lines.byteRange(ofLine: line, in: buffer) ?? bytes.endIndex..<bytes.endIndex
      return (bytes[range], lines.byteOffset(line: line, column: column, in: buffer) ?? range.upperBound)
    }
    let indent = text.prefix { $0 == 0x20 || $0 == 0x09 }.count
    switch failure.problem {
    case "found character that cannot start any token", "found a tab character that violates indentation",
      "found a tab character where an indentation space is expected":
      if failure.problem.contains("tab") || at < text.endIndex && text[at] == 0x09 {
        let where_ = at - text.startIndex < indent || text[..<at].allSatisfy({ $0 == 0x20 || $0 == 0x09 }) ? "indents this line" : "is here"
        return ("a tab \(where_): YAML indents with spaces only; replace the tab with spaces" + detail, nil)
      }
      guard at < text.endIndex else { return (failure.message, nil) }
      let character = String(decoding: text[at...].prefix(1), as: UTF8.self)
      return ("'\(Printable.escaped(character))' cannot start a value here; put the value in quotes" + detail, nil)
    case "mapping values are not allowed in this context":
      if let above = previousIndent(before: line, lines, in: bytes), indent > above {
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

  /// The indentation of the last line with content (not blank, not a comment) before 1-based
  /// line `line`.
  private static func previousIndent(before line: Int, _ lines: LineIndex, in bytes: [UInt8]) -> Int? {
    bytes.withUnsafeBufferPointer { buffer in
      for number in stride(from: line - 1, through: 1, by: -1) {
        guard let range = lines.byteRange(ofLine: number, in: buffer) else { continue }
        let first = buffer[range].firstIndex { $0 != 0x20 } ?? range.upperBound
        if first < range.upperBound, buffer[first] != 0x23 { return first - range.lowerBound }
      }
      return nil
    }
  }
}
