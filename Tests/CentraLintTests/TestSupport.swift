import Foundation
import XCTest
@testable import CentraLint

/// Shared helpers: the package's own rules, and a one-call lint of YAML text.
enum Support {
  static let packageRoot: String = {
    let file = #filePath
    return String(file[..<file.range(of: "/Tests/CentraLintTests/")!.lowerBound])
  }()

  static let fixtures = packageRoot + "/Tests/CentraLintTests/Fixtures"

  static let rules: RuleSet = try! RuleSet.load(packageRoot + "/rules")

  /// Lints YAML text as one file named `file`.
  static func lint(
    _ yaml: String, file: String = "input.yaml", registry: String? = nil, imageSizes: [String]? = nil,
    limits: Limits = Limits(), snippets: Bool = false
  ) throws -> [Finding] {
    try lint(Array(yaml.utf8), file: file, registry: registry, imageSizes: imageSizes, limits: limits, snippets: snippets)
  }

  /// Lints bytes as one file named `file`.
  static func lint(
    _ bytes: [UInt8], file: String = "input.yaml", registry: String? = nil, imageSizes: [String]? = nil,
    limits: Limits = Limits(), snippets: Bool = false
  ) throws -> [Finding] {
    var configuration = Configuration()
    configuration.imageSizes = imageSizes
    configuration.limits = limits
    let mids = try registry.map { try MIDRegistry.parse(Array($0.utf8), file: "mids.yaml", tables: rules.tables) }
    var engine = Engine(rules: rules, configuration: configuration, registry: mids)
    engine.withSnippets = snippets
    return try engine.lint([LintInput(display: file, source: .bytes(bytes))]).findings
  }

  /// A finding as a golden line: `file:line:col: severity: message [rule-id]`.
  static func line(_ finding: Finding) -> String {
    "\(finding.location.file):\(finding.location.line):\(finding.location.column): \(finding.severity.rawValue): \(finding.message) [\(finding.rule)]"
  }

  /// The ids of the findings, in order.
  static func rules(of findings: [Finding]) -> [String] { findings.map(\.rule) }
}

/// The built `centra-lint` binary, run as a user runs it.
enum Binary {
  /// The binary beside the test bundle (the test target depends on the tool).
  static var path: String {
    URL(fileURLWithPath: ProcessInfo.processInfo.arguments[0]).deletingLastPathComponent()
      .appendingPathComponent("centra-lint").path
  }

  struct Run {
    var status: Int32
    var output: String
    var error: String
  }

  /// Runs the binary in `folder` with the package's rules.
  static func run(_ arguments: [String], in folder: String, stdin: String? = nil, environment: [String: String] = [:]) throws -> Run {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: path)
    process.arguments = arguments
    process.currentDirectoryURL = URL(fileURLWithPath: folder)
    process.environment = ["CENTRA_LINT_RULES": Support.packageRoot + "/rules"].merging(environment) { $1 }
    let output = Pipe(), error = Pipe(), input = Pipe()
    process.standardOutput = output
    process.standardError = error
    process.standardInput = input
    try process.run()
    if let stdin { input.fileHandleForWriting.write(Data(stdin.utf8)) }
    try input.fileHandleForWriting.close()
    let data = output.fileHandleForReading.readDataToEndOfFile()
    let errorData = error.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return Run(status: process.terminationStatus, output: String(decoding: data, as: UTF8.self),
               error: String(decoding: errorData, as: UTF8.self))
  }

  /// The JSON report of a run.
  static func json(_ run: Run) throws -> [String: Any] {
    guard let object = try JSONSerialization.jsonObject(with: Data(run.output.utf8)) as? [String: Any] else {
      throw NSError(domain: "not a JSON object: \(run.output) \(run.error)", code: 1)
    }
    return object
  }
}

extension TextReporter {
  /// The text report of findings alone, for tests.
  static func report(_ findings: [Finding], summary: Summary, color: Bool) -> String {
    report(ReportInput(findings: findings, summary: summary, rules: [], files: [], toolVersion: "test", color: color))
  }
}

extension JSONReporter {
  /// The JSON report of findings alone, for tests.
  static func report(_ findings: [Finding], summary: Summary, toolVersion: String) -> String {
    report(ReportInput(findings: findings, summary: summary, rules: [], files: [], toolVersion: toolVersion))
  }
}

/// A folder of a test's own, made for it and removed with it, where it writes the files the
/// run reads.
final class Scratch {
  let path: String

  /// Makes a new empty folder named after the test's subject.
  init(_ subject: String) throws {
    path = NSTemporaryDirectory() + "centra-lint-\(subject)-\(UUID().uuidString)"
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
  }

  deinit { try? FileManager.default.removeItem(atPath: path) }

  /// Writes a file below the folder, making the folders on its way.
  func write(_ name: String, _ text: String) throws {
    let file = path + "/" + name
    try FileManager.default.createDirectory(atPath: (file as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
    try text.write(toFile: file, atomically: false, encoding: .utf8)
  }
}

/// A test case with a scratch folder of its own for each test (`folder`), made before the test
/// and removed after it: XCTest keeps every test case alive to the end of the run, so the folder
/// must not wait for the case to go.
class ScratchTestCase: XCTestCase {
  private var scratch: Scratch!
  /// What the folder's name says the tests are about.
  var subject: String { "test" }
  var folder: String { scratch.path }

  override func setUpWithError() throws {
    try super.setUpWithError()
    scratch = try Scratch(subject)
  }

  override func tearDown() {
    scratch = nil
    super.tearDown()
  }

  /// Writes a file below the folder, making the folders on its way; returns its path.
  @discardableResult
  func write(_ name: String, _ text: String) throws -> String {
    try scratch.write(name, text)
    return folder + "/" + name
  }
}
