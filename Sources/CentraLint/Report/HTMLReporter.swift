/// One self-contained page for people (SPEC §10): the summary, filters by severity and rule,
/// the findings grouped by file with their store and environment and masked source lines, and
/// each fired rule's title, rationale and fix. The filters are plain radio buttons and CSS
/// (`:has`): no script, no network, no other file; a file with nothing left to show is hidden
/// with its findings. Input text is escaped (`Markup.xml`).
enum HTMLReporter: Reporter {
  static func report(_ input: ReportInput) -> String {
    let fired = Array(Set(input.findings.map(\.rule))).sorted()
    let severities = ["error", "warning", "info"]
    var out = head("centra-lint report")
    // A finding shows when it matches the chosen severity and the chosen rule; a file shows
    // when one of its findings does (a clean file only when nothing is filtered).
    out += filterStyle(severities: severities, rules: fired.count, groups: "main section")
    out += "</style>\n</head>\n<body>\n<h1>centra-lint report</h1>\n"
    out += "<p class=\"summary\">\(Markup.xml(input.summary.line))</p>\n"
    out += "<div class=\"filters\"><b>Severity</b>\n"
    out += choice("sev", "sev-all", "all", checked: true)
    for (severity, count) in zip(severities, [input.summary.errors, input.summary.warnings, input.summary.infos]) {
      out += choice("sev", "sev-\(severity)", "\(severity) (\(count))")
    }
    out += "</div>\n<div class=\"filters\"><b>Rule</b>\n"
    out += choice("rule", "rule-all", "all", checked: true)
    for (index, rule) in fired.enumerated() {
      out += choice("rule", "rule-\(index)", "\(rule) (\(input.findings.count { $0.rule == rule }))")
    }
    out += "</div>\n<main>\n"
    for group in input.byFile {
      out += "<section>\n<h2>\(Markup.xml(group.file))</h2>\n"
      if group.findings.isEmpty { out += "<p class=\"clean\">no problems</p>\n" }
      for finding in group.findings { out += html(finding, ruleIndex: fired.firstIndex(of: finding.rule) ?? 0) }
      out += "</section>\n"
    }
    out += "</main>\n"
    out += ruleDocs(fired, input.rules)
    return out + "</body>\n</html>\n"
  }

  /// The style that makes the severity and rule filters work without a script: a finding
  /// shows when it matches the chosen severity and rule; a group (`groups`, a selector) when
  /// one of its findings does (one with none only when nothing is filtered).
  static func filterStyle(severities: [String], rules: Int, groups: String) -> String {
    var out = ""
    for severity in severities {
      out += "body:has(#sev-\(severity):checked) .finding:not(.sev-\(severity)) { display: none; }\n"
    }
    for index in 0..<rules {
      out += "body:has(#rule-\(index):checked) .finding:not(.rule-\(index)) { display: none; }\n"
    }
    for (severity, sevClass) in [("all", "")] + severities.map({ ($0, ".sev-\($0)") }) {
      for (rule, ruleClass) in [("all", "")] + (0..<rules).map({ ("\($0)", ".rule-\($0)") }) where severity != "all" || rule != "all" {
        out += "body:has(#sev-\(severity):checked):has(#rule-\(rule):checked) \(groups):not(:has(.finding\(sevClass)\(ruleClass))) { display: none; }\n"
      }
    }
    return out
  }

  /// The page's head and style, up to the end of the style sheet's fixed part.
  static func head(_ title: String) -> String {
    """
    <!DOCTYPE html>
    <html lang="en">
    <head>
    <meta charset="utf-8">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <title>\(Markup.xml(title))</title>
    <style>

    """ + style
  }

  /// The style every page shares.
  static let style = """
    body { font: 15px/1.45 system-ui, sans-serif; margin: 2rem auto; max-width: 70rem; padding: 0 1rem; color: #1d1d1f; }
    h1 { font-size: 1.5rem; } h2 { font-size: 1.05rem; margin: 1.6rem 0 .4rem; overflow-wrap: anywhere; }
    .summary { font-size: 1.1rem; } .filters { margin: .3rem 0; display: flex; flex-wrap: wrap; gap: .2rem 1rem; align-items: baseline; }
    .filters b { min-width: 4.5rem; } .choice { white-space: nowrap; } .choice input { margin: 0 .3rem 0 0; }
    .finding { border-left: 4px solid #999; padding: .3rem .7rem; margin: .5rem 0; background: #f7f7f9; overflow-wrap: anywhere; }
    .sev-error { border-color: #c62828; } .sev-warning { border-color: #ef8f00; } .sev-info { border-color: #1565c0; }
    .severity { font-weight: 600; text-transform: uppercase; font-size: .8rem; } .sev-error .severity { color: #c62828; }
    .sev-warning .severity { color: #a86500; } .sev-info .severity { color: #1565c0; }
    .where { color: #555; font-size: .9rem; }
    code, pre { font: 13px/1.4 ui-monospace, monospace; } pre { margin: .3rem 0; overflow-x: auto; }
    .note { color: #555; font-size: .9rem; } .clean { color: #2e7d32; }
    .rule-doc { margin: .8rem 0; } .rule-doc h3 { font-size: 1rem; margin: 0; } .rule-doc p { margin: .2rem 0; }

    """

  /// One finding: severity, place, message, rule (linked to its help), store, masked source
  /// line, related places.
  static func html(_ finding: Finding, ruleIndex: Int, file: Bool = false) -> String {
    var out = "<div class=\"finding sev-\(finding.severity.rawValue) rule-\(ruleIndex)\">\n"
    let place = file ? "\(Markup.xml(finding.location.file)):\(finding.location.line):\(finding.location.column)"
      : "line \(finding.location.line), column \(finding.location.column)"
    out += "<span class=\"severity\">\(finding.severity.rawValue)</span> \(place):"
      + " \(Markup.xml(finding.message)) <a href=\"#doc-\(ruleIndex)\"><code>\(Markup.xml(finding.rule))</code></a>\n"
    if let place = where_(finding) { out += "<div class=\"where\">\(place)</div>\n" }
    if let snippet = finding.snippet, !snippet.text.isEmpty {
      let caret = String(repeating: " ", count: max(0, min(snippet.caretColumn - 1, snippet.text.unicodeScalars.count))) + "^"
      out += "<pre>\(finding.location.line) | \(Markup.xml(snippet.text))\n\(String(repeating: " ", count: String(finding.location.line).count)) | \(caret)</pre>\n"
    }
    for related in finding.related {
      out += "<p class=\"note\">\(Markup.xml(related.message)): \(Markup.xml(related.location.file)):\(related.location.line):\(related.location.column)</p>\n"
    }
    return out + "</div>\n"
  }

  /// What each rule that fired is for and how to fix it, from its rule file; `doc-N` anchors.
  static func ruleDocs(_ fired: [String], _ rules: [ReportInput.Rule]) -> String {
    guard !fired.isEmpty else { return "" }
    let docs = Dictionary(rules.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
    var out = "<h2>The rules that fired</h2>\n"
    for (index, id) in fired.enumerated() {
      out += "<div class=\"rule-doc\" id=\"doc-\(index)\">\n<h3><code>\(Markup.xml(id))</code>"
      guard let rule = docs[id] else {
        out += "</h3>\n</div>\n"
        continue
      }
      out += " \(Markup.xml(rule.title))</h3>\n"
      out += "<p><b>Why:</b> \(Markup.xml(Markup.paragraphs(rule.rationale.trimmingBlanks())))</p>\n"
      out += "<p><b>Fix:</b> \(Markup.xml(Markup.paragraphs(rule.fix.trimmingBlanks())))</p>\n</div>\n"
    }
    return out
  }

  /// `store 'Retail EU' (production)`, as far as the finding's document names them.
  static func where_(_ finding: Finding) -> String? {
    switch (finding.store, finding.environment) {
    case (let store?, let environment?): return "store \(Markup.xml("'\(store)'")), environment \(Markup.xml(environment))"
    case (let store?, nil): return "store \(Markup.xml("'\(store)'")), no environment named"
    case (nil, let environment?): return "no store named, environment \(Markup.xml(environment))"
    case (nil, nil): return nil
    }
  }

  /// A radio button inside its label, so that the two never wrap apart.
  static func choice(_ group: String, _ id: String, _ label: String, checked: Bool = false) -> String {
    "<label class=\"choice\"><input type=\"radio\" name=\"\(group)\" id=\"\(id)\"\(checked ? " checked" : "")>\(Markup.xml(label))</label>\n"
  }
}
