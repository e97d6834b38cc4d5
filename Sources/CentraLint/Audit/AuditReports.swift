/// The audit's reports (SPEC §8): text (fits 100 columns), JSON (the report of §4 plus the
/// merchants and the fleet), Markdown for a ticket, CSV with the merchant first, and HTML
/// (`AuditHTML`). Each is a pure function of the audit; every text from input goes through the
/// format's one escaping function.
public enum AuditReports {
  /// The formats an audit writes.
  public static let formats: [ReportFormat] = [.text, .json, .markdown, .html, .csv]

  /// The report in `format` (one of `formats`).
  public static func report(_ audit: Audit, format: ReportFormat, rules: [ReportInput.Rule], toolVersion: String, color: Bool = false) -> String {
    switch format {
    case .json: return json(audit, toolVersion: toolVersion)
    case .markdown: return markdown(audit)
    case .csv:
      return CSVReporter.table(csvRows(audit), count: audit.findings.count, lead: audit.compared == nil ? ["merchant"] : ["merchant", "change"])
    case .html: return AuditHTML.report(audit, rules: rules)
    default: return text(audit, paint: Paint(enabled: color))
    }
  }

  /// The CSV's rows: each finding after its merchant, and a row for each merchant that was not
  /// checked (its folder, no rule, the reason), so that a spreadsheet shows it too. When
  /// comparing, each row says its change: a finding `new` or `remaining`, then the earlier
  /// report's `fixed` and `gone` findings as they were; a merchant `not checked`, one whose
  /// `config changed` (a row before its findings), and one per merchant that `disappeared`
  /// (its name, no file).
  static func csvRows(_ audit: Audit) -> [([String], Finding)] {
    let comparing = audit.compared != nil
    func note(_ file: String, _ message: String) -> Finding {
      Finding(rule: "", severity: .error, message: message, location: SourceLocation(file: file, line: 1, column: 1))
    }
    var rows = audit.merchants.flatMap { merchant -> [([String], Finding)] in
      guard merchant.verdict != .error else {
        return [([merchant.name] + (comparing ? ["not checked"] : []), note(merchant.folder, "not checked: " + (merchant.error ?? "")))]
      }
      guard comparing else { return merchant.findings.map { ([merchant.name], $0) } }
      let changes = merchant.changes ?? Audit.Changes()
      let new = Set(changes.new.compactMap(\.fingerprint))
      var config: [([String], Finding)] = []
      if changes.configChanged {
        var row = note(merchant.folder, "its config differs from the one the compared report was made with: some changes may come from it")
        row.severity = .info
        config = [([merchant.name, "config changed"], row)]
      }
      return config + merchant.findings.map { ([merchant.name, $0.fingerprint.map(new.contains) == true ? "new" : "remaining"], $0) }
        + changes.fixed.map { ([merchant.name, "fixed"], $0) } + changes.gone.map { ([merchant.name, "gone"], $0) }
    }
    rows += audit.disappeared.map {
      var row = note("", "not in this audit: the merchant disappeared since the compared report")
      row.severity = .info
      return ([$0, "disappeared"], row)
    }
    return rows
  }

  /// A count with its noun: `3 merchants`.
  static func count(_ number: Int, _ noun: String) -> String { Summary.count(number, noun) }

  /// `5 merchants: 2 pass, 2 fail, 1 not checked`.
  static func headline(_ audit: Audit) -> String {
    var parts = ["\(audit.passing) pass", "\(audit.failing) fail"]
    if audit.notChecked > 0 { parts.append("\(audit.notChecked) not checked") }
    return count(audit.merchants.count, "merchant") + ": " + parts.joined(separator: ", ")
  }

  /// The rules a merchant's row shows: the most findings first, with their counts.
  static func rulesCell(_ merchant: Audit.Merchant) -> String {
    if merchant.verdict == .error { return "not checked: see below" }
    return merchant.rulesFired.map { "\($0.rule) \($0.count)" }.joined(separator: ", ")
  }

  /// One line of changes for a merchant: `2 new, 1 fixed, 0 gone, 5 remaining`.
  static func changeLine(_ changes: Audit.Changes) -> String {
    var line = changes.notCheckedNow || changes.earlierUnknown > 0
      ? "not checked now; its \(count(changes.earlierUnknown, "earlier finding")) are neither fixed nor gone"
      : "\(changes.new.count) new, \(changes.fixed.count) fixed, \(changes.gone.count) gone with their file, \(changes.remaining.count) remaining"
    if changes.appeared { line = "appeared; " + line }
    if changes.configChanged { line += "; its config changed since, so some changes may come from the config" }
    return line
  }

  // MARK: text

  static let width = 100

  /// Text cut to `width` scalars with `…`, padded to it on the right (or the left with `right`).
  static func cell(_ text: String, _ width: Int, right: Bool = false) -> String {
    // Cut and padded by terminal columns (`Printable.columns`): a wide character takes two.
    var cut = String.UnicodeScalarView(), used = 0
    if Printable.columns(text) <= width {
      cut = text.unicodeScalars
      used = Printable.columns(text)
    } else {
      for scalar in text.unicodeScalars {
        let columns = Printable.columns(scalar)
        guard used + columns <= width - 1 else { break }
        cut.append(scalar)
        used += columns
      }
      cut.append("…")
      used += 1
    }
    let pad = String(repeating: " ", count: max(0, width - used))
    return right ? pad + String(cut) : String(cut) + pad
  }

  static func text(_ audit: Audit, paint: Paint) -> String {
    var out = paint.bold("centra-lint audit of " + headline(audit)) + "\n\n"
    if audit.compared != nil { out += textChanges(audit, paint: paint) }
    // The merchant table: name, stores, plugins, errors, warnings, verdict, rules.
    let nameWidth = min(28, max(8, audit.merchants.map { Printable.columns(Printable.escaped($0.name)) }.max() ?? 8))
    let fixed = nameWidth + 1 + 6 + 1 + 7 + 1 + 6 + 1 + 8 + 1 + 7 + 1
    out += cell("merchant", nameWidth) + " " + cell("stores", 6, right: true) + " " + cell("plugins", 7, right: true) + " "
      + cell("errors", 6, right: true) + " " + cell("warnings", 8, right: true) + " " + cell("verdict", 7) + " rules that fired\n"
    for merchant in audit.merchants {
      let checked = merchant.verdict != .error
      func number(_ value: Int, _ width: Int) -> String { cell(checked ? String(value) : "-", width, right: true) }
      let verdict = cell(merchant.verdict.rawValue, 7)
      let painted = merchant.verdict == .pass ? verdict : paint.alarm(verdict)
      let line = cell(Printable.escaped(merchant.name), nameWidth) + " " + number(merchant.stores, 6) + " " + number(merchant.plugins, 7) + " "
        + number(merchant.errors, 6) + " " + number(merchant.warnings, 8) + " " + painted + " "
        + cell(Printable.escaped(rulesCell(merchant)), width - fixed)
      out += line.trimmingTrailingSpaces() + "\n"
    }
    // The fleet.
    out += "\n" + paint.bold("Fleet") + ": \(audit.passing) of \(count(audit.merchants.count, "merchant")) pass"
    if audit.failing > 0 { out += ", \(audit.failing) fail" }
    if audit.notChecked > 0 { out += ", \(audit.notChecked) not checked" }
    out += " (verdicts against --fail-on \(audit.failsFrom?.rawValue ?? "never"))\n"
    // Apart, so that the line fits 100 columns however many merchants there are.
    if audit.notChecked > 0 { out += "A merchant not checked is never counted as passing (see Not checked below).\n" }
    let perRule = audit.merchantsPerRule
    if !perRule.isEmpty {
      out += "Merchants each rule hits:\n"
      let ruleWidth = min(40, perRule.map(\.rule.count).max() ?? 10)
      for (rule, merchants) in perRule {
        out += "  " + cell(Printable.escaped(rule), ruleWidth) + " " + cell(String(merchants), 5, right: true) + " of \(audit.merchants.count)\n"
      }
    }
    let errors = audit.merchants.filter { $0.verdict == .error }
    if !errors.isEmpty {
      out += "\n" + paint.bold("Not checked") + "\n"
      for merchant in errors {
        out += "  \(Printable.escaped(merchant.name)) (\(Printable.escaped(merchant.folder))): \(Printable.escaped(merchant.error ?? ""))\n"
      }
    }
    // Each failing merchant's findings, as the text report shows them.
    for merchant in audit.merchants where merchant.verdict == .fail {
      out += "\n" + paint.bold("== \(Printable.escaped(merchant.name)) (\(Printable.escaped(merchant.folder))): fail, "
        + Summary(findings: merchant.findings, files: merchant.files.count, plugins: merchant.plugins, stores: merchant.stores).sentence + " ==") + "\n"
      out += TextReporter.lines(of: merchant.findings, paint: paint)
    }
    out += "\n" + audit.summary.closingLines
    return out
  }

  /// The changes since the compared report, for the text report's head.
  private static func textChanges(_ audit: Audit, paint: Paint) -> String {
    var out = paint.bold("Since \(Printable.escaped(audit.compared ?? ""))") + ":"
    var parts: [String] = []
    if !audit.appeared.isEmpty { parts.append("appeared: " + audit.appeared.map(Printable.escaped).joined(separator: ", ")) }
    if !audit.disappeared.isEmpty { parts.append("disappeared: " + audit.disappeared.map(Printable.escaped).joined(separator: ", ")) }
    let changed = audit.merchants.filter { $0.changes.map { !$0.isEmpty } ?? false }
    if parts.isEmpty && changed.isEmpty { return out + " nothing changed\n\n" }
    out += parts.isEmpty ? "\n" : " " + parts.joined(separator: "; ") + "\n"
    for merchant in changed {
      guard let changes = merchant.changes else { continue }
      out += "  \(Printable.escaped(merchant.name)): \(changeLine(changes))\n"
      for finding in changes.new.prefix(20) { out += "    new: " + oneLine(finding) + "\n" }
      if changes.new.count > 20 { out += "    and \(changes.new.count - 20) more new\n" }
      for finding in changes.fixed.prefix(20) { out += "    fixed: " + oneLine(finding) + "\n" }
      if changes.fixed.count > 20 { out += "    and \(changes.fixed.count - 20) more fixed\n" }
      for finding in changes.gone.prefix(5) { out += "    gone: " + oneLine(finding) + "\n" }
      if changes.gone.count > 5 { out += "    and \(changes.gone.count - 5) more gone\n" }
    }
    return out + "\n"
  }

  /// `file:line:col: severity: message [rule]`, escaped.
  static func oneLine(_ finding: Finding) -> String {
    "\(Printable.escaped(finding.location.file)):\(finding.location.line):\(finding.location.column): \(finding.severity.rawValue): "
      + "\(Printable.escaped(finding.message)) [\(Printable.escaped(finding.rule))]"
  }

  // MARK: JSON

  static func json(_ audit: Audit, toolVersion: String) -> String {
    var out = JSON.Writer(capacity: 1024 + audit.findings.count * 700)
    out.raw("{\n  \"version\": 1,\n  \"tool\": { \"name\": \"centra-lint\", \"version\": ")
    out.string(toolVersion)
    out.raw(" },\n  \"findings\": [")
    writeList(audit.findings, to: &out)
    out.raw(",\n")
    JSONReporter.write(audit.summary, to: &out)
    out.raw(",\n  \"merchants\": [")
    // A fleet's merchants hold every finding again: written in parts on every core when many.
    let merchants = audit.merchants
    out.items(merchants.count, inParts: audit.findings.count >= JSONReporter.parallelFrom) { index, out in
      let merchant = merchants[index]
      out.raw(index == 0 ? "\n  {\n    \"name\": " : ",\n  {\n    \"name\": ")
      out.string(merchant.name)
      out.raw(", \"folder\": ")
      out.string(merchant.folder)
      out.raw(", \"kind\": ")
      out.string(merchant.isFile ? "file" : "folder")
      out.raw(",\n    \"verdict\": ")
      out.string(merchant.verdict.rawValue)
      out.field(", \"error\": ", merchant.error)
      out.raw(", \"configDigest\": ")
      out.string(merchant.configDigest)
      out.raw(", \"groundDigest\": ")
      out.string(merchant.groundDigest)
      out.raw(",\n    \"stores\": ")
      out.number(merchant.stores)
      out.raw(", \"plugins\": ")
      out.number(merchant.plugins)
      out.raw(", \"errors\": ")
      out.number(merchant.errors)
      out.raw(", \"warnings\": ")
      out.number(merchant.warnings)
      out.raw(", \"infos\": ")
      out.number(merchant.infos)
      out.raw(",\n    \"files\": [")
      for (at, file) in merchant.files.enumerated() {
        if at > 0 { out.raw(", ") }
        out.string(file)
      }
      out.raw("],\n    \"rules\": ")
      writeCounts(merchant.rules.map { ($0.key, $0.value) }, to: &out)
      out.raw(",\n    \"findings\": [")
      writeList(merchant.findings, to: &out)
      if let changes = merchant.changes {
        out.raw(",\n    \"configChanged\": ")
        out.raw(changes.configChanged ? "true" : "false")
        if merchant.verdict == .error {
          out.raw(", \"earlierFindingsNotCompared\": ")
          out.number(changes.earlierUnknown)
        }
        for (name, list) in [("new", changes.new), ("fixed", changes.fixed), ("gone", changes.gone), ("remaining", changes.remaining)] {
          out.raw(",\n    ")
          out.string(name)
          out.raw(": [")
          writeList(list, to: &out)
        }
      }
      out.raw("\n  }")
    }
    out.raw(audit.merchants.isEmpty ? "],\n" : "\n  ],\n")
    out.raw("  \"fleet\": { \"merchants\": ")
    out.number(audit.merchants.count)
    out.raw(", \"pass\": ")
    out.number(audit.passing)
    out.raw(", \"fail\": ")
    out.number(audit.failing)
    out.raw(", \"error\": ")
    out.number(audit.notChecked)
    out.raw(", \"rules\": ")
    writeCounts(audit.merchantsPerRule.map { ($0.rule, $0.merchants) }, to: &out)
    out.raw(" }")
    if let compared = audit.compared {
      out.raw(",\n  \"compared\": ")
      out.string(compared)
      for (name, list) in [("appeared", audit.appeared), ("disappeared", audit.disappeared)] {
        out.raw(",\n  ")
        out.string(name)
        out.raw(": [")
        for (at, merchant) in list.enumerated() {
          if at > 0 { out.raw(", ") }
          out.string(merchant)
        }
        out.raw("]")
      }
    }
    out.raw("\n}\n")
    return out.text
  }

  /// A count per rule as an object, by rule id: `{ "missing-field": 3 }` (`{}` for none).
  private static func writeCounts(_ counts: [(rule: String, count: Int)], to out: inout JSON.Writer) {
    out.raw("{")
    for (at, entry) in counts.sorted(by: { $0.rule < $1.rule }).enumerated() {
      out.raw(at == 0 ? " " : ", ")
      out.string(entry.rule)
      out.raw(": ")
      out.number(entry.count)
    }
    out.raw(counts.isEmpty ? "}" : " }")
  }

  /// A list of findings, its opening `[` already written, closed.
  private static func writeList(_ findings: [Finding], to out: inout JSON.Writer) {
    JSONReporter.write(findings, to: &out)
    out.raw(findings.isEmpty ? "]" : "\n  ]")
  }

  // MARK: Markdown

  /// How many findings of each failing merchant the Markdown report shows, the worst first.
  static let markdownFindings = 10

  static func markdown(_ audit: Audit) -> String {
    var out = "## centra-lint audit\n\n**" + Markup.markdown(headline(audit)) + "** (`--fail-on \(audit.failsFrom?.rawValue ?? "never")`); "
      + Markup.markdown(audit.summary.line) + "\n"
    if let compared = audit.compared {
      out += "\n### Since \(Markup.markdownCode(compared, inTable: false))\n\n"
      if !audit.appeared.isEmpty { out += "- appeared: " + audit.appeared.map { Markup.markdownCode($0, inTable: false) }.joined(separator: ", ") + "\n" }
      if !audit.disappeared.isEmpty { out += "- disappeared: " + audit.disappeared.map { Markup.markdownCode($0, inTable: false) }.joined(separator: ", ") + "\n" }
      let changed = audit.merchants.filter { $0.changes.map { !$0.isEmpty } ?? false }
      if changed.isEmpty && audit.appeared.isEmpty && audit.disappeared.isEmpty { out += "Nothing changed.\n" }
      if !changed.isEmpty {
        out += "\n| merchant | new | fixed | gone | remaining | note |\n|---|---|---|---|---|---|\n"
        for merchant in changed {
          guard let changes = merchant.changes else { continue }
          let note = [changes.appeared ? "appeared" : nil, changes.configChanged ? "config changed" : nil,
                      merchant.verdict == .error ? "not checked now: \(changes.earlierUnknown) earlier findings neither fixed nor gone" : nil]
            .compactMap { $0 }.joined(separator: ", ")
          out += "| \(Markup.markdownCode(merchant.name)) | \(changes.new.count) | \(changes.fixed.count) | \(changes.gone.count) | \(changes.remaining.count) | \(note) |\n"
        }
      }
    }
    out += "\n### Merchants, worst first\n\n| merchant | stores | plugins | errors | warnings | verdict | rules that fired |\n|---|---|---|---|---|---|---|\n"
    for merchant in audit.merchants {
      let checked = merchant.verdict != .error
      func number(_ value: Int) -> String { checked ? String(value) : "–" }
      let rules = checked ? merchant.rulesFired.map { Markup.markdownCode($0.rule) + " \($0.count)" }.joined(separator: ", ")
        : "not checked: " + Markup.markdownCode(merchant.error ?? "")
      out += "| \(Markup.markdownCode(merchant.name)) | \(number(merchant.stores)) | \(number(merchant.plugins)) | \(number(merchant.errors)) "
        + "| \(number(merchant.warnings)) | **\(merchant.verdict.rawValue)** | \(rules) |\n"
    }
    let perRule = audit.merchantsPerRule
    if !perRule.isEmpty {
      out += "\n### Merchants each rule hits\n\n| rule | merchants |\n|---|---|\n"
      for (rule, merchants) in perRule { out += "| \(Markup.markdownCode(rule)) | \(merchants) of \(audit.merchants.count) |\n" }
    }
    let failing = audit.merchants.filter { $0.verdict == .fail }
    if !failing.isEmpty { out += "\n### The worst findings\n" }
    for merchant in failing {
      out += "\n#### \(Markup.markdownCode(merchant.name, inTable: false))\n\n| place | severity | rule | message |\n|---|---|---|---|\n"
      let worst = merchant.findings.enumerated().sorted { ($0.element.severity, $1.offset) > ($1.element.severity, $0.offset) }.prefix(markdownFindings)
      for (_, finding) in worst {
        out += "| \(Markup.markdownCode("\(finding.location.file):\(finding.location.line):\(finding.location.column)")) | \(finding.severity.rawValue) "
          + "| \(Markup.markdownCode(finding.rule)) | \(Markup.markdownCode(finding.message)) |\n"
      }
      if merchant.findings.count > markdownFindings {
        out += "\nand \(merchant.findings.count - markdownFindings) more (the HTML or JSON report has them all)\n"
      }
    }
    return out
  }
}

extension String {
  /// Without spaces at its end.
  func trimmingTrailingSpaces() -> String {
    var scalars = Substring(self)
    while scalars.last == " " { scalars = scalars.dropLast() }
    return String(scalars)
  }
}
