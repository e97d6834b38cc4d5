import Foundation
import XCTest
@testable import CentraLint

/// The rules compiled into the binary are the package's `rules/`, read the same way.
final class CompiledRulesTests: XCTestCase {
  /// The compiled copy is what `scripts/embed-rules` makes of the folder now: a rule file changed
  /// without running it fails here.
  func testTheCompiledCopyEqualsTheFolder() throws {
    let made = try CompiledRules.source(folder: Support.packageRoot + "/rules")
    let compiled = try String(contentsOfFile: Support.packageRoot + "/Sources/CentraLint/Rules/BuiltInRules+Files.swift", encoding: .utf8)
    XCTAssert(made == compiled, "rules/ changed since it was compiled in: run scripts/embed-rules")
    XCTAssertEqual(BuiltInRules.files.map(\.name), try CompiledRules.names(in: Support.packageRoot + "/rules"))
  }

  /// Each compiled tree reads back as the tree that parsing its file makes.
  func testEachTreeReadsBackAsParsed() throws {
    for (name, literal) in BuiltInRules.files {
      let bytes = Array(try Data(contentsOf: URL(fileURLWithPath: Support.packageRoot + "/rules/" + name)))
      let parsed = try DataFile.tree(bytes, file: name), compiled = CompiledRules.tree(literal)
      XCTAssertEqual(YAMLReaderTests.summary(compiled), YAMLReaderTests.summary(parsed), name)
      XCTAssertEqual(compiled.documents.map { [$0.root, $0.line, $0.column] }, parsed.documents.map { [$0.root, $0.line, $0.column] }, name)
    }
  }

  /// The built-in rule set is the folder's: every rule's words, check and examples, the schema,
  /// the tables, and what a lint of the samples finds.
  func testTheBuiltInRulesAreTheFolders() throws {
    let builtIn = try RuleSet.builtIn(), folder = Support.rules
    XCTAssertEqual(builtIn.rules.map(\.id), folder.rules.map(\.id))
    for (a, b) in zip(builtIn.rules, folder.rules) {
      XCTAssertEqual([a.title, a.rationale, a.fix, a.check, a.severity.rawValue], [b.title, b.rationale, b.fix, b.check, b.severity.rawValue])
      XCTAssertEqual(a.examples.map(\.export), b.examples.map(\.export))
      XCTAssertEqual(a.suppressible, b.suppressible)
      XCTAssertEqual(a.file, "rules/" + a.id + ".yaml")
    }
    XCTAssertEqual(builtIn.schema.slotNames, folder.schema.slotNames)
    XCTAssertEqual(builtIn.folder, RuleSet.builtInFolder)
    XCTAssertEqual(builtIn.files, [], "no file of the built-in rules is on disk to protect")
    XCTAssertEqual(
      try JSONSchema.Descriptions.load(builtIn.descriptions(), schema: builtIn.schema).fields,
      try JSONSchema.Descriptions.load(folder.descriptions(), schema: folder.schema).fields)
    for name in try FileManager.default.contentsOfDirectory(atPath: Support.packageRoot + "/samples/exports").sorted() {
      let bytes = Array(try Data(contentsOf: URL(fileURLWithPath: Support.packageRoot + "/samples/exports/" + name)))
      let findings = { (rules: RuleSet) -> [String] in
        try Engine(rules: rules, configuration: Configuration(), registry: nil)
          .lint([LintInput(display: name, source: .bytes(bytes))]).findings.map(Support.line)
      }
      XCTAssertEqual(try findings(builtIn), try findings(folder), name)
      XCTAssertFalse(try findings(builtIn).isEmpty && name == "store-with-problems.yaml")
    }
  }

  /// No built-in rule's words need hiding: a title, rationale or fix that held a text shaped
  /// like a secret (a key's `klarna_test_` prefix) would be printed with `(hidden)` in its
  /// place by `explain` and every report, mid-sentence.
  func testNoBuiltInRuleTextLooksLikeASecret() throws {
    for name in try CompiledRules.names(in: Support.packageRoot + "/rules") where !name.hasPrefix("data/") {
      let root = try DataFile.load(Support.packageRoot + "/rules/" + name)
      for key in ["title", "rationale", "fix"] {
        let text = try XCTUnwrap(root.field(key), "\(name): \(key)").string(key)
        XCTAssertEqual(Sensitivity.redacting(text), text, "\(name): its \(key) holds what would be hidden")
      }
    }
  }

  /// Where a run's rules come from: `$CENTRA_LINT_RULES`, an install's share folder, else the
  /// compiled copy (the package's own `rules/` above `.build/` is not read).
  func testWhereTheRulesComeFrom() throws {
    XCTAssertEqual(RuleSet.folder(executable: nil, environment: "/some/rules"), "/some/rules")
    XCTAssertNil(RuleSet.folder(executable: nil, environment: ""))
    XCTAssertNil(RuleSet.folder(executable: Support.packageRoot + "/.build/release/centra-lint", environment: nil))
    let install = FileManager.default.temporaryDirectory.appendingPathComponent("install-\(UUID().uuidString)").path
    defer { try? FileManager.default.removeItem(atPath: install) }
    try FileManager.default.createDirectory(atPath: install + "/bin", withIntermediateDirectories: true)
    try FileManager.default.createDirectory(atPath: install + "/share/centra-lint/rules/data", withIntermediateDirectories: true)
    _ = FileManager.default.createFile(atPath: install + "/bin/centra-lint", contents: Data())
    XCTAssertNil(RuleSet.folder(executable: install + "/bin/centra-lint", environment: nil), "no schema: not a rules folder")
    _ = FileManager.default.createFile(atPath: install + "/share/centra-lint/rules/data/schema.yaml", contents: Data("fields: {}\n".utf8))
    XCTAssertEqual(
      RuleSet.folder(executable: install + "/bin/centra-lint", environment: nil),
      URL(fileURLWithPath: install + "/share/centra-lint/rules").resolvingSymlinksInPath().path)
  }

  func testBase64RoundTrips() {
    var generator = SystemRandomNumberGenerator()
    for count in [0, 1, 2, 3, 4, 5, 6, 7, 100, 1_001] {
      let bytes = (0..<count).map { _ in UInt8.random(in: 0...255, using: &generator) }
      let text = CompiledRules.base64(bytes)
      XCTAssertEqual(text.utf8.count, (count * 4 + 2) / 3)
      XCTAssertEqual(Array(text.utf8).withUnsafeBufferPointer(CompiledRules.unbase64), bytes)
    }
  }
}
