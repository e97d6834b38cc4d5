import Foundation
import XCTest
@testable import CentraLint

/// Folders, links, special files, unreadable files, the report file and the inputs' bytes.
final class PathTests: ScratchTestCase {
  override var subject: String { "paths" }

  override func setUpWithError() throws {
    try super.setUpWithError()
    try FileManager.default.createDirectory(atPath: folder + "/exports/nested", withIntermediateDirectories: true)
  }

  private func binary() -> String {
    URL(fileURLWithPath: ProcessInfo.processInfo.arguments[0]).deletingLastPathComponent()
      .appendingPathComponent("centra-lint").path
  }

  private func run(_ arguments: [String], closeOutputAfter bytes: Int? = nil) throws -> (status: Int32, output: String, error: String, signalled: Bool) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: binary())
    process.arguments = arguments
    process.environment = ["CENTRA_LINT_RULES": Support.packageRoot + "/rules"]
    let output = Pipe(), error = Pipe()
    process.standardOutput = output
    process.standardError = error
    try process.run()
    var data = Data()
    if let bytes {
      data = output.fileHandleForReading.readData(ofLength: bytes)
      try output.fileHandleForReading.close()
    } else {
      data = output.fileHandleForReading.readDataToEndOfFile()
    }
    let errorData = error.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (process.terminationStatus, String(decoding: data, as: UTF8.self), String(decoding: errorData, as: UTF8.self),
            process.terminationReason == .uncaughtSignal)
  }

  func testFolderWalkSortsSkipsHiddenAndSpecialFilesAndEndsOnLinkLoops() throws {
    try write("exports/b.yaml", "plugins: [{ type: Adyen, uri: b }]\n")
    try write("exports/nested/a.yml", "plugins: [{ type: Adyen, uri: a }]\n")
    try write("exports/.hidden.yaml", "not: [valid\n")
    try write("exports/notes.txt", "not yaml at all: [\n")
    try FileManager.default.createSymbolicLink(atPath: folder + "/exports/nested/loop", withDestinationPath: folder + "/exports")
    try FileManager.default.createSymbolicLink(atPath: folder + "/exports/dangling.yaml", withDestinationPath: folder + "/nowhere")
    XCTAssertEqual(mkfifo(folder + "/exports/pipe.yaml", 0o644), 0)
    let result = try run(["--format", "json", folder + "/exports/"])
    XCTAssertEqual(result.status, 0, result.error)
    XCTAssertTrue(result.output.contains("\"files\": 2"), result.output)
    XCTAssertTrue(result.error.contains("skipped '\(folder)/exports/pipe.yaml': not a regular file"), result.error)
    XCTAssertTrue(result.error.contains("dangling.yaml': a symbolic link to nothing"), result.error)
  }

  func testOneUnreadableFileDoesNotHideTheOthers() throws {
    try write("bad.yaml", "plugins: [{ type: Klarna Payments, status: Nope }]\n")
    let engine = Engine(rules: Support.rules, configuration: Configuration(), registry: nil)
    let result = try engine.lint([
      LintInput(display: "bad.yaml", source: .path(FilePath(folder + "/bad.yaml"))),
      LintInput(display: "gone.yaml", source: .path(FilePath(folder + "/gone.yaml"))),
    ])
    XCTAssertFalse(result.findings.isEmpty)
    XCTAssertEqual(result.errors.count, 1)
    XCTAssertTrue("\(result.errors[0])".contains("gone.yaml"))
  }

  func testAMissingPathIsExitTwoNamingIt() throws {
    let result = try run([folder + "/missing.yaml"])
    XCTAssertEqual(result.status, 2)
    XCTAssertTrue(result.error.contains("missing.yaml"))
  }

  func testInputsAreNeverWritten() throws {
    try write("exports/one.yaml", "plugins:\n  - { type: Klarna Payments, status: Nope, secret: klarna_live_x }\n")
    try write("exports/two.yaml", "plugins: [\n")
    let paths = [folder + "/exports/one.yaml", folder + "/exports/two.yaml"]
    let past = Date(timeIntervalSince1970: 1_000_000_000)
    for path in paths { try FileManager.default.setAttributes([.modificationDate: past], ofItemAtPath: path) }
    let before = try paths.map { try Data(contentsOf: URL(fileURLWithPath: $0)) }
    _ = try run([folder + "/exports"])
    _ = try run(["--format", "json", "--output", folder + "/report.json", folder + "/exports"])
    XCTAssertEqual(try paths.map { try Data(contentsOf: URL(fileURLWithPath: $0)) }, before)
    for path in paths {
      XCTAssertEqual(try FileManager.default.attributesOfItem(atPath: path)[.modificationDate] as? Date, past)
    }
    let refused = try run(["--output", paths[0], paths[0]])
    XCTAssertEqual(refused.status, 2)
    XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: paths[0])), before[0])
  }

  func testOutputIsAtomicAndAnUnwritableOneIsExitTwo() throws {
    try write("x.yaml", "plugins: [{ type: Adyen, uri: a }]\n")
    XCTAssertEqual(try run(["--output", folder + "/report.txt", folder + "/x.yaml"]).status, 0)
    let leftovers = try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.hasPrefix(".centra-lint-") }
    XCTAssertEqual(leftovers, [], "no temporary file is left behind")
    let unwritable = try run(["--output", folder + "/no/such/folder/report.txt", folder + "/x.yaml"])
    XCTAssertEqual(unwritable.status, 2)
    XCTAssertTrue(unwritable.error.contains("cannot write the report"), unwritable.error)
  }

  /// A report cut short by its reader is not a success (SPEC §3): exit 2 with one line.
  func testAClosedPipeFailsTheRunWithOneLine() throws {
    let many = "plugins:\n" + (0..<3000).map { "  - { type: Klarna Payments, uri: u\($0), status: Nope }" }.joined(separator: "\n")
    try write("many.yaml", many + "\n")
    let result = try run([folder + "/many.yaml"], closeOutputAfter: 100)
    XCTAssertFalse(result.signalled, "no SIGPIPE death")
    XCTAssertEqual(result.status, 2)
    XCTAssertEqual(result.error, "centra-lint: cannot write the report to standard output: its reader closed it before the end (broken pipe)\n")
  }
}
