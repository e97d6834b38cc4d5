/// CSV for spreadsheets and ticket imports (SPEC §10, RFC 4180): a header row, then one row
/// per finding in report order; every cell through `Markup.csv`, lines ended by CRLF.
enum CSVReporter: Reporter {
  static let header = ["file", "line", "column", "severity", "rule", "message", "store", "environment", "plugin", "path", "fingerprint"]

  static func report(_ input: ReportInput) -> String {
    var out = header.joined(separator: ",") + "\r\n"
    out.reserveCapacity(out.utf8.count + input.findings.count * 240)
    for finding in input.findings {
      let cells = [
        finding.location.file, String(finding.location.line), String(finding.location.column), finding.severity.rawValue,
        finding.rule, finding.message, finding.store ?? "", finding.environment ?? "", finding.plugin ?? "", finding.path ?? "",
        finding.fingerprint ?? "",
      ]
      out += cells.map(Markup.csv).joined(separator: ",") + "\r\n"
    }
    return out
  }
}
