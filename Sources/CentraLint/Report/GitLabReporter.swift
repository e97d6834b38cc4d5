/// GitLab Code Quality (`artifacts:reports:codequality`, SPEC §10): a JSON array of entries
/// with `description`, `check_name`, `fingerprint` (unique: GitLab keys entries by it),
/// `severity` (`major`, `minor`, `info`) and `location`. Every entry is valid, since GitLab
/// drops all entries after the first invalid one.
enum GitLabReporter: Reporter {
  static func report(_ input: ReportInput) -> String {
    var out = JSON.Writer(capacity: 64 + input.findings.count * 320)
    out.raw("[")
    for (at, finding) in input.findings.enumerated() {
      out.raw(at == 0 ? "\n  { \"description\": " : ",\n  { \"description\": ")
      out.string(finding.message)
      out.raw(", \"check_name\": ")
      out.string(finding.rule)
      out.raw(", \"fingerprint\": ")
      out.string(finding.fingerprint ?? Fingerprint.hex(UInt64(at)))
      out.raw(", \"severity\": ")
      out.string(finding.severity == .error ? "major" : finding.severity == .warning ? "minor" : "info")
      out.raw(", \"location\": { \"path\": ")
      var path = finding.location.file
      while path.hasPrefix("./") { path.removeFirst(2) }
      out.string(path)
      out.raw(", \"lines\": { \"begin\": ")
      out.number(max(1, finding.location.line))
      out.raw(" } } }")
    }
    out.raw(input.findings.isEmpty ? "]\n" : "\n]\n")
    return out.text
  }
}
