/// `audit --compare OLD.json` (SPEC §8): for each merchant, by fingerprint, what is new since
/// the earlier audit report, what was fixed, what is gone with its file (a file the merchant no
/// longer has is not a fix, nor is a change in the file a finding was found against), and what
/// remains; merchants that appeared and disappeared; and whether a merchant's config changed
/// between the two (then its changes may come from the
/// config, not the exports: the reports say so beside them). An `error` merchant now lists none
/// of its earlier findings as fixed or gone: it was not checked.
struct AuditComparison {
  /// A merchant of the earlier report.
  struct Earlier {
    var name: String
    var folder: String
    var isFile: Bool
    var verdict: String
    var configDigest: String?
    /// What the merchant's files held then (`Audit.Merchant.groundDigest`); nil in an older report.
    var groundDigest: String?
    var findings: [Finding]

    /// A finding's file relative to the merchant's folder, as `AuditFleet.Member.relative`.
    func relative(_ file: String) -> String { AuditFleet.relative(file, folder: folder, isFile: isFile) }
  }

  var merchants: [Earlier]

  /// The largest report compared: an audit of thousands of merchants at their findings' cap
  /// stays well below it; past it the comparison would cost seconds a gigabyte and the memory.
  static let largest = 512 * 1024 * 1024

  /// Reads an earlier `audit --format json` report; anything else is a clear error.
  static func load(_ path: String) throws -> AuditComparison {
    func invalid(_ reason: String, line: Int = 1, column: Int = 1) -> LintError {
      .invalidFile(SourceLocation(file: path, line: line, column: column), reason + " (--compare takes an earlier 'centra-lint audit --format json' report)")
    }
    let tooLarge = invalid("larger than \(largest / 1024 / 1024) MiB, which no audit report this tool writes reaches")
    // Refused by its size when it has one (nothing read), else after `largest` bytes (a pipe).
    if let size = FileSystem.size(path), size > largest { throw tooLarge }
    let bytes = try FileSystem.read(path, limit: largest)
    guard bytes.count <= largest else { throw tooLarge }
    let root: JSONValue
    do {
      root = try JSONValue.parse(bytes)
    } catch let failure as JSONValue.Failure {
      throw invalid("not JSON: \(failure.reason)", line: failure.line, column: failure.column)
    }
    guard let merchants = root["merchants"]?.array, root["fleet"] != nil else {
      throw invalid("not an audit report: it has no 'merchants' and 'fleet'")
    }
    var names: Set<String> = []
    return AuditComparison(merchants: try merchants.map { merchant in
      guard let name = merchant["name"]?.string, let folder = merchant["folder"]?.string, let verdict = merchant["verdict"]?.string else {
        throw invalid("a merchant of the report has no 'name', 'folder' or 'verdict'")
      }
      // What it says is input: shown only as every report shows text, secrets hidden.
      let shown = Printable.escaped(Sensitivity.redacting(name))
      guard names.insert(name).inserted else { throw invalid("the report has merchant '\(Quote.clipped(shown))' twice, which an audit never has") }
      guard let findings = merchant["findings"].map({ $0.array }) ?? [] else {
        throw invalid("merchant '\(Quote.clipped(shown))' has 'findings' that are not a list")
      }
      // Names are redacted as the audit redacts the merchants' (idempotent for one it wrote).
      return Earlier(
        name: Sensitivity.redacting(name), folder: Sensitivity.redacting(folder), isFile: merchant["kind"]?.string == "file", verdict: verdict,
        configDigest: merchant["configDigest"]?.string, groundDigest: merchant["groundDigest"]?.string,
        findings: try findings.map { value in
          guard let finding = finding(value) else {
            throw invalid("a finding of merchant '\(Quote.clipped(shown))' lacks its rule, severity, message, place or fingerprint")
          }
          return finding
        })
    })
  }

  /// A finding as the JSON report writes it, its texts redacted as every finding's are (the
  /// report is input: a key pasted into it is hidden like one in an export); nil for one without
  /// what a comparison needs.
  static func finding(_ value: JSONValue) -> Finding? {
    guard let rule = value["rule"]?.string, let severity = value["severity"]?.string.flatMap(Severity.init(rawValue:)),
          let message = value["message"]?.string, let file = value["file"]?.string, let line = value["line"]?.int,
          let column = value["column"]?.int, let fingerprint = value["fingerprint"]?.string else { return nil }
    var finding = Finding(
      rule: rule, severity: severity, message: message, location: SourceLocation(file: file, line: line, column: column),
      path: value["path"]?.string, plugin: value["plugin"]?.string,
      related: (value["related"]?.array ?? []).compactMap { related in
        guard let file = related["file"]?.string, let line = related["line"]?.int, let column = related["column"]?.int else { return nil }
        return Finding.Related(location: SourceLocation(file: file, line: line, column: column), message: related["message"]?.string ?? "")
      })
    finding.document = value["document"]?.int
    finding.store = value["store"]?.string
    finding.environment = value["environment"]?.string
    finding.fingerprint = fingerprint
    finding.location.file = Sensitivity.redacting(file)
    finding.related = finding.related.map { related in
      var related = related
      related.location.file = Sensitivity.redacting(related.location.file)
      return related
    }
    return finding.redacted()
  }

  /// Sets each merchant's changes, and the audit's appeared and disappeared merchants.
  func apply(to audit: inout Audit, file: String) {
    audit.compared = file
    // A merchant is the one of its name then, else the one of its folder (a second FOLDER with
    // a merchant of the same name names both by their folders).
    var byName: [String: Int] = [:], byFolder: [String: Int] = [:]
    for (index, merchant) in merchants.enumerated() {
      byName[merchant.name] = index
      byFolder[merchant.folder] = index
    }
    var matched = Set<Int>()
    var match = audit.merchants.map { merchant -> Int? in
      guard let index = byName[merchant.name], matched.insert(index).inserted else { return nil }
      return index
    }
    for position in match.indices where match[position] == nil {
      guard let index = byFolder[audit.merchants[position].folder], matched.insert(index).inserted else { continue }
      match[position] = index
    }
    audit.disappeared = merchants.indices.filter { !matched.contains($0) }.map { merchants[$0].name }.sorted(by: ByteScan.precedes)
    for index in audit.merchants.indices {
      var merchant = audit.merchants[index]
      var changes = Audit.Changes()
      guard let before = match[index].map({ merchants[$0] }) else {
        changes.appeared = true
        changes.new = merchant.findings
        audit.appeared.append(merchant.name)
        merchant.changes = changes
        audit.merchants[index] = merchant
        continue
      }
      changes.configChanged = before.configDigest != nil && before.configDigest != merchant.configDigest
      if merchant.verdict == .error {
        // Not checked now: what it had is unknown, neither fixed nor gone.
        changes.notCheckedNow = before.verdict != "error"
        changes.earlierUnknown = before.findings.count
      } else {
        let files = Set(merchant.files)
        let earlierPrints = Set(before.findings.map { $0.fingerprint ?? "" })
        let nowPrints = Set(merchant.findings.map { $0.fingerprint ?? "" })
        for finding in merchant.findings {
          if earlierPrints.contains(finding.fingerprint ?? "") { changes.remaining.append(finding) } else { changes.new.append(finding) }
        }
        // Gone, not fixed, when its file is no more, or a file it was found against (a related
        // place: production's plugin for a staging export's drift, an earlier use of a URI) is
        // no more or no longer holds what it did (its documents' stores and environments
        // changed, or it no longer reads): nothing may have been compared.
        let groundChanged = before.groundDigest != merchant.groundDigest
        for finding in before.findings where !nowPrints.contains(finding.fingerprint ?? "") {
          let others = finding.related.map(\.location.file).filter { $0 != finding.location.file }
          let stands = ([finding.location.file] + others).allSatisfy { files.contains(before.relative($0)) }
            && (others.isEmpty || !groundChanged)
          if stands { changes.fixed.append(finding) } else { changes.gone.append(finding) }
        }
      }
      merchant.changes = changes
      audit.merchants[index] = merchant
    }
    audit.appeared.sort(by: ByteScan.precedes)
  }
}
