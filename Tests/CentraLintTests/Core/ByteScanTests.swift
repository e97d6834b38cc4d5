import XCTest
@testable import CentraLint

/// The eight-bytes-at-a-time searches agree with a plain byte loop at every alignment.
final class ByteScanTests: XCTestCase {
  private func reference(_ bytes: [UInt8], _ byte: UInt8?) -> Bool {
    (byte.map(bytes.contains) ?? false) || !Sensitivity.klarnaKeys(in: bytes, first: true).isEmpty
  }

  func testTheKlarnaKeySearchFindsAKeyAtEveryPlace() {
    let pieces = ["klarna_live_abc", "KLARNA_TEST_x", "Klarna_Live_", "klarna_lives", "klarna-live_abc", "klarna_", "_klarna_test_1"]
    for piece in pieces {
      for before in 0..<19 {
        for after in [0, 1, 7, 9] {
          for filler in ["a", "_", "k", "K_"] {
            let text = String(repeating: filler, count: before) + piece + String(repeating: "z", count: after)
            let bytes = Array(text.utf8)
            bytes.withUnsafeBufferPointer { buffer in
              XCTAssertEqual(Sensitivity.holdsKlarnaKey(buffer, orByte: nil), reference(bytes, nil), text)
              XCTAssertEqual(Sensitivity.looksLikeKlarnaKey(buffer), reference(bytes, nil), text)
            }
          }
        }
      }
    }
  }

  func testTheOtherByteIsFoundAnywhere() {
    for length in 0..<40 {
      for at in 0..<max(1, length) {
        var bytes = [UInt8](repeating: UInt8(ascii: "x"), count: length)
        if length > 0 { bytes[at] = UInt8(ascii: "@") }
        bytes.withUnsafeBufferPointer { buffer in
          XCTAssertEqual(Sensitivity.holdsKlarnaKey(buffer, orByte: 0x40), length > 0, "\(length) \(at)")
          XCTAssertEqual(ByteScan.contains(0x40, in: buffer), length > 0)
        }
      }
    }
  }

  func testLineEndsAndBytesAreFoundAtEveryAlignment() {
    for length in 1..<30 {
      for at in 0..<length {
        var bytes = [UInt8](repeating: UInt8(ascii: "y"), count: length)
        bytes[at] = 0x0D
        bytes.withUnsafeBufferPointer { buffer in
          XCTAssertEqual(ByteScan.firstLineEnd(in: buffer, from: 0), at)
          // `y` after the carriage return: the next byte, if there is one.
          XCTAssertEqual(ByteScan.firstIndex(of: 0x79, in: buffer, from: at), at + 1 < length ? at + 1 : nil)
        }
      }
    }
    XCTAssertTrue(ByteScan.precedes("a/b", "a/c"))
    XCTAssertTrue(ByteScan.precedes("a-c/x", "a/b"), "bytes, not path parts: '-' sorts before '/'")
    XCTAssertFalse(ByteScan.precedes("ab", "a"))
    XCTAssertTrue(ByteScan.precedes("a", "ab"))
  }
}
