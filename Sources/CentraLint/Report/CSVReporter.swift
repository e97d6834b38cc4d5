/// CSV for spreadsheets and ticket imports (SPEC §10, RFC 4180): a header row, then one row
/// per finding in report order; every cell through `Markup.csv`, lines ended by CRLF. An
/// audit's rows start with the merchant (and, when comparing, the change).
enum CSVReporter: Reporter {
  static let header = ["file", "line", "column", "severity", "rule", "message", "store", "environment", "plugin", "path", "fingerprint"]

  static func report(_ input: ReportInput) -> String {
    table(input.findings.lazy.map { ([], $0) }, count: input.findings.count)
  }

  /// The header and a row per finding, each after its `lead` cells (named by `lead`).
  static func table<Rows: Sequence<([String], Finding)>>(_ rows: Rows, count: Int, lead: [String] = []) -> String {
    var out = (lead + header).map(Markup.csv).joined(separator: ",") + "\r\n"
    out.reserveCapacity(out.utf8.count + count * 240)
    for (cells, finding) in rows {
      var cells = cells
      cells += [
        finding.location.file, String(finding.location.line), String(finding.location.column), finding.severity.rawValue,
        finding.rule, finding.message, finding.store ?? "", finding.environment ?? "", finding.plugin ?? "", finding.path ?? "",
        finding.fingerprint ?? "",
      ]
      out += cells.map(Markup.csv).joined(separator: ",") + "\r\n"
    }
    return out
  }
}
