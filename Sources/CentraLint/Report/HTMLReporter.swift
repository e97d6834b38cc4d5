/// One self-contained page for people (SPEC §10): the summary, the findings grouped by file with
/// their masked source lines, and filters by severity and rule that are plain radio buttons
/// and CSS: no script, no network, no other file. Input text is escaped (`Markup.xml`).
enum HTMLReporter: Reporter {
  static func report(_ input: ReportInput) -> String {
    let rules = Array(Set(input.findings.map(\.rule))).sorted()
    var out = """
      <!DOCTYPE html>
      <html lang="en">
      <head>
      <meta charset="utf-8">
      <meta name="viewport" content="width=device-width, initial-scale=1">
      <title>centra-lint report</title>
      <style>
      body { font: 15px/1.45 system-ui, sans-serif; margin: 2rem auto; max-width: 70rem; padding: 0 1rem; color: #1d1d1f; }
      h1 { font-size: 1.5rem; } h2 { font-size: 1.05rem; margin: 1.6rem 0 .4rem; word-break: break-all; }
      .summary { font-size: 1.1rem; } input { margin-left: .8rem; } .filters { margin: .3rem 0; }
      .finding { border-left: 4px solid #999; padding: .3rem .7rem; margin: .5rem 0; background: #f7f7f9; }
      .sev-error { border-color: #c62828; } .sev-warning { border-color: #ef8f00; } .sev-info { border-color: #1565c0; }
      .severity { font-weight: 600; text-transform: uppercase; font-size: .8rem; } .sev-error .severity { color: #c62828; }
      .sev-warning .severity { color: #a86500; } .sev-info .severity { color: #1565c0; }
      code, pre { font: 13px/1.4 ui-monospace, monospace; } pre { margin: .3rem 0; overflow-x: auto; }
      .note { color: #555; font-size: .9rem; } .clean { color: #2e7d32; } label { white-space: nowrap; }

      """
    // A finding is hidden unless it matches the chosen severity and the chosen rule.
    for severity in ["error", "warning", "info"] {
      out += "#sev-\(severity):checked ~ main .finding:not(.sev-\(severity)) { display: none; }\n"
    }
    for index in rules.indices { out += "#rule-\(index):checked ~ main .finding:not(.rule-\(index)) { display: none; }\n" }
    out += "</style>\n</head>\n<body>\n<h1>centra-lint report</h1>\n"
    out += "<p class=\"summary\">\(Markup.xml(input.summary.line))</p>\n"
    out += "<p class=\"filters\">Severity:</p>\n"
    out += radio("sev", "sev-all", "all", checked: true)
    for (severity, count) in [("error", input.summary.errors), ("warning", input.summary.warnings), ("info", input.summary.infos)] {
      out += radio("sev", "sev-\(severity)", "\(severity) (\(count))")
    }
    out += "<p class=\"filters\">Rule:</p>\n"
    out += radio("rule", "rule-all", "all", checked: true)
    for (index, rule) in rules.enumerated() {
      out += radio("rule", "rule-\(index)", "\(rule) (\(input.findings.count { $0.rule == rule }))")
    }
    out += "<main>\n"
    for group in input.byFile {
      out += "<section>\n<h2>\(Markup.xml(group.file))</h2>\n"
      if group.findings.isEmpty { out += "<p class=\"clean\">no problems</p>\n" }
      for finding in group.findings {
        let ruleIndex = rules.firstIndex(of: finding.rule) ?? 0
        out += "<div class=\"finding sev-\(finding.severity.rawValue) rule-\(ruleIndex)\">\n"
        out += "<span class=\"severity\">\(finding.severity.rawValue)</span> line \(finding.location.line), column \(finding.location.column):"
          + " \(Markup.xml(finding.message)) <code>\(Markup.xml(finding.rule))</code>\n"
        if let snippet = finding.snippet, !snippet.text.isEmpty {
          let caret = String(repeating: " ", count: max(0, min(snippet.caretColumn - 1, snippet.text.unicodeScalars.count))) + "^"
          out += "<pre>\(finding.location.line) | \(Markup.xml(snippet.text))\n\(String(repeating: " ", count: String(finding.location.line).count)) | \(caret)</pre>\n"
        }
        for related in finding.related {
          out += "<p class=\"note\">\(Markup.xml(related.message)): \(Markup.xml(related.location.file)):\(related.location.line):\(related.location.column)</p>\n"
        }
        out += "</div>\n"
      }
      out += "</section>\n"
    }
    return out + "</main>\n</body>\n</html>\n"
  }

  private static func radio(_ group: String, _ id: String, _ label: String, checked: Bool = false) -> String {
    "<input type=\"radio\" name=\"\(group)\" id=\"\(id)\"\(checked ? " checked" : "")><label for=\"\(id)\">\(Markup.xml(label))</label>\n"
  }
}
