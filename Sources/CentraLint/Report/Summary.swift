/// The counts a report ends with.
public struct Summary: Sendable, Equatable {
  public var files: Int
  public var plugins: Int
  public var errors: Int
  public var warnings: Int
  public var infos: Int

  /// Counts the findings of a run.
  public init(findings: [Finding], files: Int, plugins: Int) {
    self.files = files
    self.plugins = plugins
    errors = findings.count { $0.severity == .error }
    warnings = findings.count { $0.severity == .warning }
    infos = findings.count { $0.severity == .info }
  }

  /// `2 errors, 1 warning in 3 files, 9 plugins`.
  public var sentence: String {
    var counts = [Self.count(errors, "error"), Self.count(warnings, "warning")]
    if infos > 0 { counts.append(Self.count(infos, "info")) }
    return counts.joined(separator: ", ") + " in " + Self.count(files, "file") + ", " + Self.count(plugins, "plugin")
  }

  static func count(_ number: Int, _ noun: String) -> String {
    "\(number) \(noun)\(number == 1 ? "" : "s")"
  }
}
