import Foundation
import XCTest
@testable import CentraLint

/// `SubsetScanner` gives libyaml's events, event for event, on every file it reads, and the
/// first of them on every file it leaves to libyaml; and it does read what exports look like.
final class SubsetScannerTests: XCTestCase {
  private func outcome(_ text: String) -> SubsetScanner.Outcome {
    var recorder = SubsetScanner.Recorder()
    return Array(text.utf8).withUnsafeBufferPointer { SubsetScanner.read($0, into: &recorder) }
  }

  private func assertAgrees(_ bytes: [UInt8], _ name: String, file: StaticString = #filePath, line: UInt = #line) {
    if let problem = SubsetScanner.disagreement(bytes) {
      XCTFail("\(name): \(problem)\n\(String(decoding: bytes.prefix(400), as: UTF8.self))", file: file, line: line)
    }
  }

  /// Exports of the shapes people write: the subset must cover them (or this test proves nothing).
  static let shapes: [String: String] = [
    "dense": """
      # Export of a merchant
      store: Merchant 1
      environment: production
      plugins:
        - type: Klarna Payments
          status: Active
          name: Klarna SE
          uri: klarna-se
          secret: ${KLARNA_SECRET}
          klarnaEndpoint: EU
          productImageSize: 'standard (0×600 JPEG)'
          restrictions:
            markets: [Main]
            countries: [SE, NO, FI]
            languages: []
        - type: Adyen Drop-In
          status: Active   # trailing comment
          name: "Adyen"

      """,
    "indentless": """
      store: Outlet
      plugins:
      - type: Klarna Payments
        status: Inactive
        restrictions:
          countries:
          - SE
          - NO
      - type: Adyen
        empty:
        also: ''
      other: x
      """,
    "documents": """
      ---
      store: A
      plugins:
        - type: Klarna Payments
      ---
      # the second store
      store: B
      plugins: []
      ---
      """,
    "flow": """
      mids:
        K500185: { region: EU, environment: live }
        'PK40112': {region: EU, environment: "playground"}
        N1: [a, [b, c], {d: e}, 'it''s', "x y"]
        N2: {a: 'x''y', b: 'p''q', c: [ 'r''s', t ]}   # each value unescaped into one buffer
        N3: [ "q", 'r' ] # a collection's events are held until its line ends
        empty: {}
      """,
    "unicode and quotes": """
      store: Båtbutiken ☃ 😀
      'quoted key': value with 'quotes' and "doubles" and a#hash and a:colon
      "double key" : spaced colon
      key: -5
      url: https://example.com/a?b=c&d#frag
      ünïcode: [ä, ☃, 😀, z]
      """,
  ]

  func testExportShapesAreReadHereAndAgreeWithLibyaml() {
    for (name, text) in Self.shapes {
      XCTAssertEqual(outcome(text), .read, name)
      assertAgrees(Array(text.utf8), name)
    }
  }

  func testWhatLeavesTheSubsetGoesToLibyaml() {
    let outside = [
      "a: &x 1\nb: *x\n", "a: !!str 1\n", "a: |\n  text\n", "a: >\n  text\n", "a: b\n  c\n", "a:\n  b\n",
      "a: 'x\n  y'\n", "a: [b,\n  c]\n", "? a\n: b\n", "a: 1\n...\n", "%YAML 1.1\n---\na: 1\n", "a:\tb\n", "a: b\r\n",
      "\u{FEFF}a: b\n", "a: \"x\\ty\"\n", "- - a\n", "-\n  a: b\n", "a: b: c\n", "a: [b, ]\n", "a: {b}\n", "[a, b]\n",
      "scalar\n", "a: 1\n  b: 2\n", "a:\n    b: 1\n  c: 2\n", "a: x #c\n  y\n", "{a: 1}: b\n", "a: [b: c]\n",
      "a: \u{85}b\n", "a: \u{2028}\n", "a:\n|\n", "- a:\n  |\n   text\n", "a:\n>\n x\n",
    ]
    for text in outside {
      guard case .unsupported = outcome(text) else {
        XCTFail("read here: \(text.debugDescription)")
        continue
      }
      assertAgrees(Array(text.utf8), text.debugDescription)
    }
  }

  /// The characters are checked eight bytes at a time: a byte libyaml refuses (or reads as a
  /// line break) is found at every place in a word, and a column is counted right after any
  /// run of multi-byte characters.
  func testEveryByteIsCheckedAndEveryColumnCounted() {
    let line = Array("key: abcdefghijklmnopqrstuvwxyz0123456789\n".utf8)
    for bad: UInt8 in [0x00, 0x01, 0x09, 0x0D, 0x1B, 0x1F, 0x7F, 0x80, 0xC0, 0xFF] {
      for at in 5..<(line.count - 1) {
        var bytes = line
        bytes[at] = bad
        var recorder = SubsetScanner.Recorder()
        let outcome = bytes.withUnsafeBufferPointer { SubsetScanner.read($0, into: &recorder) }
        XCTAssertEqual(outcome, .unsupported(given: 0), "byte \(bad) at \(at)")
        assertAgrees(bytes, "byte \(bad) at \(at)")
      }
    }
    for wide in ["ä", "☃", "😀"] {
      for run in 0..<20 {
        let text = "k\(String(repeating: wide, count: run)): [a\(String(repeating: wide, count: run)), x, 'y\(wide)', {z: w}]\n"
        XCTAssertEqual(outcome(text), .read)
        assertAgrees(Array(text.utf8), text)
      }
    }
  }

  /// A last line without LF ends, in libyaml, what is deeper than its end there, and the rest
  /// at the start of the line after it (found by the fuzzer).
  func testTheEndWithoutALineFeedEndsCollectionsInTwoPlaces() {
    let nested = "a:\n  b:\n    c:\n    - d\n    - e: f\n      g:\n"
    for tail in ["", " ", "  ", "   #", "#", "     ", "      # x", "         ", "h: i", "  - j"] {
      for (index, text) in [nested + tail, nested + tail + "\n", String(nested.dropLast()) + tail].enumerated() {
        if case .unsupported = outcome(text), index < 2, !tail.contains("-") {
          XCTFail("not read here: \(text.debugDescription)")
        }
        assertAgrees(Array(text.utf8), text.debugDescription)
      }
    }
  }

  func testEveryFixtureAndSampleAgrees() throws {
    var read = 0
    for folder in [Support.fixtures, Support.packageRoot + "/samples", Support.packageRoot + "/Tests/CentraLintTests/FuzzCorpus",
                   Support.packageRoot + "/rules"] {
      let enumerator = FileManager.default.enumerator(atPath: folder)
      while let name = enumerator?.nextObject() as? String {
        guard name.hasSuffix(".yaml") || name.hasSuffix(".yml") else { continue }
        let bytes = try FileSystem.read(folder + "/" + name)
        assertAgrees(bytes, name)
        if case .read = bytes.withUnsafeBufferPointer({ buffer -> SubsetScanner.Outcome in
          var recorder = SubsetScanner.Recorder()
          return SubsetScanner.read(buffer, into: &recorder)
        }) { read += 1 }
      }
    }
    XCTAssertGreaterThan(read, 20, "the subset reads most of what the repository holds")
  }

  /// Each shape, changed a byte at a time at every place: each change is read here exactly as
  /// libyaml reads it, or left to libyaml after the events it shares.
  func testMutationsAgree() {
    let inserts: [[UInt8]] = [[0x20], [0x0A], [0x2D, 0x20], [0x3A], [0x23], [0x27], [0x22], [0x2C], [0x5B], [0x7D], [0x26],
                              Array("---\n".utf8), Array("\u{E4}".utf8), [0x09]]
    var checked = 0
    for (name, text) in Self.shapes {
      let bytes = Array(text.utf8)
      for at in 0..<bytes.count {
        var removed = bytes
        removed.remove(at: at)
        assertAgrees(removed, "\(name) without byte \(at)")
        for insert in inserts where at % 3 == 0 || insert.count == 1 && insert[0] <= 0x3A {
          var changed = bytes
          changed.insert(contentsOf: insert, at: at)
          assertAgrees(changed, "\(name) with \(insert) at \(at)")
          checked += 1
        }
      }
    }
    XCTAssertGreaterThan(checked, 1000)
  }
}
