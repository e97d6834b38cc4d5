/// `centra-lint test-rules` (SPEC §2): every rule's examples run as exports. A rule passes when
/// each invalid example fires it exactly at its `↓` marks (somewhere, when it has none), no
/// valid example fires it, and it has at least one invalid example: a test that matches nothing
/// cannot pass. Each example also runs in variants that must not change the result (CRLF line
/// ends, a byte order mark, an emoji comment line first: the same findings at the same marks;
/// its data in flow style, its plugins through anchors: as many findings) and, for an invalid
/// example of a rule that may be suppressed, under an `ignore-file` comment that must silence it.
public enum RuleExamples {
  /// One way a rule's examples failed.
  public struct Failure: Sendable, CustomStringConvertible {
    public var rule: String
    /// The rule file.
    public var file: String
    /// What went wrong, naming the example and the variant.
    public var problem: String

    public var description: String { "\(file): \(rule): \(problem)" }
  }

  /// The marker that shows where a finding must be: just before its character.
  static let marker: Character = "↓"

  /// An example's text without its marks, and where each mark was (1-based line, column in
  /// Unicode scalars of the character after it; lines end as `LineIndex` ends them: LF, CRLF
  /// and a lone CR).
  static func unmarked(_ text: String) -> (text: String, marks: [SourceLocation]) {
    var out = ""
    var marks: [SourceLocation] = []
    var line = 1, column = 1
    var afterCR = false
    for scalar in text.unicodeScalars {
      if scalar == "↓" {
        marks.append(SourceLocation(file: "", line: line, column: column))
        continue
      }
      out.unicodeScalars.append(scalar)
      if scalar == "\n" && afterCR {
        // The second half of a CRLF: the CR ended the line.
      } else if scalar == "\n" || scalar == "\r" {
        line += 1
        column = 1
      } else {
        column += 1
      }
      afterCR = scalar == "\r"
    }
    return (out, marks)
  }

  /// A variant of an example: how its text changes and how many lines that adds before it.
  struct Variant: Sendable {
    var name: String
    var change: @Sendable (String) -> String
    var linesBefore: Int
  }

  static let variants: [Variant] = [
    Variant(name: "with CRLF line ends", change: { $0.replacing("\n", with: "\r\n") }, linesBefore: 0),
    Variant(name: "with a byte order mark", change: { "\u{FEFF}" + $0 }, linesBefore: 0),
    Variant(name: "after an emoji comment line", change: { "# 🧪 emoji line ✔︎\n" + $0 }, linesBefore: 1),
  ]

  /// Runs the examples of `tested` (rules of `ruleSet` and `own`, which together are the rules
  /// in effect) and gives every failure; empty when all pass.
  public static func run(_ tested: [RuleDefinition], ruleSet: RuleSet, own: OwnRules, today: Day) -> [Failure] {
    var failures: [Failure] = []
    for rule in tested {
      func fail(_ problem: String) { failures.append(Failure(rule: rule.id, file: rule.file, problem: problem)) }
      // Its valid examples are still run: every problem of the rule is told at once.
      if !rule.examples.contains(where: \.triggers) {
        fail("it has no invalid example: a rule must show at least one export it fires on")
      }
      var numbers = (valid: 0, invalid: 0)
      for example in rule.examples {
        let name: String
        if example.triggers {
          numbers.invalid += 1
          name = "invalid example \(numbers.invalid)"
        } else {
          numbers.valid += 1
          name = "valid example \(numbers.valid)"
        }
        let (text, marks) = unmarked(example.export)
        if !example.triggers, !marks.isEmpty { fail("\(name) has ↓ marks, which only invalid examples may have") }
        // The example as written is linted once: its findings, and what its comments silence.
        let written = Self.lint(text, example: example, ruleSet: ruleSet, own: own, today: today)
        let writtenFindings = written.map { $0.findings.filter { $0.rule == rule.id } }
        let run: (String) -> Result<[Finding], LintError> = { variant in
          ByteScan.equal(variant, text) ? writtenFindings : Self.findings(of: rule.id, in: variant, example: example, ruleSet: ruleSet, own: own, today: today)
        }
        // A comment of the example's own that silences the rule would let it pass unseen.
        if case .success(let result) = written, case let silenced = result.suppressed.count(where: { $0.rule == rule.id }), silenced > 0 {
          fail("\(name) has a suppression comment that silences \(Summary.count(silenced, "finding")) of the rule: an example shows the rule at work, so remove the comment")
        }
        // As written, then each variant: a variant is reported only where it changes a result
        // that was right as written.
        var cases: [(String, String, Int)] = [("", text, 0)]
        for variant in variants { cases.append((" " + variant.name, variant.change(text), variant.linesBefore)) }
        for (variantName, variantText, shift) in cases {
          var problems: [String] = []
          switch run(variantText) {
          case .failure(let error):
            problems.append("could not be run: \(error)")
          case .success(let findings):
            let places = findings.map { "line \($0.location.line - shift), column \($0.location.column)" }
            if !example.triggers {
              if !findings.isEmpty { problems.append("fires the rule at \(places.joined(separator: "; ")) (\(findings[0].message))") }
            } else if marks.isEmpty {
              if findings.isEmpty { problems.append("does not fire the rule") }
            } else {
              let expected = Set(marks.map { "line \($0.line), column \($0.column)" })
              let missing = marks.map { "line \($0.line), column \($0.column)" }.filter { !places.contains($0) }
              let extra = places.filter { !expected.contains($0) }
              if !missing.isEmpty { problems.append("does not fire the rule at its mark ↓ (\(missing.joined(separator: "; ")))") }
              if !extra.isEmpty { problems.append("fires the rule at \(extra.joined(separator: "; ")), where it has no mark ↓") }
            }
          }
          for problem in problems { fail("\(name)\(variantName) \(problem)") }
          if !problems.isEmpty { break }
        }
        // The same data in flow style, and with each plugin brought in through an anchor: as
        // many findings as written (their places move). Not for the rules about the YAML layer
        // or comments, which a rewrite changes, nor for data that flow style cannot hold as is.
        if case .success(let base) = run(text), !Self.layoutRules.contains(rule.check), !text.contains("centra-lint:") {
          let tree = YAMLReader.parse(Array(text.utf8))
          for (variantName, anchoring) in [("with its data in flow style", false), ("with its plugins through anchors", true)] {
            guard let rewritten = FlowWriter.write(tree, anchoringPlugins: anchoring), case .success(let findings) = run(rewritten) else { continue }
            if findings.count != base.count {
              fail("\(name) \(variantName) gives \(Summary.count(findings.count, "finding")), not \(base.count) as written")
            }
          }
        }
        // A suppression comment must silence an invalid example's findings.
        if example.triggers, rule.suppressible {
          let suppressed = "# centra-lint: ignore-file \(rule.id) -- test-rules checks that the rule can be suppressed\n" + text
          if case .success(let findings) = run(suppressed), !findings.isEmpty {
            fail("\(name) still fires the rule under an ignore-file comment for it")
          }
        }
      }
    }
    return failures
  }

  /// The checks whose findings depend on how the YAML is written, not on its data.
  static let layoutRules: Set<String> = ["yaml-syntax", "yaml-limit", "duplicate-key", "suppressions"]

  /// The findings of one rule in an example's export.
  static func findings(
    of id: String, in text: String, example: RuleDefinition.Example, ruleSet: RuleSet, own: OwnRules, today: Day
  ) -> Result<[Finding], LintError> {
    lint(text, example: example, ruleSet: ruleSet, own: own, today: today).map { $0.findings.filter { $0.rule == id } }
  }

  /// An example's export, linted alone as the run would with its registry and image sizes.
  static func lint(_ text: String, example: RuleDefinition.Example, ruleSet: RuleSet, own: OwnRules, today: Day) -> Result<LintResult, LintError> {
    do {
      var configuration = Configuration()
      configuration.ownRules = own
      configuration.imageSizes = example.imageSizes
      let registry = try example.midRegistry.map { try MIDRegistry.parse(Array($0.utf8), file: "midRegistry of the example", tables: ruleSet.tables) }
      var engine = Engine(rules: ruleSet, configuration: configuration, registry: registry)
      engine.parallelism = 1
      engine.withSnippets = false
      engine.today = today
      return .success(try engine.lint([LintInput(display: "example.yaml", source: .bytes(Array(text.utf8)))]))
    } catch let error as LintError {
      return .failure(error)
    } catch {
      return .failure(.invalidSetup("\(error)"))
    }
  }
}
