import Foundation
import XCTest
@testable import CentraLint

/// The `exports` walk (SPEC §1): every glob in one walk, no loop through links, and a folder it
/// must search but cannot is an error. Results are asserted, never times.
final class GlobWalkTests: ScratchTestCase {
  override var subject: String { "globs" }

  override func setUpWithError() throws {
    try super.setUpWithError()
    for d in 0..<10 {
      try FileManager.default.createDirectory(atPath: "\(folder)/exports/d\(d)", withIntermediateDirectories: true)
      for f in 0..<20 { try "plugins: []\n".write(toFile: "\(folder)/exports/d\(d)/f\(f).yaml", atomically: false, encoding: .utf8) }
    }
    // Two links to the folder itself and one to its parent: every walk through them is a loop.
    try FileManager.default.createSymbolicLink(atPath: folder + "/exports/l1", withDestinationPath: ".")
    try FileManager.default.createSymbolicLink(atPath: folder + "/exports/l2", withDestinationPath: ".")
    try FileManager.default.createSymbolicLink(atPath: folder + "/exports/d0/up", withDestinationPath: "..")
  }

  override func tearDown() {
    chmod(folder + "/exports/d3", 0o755)  // else the folder could not be removed
    super.tearDown()
  }

  private func find(_ patterns: [String]) -> (files: [String], errors: [String]) {
    let found = ExportFiles.find(patterns.map { Glob.parse($0).glob! }, in: FilePath(folder), display: "")
    return (found.files.map(\.display), found.errors.map(\.description))
  }

  private var everyFile: [String] {
    (0..<10).flatMap { d in (0..<20).map { "exports/d\(d)/f\($0).yaml" } }.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
  }

  func testManyGlobsAndLinkLoopsFindEachRealFileOnce() {
    // A glob that only a loop could satisfy comes first: it must not name files by a looped path.
    var patterns = ["*/*/*/*.yaml", "exports/" + String(repeating: "**/", count: 20) + "*.yaml"]
    patterns += (0..<10).flatMap { d in (0..<20).map { "exports/d\(d)/f\($0).yaml" } }
    patterns += (0..<5_000).map { "exports/*/n\($0)*.yaml" } + (0..<5_000).map { "*/d?/*x\($0).yaml" }
    let found = find(patterns)
    XCTAssertEqual(found.errors, [])
    XCTAssertEqual(found.files, everyFile)
  }

  func testALinkToAFolderOnThePathIsNotEnteredAgain() {
    XCTAssertEqual(find(["*/*/*/*.yaml"]).files, [], "exports/l1/dN/… and exports/d0/up/dN/… are loops")
    XCTAssertEqual(find(["exports/l1/*/*.yaml", "exports/d0/up/d1/*.yaml"]).files, [], "the walk starts in exports: l1 is on its path")
    XCTAssertEqual(find(["*/*/*.yaml"]).files, everyFile)
  }

  func testEveryGlobAloneAndAllTogetherMatchAsOneGlobDoes() {
    let patterns = ["exports/*.yaml", "exports/**/*.yaml", "**/prod/*.yaml", "exports/??.yaml", "*", "a*b*c*d", "**/**/**/*.yaml",
                    ".github/*.yml", "exports/**/prod/*.yaml", "EXPORTS/*.YAML"]
    let paths = ["exports/na.yaml", "exports/.yaml", "exports/eu/na.yaml", "exports/x/y/prod/a.yaml", "prod/a.yaml", "a.yaml",
                 "aXbXcXd", ".git/x.yaml", ".github/ci.yml", "exports/NA.YAML", "deep/er/x.yaml"]
    let globs = patterns.map { Glob.parse($0).glob! }
    let together = GlobSet(globs.map(\.namesBelowRoot))
    for path in paths {
      let names = path.split(separator: "/").map { Array($0.unicodeScalars) }
      func matches(_ set: GlobSet, _ indices: [Int]) -> Bool {
        set.accepts(names.reduce(set.start(indices)) { set.step(set.stepper($0), $1) })
      }
      var any = false
      for (index, glob) in globs.enumerated() {
        let alone = glob.base.isEmpty ? glob.matches(path) : path.hasPrefix(glob.base.joined(separator: "/") + "/")
          && glob.matches(String(path.dropFirst(glob.base.joined(separator: "/").count + 1)))
        XCTAssertEqual(matches(GlobSet([glob.namesBelowRoot]), [0]), alone, "\(patterns[index]) on \(path)")
        any = any || alone
      }
      XCTAssertEqual(matches(together, Array(globs.indices)), any, path)
    }
  }

  /// A folder a glob must search that cannot be searched (here a link that loops on itself,
  /// which fails for root too) is an error, also where the walk starts: never an empty folder.
  func testAFolderThatCannotBeSearchedIsAnError() throws {
    try FileManager.default.createSymbolicLink(atPath: folder + "/exports/eu", withDestinationPath: "eu")
    XCTAssertEqual(find(["exports/eu/*.yaml"]).errors, ["cannot read 'exports/eu': Too many levels of symbolic links"])
    XCTAssertEqual(find(["exports/*/f1.yaml"]).errors, ["cannot read 'exports/eu': Too many levels of symbolic links"])
    try "exports:\n  - exports/*.yaml\n  - exports/eu/*.yaml\n".write(toFile: folder + "/.centra-lint.yaml", atomically: false, encoding: .utf8)
    try "plugins: []\n".write(toFile: folder + "/exports/top.yaml", atomically: false, encoding: .utf8)
    let run = try Binary.run([], in: folder)
    XCTAssertEqual(run.status, 2)
    XCTAssertEqual(run.error, "centra-lint: cannot read 'exports/eu': Too many levels of symbolic links\n")
  }

  /// The same for a folder without permission, which only a user other than root is refused.
  func testAFolderWithoutPermissionIsAnError() throws {
    try XCTSkipIf(getuid() == 0, "root may search any folder, so no folder can be made unsearchable for this run")
    chmod(folder + "/exports/d3", 0)
    XCTAssertEqual(find(["exports/*/f1.yaml"]).errors, ["cannot read 'exports/d3': Permission denied"])
    XCTAssertEqual(find(["exports/d3/*.yaml"]).errors, ["cannot read 'exports/d3': Permission denied"])
    XCTAssertEqual(find(["exports/d3/deeper/*.yaml"]).errors, ["cannot read 'exports/d3': Permission denied"], "not a folder that is not there")
  }
}
