import Foundation
import XCTest
@testable import CentraLint

/// Every report target is written in full or the run fails (SPEC §3).
final class ReportTargetTests: XCTestCase {
  private var folder: String!

  override func setUpWithError() throws {
    folder = NSTemporaryDirectory() + "centra-lint-targets-\(UUID().uuidString)"
    try FileManager.default.createDirectory(atPath: folder + "/sub", withIntermediateDirectories: true)
    try CLITests.inactive.write(toFile: folder + "/bad.yaml", atomically: true, encoding: .utf8)
  }

  override func tearDownWithError() throws { try? FileManager.default.removeItem(atPath: folder) }

  /// Runs `script` in /bin/sh in the folder, with `$LINT` the binary: for what a Process cannot
  /// do (start with standard output closed).
  private func shell(_ script: String) throws -> (status: Int32, error: String) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/bin/sh")
    process.arguments = ["-c", script]
    process.currentDirectoryURL = URL(fileURLWithPath: folder)
    process.environment = ["CENTRA_LINT_RULES": Support.packageRoot + "/rules", "LINT": Binary.path]
    let error = Pipe()
    process.standardOutput = FileHandle.nullDevice
    process.standardError = error
    try process.run()
    let data = error.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (process.terminationStatus, String(decoding: data, as: UTF8.self))
  }

  private func text(_ name: String) -> String? { try? String(contentsOfFile: folder + "/" + name, encoding: .utf8) }

  func testAReportThatCannotReachStandardOutputFailsTheRun() throws {
    let full = try shell("\"$LINT\" bad.yaml > /dev/full")
    XCTAssertEqual(full.status, 2)
    XCTAssertEqual(full.error, "centra-lint: cannot write the report to standard output: No space left on device; write the report to a file with --output FILE\n")
    let closed = try shell("\"$LINT\" bad.yaml >&-")
    XCTAssertEqual(closed.status, 2)
    XCTAssertEqual(closed.error, "centra-lint: cannot write the report to standard output: it is closed; give the report a file with --output FILE\n")
    // A closed standard output is no problem when nothing goes there, and no file takes its place.
    let elsewhere = try shell("\"$LINT\" --output r.txt bad.yaml >&-")
    XCTAssertEqual(elsewhere.status, 1, elsewhere.error)
    XCTAssertTrue(text("r.txt")?.contains("[plugin-status-active]") ?? false)
    XCTAssertEqual(try shell("\"$LINT\" --version > /dev/full").status, 2)
    XCTAssertEqual(try shell("\"$LINT\" - <&-").error, "centra-lint: cannot read '<stdin>': standard input is closed\n")
  }

  func testOneTargetThatFailsDoesNotStopTheOthers() throws {
    let run = try shell("\"$LINT\" --report json:/dev/full --report sarif:r.sarif bad.yaml")
    XCTAssertEqual(run.status, 2)
    XCTAssertEqual(run.error, "centra-lint: cannot write the report to '/dev/full': No space left on device\n")
    XCTAssertTrue(text("r.sarif")?.contains("\"plugin-status-active\"") ?? false, "the SARIF report is written")
  }

  /// The in-process tool: a standard output that throws is exit 2 with its message.
  func testAStandardOutputThatThrowsIsExitTwo() {
    nonisolated(unsafe) var error = ""
    let tool = CommandLineTool(
      environment: ["CENTRA_LINT_RULES": Support.packageRoot + "/rules"], standardOutputIsTerminal: false, executablePath: nil,
      readStandardInput: { _ in Array(CLITests.inactive.utf8) },
      writeOutput: { _ in throw LintError.standardOutput(reason: "test") }, writeError: { error += $0 })
    XCTAssertEqual(tool.run(["-"]), 2)
    XCTAssertEqual(error, "centra-lint: cannot write the report to standard output: test\n")
  }
}
