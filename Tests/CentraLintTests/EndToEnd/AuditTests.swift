import Foundation
import XCTest
@testable import CentraLint

/// `centra-lint audit` (SPEC §8) on a small fleet (`AuditFleet/fleet`): merchants with their
/// own configs (a registry, exports, a severity), one whose config is invalid, one without a
/// config, a file merchant; common URIs and store names across merchants. Golden reports in
/// `AuditFleet/expected` (`UPDATE_GOLDEN=1` rewrites them and fails).
final class AuditTests: ScratchTestCase {
  override var subject: String { "audit" }

  static let root = Support.packageRoot + "/Tests/CentraLintTests/AuditFleet"
  static let canary = "Q2FuYXJ5Q2FuYXJ5Q2FuYXJ5Q2FuYXJ5MTIz"

  private func golden(_ name: String, _ actual: String) throws {
    let path = Self.root + "/expected/" + name
    if ProcessInfo.processInfo.environment["UPDATE_GOLDEN"] == "1" {
      try FileManager.default.createDirectory(atPath: Self.root + "/expected", withIntermediateDirectories: true)
      try actual.write(toFile: path, atomically: true, encoding: .utf8)
      XCTFail("\(name) rewritten; review it and run again without UPDATE_GOLDEN")
      return
    }
    XCTAssertEqual(actual, (try? String(contentsOfFile: path, encoding: .utf8)) ?? "(missing \(name))", name)
  }

  func testGoldenReportsInEveryFormat() throws {
    for format in ["text", "json", "markdown", "csv", "html"] {
      let run = try Binary.run(["audit", "--format", format, "fleet"], in: Self.root)
      XCTAssertEqual(run.status, 2, "an error merchant makes the run exit 2: \(run.error)")
      XCTAssertTrue(run.error.contains("merchant broken not checked: fleet/broken/.centra-lint.yaml:2:3: unknown rule 'plugin-status-activ'"), run.error)
      XCTAssertFalse(run.output.contains(Self.canary), "\(format): the staging secret is never shown")
      XCTAssertFalse(run.error.contains(Self.canary))
      try golden("audit.\(format == "markdown" ? "md" : format)", run.output)
    }
  }

  func testTheMerchantTableIsWorstFirstAndEachMerchantIsAPlainRunInItsFolder() throws {
    let run = try Binary.run(["audit", "--format", "json", "fleet"], in: Self.root)
    let merchants = try Binary.json(run)["merchants"] as! [[String: Any]]
    XCTAssertEqual(merchants.map { $0["name"] as! String }, ["broken", "acme", "solo", "beta", "clean"])
    XCTAssertEqual(merchants.map { $0["verdict"] as! String }, ["error", "fail", "fail", "pass", "pass"])
    XCTAssertNil(merchants[1]["error"])
    XCTAssertNotNil(merchants[0]["error"])
    // The same verdict and counts as a plain run inside the merchant's folder, its config honoured.
    for (name, arguments) in [("acme", [String]()), ("beta", ["."]), ("clean", ["."])] {
      let plain = try Binary.json(try Binary.run(["--format", "json"] + arguments, in: Self.root + "/fleet/" + name))
      let summary = plain["summary"] as! [String: Any]
      let merchant = merchants.first { $0["name"] as? String == name }!
      for key in ["errors", "warnings", "plugins", "stores"] {
        XCTAssertEqual(merchant[key] as? Int, summary[key] as? Int, "\(name) \(key)")
      }
      let plainPrints = Set((plain["findings"] as! [[String: Any]]).map { "\($0["rule"]!) \($0["line"]!):\($0["column"]!) \($0["message"]!)" })
      let auditPrints = Set((merchant["findings"] as! [[String: Any]]).map { "\($0["rule"]!) \($0["line"]!):\($0["column"]!) \($0["message"]!)" })
      XCTAssertEqual(plainPrints, auditPrints, name)
    }
    // Common URIs and store names across merchants: nothing compares one merchant with another.
    let findings = try Binary.json(run)["findings"] as! [[String: Any]]
    XCTAssertFalse(findings.contains { $0["rule"] as? String == "plugin-uri-unique" })
    XCTAssertTrue(findings.allSatisfy { finding in (finding["related"] as! [[String: Any]]).allSatisfy { related in
      (related["file"] as! String).split(separator: "/").prefix(2) == (finding["file"] as! String).split(separator: "/").prefix(2)
    } })
  }

  /// A week later: one merchant fixed, one broken, one removed, one added, one file deleted.
  func testComparisonSaysExactlyWhatChanged() throws {
    try FileManager.default.copyItem(atPath: Self.root + "/fleet", toPath: folder + "/fleet")
    let before = try Binary.run(["audit", "--format", "json", "--output", "last-week.json", "fleet"], in: folder)
    XCTAssertEqual(before.status, 2, before.error)
    let solo = folder + "/fleet/solo.yaml"
    try String(contentsOfFile: solo, encoding: .utf8).replacingOccurrences(of: "[US]", with: "[SE]").write(toFile: solo, atomically: true, encoding: .utf8)
    let clean = folder + "/fleet/clean/retail.yaml"
    try String(contentsOfFile: clean, encoding: .utf8).replacingOccurrences(of: "status: Active", with: "status: Inactive").write(toFile: clean, atomically: true, encoding: .utf8)
    try FileManager.default.removeItem(atPath: folder + "/fleet/beta")
    try write("fleet/delta/retail.yaml", "plugins:\n  - { type: Klarna Payments, name: D, nameInFrontend: D, status: Inactive, uri: d, secret: \"${S}\", eStoreId: K1, klarnaEndpoint: EU }\n")
    try FileManager.default.removeItem(atPath: folder + "/fleet/acme/exports/staging.yaml")
    let after = try Binary.run(["audit", "--format", "json", "--compare", "last-week.json", "fleet"], in: folder)
    XCTAssertEqual(after.status, 2, after.error)
    let json = try Binary.json(after)
    XCTAssertEqual(json["appeared"] as? [String], ["delta"])
    XCTAssertEqual(json["disappeared"] as? [String], ["beta"])
    var changes: [String: [String: Int]] = [:]
    for merchant in json["merchants"] as! [[String: Any]] {
      changes[merchant["name"] as! String] = Dictionary(uniqueKeysWithValues: ["new", "fixed", "gone", "remaining"].map { ($0, ($0 == "new" ? merchant["new"] : merchant[$0]).map { ($0 as! [Any]).count } ?? -1) })
    }
    XCTAssertEqual(changes["solo"], ["new": 0, "fixed": 1, "gone": 0, "remaining": 0])
    XCTAssertEqual(changes["clean"], ["new": 1, "fixed": 0, "gone": 0, "remaining": 0])
    XCTAssertEqual(changes["delta"], ["new": 1, "fixed": 0, "gone": 0, "remaining": 0])
    // The staging file is gone with its findings; what production had remains.
    XCTAssertEqual(changes["acme"], ["new": 0, "fixed": 0, "gone": 7, "remaining": 1])
    XCTAssertEqual(changes["broken"], ["new": 0, "fixed": 0, "gone": 0, "remaining": 0], "an error merchant lists nothing as fixed or gone")
    // The text report leads with the changes.
    let text = try Binary.run(["audit", "--compare", "last-week.json", "fleet"], in: folder)
    XCTAssertTrue(text.output.hasPrefix("centra-lint audit of 5 merchants: 2 pass, 2 fail, 1 not checked\n\nSince last-week.json: appeared: delta; disappeared: beta\n"), text.output)
    try golden("compare.txt", text.output)
    // The CSV says each row's change: its counts are the JSON's, and the merchant gone is a row.
    let csv = try Binary.run(["audit", "--format", "csv", "--compare", "last-week.json", "fleet"], in: folder).output
    let lines = csv.split(separator: "\r\n").map(String.init)
    XCTAssertEqual(lines.first, "merchant,change,file,line,column,severity,rule,message,store,environment,plugin,path,fingerprint")
    func rows(_ merchant: String, _ change: String) -> Int { lines.filter { $0.hasPrefix("\(merchant),\(change),") }.count }
    for (merchant, counts) in changes where merchant != "broken" {
      for (change, count) in counts { XCTAssertEqual(rows(merchant, change), count, "\(merchant) \(change): \(csv)") }
    }
    XCTAssertEqual(rows("broken", "not checked"), 1)
    XCTAssertEqual(rows("beta", "disappeared"), 1)
    XCTAssertEqual(lines.count, 1 + changes.values.map { $0.values.reduce(0, +) }.reduce(0, +) + 2, csv)
    // A config that changed is said beside the changes.
    try write("fleet/clean/.centra-lint.yaml", "rules:\n  plugin-status-active: warning\n")
    let configured = try Binary.json(try Binary.run(["audit", "--format", "json", "--compare", "last-week.json", "fleet"], in: folder))
    let cleanNow = (configured["merchants"] as! [[String: Any]]).first { $0["name"] as? String == "clean" }!
    XCTAssertEqual(cleanNow["configChanged"] as? Bool, true)
    let configuredCSV = try Binary.run(["audit", "--format", "csv", "--compare", "last-week.json", "fleet"], in: folder).output
    XCTAssertEqual(configuredCSV.split(separator: "\r\n").filter { $0.hasPrefix("clean,config changed,") }.count, 1, configuredCSV)
    XCTAssertEqual(configuredCSV.split(separator: "\r\n").filter { $0.contains(",config changed,") }.count, 1, configuredCSV)
    XCTAssertEqual((configured["merchants"] as! [[String: Any]]).first { $0["name"] as? String == "solo" }!["configChanged"] as? Bool, false)
    // Not an audit report: a clear error, exit 2.
    try write("plain.json", "{\"findings\": []}")
    let wrong = try Binary.run(["audit", "--compare", "plain.json", "fleet"], in: folder)
    XCTAssertEqual(wrong.status, 2)
    XCTAssertTrue(wrong.error.contains("not an audit report"), wrong.error)
    // The report is input: a key pasted into it is hidden in every format; a report no audit
    // writes (a merchant twice, findings that are not a list or lack a fingerprint) is refused.
    var report = try String(contentsOfFile: folder + "/last-week.json", encoding: .utf8)
    let key = "klarna_live_" + String(repeating: "Q2Fu", count: 8)
    report = report.replacingOccurrences(of: "\"message\": \"country 'US'", with: "\"message\": \"\(key) https://u:pw123456@h/x country 'US'")
    XCTAssertTrue(report.contains(key))
    try write("leak.json", report)
    for format in ["text", "json", "markdown", "csv", "html"] {
      let leak = try Binary.run(["audit", "--format", format, "--compare", "leak.json", "fleet"], in: folder)
      XCTAssertEqual(leak.status, 2, leak.error)
      XCTAssertFalse(leak.output.contains(key) || leak.output.contains("pw123456"), "\(format): \(leak.output)")
    }
    let twice = report.replacingOccurrences(of: "\"name\": \"clean\"", with: "\"name\": \"solo\"")
    for (name, text, message) in [
      ("twice.json", twice, "has merchant 'solo' twice"),
      ("list.json", report.replacingOccurrences(of: "\"findings\": []", with: "\"findings\": \"oops\""), "that are not a list"),
      ("print.json", report.replacingOccurrences(of: "\"fingerprint\":", with: "\"fingerprint-\":"), "lacks its rule, severity, message, place or fingerprint"),
    ] {
      try write(name, text)
      let refused = try Binary.run(["audit", "--compare", name, "fleet"], in: folder)
      XCTAssertEqual(refused.status, 2, name)
      XCTAssertTrue(refused.error.contains(message), "\(name): \(refused.error)")
    }
    // Writing over the report compared would lose it.
    let over = try Binary.run(["audit", "--format", "json", "--compare", "last-week.json", "--output", "last-week.json", "fleet"], in: folder)
    XCTAssertEqual(over.status, 2)
    XCTAssertTrue(over.error.contains("the report --compare reads"), over.error)
    // Past what any audit report reaches (a sparse file: nothing written): refused, not parsed.
    let huge = folder + "/huge.json"
    XCTAssertTrue(FileManager.default.createFile(atPath: huge, contents: Data("{".utf8)))
    let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: huge))
    try handle.truncate(atOffset: UInt64(AuditComparison.largest) + 1)
    try handle.close()
    let tooLarge = try Binary.run(["audit", "--compare", "huge.json", "fleet"], in: folder)
    XCTAssertEqual(tooLarge.status, 2)
    XCTAssertTrue(tooLarge.error.contains("larger than 512 MiB"), tooLarge.error)
    try FileManager.default.removeItem(atPath: huge)
  }

  /// A finding found against another file (staging's drift from production) is fixed only when
  /// that file still holds what it did: deleting production, breaking it, renaming its store or
  /// environment fixes nothing in staging (it is gone); setting staging as production is fixed.
  func testAFindingFoundAgainstAFileIsFixedOnlyWhereThatFileStands() throws {
    let production = "fleet/acme/exports/production.yaml", staging = "fleet/acme/exports/staging.yaml"
    let edits: [(String, (String) -> String?, (fixed: Bool, gone: Bool))] = [
      ("production deleted", { $0 == production ? nil : nil }, (false, true)),
      ("production broken", { $0 == production ? "x: [\n" : nil }, (false, true)),
      ("production's store renamed", { $0 == production ? "store: Retail EU2\n" : nil }, (false, true)),
      ("production's environment renamed", { $0 == production ? "environment: old\n" : nil }, (false, true)),
      ("staging set as production", { $0 == staging ? "directCapture: Yes\n" : nil }, (true, false)),
    ]
    for (name, edit, expected) in edits {
      try? FileManager.default.removeItem(atPath: folder + "/fleet")
      try FileManager.default.copyItem(atPath: Self.root + "/fleet", toPath: folder + "/fleet")
      _ = try Binary.run(["audit", "--format", "json", "--output", "before.json", "fleet"], in: folder)
      for file in [production, staging] {
        let path = folder + "/" + file
        guard let change = edit(file) else { continue }
        var text = try String(contentsOfFile: path, encoding: .utf8)
        if change.hasPrefix("x: [") {
          text += change
        } else {
          let key = String(change.prefix { $0 != ":" }) + ":"
          let line = text.split(separator: "\n").first { $0.trimmingCharacters(in: .whitespaces).hasPrefix(key) }!
          text = text.replacingOccurrences(of: String(line), with: String(line.prefix { $0 == " " }) + change.dropLast())
        }
        try text.write(toFile: path, atomically: true, encoding: .utf8)
      }
      if name == "production deleted" { try FileManager.default.removeItem(atPath: folder + "/" + production) }
      let json = try Binary.json(try Binary.run(["audit", "--format", "json", "--compare", "before.json", "fleet"], in: folder))
      let acme = (json["merchants"] as! [[String: Any]]).first { $0["name"] as? String == "acme" }!
      let rules = { (change: String) in ((acme[change] as? [[String: Any]]) ?? []).map { $0["rule"] as! String } }
      XCTAssertEqual(rules("fixed").contains("environments-agree"), expected.fixed, "\(name): fixed \(rules("fixed"))")
      XCTAssertEqual(rules("gone").contains("environments-agree"), expected.gone, "\(name): gone \(rules("gone"))")
    }
  }

  /// A second FOLDER with a merchant of the same name names both by their folders: the one
  /// audited before is still the same merchant, nothing appeared or disappeared but the new one.
  func testASecondFolderWithTheSameNameKeepsTheComparison() throws {
    try FileManager.default.copyItem(atPath: Self.root + "/fleet", toPath: folder + "/fleet")
    _ = try Binary.run(["audit", "--format", "json", "--output", "before.json", "fleet"], in: folder)
    try write("more/acme/retail.yaml", "plugins:\n  - { type: Klarna Payments, name: K, status: Inactive, uri: k }\n")
    let json = try Binary.json(try Binary.run(["audit", "--format", "json", "--compare", "before.json", "fleet", "more"], in: folder))
    XCTAssertEqual(json["appeared"] as? [String], ["more/acme"])
    XCTAssertEqual(json["disappeared"] as? [String], [])
    let acme = (json["merchants"] as! [[String: Any]]).first { $0["name"] as? String == "fleet/acme" }!
    XCTAssertEqual((acme["remaining"] as? [Any])?.count, 8, "\(acme)")
    XCTAssertEqual((acme["new"] as? [Any])?.count, 0)
  }

  /// Merchant names of wide characters (CJK, fullwidth, emoji) and combining accents: the
  /// table's columns stay in line and within 100 terminal columns.
  func testTheMerchantTableIsCutByTerminalColumns() throws {
    let names = ["日本語の販売店舗名前テスト長い名前です", "ｆｕｌｌｗｉｄｔｈ", String(repeating: "🛒", count: 29), "cafe\u{301}-decomposed", "plain"]
    for name in names { try write("w/\(name)/retail.yaml", "plugins:\n  - { type: Klarna Payments, name: K, status: Inactive, uri: k }\n") }
    let run = try Binary.run(["audit", "--no-color", "w"], in: folder)
    /// Columns as a terminal lays them out, counted here apart from the tool's own count.
    func columns(_ line: Substring) -> Int {
      line.unicodeScalars.reduce(0) { total, scalar in
        switch scalar.value {
        case 0x301: return total
        case 0x3040...0x9FFF, 0xFF01...0xFF60, 0x1F300...0x1FAFF: return total + 2
        default: return total + 1
        }
      }
    }
    let rows = run.output.split(separator: "\n").filter { line in names.contains { line.hasPrefix($0.prefix(2)) } || line.hasPrefix("merchant") }
    XCTAssertEqual(rows.count, names.count + 1, run.output)
    for row in rows { XCTAssertLessThanOrEqual(columns(row), 100, String(row)) }
    // The stores column (the second word: no name here has a space) ends at the same terminal
    // column in every row.
    let ends = rows.map { row -> Int in
      var words = 0, inWord = false
      for index in row.indices {
        let space = row[index] == " "
        if !space && !inWord { words += 1 }
        inWord = !space
        let next = row.index(after: index)
        if words == 2, inWord, next == row.endIndex || row[next] == " " { return columns(row[...index]) }
      }
      return -1
    }
    XCTAssertEqual(Set(ends).count, 1, "\(ends)\n\(run.output)")
  }

  /// The HTML: balanced markup, input escaped, nothing loaded from anywhere, every failing
  /// merchant named, each fired rule's help, filters that work without the script.
  func testTheHTMLIsSelfContainedAndEscaped() throws {
    try FileManager.default.copyItem(atPath: Self.root + "/fleet", toPath: folder + "/fleet")
    try write("fleet/<img src=x onerror=alert(1)>/retail.yaml", "plugins:\n  - { type: Klarna Payments, name: \"</script><b>\", status: Inactive, uri: u }\n")
    let run = try Binary.run(["audit", "--format", "html", "fleet"], in: folder)
    let html = run.output
    XCTAssertFalse(html.contains("<img"), "a merchant's name is text")
    XCTAssertFalse(html.contains("</script><b>"))
    XCTAssertTrue(html.contains("&lt;img src=x onerror=alert(1)&gt;"))
    let page = html.replacingOccurrences(of: "&lt;img src=x onerror=alert(1)&gt;", with: "")
    for external in ["http://", "https://", "src=", "@import", "url(", "<link"] {
      XCTAssertFalse(page.contains(external), "no external reference: \(external)")
    }
    for name in ["acme", "solo", "broken"] { XCTAssertTrue(html.contains(">\(name) <span"), name) }
    XCTAssertTrue(html.contains("<table id=\"merchant-table\">") && html.contains("<th scope=\"col\">") && html.contains("<caption>"))
    XCTAssertTrue(html.contains("<svg role=\"img\""))
    XCTAssertTrue(html.contains("id=\"verdict-fail\"") && html.contains("id=\"sev-error\"") && html.contains("id=\"rule-0\""))
    XCTAssertTrue(html.contains("<b>Why:</b>") && html.contains("<b>Fix:</b>"))
    XCTAssertNil(Self.unbalanced(html), Self.unbalanced(html) ?? "")
  }

  /// The first place where the page's tags do not nest, or nil (void elements need no end).
  static func unbalanced(_ html: String) -> String? {
    let void: Set<String> = ["meta", "input", "br", "img", "link", "hr"]
    var open: [String] = []
    var rest = Substring(html)
    // The script and style bodies are not markup.
    while let start = rest.firstIndex(of: "<") {
      rest = rest[rest.index(after: start)...]
      if rest.hasPrefix("!") {
        rest = rest[(rest.firstIndex(of: ">") ?? rest.endIndex)...]
        continue
      }
      let closing = rest.hasPrefix("/")
      let name = String(rest.dropFirst(closing ? 1 : 0).prefix { $0.isLetter || $0.isNumber }).lowercased()
      guard !name.isEmpty else { return "a '<' that starts no tag: \(rest.prefix(40))" }
      rest = rest[(rest.firstIndex(of: ">") ?? rest.endIndex)...]
      if closing {
        guard open.popLast() == name else { return "</\(name)> closes \(open.last ?? "nothing")" }
      } else if !void.contains(name) {
        open.append(name)
        if name == "script" || name == "style", let end = rest.range(of: "</\(name)>") {
          rest = rest[end.lowerBound...]
        }
      }
    }
    return open.isEmpty ? nil : "unclosed: \(open)"
  }

  func testUsageAndFoldersThatAreNotMerchants() throws {
    let file = try Binary.run(["audit", "fleet/solo.yaml"], in: Self.root)
    XCTAssertEqual(file.status, 2)
    XCTAssertTrue(file.error.contains("audit takes folders of merchants"), file.error)
    let sarif = try Binary.run(["audit", "--format", "sarif", "fleet"], in: Self.root)
    XCTAssertEqual(sarif.status, 2)
    XCTAssertTrue(sarif.error.contains("an audit reports as text, json, markdown, html, csv"), sarif.error)
    let compare = try Binary.run(["--compare", "x.json", "fleet"], in: Self.root)
    XCTAssertTrue(compare.error.contains("--compare applies to 'centra-lint audit'"), compare.error)
    try write("empty/.keep", "")
    let empty = try Binary.run(["audit", "empty"], in: folder)
    XCTAssertEqual(empty.status, 2)
    XCTAssertTrue(empty.error.contains("no merchant found"), empty.error)
    // A merchant folder with no export is not checked, never a pass.
    try write("fleet2/nothing/readme.txt", "")
    try write("fleet2/shop/retail.yaml", "plugins: [{ type: Adyen, uri: a }]\n")
    let nothing = try Binary.run(["audit", "--format", "json", "fleet2"], in: folder)
    XCTAssertEqual(nothing.status, 2)
    let merchants = try Binary.json(nothing)["merchants"] as! [[String: Any]]
    XCTAssertEqual(merchants.map { "\($0["name"]!) \($0["verdict"]!)" }, ["nothing error", "shop pass"])
  }

  /// Found by a red team: each file belongs to one merchant, every merchant is listed, names
  /// never show a secret, and a merchant not checked now says its earlier findings are unknown.
  func testEachFileBelongsToOneMerchantAndEveryMerchantIsListed() throws {
    try FileManager.default.copyItem(atPath: Self.root + "/fleet", toPath: folder + "/fleet")
    XCTAssertEqual(try Binary.run(["audit", "--format", "json", "--output", "before.json", "fleet"], in: folder).status, 2)
    try FileManager.default.createSymbolicLink(atPath: folder + "/fleet/clean/up", withDestinationPath: "..")
    try FileManager.default.createSymbolicLink(atPath: folder + "/fleet/gone", withDestinationPath: "nowhere")
    try FileManager.default.createSymbolicLink(atPath: folder + "/fleet/also-beta.yaml", withDestinationPath: "beta/retail.yaml")
    try write("fleet/" + "klarna_live_" + Self.canary + "/retail.yaml", "plugins: [{ type: Adyen, uri: a }]\n")
    try write("fleet/acme/.centra-lint.yaml", "midRegistry: mids.yaml\nmidRegistry: mids.yaml\n")
    let run = try Binary.run(["audit", "--format", "json", "--compare", "before.json", "fleet", "./fleet", folder + "/fleet"], in: folder)
    XCTAssertEqual(run.status, 2)
    XCTAssertFalse(run.output.contains(Self.canary) || run.error.contains(Self.canary), "a secret-shaped folder name is hidden")
    XCTAssertTrue(run.error.contains("is a FOLDER already given: audited once"), run.error)
    XCTAssertTrue(run.error.contains("skipped 'fleet/clean/up': a link to a folder"), run.error)
    let merchants = try Binary.json(run)["merchants"] as! [[String: Any]]
    let verdicts = Dictionary(uniqueKeysWithValues: merchants.map { ($0["name"] as! String, $0["verdict"] as! String) })
    XCTAssertEqual(verdicts["gone"], "error", "a link to nothing is a merchant not checked")
    XCTAssertEqual(verdicts["clean"], "pass", "the link out of its folder is not walked")
    XCTAssertEqual(verdicts.count, 8, "\(verdicts)")
    XCTAssertEqual(verdicts.values.filter { $0 == "error" }.count, 4, "acme, broken, gone and the second owner of beta's file: \(verdicts)")
    let acme = merchants.first { $0["name"] as? String == "acme" }!
    XCTAssertEqual(acme["earlierFindingsNotCompared"] as? Int, 8)
    let csv = try Binary.run(["audit", "--format", "csv", "fleet"], in: folder)
    XCTAssertTrue(csv.output.contains("broken,fleet/broken,1,1,error,,not checked: "), csv.output)
  }

  /// Progress goes to a terminal only: in a pipe (as here) standard error has none of it.
  func testNoProgressLineInAPipe() throws {
    let run = try Binary.run(["audit", "fleet"], in: Self.root)
    XCTAssertFalse(run.error.contains("\r"), run.error)
    XCTAssertFalse(run.error.contains("files checked"), run.error)
  }
}

/// The progress line (SPEC §8): one line kept up to date once the audit has run a second,
/// wiped at the end; only on a terminal that is not a CI log.
final class AuditProgressTests: XCTestCase {
  func testOneLineKeptUpToDateAfterASecond() {
    let lines = Lines()
    let late = AuditProgress(filesOf: [2, 1], merchants: 3, start: .now - .seconds(2)) { lines.add($0) }
    late.fileDone(0)
    late.fileDone(1)
    late.finish()
    XCTAssertEqual(lines.all.first, "\r\u{1B}[Kcentra-lint audit: 1 of 3 merchants, 1 of 3 files checked", "the merchant not checked is done from the start")
    XCTAssertEqual(lines.all.last, "\r\u{1B}[K")
    XCTAssertEqual(lines.all.count, 2, "at most ten lines a second")
    let quick = Lines()
    let early = AuditProgress(filesOf: [1], merchants: 1) { quick.add($0) }
    early.fileDone(0)
    early.finish()
    XCTAssertEqual(quick.all, [], "an audit shorter than a second shows nothing")
  }

  func testOnlyOnATerminalThatIsNoCILog() {
    func tool(_ environment: [String: String], terminal: Bool) -> CommandLineTool {
      var tool = CommandLineTool(
        environment: environment, standardOutputIsTerminal: false, executablePath: nil, readStandardInput: { _ in [] },
        writeOutput: { _ in }, writeError: { _ in })
      tool.standardErrorIsTerminal = terminal
      return tool
    }
    XCTAssertTrue(tool([:], terminal: true).progressOnTerminal)
    XCTAssertFalse(tool([:], terminal: false).progressOnTerminal)
    XCTAssertFalse(tool(["CI": "true"], terminal: true).progressOnTerminal)
    XCTAssertFalse(tool(["TERM": "dumb"], terminal: true).progressOnTerminal)
  }

  private final class Lines: @unchecked Sendable {
    private(set) var all: [String] = []
    func add(_ line: String) { all.append(line) }
  }
}
