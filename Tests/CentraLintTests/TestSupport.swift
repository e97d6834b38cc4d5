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
