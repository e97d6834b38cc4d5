/// Where the lines of a file start, decided once (SPEC §1: LF, CRLF and a lone CR end a line;
/// NEL, LS and PS do not), and the conversions every place needs between a 1-based line and
/// column (in Unicode scalars, as findings count them) and a byte offset (the language server
/// counts an editor's units from there: `PositionEncoding`). Bytes that are not UTF-8 count as
/// one column each, as a decoder shows them.
struct LineIndex: Sendable {
  /// The byte offset of each line's first byte; the first is 0.
  private(set) var starts: [Int] = [0]
  /// The file's length in bytes.
  let count: Int

  init(_ bytes: UnsafeBufferPointer<UInt8>) {
    count = bytes.count
    var index = 0
    while index < bytes.count {
      // Most bytes are no line end: the search for the next CR or LF goes eight at a time.
      guard let next = ByteScan.firstLineEnd(in: bytes, from: index) else { break }
      index = next
      if bytes[index] == 0x0D, index + 1 < bytes.count, bytes[index + 1] == 0x0A { index += 1 }
      starts.append(index + 1)
      index += 1
    }
  }

  init(_ bytes: [UInt8]) {
    self = bytes.withUnsafeBufferPointer { LineIndex($0) }
  }

  /// How many lines there are (a file that ends with a line break has an empty last line).
  var lineCount: Int { starts.count }

  /// The bytes of line `number` (1-based), without its line break; nil past the last line.
  func byteRange(ofLine number: Int, in bytes: UnsafeBufferPointer<UInt8>) -> Range<Int>? {
    guard number >= 1, number <= starts.count else { return nil }
    let start = starts[number - 1]
    var end = number < starts.count ? starts[number] : count
    while end > start, bytes[end - 1] == 0x0A || bytes[end - 1] == 0x0D { end -= 1 }
    return start..<end
  }

  /// The 1-based line of a byte offset (an offset past the end is on the last line).
  func line(ofByte offset: Int) -> Int {
    // The last line starting at or before the offset (the first, for an offset before it).
    max(starts.partitionPoint { $0 <= offset }, 1)
  }

  /// The 1-based line and column (Unicode scalars) of a byte offset; a byte inside a
  /// character belongs to that character's column.
  func position(ofByte offset: Int, in bytes: UnsafeBufferPointer<UInt8>) -> (line: Int, column: Int) {
    let offset = min(max(offset, 0), count)
    let line = line(ofByte: offset)
    var column = 1, index = starts[line - 1]
    while index < offset {
      if bytes[index] & 0xC0 != 0x80, bytes[index] != 0x0D, bytes[index] != 0x0A { column += 1 }
      index += 1
    }
    return (line, column)
  }

  /// The byte offset of a 1-based line and column (Unicode scalars); a column past the line's
  /// end is its end. Nil for a line that is not there.
  func byteOffset(line: Int, column: Int, in bytes: UnsafeBufferPointer<UInt8>) -> Int? {
    guard let range = byteRange(ofLine: line, in: bytes) else { return nil }
    var index = range.lowerBound, seen = 1
    while index < range.upperBound {
      if bytes[index] & 0xC0 != 0x80 {
        if seen == column { return index }
        seen += 1
      }
      index += 1
    }
    return range.upperBound
  }
}
