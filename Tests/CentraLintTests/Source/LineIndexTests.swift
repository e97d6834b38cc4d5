import XCTest
@testable import CentraLint

final class LineIndexTests: XCTestCase {
  private func index(_ text: String) -> (LineIndex, [UInt8]) {
    let bytes = Array(text.utf8)
    return (LineIndex(bytes), bytes)
  }

  func testLineEndsAreLFCRLFAndLoneCROnly() {
    // NEL, LS and PS are characters of a line (SPEC §1), never its end.
    let (lines, bytes) = index("a\nb\r\nc\rd\u{85}e\u{2028}f\u{2029}g")
    XCTAssertEqual(lines.lineCount, 4)
    bytes.withUnsafeBufferPointer { buffer in
      let texts = (1...4).map { String(decoding: buffer[lines.byteRange(ofLine: $0, in: buffer)!], as: UTF8.self) }
      XCTAssertEqual(texts, ["a", "b", "c", "d\u{85}e\u{2028}f\u{2029}g"])
      XCTAssertNil(lines.byteRange(ofLine: 5, in: buffer))
      XCTAssertNil(lines.byteRange(ofLine: 0, in: buffer))
    }
  }

  func testAFileEndingInALineBreakHasAnEmptyLastLine() {
    let (lines, bytes) = index("a: 1\n")
    XCTAssertEqual(lines.lineCount, 2)
    bytes.withUnsafeBufferPointer { XCTAssertEqual(lines.byteRange(ofLine: 2, in: $0), 5..<5) }
    XCTAssertEqual(LineIndex([UInt8]()).lineCount, 1)
  }

  func testByteOffsetsAndColumnsRoundTripInScalars() {
    // `é` is two bytes, `😀` four: columns count scalars (the language server's encodings:
    // LanguageServerTests).
    let (lines, bytes) = index("x\r\nké: 😀z\n")
    bytes.withUnsafeBufferPointer { buffer in
      let z = bytes.firstIndex(of: UInt8(ascii: "z"))!
      XCTAssertEqual(lines.position(ofByte: z, in: buffer).line, 2)
      XCTAssertEqual(lines.position(ofByte: z, in: buffer).column, 6)
      XCTAssertEqual(lines.byteOffset(line: 2, column: 6, in: buffer), z)
      XCTAssertEqual(lines.byteOffset(line: 2, column: 99, in: buffer), bytes.count - 1)  // the line's end
      for offset in 0..<bytes.count where bytes[offset] & 0xC0 != 0x80 && bytes[offset] != 0x0A && bytes[offset] != 0x0D {
        let place = lines.position(ofByte: offset, in: buffer)
        XCTAssertEqual(lines.byteOffset(line: place.line, column: place.column, in: buffer), offset, "offset \(offset)")
      }
    }
  }

  func testLongLinesAreSearchedEightBytesAtATimeWithoutMissingABreak() {
    // Breaks at every position of an eight-byte word, and right at the end.
    for gap in 0..<17 {
      let text = String(repeating: "a", count: gap) + "\n" + String(repeating: "b", count: gap) + "\r"
      let (lines, bytes) = index(text)
      XCTAssertEqual(lines.lineCount, 3, "gap \(gap)")
      bytes.withUnsafeBufferPointer { XCTAssertEqual(lines.byteRange(ofLine: 2, in: $0)?.count, gap) }
    }
  }

  func testReaderErrorsAreReportedAtTheColumnOfTheirByteWithoutTheBOM() {
    let bytes = Array("\u{FEFF}ab\ncd".utf8)
    XCTAssertEqual(YAMLMark.position(ofByteOffset: 4, in: bytes).column, 2)  // `b`, the BOM not counted
    XCTAssertEqual(YAMLMark.position(ofByteOffset: 7, in: bytes).line, 2)
    XCTAssertEqual(YAMLMark.position(ofByteOffset: 7, in: bytes).column, 2)
  }
}
