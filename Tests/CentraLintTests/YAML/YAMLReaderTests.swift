import XCTest
@testable import CentraLint

/// The YAML layer: positions, anchors, merges, duplicates, errors, multi-document streams.
final class YAMLReaderTests: XCTestCase {
  private func parse(_ text: String) -> YAMLTree { YAMLReader.parse(Array(text.utf8)) }

  private func position(_ tree: YAMLTree, of scalar: String) -> (Int, Int)? {
    for (index, node) in tree.nodes.enumerated() where node.kind == .scalar && tree.string(index) == scalar {
      return (Int(node.line), Int(node.column))
    }
    return nil
  }

  func testPositionsCountUnicodeScalarsOnCRLFAndBOMLines() {
    let tree = YAMLReader.parse([0xEF, 0xBB, 0xBF] + Array("a: 1\r\nb: \"ä☃😀\"\r\nc: x\r\n".utf8))
    XCTAssertEqual(position(tree, of: "a").map { [$0.0, $0.1] }, [1, 1])
    XCTAssertEqual(position(tree, of: "x").map { [$0.0, $0.1] }, [3, 4])
    let multibyte = parse("k: [ä, ☃, 😀, z]\n")
    XCTAssertEqual(position(multibyte, of: "z").map { [$0.0, $0.1] }, [1, 14])
  }

  func testAliasesPointAtTheAnchoredNodeWithoutCopying() {
    let tree = parse("a: &x [1, 2]\nb: *x\nc: *x\n")
    let aliases = tree.nodes.indices.filter { tree.nodes[$0].kind == .alias }
    XCTAssertEqual(aliases.count, 2)
    let target = tree.resolved(aliases[0])
    XCTAssertEqual(target, tree.resolved(aliases[1]))
    XCTAssertEqual(tree.nodes[target].kind, .sequence)
    XCTAssertEqual(tree.nodes.count, 9, "2 keys + list + 2 items + 2 keys + 2 aliases, nothing copied")
  }

  func testBillionLaughsStaysSmall() {
    var text = "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n"
    for level in 1...9 {
      text += "a\(level): &a\(level) [" + Array(repeating: "*a\(level - 1)", count: 10).joined(separator: ", ") + "]\n"
    }
    let tree = parse(text)
    XCTAssertTrue(tree.problems.isEmpty)
    XCTAssertLessThan(tree.nodes.count, 200)
  }

  func testDuplicateKeysAreFoundInSmallAndLargeMappings() {
    let small = parse("a: 1\nb: 2\na: 3\n")
    XCTAssertEqual(small.problems.map(\.line), [3])
    let large = parse((0..<40).map { "k\($0): v" }.joined(separator: "\n") + "\nk7: again\n")
    XCTAssertEqual(large.problems.count, 1)
    XCTAssertEqual(large.problems.first?.kind, .duplicateKey(key: "k7", firstLine: 8, firstColumn: 1))
  }

  func testSyntaxErrorKeepsTheDocumentsBeforeIt() {
    let tree = parse("a: 1\n---\nb: 2\n---\nc: [\n")
    XCTAssertEqual(tree.documents.count, 2)
    XCTAssertEqual(tree.problems.count, 1)
    XCTAssertEqual(tree.problems.first?.kind, .syntax)
  }

  func testReaderErrorsArePlacedAtTheOffendingByte() {
    let tree = YAMLReader.parse(Array("a: 1\nb: ok\nc: x".utf8) + [0xFF] + Array("\n".utf8))
    XCTAssertEqual(tree.problems.first?.kind, .syntax)
    XCTAssertEqual(tree.problems.first.map { [$0.line, $0.column] }, [3, 5])
  }

  func testUndefinedAliasIsAProblemAndANullNode() {
    let tree = parse("a: *nowhere\n")
    XCTAssertEqual(tree.problems.first?.message, "found undefined alias 'nowhere'")
    XCTAssertTrue(tree.isNull(tree.nodes.firstIndex { $0.kind == .alias }!))
  }

  func testNullsAndEmptyValues() {
    let tree = parse("a: ~\nb:\nc: null\nd: ''\ne: 'null'\n")
    let values = stride(from: 1, to: tree.children.count, by: 2).map { Int(tree.children[$0]) }
    XCTAssertEqual(values.map(tree.isNull), [true, true, true, false, false])
    XCTAssertEqual(values.map(tree.isEmpty), [true, true, true, true, false])
  }

  func testSensitiveValuesAreMarkedThroughAliasesBothWays() {
    let text = "s: &s hidden\nplugin:\n  secret: *s\n  Client_Secret: [a]\n  name: *s\n  other: &o shown\n  apiKey: *o\n  uri: ok\n"
    let tree = YAMLReader.parse(Array(text.utf8), sensitivity: Support.rules.schema.sensitivity)
    let marked = Set(tree.sensitiveNodes.map { tree.resolved($0) })
    XCTAssertEqual(Set(marked.filter { tree.kind($0) == .scalar }.map { tree.string($0) }), ["hidden", "a", "shown"])
    // A collection is marked, but only its scalars are listed: a source line masks their spans.
    XCTAssertTrue(tree.nodes.indices.contains { tree.nodes[$0].kind == .sequence && tree.isSensitive($0) })
    XCTAssertFalse(marked.contains { tree.kind($0) == .sequence })
    // Every use of a scalar that is sensitive somewhere is sensitive.
    let plugin = Int(tree.children(of: tree.documents[0].root).last!)
    let values = tree.children(of: plugin).enumerated().filter { $0.offset % 2 == 1 }.map { Int($0.element) }
    XCTAssertEqual(values.map(tree.isSensitive), [true, true, true, true, true, false], "secret, Client_Secret, name, other, apiKey, uri")
    XCTAssertFalse(YAMLReader.parse(Array(text.utf8)).nodes.contains { $0.flags & YAMLNode.sensitive != 0 }, "a data file marks nothing")
  }

  /// A tree as plain values, to compare two readings field by field: a scalar by its text
  /// (a tree read in place keeps it where the file has it, another after the others).
  static func summary(_ tree: YAMLTree) -> [String] {
    tree.nodes.indices.map { index in
      let node = tree.nodes[index]
      let content = node.kind == .scalar ? "\(Array(tree.scalarBytes(index)))" : "\(node.start) \(node.count)"
      return "\(node.kind) \(node.style) \(node.flags) \(node.line):\(node.column)-\(node.endLine):\(node.endColumn) \(content)"
    }
      + ["children \(tree.children)", "sensitive \(tree.sensitiveNodes)"]
      + tree.documents.map { "document \($0.root) \($0.line):\($0.column)" }
      + tree.problems.map { "problem \($0)" }
  }

  /// Read in place, a tree's text is the file and then every value libyaml gives (never longer
  /// than the file): a file is read so only where the tree's offsets reach twice its size, so
  /// that libyaml taking over a big file's reading cannot pass them (past 1 GiB it trapped).
  /// The tree is the same either way, read directly or on a second thread.
  func testATreeIsReadInPlaceOnlyWhereTwiceTheFileFits() {
    let plain = "plugins:\n" + String(repeating: "  - { uri: a, name: 'b c' }\n", count: 400)
    // A double-quoted escape hands the reading to libyaml.
    let mixed = plain + "  - { uri: \"c\\td\" }\n"
    for (text, subset) in [(plain, true), (mixed, false)] {
      let bytes = Array(text.utf8)
      let direct = YAMLReader.parse(bytes)
      for (largest, fits) in [(2 * bytes.count, true), (2 * bytes.count - 1, false)] {
        for pipelineFrom in [0, Int.max] {
          let tree = YAMLReader.parse(
            bytes, limits: Limits(), sensitivity: .none, pipelineFrom: pipelineFrom, observe: nil, largest: largest)
          XCTAssertEqual(Self.summary(tree), Self.summary(direct), "largest \(largest), pipelined from \(pipelineFrom)")
          XCTAssertTrue(tree.problems.isEmpty)
          // Only the subset reader's tree is read in place directly; libyaml's own reading never is.
          let inPlace = fits && (subset || pipelineFrom == 0)
          XCTAssertEqual(tree.text.starts(with: bytes), inPlace, "largest \(largest), pipelined from \(pipelineFrom)")
        }
      }
    }
  }

  /// libyaml on its own thread (a big file) gives the very tree of the direct reading: on every
  /// seed and 30 seeded mutations of each, with small limits so that every stop is reached, and
  /// chunk boundaries crossed (the 2,000-plugin seed is ~30,000 events, four chunks of 8,192).
  func testPipelinedReadingBuildsTheSameTree() throws {
    var seeds = try MutationTests.seeds().map(\.1)
    seeds.append(Array(String(repeating: "[", count: 5000).utf8))
    seeds.append(Array(("plugins:\n" + String(repeating: "  - { uri: &u a, name: *u, list: [1, 2, {x: y}] }\n", count: 2000)).utf8))
    seeds.append(Array("a: 1\n---\nb: [\n".utf8))
    var random = MutationTests.Random(state: 99)
    let limitSets = [Limits(), { var limits = Limits(); limits.depth = 3; limits.items = 5; limits.documents = 1; limits.keyLength = 4; return limits }()]
    var compared = 0
    for seed in seeds {
      for round in 0..<(seed.count > 50_000 ? 5 : 30) {
        let bytes = round == 0 ? seed : MutationTests.mutate(seed, &random)
        for limits in limitSets {
          let sensitivity = Support.rules.schema.sensitivity
          let direct = YAMLReader.parse(bytes, limits: limits, sensitivity: sensitivity)
          let pipelined = YAMLReader.parse(bytes, limits: limits, sensitivity: sensitivity, pipelineFrom: 0)
          XCTAssertEqual(Self.summary(direct), Self.summary(pipelined), "round \(round): \(String(decoding: bytes.prefix(200), as: UTF8.self))")
          // The same when no thread can be had, and every chunk is made before any is read.
          let inline = YAMLReader.parse(
            bytes, limits: limits, sensitivity: sensitivity, pipelineFrom: 0, observe: nil, producerThread: false)
          XCTAssertEqual(Self.summary(direct), Self.summary(inline), "inline, round \(round)")
          compared += 1
        }
      }
    }
    XCTAssertGreaterThan(compared, 2000)
  }
}
