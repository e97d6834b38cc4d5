/// The audit as one self-contained page a support engineer attaches to a ticket (SPEC §8,
/// §10): the changes since the compared report (when comparing), the merchant table worst
/// first (sortable by a small inline script where scripts run; already in order where they do
/// not), the fleet with a chart of merchants per rule (inline SVG), each merchant's findings
/// with masked source lines, and each fired rule's rationale and fix. Filters by verdict,
/// severity and rule are radio buttons and CSS (`:has`): they work without the script. Nothing
/// is loaded from anywhere; every text from input goes through `Markup.xml`.
enum AuditHTML {
  static func report(_ audit: Audit, rules: [ReportInput.Rule]) -> String {
    let fired = Array(Set(audit.findings.map(\.rule))).sorted()
    let severities = ["error", "warning", "info"], verdicts = ["fail", "error", "pass"]
    var out = HTMLReporter.head("centra-lint audit")
    out += """
      table { border-collapse: collapse; margin: .5rem 0; } caption { text-align: left; font-weight: 600; padding: .3rem 0; }
      th, td { border-bottom: 1px solid #ddd; padding: .25rem .6rem; text-align: left; vertical-align: top; }
      td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; }
      th button { font: inherit; font-weight: 600; border: 0; background: none; padding: 0; cursor: pointer; color: inherit; }
      th button:focus-visible, .choice input:focus-visible { outline: 2px solid #1565c0; outline-offset: 2px; }
      .mark-fail { color: #c62828; font-weight: 600; } .mark-error { color: #6a1b9a; font-weight: 600; } .mark-pass { color: #2e7d32; }
      .table-wrap { overflow-x: auto; } #merchant-table td:last-child { min-width: 14rem; } .error-box { border-left: 4px solid #6a1b9a; background: #f5eef8; padding: .4rem .7rem; }
      figure { margin: .5rem 0; } svg text { font: 12px system-ui, sans-serif; fill: #1d1d1f; }
      .changes li { margin: .2rem 0; }
      @media print { .filters { display: none; } body { margin: 0; max-width: none; } section.merchant { break-inside: avoid-page; } }

      """
    // A finding shows when it matches the chosen severity and rule; a merchant (its section
    // and its row) when it matches the chosen verdict and, with a severity or rule chosen,
    // when one of its findings does.
    for verdict in verdicts {
      out += "body:has(#verdict-\(verdict):checked) .merchant:not(.v-\(verdict)) { display: none; }\n"
    }
    out += HTMLReporter.filterStyle(severities: severities, rules: fired.count, groups: "section.merchant")
    out += "</style>\n</head>\n<body>\n<header>\n<h1>centra-lint audit</h1>\n"
    out += "<p class=\"summary\">\(Markup.xml(AuditReports.headline(audit))) (fail on \(audit.failsFrom?.rawValue ?? "never")); \(Markup.xml(audit.summary.line))</p>\n</header>\n<main>\n"
    if audit.compared != nil { out += changes(audit) }
    out += table(audit)
    out += fleet(audit)
    out += "<h2 id=\"findings\">Findings by merchant</h2>\n"
    out += filters(audit, fired: fired, severities: severities, verdicts: verdicts)
    for merchant in audit.merchants where merchant.verdict == .error || !merchant.findings.isEmpty {
      out += "<section class=\"merchant v-\(merchant.verdict.rawValue)\" aria-labelledby=\"\(anchor(merchant))\">\n"
      out += "<h3 id=\"\(anchor(merchant))\">\(Markup.xml(merchant.name)) <span class=\"mark-\(merchant.verdict.rawValue)\">\(merchant.verdict.rawValue)</span></h3>\n"
      out += "<p class=\"where\">\(Markup.xml(merchant.folder))</p>\n"
      if merchant.verdict == .error {
        out += "<p class=\"error-box\">Not checked: \(Markup.xml(merchant.error ?? ""))</p>\n"
      }
      for finding in merchant.findings { out += HTMLReporter.html(finding, ruleIndex: fired.firstIndex(of: finding.rule) ?? 0, file: true) }
      out += "</section>\n"
    }
    out += HTMLReporter.ruleDocs(fired, rules)
    out += "</main>\n" + script + "</body>\n</html>\n"
    return out
  }

  /// The id of a merchant's section: its place in the table (a name may hold anything).
  private static func anchor(_ merchant: Audit.Merchant) -> String {
    "m-" + String(YAMLTree.hash(Array(merchant.name.utf8)), radix: 16)
  }

  private static func changes(_ audit: Audit) -> String {
    var out = "<section aria-labelledby=\"changes\">\n<h2 id=\"changes\">Since \(Markup.xml(audit.compared ?? ""))</h2>\n<ul class=\"changes\">\n"
    if !audit.appeared.isEmpty { out += "<li>Appeared: \(audit.appeared.map(Markup.xml).joined(separator: ", "))</li>\n" }
    if !audit.disappeared.isEmpty { out += "<li>Disappeared: \(audit.disappeared.map(Markup.xml).joined(separator: ", "))</li>\n" }
    let changed = audit.merchants.filter { $0.changes.map { !$0.isEmpty } ?? false }
    if changed.isEmpty && audit.appeared.isEmpty && audit.disappeared.isEmpty { out += "<li>Nothing changed.</li>\n" }
    for merchant in changed {
      guard let changes = merchant.changes else { continue }
      out += "<li><a href=\"#\(anchor(merchant))\">\(Markup.xml(merchant.name))</a>: \(Markup.xml(AuditReports.changeLine(changes)))"
      let listed = [("new", changes.new), ("fixed", changes.fixed), ("gone", changes.gone)].filter { !$0.1.isEmpty }
      if !listed.isEmpty {
        out += "\n<ul>\n"
        for (kind, findings) in listed {
          for finding in findings.prefix(20) { out += "<li>\(kind): \(Markup.xml(AuditReports.oneLine(finding)))</li>\n" }
          if findings.count > 20 { out += "<li>and \(findings.count - 20) more \(kind)</li>\n" }
        }
        out += "</ul>\n"
      }
      out += "</li>\n"
    }
    return out + "</ul>\n</section>\n"
  }

  /// The merchant table, worst first, each column a sort button where the script runs.
  private static func table(_ audit: Audit) -> String {
    var out = "<h2 id=\"merchants\">Merchants, worst first</h2>\n<div class=\"table-wrap\">\n<table id=\"merchant-table\">\n"
    out += "<caption>\(audit.merchants.count) merchants; select a column heading to sort by it</caption>\n<thead><tr>"
    for (index, (name, numeric)) in [("Merchant", false), ("Stores", true), ("Plugins", true), ("Errors", true), ("Warnings", true), ("Verdict", false), ("Rules that fired", false)].enumerated() {
      out += "<th scope=\"col\"\(numeric ? " class=\"n\"" : "")\(index == 0 ? "" : "")><button type=\"button\" data-column=\"\(index)\"\(numeric ? " data-numeric=\"1\"" : "")>\(name)</button></th>"
    }
    out += "</tr></thead>\n<tbody>\n"
    for (rank, merchant) in audit.merchants.enumerated() {
      let checked = merchant.verdict != .error
      func number(_ value: Int) -> String { "<td class=\"n\" data-sort=\"\(checked ? value : -1)\">\(checked ? String(value) : "–")</td>" }
      let rules = checked ? merchant.rulesFired.map { "\(Markup.xml($0.rule)) \($0.count)" }.joined(separator: ", ")
        : "not checked: " + Markup.xml(merchant.error ?? "")
      let name = merchant.findings.isEmpty && checked ? Markup.xml(merchant.name) : "<a href=\"#\(anchor(merchant))\">\(Markup.xml(merchant.name))</a>"
      out += "<tr class=\"merchant v-\(merchant.verdict.rawValue)\" data-rank=\"\(rank)\"><th scope=\"row\" data-sort=\"\(Markup.xml(merchant.name))\">\(name)</th>"
        + number(merchant.stores) + number(merchant.plugins) + number(merchant.errors) + number(merchant.warnings)
        + "<td class=\"mark-\(merchant.verdict.rawValue)\" data-sort=\"\(["error": 0, "fail": 1, "pass": 2][merchant.verdict.rawValue]!)\">\(merchant.verdict.rawValue)</td>"
        + "<td>\(rules)</td></tr>\n"
    }
    return out + "</tbody>\n</table>\n</div>\n"
  }

  /// The fleet's counts, and a bar per rule: how many merchants it hits.
  private static func fleet(_ audit: Audit) -> String {
    var out = "<h2 id=\"fleet\">The fleet</h2>\n<p>\(audit.passing) of \(audit.merchants.count) merchants pass, \(audit.failing) fail"
    out += audit.notChecked > 0 ? ", \(audit.notChecked) not checked (never counted as passing).</p>\n" : ".</p>\n"
    let perRule = audit.merchantsPerRule
    guard !perRule.isEmpty else { return out }
    let total = max(1, audit.merchants.count)
    let labelWidth = 250, barWidth = 300, row = 22
    let height = perRule.count * row + 8
    out += "<figure>\n<svg role=\"img\" aria-labelledby=\"chart-title\" width=\"\(labelWidth + barWidth + 90)\" height=\"\(height)\" viewBox=\"0 0 \(labelWidth + barWidth + 90) \(height)\" style=\"max-width: 100%; height: auto;\">\n"
    out += "<title id=\"chart-title\">Merchants each rule hits</title>\n"
    for (index, entry) in perRule.enumerated() {
      let y = index * row + 4
      let width = max(2, entry.merchants * barWidth / total)
      out += "<text x=\"\(labelWidth - 6)\" y=\"\(y + 14)\" text-anchor=\"end\">\(Markup.xml(entry.rule))</text>"
      out += "<rect x=\"\(labelWidth)\" y=\"\(y + 2)\" width=\"\(width)\" height=\"\(row - 8)\" fill=\"#c62828\"><title>\(Markup.xml(entry.rule)): \(entry.merchants) of \(total) merchants</title></rect>"
      out += "<text x=\"\(labelWidth + width + 6)\" y=\"\(y + 14)\">\(entry.merchants) of \(total)</text>\n"
    }
    out += "</svg>\n<figcaption>Merchants each rule hits, of \(total).</figcaption>\n</figure>\n"
    return out
  }

  private static func filters(_ audit: Audit, fired: [String], severities: [String], verdicts: [String]) -> String {
    var out = "<div class=\"filters\" role=\"group\" aria-label=\"Show merchants by verdict\"><b>Verdict</b>\n"
    out += HTMLReporter.choice("verdict", "verdict-all", "all", checked: true)
    for verdict in verdicts { out += HTMLReporter.choice("verdict", "verdict-\(verdict)", "\(verdict) (\(audit.merchants.count { $0.verdict.rawValue == verdict }))") }
    out += "</div>\n<div class=\"filters\" role=\"group\" aria-label=\"Show findings by severity\"><b>Severity</b>\n"
    out += HTMLReporter.choice("sev", "sev-all", "all", checked: true)
    for (severity, count) in zip(severities, [audit.summary.errors, audit.summary.warnings, audit.summary.infos]) {
      out += HTMLReporter.choice("sev", "sev-\(severity)", "\(severity) (\(count))")
    }
    out += "</div>\n<div class=\"filters\" role=\"group\" aria-label=\"Show findings by rule\"><b>Rule</b>\n"
    out += HTMLReporter.choice("rule", "rule-all", "all", checked: true)
    for (index, rule) in fired.enumerated() {
      out += HTMLReporter.choice("rule", "rule-\(index)", "\(rule) (\(audit.findings.count { $0.rule == rule }))")
    }
    return out + "</div>\n"
  }

  /// Sorting the merchant table by a column where scripts run (no data from input in it).
  private static let script = """
    <script>
    (function () {
      var table = document.getElementById('merchant-table');
      if (!table) return;
      var body = table.tBodies[0];
      var buttons = table.querySelectorAll('th button');
      buttons.forEach(function (button) {
        button.addEventListener('click', function () {
          var column = Number(button.dataset.column), numeric = button.dataset.numeric === '1';
          var th = button.parentNode, ascending = th.getAttribute('aria-sort') !== 'ascending';
          table.querySelectorAll('th[aria-sort]').forEach(function (other) { other.removeAttribute('aria-sort'); });
          th.setAttribute('aria-sort', ascending ? 'ascending' : 'descending');
          var rows = Array.prototype.slice.call(body.rows);
          rows.sort(function (a, b) {
            var x = a.cells[column].dataset.sort || a.cells[column].textContent;
            var y = b.cells[column].dataset.sort || b.cells[column].textContent;
            var order = numeric ? Number(x) - Number(y) : x.localeCompare(y);
            if (order === 0) order = Number(a.dataset.rank) - Number(b.dataset.rank);
            return ascending ? order : -order;
          });
          rows.forEach(function (row) { body.appendChild(row); });
        });
      });
    })();
    </script>

    """
}
