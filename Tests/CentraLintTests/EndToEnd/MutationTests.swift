import Foundation
import XCTest
@testable import CentraLint
@testable import CentraLintTestSupport

/// The deterministic fuzz pass CI runs: a fixed number of seeded mutations of every fixture,
/// sample and fuzz corpus file, each linted whole and rendered in every format. No crash, no
/// secret in any output, every report complete. (`scripts/fuzz` is the open-ended libFuzzer run.)
final class MutationTests: XCTestCase {
  static let mutationsPerSeed = 300

  /// SplitMix64: small, seedable, the same on every machine.
  struct Random: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
      state &+= 0x9E37_79B9_7F4A_7C15
      var z = state
      z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
      z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
      return z ^ (z >> 31)
    }
    mutating func below(_ bound: Int) -> Int { Int(next() % UInt64(max(bound, 1))) }
  }

  static let tokens: [[UInt8]] = [
    ":", "- ", "[", "]", "{", "}", ",", "&a ", "*a", "<<: *a", "\t", "\"", "'", "|\n", "\n", "---\n",
    "? ", "!!binary ", "secret: ", "klarna_live_", "  ", "#", "~", "\r\n", "é", "😀",
  ].map { Array($0.utf8) } + [[0xFF], [0x00], [0xC3], [0xEF, 0xBB, 0xBF], [0x07]]

  static func mutate(_ seed: [UInt8], _ random: inout Random) -> [UInt8] {
    var bytes = seed
    for _ in 0..<(1 + random.below(4)) {
      let at = random.below(bytes.count + 1)
      switch random.below(6) {
      case 0 where !bytes.isEmpty: bytes[min(at, bytes.count - 1)] ^= UInt8(1 << random.below(8))
      case 1: bytes.insert(contentsOf: tokens[random.below(tokens.count)], at: at)
      case 2 where !bytes.isEmpty: bytes.removeSubrange(at..<min(bytes.count, at + 1 + random.below(16)))
      case 3: bytes.insert(UInt8(truncatingIfNeeded: random.next()), at: at)
      case 4 where !bytes.isEmpty:
        let from = random.below(bytes.count), length = min(bytes.count - from, 1 + random.below(40))
        bytes.insert(contentsOf: bytes[from..<(from + length)], at: at)
      default: bytes.removeSubrange(at...)
      }
    }
    return bytes
  }

  static func seeds() throws -> [(String, [UInt8])] {
    let roots = [Support.packageRoot + "/Tests/CentraLintTests/FuzzCorpus", Support.fixtures, Support.packageRoot + "/samples"]
    var files: [String] = []
    for root in roots {
      let walker = FileManager.default.enumerator(atPath: root)!
      while let name = walker.nextObject() as? String {
        if name.hasSuffix(".yaml") { files.append(root + "/" + name) }
      }
    }
    return try files.sorted().map { ($0, Array(try Data(contentsOf: URL(fileURLWithPath: $0)))) }
  }

  func testCorpusFilesReplayClean() throws {
    for (name, bytes) in try Self.seeds() {
      XCTAssertNil(Harness.violation(in: Harness.outputs(of: bytes, rules: Support.rules)), name)
    }
  }

  func testSeededMutationsOfEverySeed() throws {
    var random = Random(state: 20261126)
    var runs = 0
    for (name, seed) in try Self.seeds() {
      for round in 0..<Self.mutationsPerSeed {
        let bytes = Self.mutate(seed, &random)
        if let problem = Harness.violation(in: Harness.outputs(of: bytes, rules: Support.rules))
          ?? Harness.probeViolation(in: Harness.probedOutputs(of: bytes, rules: Support.rules)) {
          XCTFail("\(name), mutation \(round): \(problem); input (base64): \(Data(bytes).base64EncodedString())")
          return
        }
        runs += 1
      }
    }
    XCTAssertGreaterThan(runs, 3000)
  }
}
