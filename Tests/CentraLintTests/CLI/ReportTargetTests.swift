import Foundation
import XCTest
@testable import CentraLint

/// Every report target is written in full or the run fails; two targets are never one file;
/// links stay links; no report is written over a file the run reads (SPEC §3).
final class ReportTargetTests: ScratchTestCase {
  override var subject: String { "targets" }

  override func setUpWithError() throws {
    try super.setUpWithError()
    try FileManager.default.createDirectory(atPath: folder + "/sub", withIntermediateDirectories: true)
    try CLITests.inactive.write(toFile: folder + "/bad.yaml", atomically: true, encoding: .utf8)
  }

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
    XCTAssertEqual(try shell("\"$LINT\" --output /dev/null bad.yaml >&-").status, 1, "/dev/null is not standard output")
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

  func testTwoSpellingsOfOneFileAreAUsageError() throws {
    try FileManager.default.createSymbolicLink(atPath: folder + "/here", withDestinationPath: ".")
    try FileManager.default.createSymbolicLink(atPath: folder + "/dangling.json", withDestinationPath: "r.json")
    for other in ["r.json", "./r.json", folder + "/r.json", "sub/../r.json", "here/r.json", "dangling.json"] {
      for exists in [false, true] {
        if exists { try "old".write(toFile: folder + "/r.json", atomically: true, encoding: .utf8) }
        else { try? FileManager.default.removeItem(atPath: folder + "/r.json") }
        let run = try shell("\"$LINT\" --report json:r.json --report 'sarif:\(other)' bad.yaml")
        XCTAssertEqual(run.status, 2, "\(other), exists: \(exists)")
        XCTAssertTrue(run.error.hasPrefix("centra-lint: two reports would be written to "), run.error)
        XCTAssertEqual(text("r.json"), exists ? "old" : nil, "nothing is written: \(other)")
      }
    }
    XCTAssertEqual(try shell("\"$LINT\" --report json:r.json --report sarif:sub/r.json bad.yaml").status, 1, "two files")
  }

  func testALinkToAFileNotYetMadeStaysALink() throws {
    try FileManager.default.createSymbolicLink(atPath: folder + "/report.json", withDestinationPath: "sub/target.json")
    XCTAssertEqual(try shell("\"$LINT\" --format json --output report.json bad.yaml").status, 1)
    XCTAssertEqual(try FileManager.default.destinationOfSymbolicLink(atPath: folder + "/report.json"), "sub/target.json")
    XCTAssertTrue(text("sub/target.json")?.hasPrefix("{") ?? false)
    // Once there, the file is written through the link again, and the link stays.
    XCTAssertEqual(try shell("\"$LINT\" --report sarif:report.json bad.yaml").status, 1)
    XCTAssertEqual(try FileManager.default.destinationOfSymbolicLink(atPath: folder + "/report.json"), "sub/target.json")
    XCTAssertTrue(text("sub/target.json")?.contains("\"$schema\"") ?? false)
    XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: folder + "/sub").sorted(), ["target.json"], "no temporary file left")
  }

  func testALinkThatLoopsOrLeadsNowhereIsAnErrorAndStays() throws {
    try FileManager.default.createSymbolicLink(atPath: folder + "/a.json", withDestinationPath: "b.json")
    try FileManager.default.createSymbolicLink(atPath: folder + "/b.json", withDestinationPath: "a.json")
    let loop = try shell("\"$LINT\" --output a.json bad.yaml")
    XCTAssertEqual(loop.status, 2)
    XCTAssertEqual(loop.error, "centra-lint: cannot write the report to 'a.json': it is a link that leads back to itself; point it at a file or remove it\n")
    XCTAssertEqual(try FileManager.default.destinationOfSymbolicLink(atPath: folder + "/a.json"), "b.json", "the link is not replaced")
    try FileManager.default.createSymbolicLink(atPath: folder + "/far.json", withDestinationPath: "none/r.json")
    let nowhere = try shell("\"$LINT\" --output far.json bad.yaml")
    XCTAssertEqual(nowhere.status, 2)
    XCTAssertEqual(nowhere.error, "centra-lint: cannot write the report to 'far.json': the folder 'none/' does not exist; create it or give another file\n")
  }

  func testNoReportOverARuleFileTheConfigOrTheRegistry() throws {
    try FileManager.default.copyItem(atPath: Support.packageRoot + "/rules", toPath: folder + "/rules")
    try "limits: {}\n".write(toFile: folder + "/.centra-lint.yaml", atomically: true, encoding: .utf8)
    try "{}\n".write(toFile: folder + "/mids.yaml", atomically: true, encoding: .utf8)
    for target in ["rules/plugin-status-active.yaml", "./rules/data/schema.yaml", ".centra-lint.yaml", "mids.yaml"] {
      let before = text(target)
      let run = try shell("CENTRA_LINT_RULES=rules \"$LINT\" --mid-registry mids.yaml --output '\(target)' bad.yaml")
      XCTAssertEqual(run.status, 2, target)
      XCTAssertTrue(run.error.contains("and files the run reads are never written; give the report another file"), run.error)
      XCTAssertEqual(text(target), before, target)
    }
    let appended = try shell("\"$LINT\" bad.yaml >> bad.yaml")
    XCTAssertEqual(appended.status, 2)
    XCTAssertTrue(appended.error.contains("cannot write the report to standard output: it is one of the files checked"), appended.error)
    XCTAssertEqual(text("bad.yaml"), CLITests.inactive, "the input is unchanged")
  }
}
