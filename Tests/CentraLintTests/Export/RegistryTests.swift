import XCTest
@testable import CentraLint

/// The MID registry: the fast event reading and the tree reading agree, and errors name places.
final class RegistryTests: XCTestCase {
  private func parse(_ text: String) throws -> MIDRegistry {
    try MIDRegistry.parse(Array(text.utf8), file: "mids.yaml", tables: Support.rules.tables)
  }

  private func tree(_ text: String) throws -> MIDRegistry {
    try MIDRegistry.read(DataFile.parse(Array(text.utf8), file: "mids.yaml"), file: "mids.yaml", tables: Support.rules.tables)
  }

  private func error(_ text: String) -> String {
    do {
      _ = try parse(text)
      return "no error"
    } catch {
      return "\(error)"
    }
  }

  func testFastAndTreeReadingsAgree() throws {
    let texts = [
      "# registry\nversion: 2\nmids:\n  K1: { region: eu, environment: Live }\n  N2:\n    region: NA\n    notes: big merchant\n",
      "mids:\n  base: &b { region: OC }\n  O1: *b\n",  // anchors: only the tree reading takes these
      "mids: {}\n",
      "version: ~\nmids:\n  K1: { region: ' oc ', environment: PLAYGROUND, notes: \"a\" }\n",  // a null beside: the tree
      "mids:\n  K1: { region: EU }\n  K2: { region: NA, environment: \"live\" }\nowner: someone\n",
    ]
    for text in texts {
      XCTAssertEqual(try parse(text).entries, try tree(text).entries, text)
    }
    XCTAssertEqual(try parse(texts[0]).entries["K1"], MIDRegistry.Entry(
      region: "EU", environment: "live", location: SourceLocation(file: "mids.yaml", line: 4, column: 3)))
  }

  func testProblemsNameTheFileAndLine() {
    XCTAssertEqual(error("mids:\n  K1: { region: EU }\n  K2: { region: XX }\n"), "mids.yaml:3:17: region of MID 'K2' must be one of NA, OC, EU")
    XCTAssertEqual(error("mids:\n  K1: { environment: live }\n"), "mids.yaml:2:3: MID 'K1' has no 'region'")
    XCTAssertEqual(error("mids:\n  K1: { region: EU, environment: test }\n"), "mids.yaml:2:34: environment of MID 'K1' must be live or playground")
    XCTAssertEqual(error("mids:\n  K1: { region: EU }\n  K1: { region: NA }\n"), "mids.yaml:3:3: duplicate key 'K1' (first at line 2)")
    XCTAssertEqual(error("mids:\n  K1: { region: EU, region: NA }\n"), "mids.yaml:2:21: duplicate key 'region' (first at line 2)")
    XCTAssertEqual(error("mids:\n  K1: { region: EU, notes: a, notes: b }\n"), "mids.yaml:2:31: duplicate key 'notes' (first at line 2)")
    // Past eight fields an entry's names are kept in a set: a repeat is noticed there too.
    let many = (1...9).map { "n\($0): x" }.joined(separator: ", ")
    XCTAssertEqual(error("mids:\n  K1: { region: EU, \(many), n3: y }\n"), "mids.yaml:2:84: duplicate key 'n3' (first at line 2)")
    XCTAssertEqual(error("mids:\n  K1: { region: EU, \(many), region: NA }\n  K2: { region: EU, n1: a }\n"),
                   "mids.yaml:2:84: duplicate key 'region' (first at line 2)")
    XCTAssertEqual(try? parse("mids:\n  K1: { region: EU, \(many), n10: y }\n  K2: { region: NA, \(many) }\n").entries.count, 2)
    XCTAssertEqual(error("mids:\n  K1: { region: ~ }\n"), "mids.yaml:2:17: region of MID 'K1' must be text")
    XCTAssertTrue(error("midz: {}\n").hasPrefix("mids.yaml:1:1: a MID registry needs a 'mids' mapping"))
    XCTAssertTrue(error("mids:\n  K1: [EU]\n").hasPrefix("mids.yaml:2:7: the entry of MID 'K1' must be a mapping"))
    XCTAssertTrue(error("mids: [\n").hasPrefix("mids.yaml:"))
  }

  /// The fast reading is only a shortcut: on 2,000 seeded mutations of a registry it gives the
  /// tree reading's entries whenever that succeeds, and fails whenever that fails.
  func testFastReadingNeverDisagreesWithTheTree() throws {
    let seed = Array("""
      # registry
      version: 2
      mids:
        K500185: { region: EU, environment: live }
        N500186:
          region: NA
          notes: big merchant
        O500187: { region: " oc ", environment: Playground }
        "K500188": { region: 'EU', owner: x }
      """.utf8)
    var random = MutationTests.Random(state: 7)
    var agreed = 0, read = 0
    for round in 0..<2000 {
      let bytes = MutationTests.mutate(seed, &random)
      let fast = Result { try MIDRegistry.parse(bytes, file: "mids.yaml", tables: Support.rules.tables) }
      let tree = Result { try MIDRegistry.read(DataFile.parse(bytes, file: "mids.yaml"), file: "mids.yaml", tables: Support.rules.tables) }
      switch (fast, tree) {
      case (.success(let a), .success(let b)):
        XCTAssertEqual(a.entries, b.entries, "mutation \(round): \(String(decoding: bytes, as: UTF8.self))")
        agreed += 1
        read += 1
      case (.failure, .failure):
        agreed += 1
      default:
        XCTFail("mutation \(round): fast \(fast), tree \(tree): \(String(decoding: bytes, as: UTF8.self))")
      }
    }
    XCTAssertEqual(agreed, 2000)
    XCTAssertGreaterThan(read, 150, "too few mutations still read: the test would say little")
  }
}
