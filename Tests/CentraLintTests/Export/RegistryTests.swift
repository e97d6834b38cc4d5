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

  /// A registry of every shape an entry takes, `count` entries long.
  static func registry(_ count: Int) -> String {
    var text = "# registry\nversion: 2\nmids:   # by MID\n"
    for index in 0..<count {
      switch index % 6 {
      case 0: text += "  K5\(index): { region: EU, environment: live }\n"
      case 1: text += "  k5\(index): {region: NA}\n"
      case 2: text += "  N5\(index):\n    region: NA\n    notes: big merchant   # a note\n"
      case 3: text += "  'O5\(index)': { region: \" oc \", environment: Playground }\n\n"
      case 4: text += "  # a comment at the entries' indentation\n  \"K5\(index)\": { region: 'EU', owner: x }\n"
      default: text += "  K5\(index)x: { region: eu, notes: 'it''s' }\n"
      }
    }
    return text + "owner: someone\n"
  }

  /// A big registry is read in two halves on two cores: on a registry of every entry shape and
  /// on 3,000 seeded mutations of it (most near its middle), whenever the halves are read they
  /// give the one reading's entries, places and spellings exactly; else the whole is read.
  func testReadingInHalvesGivesTheOneReading() throws {
    let seed = Array(Self.registry(60).utf8)
    let probes = (0..<60).flatMap { ["K5\($0)", "k5\($0)", "n5\($0)", "o5\($0)", "K5\($0)X"] }
    func same(_ bytes: [UInt8], _ name: String) -> Bool {
      guard let halves = MIDRegistry.inHalves(bytes, file: "mids.yaml", tables: Support.rules.tables) else { return false }
      guard let whole = try? MIDRegistry.parse(bytes, file: "mids.yaml", tables: Support.rules.tables) else {
        XCTFail("\(name): read in halves, refused whole:\n\(String(decoding: bytes, as: UTF8.self))")
        return true
      }
      XCTAssertTrue(halves.entries == whole.entries, "\(name): the entries differ")
      XCTAssertEqual(halves.count, whole.count, name)
      for (mid, entry) in whole.entries where halves.entry(mid) != entry { XCTFail("\(name): \(mid) looked up otherwise") }
      XCTAssertNil(MIDRegistry.halvesDisagreement(bytes, tables: Support.rules.tables), name)
      for probe in probes where whole.entries[probe] == nil {
        XCTAssertEqual(halves.spelling(ignoringCase: probe), whole.spelling(ignoringCase: probe), "\(name): \(probe)")
      }
      return true
    }
    XCTAssertTrue(same(seed, "the seed"), "a registry of this shape is read in halves")
    // The fuzz target's seed of this shape is read in halves too (the fuzzer compares the two).
    let fuzzSeed = try FileSystem.read(Support.packageRoot + "/Tests/CentraLintTests/FuzzCorpus/registry-read-in-halves.yaml")
    XCTAssertNotNil(MIDRegistry.inHalves(fuzzSeed, file: "mids.yaml", tables: Support.rules.tables))
    XCTAssertNil(MIDRegistry.halvesDisagreement(fuzzSeed, tables: Support.rules.tables))
    XCTAssertEqual(try MIDRegistry.parse(seed, file: "mids.yaml", tables: Support.rules.tables).entries.count, 60)
    let middle = MIDRegistry.split(seed)!.offset
    var random = MutationTests.Random(state: 11)
    var inHalves = 0
    for round in 0..<3000 {
      var bytes: [UInt8]
      if round % 3 == 0 {
        bytes = MutationTests.mutate(seed, &random)
      } else {
        // Near the middle: a token, a byte or a cut within a few lines of the split.
        bytes = seed
        var at = max(0, min(bytes.count, middle - 150 + random.below(300)))
        // Half of them at the start of a line: a whole line inserted means something there.
        if random.below(2) == 0 { while at > 0, bytes[at - 1] != 0x0A { at -= 1 } }
        switch random.below(4) {
        case 0: bytes.insert(contentsOf: MutationTests.tokens[random.below(MutationTests.tokens.count)], at: at)
        case 1: bytes.insert(contentsOf: Array(["'", "\"", "{", "[", "\n", " ", "  ", "-", "#", "---\n", "mids:\n", "K50: {region: EU}\n",
                                               "  K50: {region: NA}\n", "a:\n", "x: |\n"][random.below(15)].utf8), at: at)
        case 2: bytes.removeSubrange(at..<min(bytes.count, at + 1 + random.below(12)))
        default: bytes[min(at, bytes.count - 1)] ^= UInt8(1 << random.below(8))
        }
      }
      if same(bytes, "mutation \(round)") { inHalves += 1 }
    }
    XCTAssertGreaterThan(inHalves, 300, "many mutations are still read in halves")
  }
}
