import XCTest
@testable import CentraLint

/// `Suggestion`: a "did you mean" depends on the names it chooses from, never on their order
/// (callers pass a dictionary's keys or a set, whose order changes from run to run).
final class SuggestionTests: XCTestCase {
  /// Each answer, asked with the candidates in every order of `candidates`.
  private func answers(_ ask: ([String]) -> [String], _ candidates: [String]) -> Set<[String]> {
    var answers: Set<[String]> = []
    func permute(_ prefix: [String], _ rest: [String]) {
      if rest.isEmpty { answers.insert(ask(prefix)); return }
      for index in rest.indices {
        var rest = rest
        let next = rest.remove(at: index)
        permute(prefix + [next], rest)
      }
    }
    permute([], candidates)
    return answers
  }

  func testEquallyNearCandidatesGiveOneAnswerInEveryOrder() {
    // Both start with 'test-mode' (the prefix branch): the fuzzer's case.
    let rules = ["test-mode-consistent", "test-mode-outside-production", "plugin-uri-unique"]
    XCTAssertEqual(answers({ [Suggestion.nearest(to: "test-modeld", in: $0) ?? "-"] }, rules), [["test-mode-consistent"]])
    // One edit from each (the edit-distance branch).
    XCTAssertEqual(answers({ [Suggestion.nearest(to: "abd", in: $0) ?? "-"] }, ["abe", "abc", "xyz"]), [["abc"]])
    // As short as each other and both holding the name (`closest`).
    XCTAssertEqual(answers({ [Suggestion.closest(to: "uri", in: $0) ?? "-"] }, ["b-uri-x", "a-uri-y", "long-uri-name"]), [["a-uri-y"]])
    // Sharing a word (`closest`'s last resort) and `related`.
    XCTAssertEqual(answers({ [Suggestion.closest(to: "secret_reference", in: $0) ?? "-"] }, ["zz-secret", "aa-secret", "other"]), [["aa-secret"]])
    XCTAssertEqual(answers({ Suggestion.related(to: "region", in: $0) }, ["mid-region", "endpoint-region", "status"]),
                   [["endpoint-region", "mid-region"]])
  }

  func testAFarNameHasNoSuggestion() {
    XCTAssertNil(Suggestion.nearest(to: "totally-unrelated", in: ["plugin-uri-unique", "test-mode-consistent"]))
  }
}
