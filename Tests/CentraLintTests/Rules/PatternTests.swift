import XCTest
@testable import CentraLint

/// The `pattern` check's regular expressions: the answers of a backtracking engine, in time
/// linear in the value, and what a linear matcher cannot do refused with its reason.
final class PatternTests: XCTestCase {
  /// Patterns of the kinds teams write, and hostile ones, each on values that match and values
  /// that do not: every answer equals Swift's `Regex` (on ASCII values, where its grapheme
  /// clusters are scalars).
  func testAnswersAsABacktrackingEngineDoes() throws {
    let patterns = [
      "^\\$\\{[A-Z0-9_]+\\}$", "(?i)^klarna$", "^(EU|NA|OC)( TEST)?$", "^https://[^/]+/", "[(|)]+", "\\(a|b\\)+",
      "(ab){2}", "^[a-z]{2}-[A-Z]{2}$", "(a|aa)+$", "^(a+)*$", "(x*y?)+", "((ab)+)*c", "(a|b){2,}", "(?:a|ab)*c",
      "([a-z]+\\.)+com", "^\\d{3,5}$", "\\bK\\d+\\b", "\\Bb", "^\\w+@\\w+\\.\\w{2,}$", "\\s", "^\\S+$", "[^\\d\\s]",
      "a.c", "^.*$", "a{2,3}?b", "x{,3}", "a{", "[]a]", "[^]a]+", "[a-]", "[\\]\\\\]", "^$", "", "(?i:AB)c", "(?i)a(?-i)b",
      "colou?r", "^(?<region>EU|NA)$", "^klarna_(live|test)_[A-Za-z0-9]{8,}$", "\\.", "\\x41", "\\u00e9", "a|", "(|x)y",
      "^[A-Z]{2}(,[A-Z]{2})*$", "\\Aab\\z", "ab\\Z", "[\\w-]+", "(?i)[a-c]+", "(?i)STRIPE", "\\D+", "\\W",
    ]
    let values = [
      "", "a", "aa", "aaaa", "aaab", "ab", "abab", "abc", "ababc", "${KLARNA}", "${klarna}", "Klarna", "KLARNA", "klarnas",
      "EU", "EU TEST", "NA TEST ", "https://x.example/y", "http://x/", "(", "a|b", "xy", "xyy", "www.shop.com", "12345",
      "123", "K12 K", "AK12", "ab@cd.ef", "a b", "x\n", "abc\n", "c", "]", "]a]", "-", "\\", "color", "colour", "NA",
      "klarna_live_ABCDEFGH", "klarna_test_abc", "é", "A", "US,SE", "US,", "a-b_c", "STRIPE", "stripe", "12a",
    ]
    for text in patterns {
      let ours = try Pattern(text)
      // Swift reads a `]` first in a class as the class's end; PCRE, and this, as a member.
      guard let theirs = try? Regex(text) else {
        XCTAssertTrue(text.contains("[]") || text.contains("[^]"), text)
        continue
      }
      for value in values {
        XCTAssertEqual(ours.matches(in: value), (try theirs.firstMatch(in: value)) != nil, "/\(text)/ on \(value.debugDescription)")
      }
    }
  }

  /// The shapes that make a backtracking engine exponential or quadratic answer at once, on a
  /// value long enough that either would not (the test would hang).
  func testHostilePatternsAreLinear() throws {
    let long = String(repeating: "a", count: 100_000)
    for text in ["^(\\d+)*$", "^(a|aa)+$", "^(a+)+b", "a*a*a*a*a*1", "[a-z]*1", "(.*)*x", "^(a?){30}a{30}$"] {
      XCTAssertFalse(try Pattern(text).matches(in: long + "!"), text)
    }
    XCTAssertTrue(try Pattern("^(a|aa)+$").matches(in: long))
  }

  /// What a linear matcher cannot do, and what is not a pattern, is refused with its reason
  /// and place; sizes are bounded.
  func testRefusedWithTheirReasons() {
    for (text, reason) in [
      ("(a)\\1", "back-references ('\\1') are not supported"),
      ("^(?!test)", "look-around"),
      ("(?<=a)b", "look-around"),
      ("a++", "possessive"),
      ("*a", "'*' has nothing to repeat"),
      ("(ab", "a group is not closed"),
      ("ab)", "a ')' closes no group"),
      ("[a-", "a class '[' is not closed"),
      ("[z-a]", "out of order"),
      ("[[:alpha:]]", "POSIX classes"),
      ("\\q", "the escape '\\q' is not supported"),
      ("(?x)a", "the flag 'x' is not supported"),
      ("a{5,2}", "minimum above its maximum"),
      ("a{1001}", "at most 1000"),
      ("(a{1000}){1000}", "more than the 2000"),
      (String(repeating: "(", count: 200) + "a" + String(repeating: ")", count: 200), "nested more than 100 deep"),
      ("a\\", "lone '\\'"),
    ] {
      XCTAssertThrowsError(try Pattern(text), text) { error in
        XCTAssertTrue((error as! Pattern.Invalid).reason.contains(reason), "\(text): \(error)")
      }
    }
    // Deep nesting of repetitions saturates instead of overflowing.
    let nested = String(repeating: "(", count: 9) + "a" + String(repeating: "){1000}", count: 9)
    XCTAssertThrowsError(try Pattern(nested))
  }

  func testABracketFirstInAClassIsAMember() throws {
    XCTAssertTrue(try Pattern("^[]a]+$").matches(in: "]a]"))
    XCTAssertFalse(try Pattern("^[^]a]+$").matches(in: "]"))
    XCTAssertTrue(try Pattern("^[^]a]+$").matches(in: "bc"))
  }

  /// A class of thousands of members, repeated, on a long value: its members are merged and
  /// looked up by halving (a scan of them per step took seconds a value).
  func testABigClassIsLookedUpByHalving() throws {
    let members = String(String.UnicodeScalarView((0..<3_000).map { Unicode.Scalar(0x4E00 + 2 * $0)! }))
    let pattern = try Pattern("[" + members + "a]{1000}Z")
    XCTAssertFalse(pattern.matches(in: String(repeating: "a", count: 3_000)))
    XCTAssertTrue(pattern.matches(in: String(repeating: "a", count: 1_000) + "Z"))
    XCTAssertTrue(try Pattern("^[c-ea-cx]+$").matches(in: "abcdex"))
    XCTAssertFalse(try Pattern("^[c-ea-cx]+$").matches(in: "abcdefx"))
    XCTAssertTrue(try Pattern("(?i)^[^a-c]$").matches(in: "d"))
    XCTAssertFalse(try Pattern("(?i)^[^a-c]$").matches(in: "B"))
  }

  /// `\b` is PCRE's: between a word character and a non-word one (or an end).
  func testAWordBoundaryIsPCREs() throws {
    let boundary = try Pattern("\\b")
    XCTAssertFalse(boundary.matches(in: ""))
    XCTAssertFalse(boundary.matches(in: ". ."))
    XCTAssertTrue(boundary.matches(in: "a"))
    XCTAssertTrue(try Pattern("\\bK\\d+\\b").matches(in: "id K12."))
    XCTAssertFalse(try Pattern("\\.+\\b").matches(in: "a."))
    XCTAssertTrue(try Pattern("a\\B").matches(in: "ab"))
  }

  /// Ignoring case covers letters beyond ASCII by their simple mappings; `.` is a scalar.
  func testCaseAndScalars() throws {
    XCTAssertTrue(try Pattern("(?i)^ÅNGSTRÖM$").matches(in: "ångström"))
    XCTAssertTrue(try Pattern("(?i)^[à-ÿ]+$").matches(in: "ÉÈ"))
    XCTAssertFalse(try Pattern("^[à-ÿ]+$").matches(in: "ÉÈ"))
    XCTAssertTrue(try Pattern("^.{2}$").matches(in: "😀x"))
    XCTAssertTrue(try Pattern("^\\w+$").matches(in: "Köln"))
  }

  /// Random patterns of the common syntax on random values, with a fixed seed: every answer
  /// equals Swift's `Regex` (ASCII values, and no `[]` first in a class, where the two differ).
  func testRandomPatternsAnswerAsABacktrackingEngine() throws {
    var generator = MutationTests.Random(state: 0x5EED)  // seeded: a failure repeats
    // No `\b`: Swift's is a Unicode word boundary (UAX #29, where a value's ends always are
    // one); this one is PCRE's (`testAWordBoundaryIsPCREs`).
    let atoms = ["a", "b", "c", ".", "\\d", "\\w", "\\s", "[ab]", "[^a]", "[a-c]", "\\.", "x", "^", "$"]
    func pattern(_ depth: Int) -> String {
      var text = ""
      for _ in 0..<Int.random(in: 1...4, using: &generator) {
        // A group is not repeated: Swift's backtracking takes exponential time on some of
        // those (the reason this matcher exists), and the test would not end.
        let group = depth < 2 && Int.random(in: 0..<6, using: &generator) == 0
        var atom = group
          ? "(" + pattern(depth + 1) + (Bool.random(using: &generator) ? "|" + pattern(depth + 1) : "") + ")"
          : atoms.randomElement(using: &generator)!
        if !group, atom != "^", atom != "$" {
          atom += ["", "", "*", "+", "?", "{2}", "{1,3}", "{0,}", "*?"].randomElement(using: &generator)!
        }
        text += atom
      }
      return text
    }
    let letters = Array("abcx. 1_")
    for _ in 0..<1_500 {
      let text = pattern(0)
      let ours = try Pattern(text)
      let theirs = try Regex(text)
      for _ in 0..<12 {
        let value = String((0..<Int.random(in: 0...8, using: &generator)).map { _ in letters.randomElement(using: &generator)! })
        XCTAssertEqual(ours.matches(in: value), (try theirs.firstMatch(in: value)) != nil, "/\(text)/ on \(value.debugDescription)")
      }
    }
  }
}

