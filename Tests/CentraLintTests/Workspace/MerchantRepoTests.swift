import Foundation
import XCTest
@testable import CentraLint

/// A merchant's repository as a user has it (SPEC §1 "The exports of a merchant"): a config
/// that names the exports, a workflow file, a registry; the real binary run in its folder.
final class MerchantRepoTests: ScratchTestCase {
  override var subject: String { "repo" }
  private var repo: String { folder }

  override func setUpWithError() throws {
    try super.setUpWithError()
    try write(".centra-lint.yaml", "# the merchant's exports\nmidRegistry: mids.yaml\nexports:\n  - exports/**/*.yaml\n")
    try write("mids.yaml", "mids:\n  K1: { region: EU }\n")
    try write("exports/eu/production.yaml", "store: Retail\nenvironment: production\nplugins:\n  - { type: Adyen, uri: adyen }\n  - { type: Adyen, uri: klarna-eu }\n")
    try write("exports/eu/staging.yaml", "store: Retail\nenvironment: staging\nplugins:\n  - { type: Adyen, uri: adyen }\n  - { type: Adyen, uri: klarna-eu }\n")
    try write(".github/workflows/ci.yml", "on: push\njobs: { lint: { runs-on: ubuntu-latest } }\n")
    try write(".pre-commit-config.yaml", "repos: []\n")
    try write("none.yaml", "")  // a config with no keys, for the runs that must not see the merchant's
  }

  private func findings(_ json: [String: Any]) -> [[String: Any]] { json["findings"] as! [[String: Any]] }
  private func summary(_ json: [String: Any]) -> [String: Int] { json["summary"] as! [String: Int] }

  func testNoPathLintsEveryExportTheConfigNames() throws {
    let run = try Binary.run(["--format", "json"], in: repo)
    XCTAssertEqual(run.status, 0, run.output + run.error)
    let json = try Binary.json(run)
    XCTAssertEqual(summary(json)["files"], 2, "the two exports; not the registry, config or workflow")
    XCTAssertEqual(summary(json)["stores"], 2, "production and staging are two stores")
    XCTAssertEqual(summary(json)["skipped"], 0)
    let text = try Binary.run([], in: repo)
    XCTAssertEqual(text.output, "no problems: 0 errors, 0 warnings in 2 files, 4 plugins of 2 stores\n")
  }

  func testGivenFilesTheExportsDoNotNameAreSkipped() throws {
    let run = try Binary.run([".github/workflows/ci.yml", ".pre-commit-config.yaml"], in: repo)
    XCTAssertEqual(run.status, 0, run.output + run.error)
    XCTAssertEqual(run.output, "nothing to check: 2 files skipped, not named by the config's 'exports'\n")
    let json = try Binary.json(try Binary.run(["--format", "json", ".github/workflows/ci.yml"], in: repo))
    XCTAssertEqual(summary(json)["skipped"], 1)
    XCTAssertEqual(summary(json)["files"], 0)
  }

  func testAChangedRegistryOrConfigChecksEveryExport() throws {
    for changed in ["mids.yaml", ".centra-lint.yaml"] {
      let json = try Binary.json(try Binary.run(["--format", "json", changed, ".github/workflows/ci.yml"], in: repo))
      XCTAssertEqual(summary(json)["files"], 2, changed)
      XCTAssertEqual(summary(json)["skipped"], 1, changed)
    }
  }

  func testAGivenExportThatReusesAURIOfAnExportNotGivenIsAFindingAtTheGivenOne() throws {
    // Sorts before production.yaml, and is the later use all the same: the other is committed.
    try write("exports/eu/a-new.yaml", "store: Retail\nenvironment: production\nplugins:\n  - { type: Adyen, uri: ' Klarna-EU ' }\n")
    // Two exports not given that clash with each other: not this commit's finding.
    try write("exports/old/one.yaml", "store: Old\nplugins:\n  - { type: Adyen, uri: old }\n")
    try write("exports/old/two.yaml", "store: Old\nplugins:\n  - { type: Adyen, uri: old }\n")
    let run = try Binary.run(["--format", "json", "exports/eu/a-new.yaml", ".github/workflows/ci.yml"], in: repo)
    XCTAssertEqual(run.status, 1, run.output + run.error)
    let json = try Binary.json(run)
    let all = findings(json)
    XCTAssertEqual(all.count, 1, "\(all)")
    XCTAssertEqual(all[0]["rule"] as? String, "plugin-uri-unique")
    XCTAssertEqual(all[0]["file"] as? String, "exports/eu/a-new.yaml")
    XCTAssertEqual(all[0]["line"] as? Int, 4)
    XCTAssertEqual(all[0]["store"] as? String, "Retail")
    XCTAssertEqual(all[0]["environment"] as? String, "production")
    XCTAssertEqual(all[0]["document"] as? Int, 0)
    let related = all[0]["related"] as! [[String: Any]]
    XCTAssertEqual(related[0]["file"] as? String, "exports/eu/production.yaml")
    XCTAssertEqual(related[0]["line"] as? Int, 5)
    XCTAssertEqual(summary(json)["files"], 1)
    XCTAssertEqual(summary(json)["skipped"], 1)
    XCTAssertEqual(summary(json)["plugins"], 1, "the exports not given are not counted")
  }

  func testTheConfigIsFoundFromASubfolderAndPathsStayRelative() throws {
    try write("exports/eu/dup.yaml", "store: Retail\nenvironment: staging\nplugins:\n  - { type: Adyen, uri: adyen }\n")
    let run = try Binary.run(["--format", "json", "dup.yaml"], in: repo + "/exports/eu")
    XCTAssertEqual(run.status, 1, run.output + run.error)
    let all = findings(try Binary.json(run))
    XCTAssertEqual(all.map { $0["file"] as? String }, ["dup.yaml"])
    XCTAssertEqual((all[0]["related"] as! [[String: Any]])[0]["file"] as? String, "../../exports/eu/staging.yaml")
  }

  func testOneFileUnderSeveralSpellingsIsReadOnce() throws {
    try FileManager.default.createSymbolicLink(atPath: repo + "/linked.yaml", withDestinationPath: repo + "/exports/eu/production.yaml")
    let spellings = ["exports/eu/production.yaml", "./exports/eu/production.yaml", repo + "/exports/eu/production.yaml",
                     "exports//eu/../eu/production.yaml", "exports/", "linked.yaml"]
    let run = try Binary.run(["--format", "json"] + spellings, in: repo)
    XCTAssertEqual(run.status, 0, run.output + run.error)
    let json = try Binary.json(run)
    XCTAssertEqual(summary(json)["files"], 2, "production once, staging from the folder")
    XCTAssertEqual(findings(json).count, 0, "a file never clashes with itself")
  }

  func testAFolderWithoutAnExportFailsTheRun() throws {
    try FileManager.default.createDirectory(atPath: repo + "/empty", withIntermediateDirectories: true)
    try write("notes/readme.txt", "no exports here\n")
    for folder in ["empty", "notes", "exprots"] {
      let run = try Binary.run([folder], in: repo)
      XCTAssertEqual(run.status, 2, folder)
      XCTAssertTrue(run.error.contains("'\(folder)'"), run.error)
    }
    XCTAssertTrue(try Binary.run(["empty"], in: repo).error.contains("holds no export"))
  }

  func testExtensionsInAnyCase() throws {
    try write("upper/NA.YAML", "plugins:\n  - { type: Adyen, uri: x }\n  - { type: Adyen, uri: x }\n")
    try write("upper/OC.Yml", "plugins:\n  - { type: Adyen, uri: y }\n")
    let run = try Binary.run(["--config", "none.yaml", "--format", "json", "upper"], in: repo)
    XCTAssertEqual(run.status, 1, run.output + run.error)
    XCTAssertEqual(summary(try Binary.json(run))["files"], 2)
  }

  func testNamesThatAreNotUTF8OrOnlyCanonicallyEquivalentAreFilesOfTheirOwn() throws {
    try FileManager.default.createDirectory(atPath: repo + "/odd", withIntermediateDirectories: true)
    let export = "plugins:\n  - { type: Adyen, uri: same }\n"
    // A Latin-1 name: the bytes 'caf', 0xE9, '.yaml'.
    var latin1 = Array((repo + "/odd/caf").utf8)
    latin1 += [0xE9] + Array(".yaml".utf8)
    let descriptor = FilePath(bytes: latin1).withCString { open($0, O_WRONLY | O_CREAT, 0o644) }
    XCTAssertGreaterThanOrEqual(descriptor, 0)
    _ = export.withCString { Glibc.write(descriptor, $0, strlen($0)) }
    close(descriptor)
    // NFC and NFD spellings of 'é': two files on Linux.
    try export.write(toFile: repo + "/odd/\u{E9}t\u{E9}.yaml", atomically: false, encoding: .utf8)
    try export.write(toFile: repo + "/odd/e\u{301}te\u{301}.yaml", atomically: false, encoding: .utf8)
    let run = try Binary.run(["--config", "none.yaml", "--format", "json", "odd"], in: repo)
    let json = try Binary.json(run)
    XCTAssertEqual(run.status, 1, run.error)
    XCTAssertEqual(summary(json)["files"], 3, run.output + run.error)
    XCTAssertEqual(findings(json).count, 2, "the same URI in three files of one store: two later uses")
    XCTAssertTrue(run.error.isEmpty, run.error)
    // Named on the command line, as argv bytes.
    var output = ""
    XCTAssertTrue(FileManager.default.changeCurrentDirectoryPath(repo))
    defer { _ = FileManager.default.changeCurrentDirectoryPath("/") }
    let tool = CommandLineTool(
      environment: ["CENTRA_LINT_RULES": Support.packageRoot + "/rules"], standardOutputIsTerminal: false, executablePath: nil,
      readStandardInput: { _ in [] }, writeOutput: { output += $0 }, writeError: { output += $0 })
    XCTAssertEqual(tool.run(raw: [Array("--config".utf8), Array("none.yaml".utf8), latin1]), 0, output)
    XCTAssertTrue(output.contains("in 1 file"), output)
  }

  func testAPathThatCannotBeStatedIsAnErrorNotASilentSkip() throws {
    try FileManager.default.createDirectory(atPath: repo + "/loops", withIntermediateDirectories: true)
    try write("loops/good.yaml", "plugins:\n  - { type: Adyen, uri: x }\n")
    try FileManager.default.createSymbolicLink(atPath: repo + "/loops/self", withDestinationPath: repo + "/loops/self")
    let run = try Binary.run(["--config", "none.yaml", "loops"], in: repo)
    XCTAssertEqual(run.status, 2)
    XCTAssertTrue(run.output.contains("in 1 file"), "the other files are still checked: \(run.output)")
    XCTAssertTrue(run.error.contains("cannot read 'loops/self'"), run.error)
  }

  func testExportsThatNameNoFileAndAMissingPathAreClear() throws {
    try write(".centra-lint.yaml", "exports: [exprots/*.yaml]\n")
    let none = try Binary.run([], in: repo)
    XCTAssertEqual(none.status, 2)
    XCTAssertTrue(none.error.contains("name no file"), none.error)
    try write(".centra-lint.yaml", "# nothing set yet\n")
    let noExports = try Binary.run([], in: repo)
    XCTAssertEqual(noExports.status, 2)
    XCTAssertTrue(noExports.error.contains("'exports'"), noExports.error)
  }
}
