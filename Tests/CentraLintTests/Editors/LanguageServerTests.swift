import Foundation
import XCTest
@testable import CentraLint

/// `centra-lint lsp` (SPEC §9), spoken to as an editor speaks to it: the binary started, the
/// protocol on its standard input and output.
final class LanguageServerTests: XCTestCase {
  /// A client of the server: messages framed as the protocol frames them, read on a thread of
  /// their own so that a test waits with a timeout, never forever.
  final class Client: @unchecked Sendable {
    let process = Process()
    let input = Pipe(), output = Pipe()
    private var buffer = Data()
    private var messages: [[String: Any]] = []
    private let lock = NSCondition()
    private var ended = false
    private var nextID = 0

    init(folder: String) throws {
      process.executableURL = URL(fileURLWithPath: Binary.path)
      process.arguments = ["lsp"]
      process.currentDirectoryURL = URL(fileURLWithPath: folder)
      process.environment = ["CENTRA_LINT_RULES": Support.packageRoot + "/rules", "SOURCE_DATE_EPOCH": "1800000000"]
      process.standardInput = input
      process.standardOutput = output
      process.standardError = FileHandle.nullDevice
      try process.run()
      let thread = Thread { [self] in
        while true {
          let data = output.fileHandleForReading.availableData
          lock.lock()
          if data.isEmpty {
            ended = true
            lock.broadcast()
            lock.unlock()
            return
          }
          buffer.append(data)
          while let message = takeMessage() { messages.append(message) }
          lock.broadcast()
          lock.unlock()
        }
      }
      thread.start()
    }

    private func takeMessage() -> [String: Any]? {
      guard let end = buffer.range(of: Data("\r\n\r\n".utf8)) else { return nil }
      let header = String(decoding: buffer[buffer.startIndex..<end.lowerBound], as: UTF8.self)
      guard let line = header.split(separator: "\r\n").first(where: { $0.lowercased().hasPrefix("content-length:") }),
            let length = Int(line.split(separator: ":")[1].trimmingCharacters(in: .whitespaces)) else { return nil }
      guard buffer.count - (end.upperBound - buffer.startIndex) >= length else { return nil }
      let body = buffer[end.upperBound..<end.upperBound + length]
      buffer = Data(buffer[(end.upperBound + length)...])
      return (try? JSONSerialization.jsonObject(with: body)) as? [String: Any] ?? ["unreadable": String(decoding: body, as: UTF8.self)]
    }

    func sendRaw(_ bytes: Data) { input.fileHandleForWriting.write(bytes) }

    func send(_ message: [String: Any]) {
      var message = message
      message["jsonrpc"] = "2.0"
      let body = try! JSONSerialization.data(withJSONObject: message)
      sendRaw(Data("Content-Length: \(body.count)\r\n\r\n".utf8) + body)
    }

    func notify(_ method: String, _ params: [String: Any]) { send(["method": method, "params": params]) }

    /// Sends a request and waits for its response.
    func request(_ method: String, _ params: [String: Any] = [:]) throws -> [String: Any] {
      nextID += 1
      let id = nextID
      send(["id": id, "method": method, "params": params])
      return try wait { ($0["id"] as? Int) == id && $0["method"] == nil }
    }

    /// The next message (from the oldest) that `matches`, taken from the queue.
    func wait(timeout: TimeInterval = 60, _ matches: ([String: Any]) -> Bool) throws -> [String: Any] {
      let deadline = Date().addingTimeInterval(timeout)
      lock.lock()
      defer { lock.unlock() }
      while true {
        if let index = messages.firstIndex(where: matches) { return messages.remove(at: index) }
        if ended { throw NSError(domain: "the server ended", code: 1) }
        if !lock.wait(until: deadline) { throw NSError(domain: "no such message within \(timeout) s; had \(messages)", code: 2) }
      }
    }

    /// The next diagnostics published for `uri`.
    func diagnostics(_ uri: String) throws -> [[String: Any]] {
      let message = try wait { $0["method"] as? String == "textDocument/publishDiagnostics" && ($0["params"] as? [String: Any])?["uri"] as? String == uri }
      return (message["params"] as! [String: Any])["diagnostics"] as! [[String: Any]]
    }

    func initialize(encodings: [String]?) throws -> String? {
      var general: [String: Any] = [:]
      if let encodings { general["positionEncodings"] = encodings }
      let response = try request("initialize", ["capabilities": ["general": general], "processId": NSNull(), "rootUri": NSNull()])
      notify("initialized", [:])
      return ((response["result"] as? [String: Any])?["capabilities"] as? [String: Any])?["positionEncoding"] as? String
    }

    func open(_ uri: String, _ text: String, version: Int = 1) {
      notify("textDocument/didOpen", ["textDocument": ["uri": uri, "languageId": "yaml", "version": version, "text": text]])
    }

    func change(_ uri: String, _ text: String, version: Int) {
      notify("textDocument/didChange", ["textDocument": ["uri": uri, "version": version], "contentChanges": [["text": text]]])
    }

    /// Shuts the server down; its exit status.
    func shutdown() throws -> Int32 {
      _ = try request("shutdown")
      notify("exit", [:])
      try? input.fileHandleForWriting.close()
      process.waitUntilExit()
      return process.terminationStatus
    }
  }

  private var folder = ""

  override func setUpWithError() throws {
    folder = FileManager.default.temporaryDirectory.appendingPathComponent("lsp-\(UUID().uuidString)").path
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
  }

  override func tearDownWithError() throws { try? FileManager.default.removeItem(atPath: folder) }

  private func uri(_ name: String) -> String { URL(fileURLWithPath: folder + "/" + name).absoluteString }

  private static func plugin(_ uri: String, _ extra: String = "") -> String {
    """
      - type: Klarna Payments
        status: Active
        name: Klarna \(uri)
        nameInFrontend: Klarna
        uri: \(uri)
        secret: ${KLARNA}
        eStoreId: K500185_x
        klarnaEndpoint: EU
        restrictions: { markets: [market-\(uri)] }
    \(extra)
    """
  }

  /// Applies a `WorkspaceEdit`'s edits of one document to its text, in `encoding`.
  private static func apply(_ edit: [String: Any], to text: String, uri: String, encoding: String) throws -> String {
    let edits = try XCTUnwrap((edit["changes"] as? [String: Any])?[uri] as? [[String: Any]])
    var lines = text.components(separatedBy: "\n")
    func index(_ position: [String: Any]) -> (Int, String.Index) {
      let line = position["line"] as! Int, character = position["character"] as! Int
      let content = lines[line]
      var units = 0
      var at = content.startIndex
      while at < content.endIndex, units < character {
        let scalar = content.unicodeScalars[at]
        units += encoding == "utf-8" ? String(scalar).utf8.count : encoding == "utf-16" ? String(scalar).utf16.count : 1
        at = content.unicodeScalars.index(after: at)
      }
      return (line, at)
    }
    // From the last to the first, so that earlier positions stay where they are.
    let sorted = edits.sorted {
      let a = ($0["range"] as! [String: Any])["start"] as! [String: Int], b = ($1["range"] as! [String: Any])["start"] as! [String: Int]
      return (a["line"]!, a["character"]!) > (b["line"]!, b["character"]!)
    }
    for edit in sorted {
      let range = edit["range"] as! [String: Any]
      let (startLine, start) = index(range["start"] as! [String: Any]), (endLine, end) = index(range["end"] as! [String: Any])
      let joined = String(lines[startLine][..<start]) + (edit["newText"] as! String) + String(lines[endLine][end...])
      lines.replaceSubrange(startLine...endLine, with: joined.components(separatedBy: "\n"))
    }
    return lines.joined(separator: "\n")
  }

  /// Positions on lines with characters outside the Basic Multilingual Plane, in each
  /// encoding the client may offer, and on a CRLF document: the same places as the command
  /// line's findings, 0-based, counted in the encoding negotiated.
  func testDiagnosticsAreTheCommandLinesAtPositionsInTheNegotiatedEncoding() throws {
    let text = "# 🎉 export with emoji\r\nplugins:\r\n  - { name: \"🇸🇪 Klarna 🎉\", type: Klarna Payments, status: Enabled, uri: \"k🎉\", nameInFrontend: \"é\", secret: \"${S}\", eStoreId: K500185_x, klarnaEndpoint: EUX }\r\n"
    try text.write(toFile: folder + "/emoji.yaml", atomically: true, encoding: .utf8)
    let cli = try Binary.run(["--no-config", "--format", "json", "emoji.yaml"], in: folder)
    let expected = try XCTUnwrap(try Binary.json(cli)["findings"] as? [[String: Any]]).map { finding in
      "\(finding["rule"]!) \(finding["line"]!):\(finding["column"]!)"
    }
    XCTAssertEqual(expected, ["invalid-value 3:59", "invalid-value 3:153"])
    let line = text.components(separatedBy: "\r\n")[2]
    for (offered, negotiated) in [(["utf-8"], "utf-8"), (["utf-32", "utf-8"], "utf-32"), (["utf-7", "utf-16"], "utf-16"), (nil, "utf-16"), ([], "utf-16")] {
      let client = try Client(folder: folder)
      XCTAssertEqual(try client.initialize(encodings: offered), negotiated)
      client.open(uri("emoji.yaml"), text)
      let diagnostics = try client.diagnostics(uri("emoji.yaml"))
      // Back from the encoding's units to the scalars the command line counts.
      let found = diagnostics.map { diagnostic -> String in
        let start = (diagnostic["range"] as! [String: Any])["start"] as! [String: Int]
        var units = 0, column = 1
        let content = start["line"]! == 2 ? line : text.components(separatedBy: "\r\n")[start["line"]!]
        for scalar in content.unicodeScalars where units < start["character"]! {
          units += negotiated == "utf-8" ? String(scalar).utf8.count : negotiated == "utf-16" ? String(scalar).utf16.count : 1
          column += 1
        }
        XCTAssertEqual(diagnostic["source"] as? String, "centra-lint")
        return "\(diagnostic["code"]!) \(start["line"]! + 1):\(column)"
      }
      XCTAssertEqual(found.sorted(), expected.sorted(), negotiated)
      // The endpoint's range covers its value, `EUX`, and nothing more.
      let endpoint = try XCTUnwrap(diagnostics.first { ($0["message"] as? String)?.contains("klarnaEndpoint") == true })
      let range = endpoint["range"] as! [String: [String: Int]]
      let prefix = String(line[..<line.range(of: "EUX")!.lowerBound])
      let width = negotiated == "utf-8" ? prefix.utf8.count : negotiated == "utf-16" ? prefix.utf16.count : prefix.unicodeScalars.count
      XCTAssertEqual(range["start"]?["character"], width, negotiated)
      XCTAssertEqual(range["end"]?["character"], width + 3, negotiated)
      XCTAssertEqual(try client.shutdown(), 0)
    }
  }

  /// A fixing change clears the diagnostics; the quick fix renames a misspelt key and the
  /// re-published diagnostics are clean; a suppression action silences its finding; a hover
  /// shows the rule's fix; no secret in any message, hover or edit; close clears.
  func testFixesSuppressionsHoverAndSecrets() throws {
    let secret = "klarna_live_" + String(repeating: "q7", count: 12)
    let text = "plugins:\n" + Self.plugin("k1", "    testmode: Yes\n    status2: \(secret)\n")
    let client = try Client(folder: folder)
    XCTAssertEqual(try client.initialize(encodings: ["utf-16"]), "utf-16")
    let document = uri("fix.yaml")
    client.open(document, text)
    var diagnostics = try client.diagnostics(document)
    let unknown = try XCTUnwrap(diagnostics.first { $0["code"] as? String == "unknown-field" && ($0["message"] as? String)?.contains("testMode") == true })
    let all = String(decoding: try JSONSerialization.data(withJSONObject: diagnostics), as: UTF8.self)
    XCTAssertFalse(all.contains(secret), all)

    // The quick fix, applied as the client applies it, and the text sent back.
    let range = unknown["range"] as! [String: Any]
    let actions = try XCTUnwrap(try client.request("textDocument/codeAction", [
      "textDocument": ["uri": document], "range": range, "context": ["diagnostics": [unknown]],
    ])["result"] as? [[String: Any]])
    let rename = try XCTUnwrap(actions.first { $0["isPreferred"] as? Bool == true })
    XCTAssertEqual(rename["kind"] as? String, "quickfix")
    let fixed = try Self.apply(rename["edit"] as! [String: Any], to: text, uri: document, encoding: "utf-16")
    XCTAssertTrue(fixed.contains("    testMode: Yes\n"), fixed)
    let everything = String(decoding: try JSONSerialization.data(withJSONObject: actions), as: UTF8.self)
    XCTAssertFalse(everything.contains(secret), everything)
    client.change(document, fixed, version: 2)
    diagnostics = try client.diagnostics(document)
    XCTAssertFalse(diagnostics.contains { ($0["message"] as? String)?.contains("testmode") == true }, "\(diagnostics)")

    // The other unknown key: suppressed on its line, then nothing of that rule is left and no
    // comment is unused or invalid.
    let other = try XCTUnwrap(diagnostics.first { $0["code"] as? String == "unknown-field" })
    let suppressions = try XCTUnwrap(try client.request("textDocument/codeAction", [
      "textDocument": ["uri": document], "range": other["range"]!, "context": ["diagnostics": [other], "only": ["quickfix"]],
    ])["result"] as? [[String: Any]])
    let onLine = try XCTUnwrap(suppressions.first { ($0["title"] as? String) == "Suppress unknown-field on this line" })
    let suppressed = try Self.apply(onLine["edit"] as! [String: Any], to: fixed, uri: document, encoding: "utf-16")
    XCTAssertTrue(suppressed.contains("# centra-lint: ignore unknown-field -- reason"), suppressed)
    XCTAssertNotNil(suppressions.first { ($0["title"] as? String) == "Suppress unknown-field in this plugin" })
    client.change(document, suppressed, version: 3)
    diagnostics = try client.diagnostics(document)
    let codes = diagnostics.compactMap { $0["code"] as? String }
    XCTAssertFalse(codes.contains("unknown-field") || codes.contains("unused-suppression") || codes.contains("invalid-suppression"), "\(codes)")

    // A hover on the secret's finding: its rule's fix, and no secret.
    let literal = try XCTUnwrap(diagnostics.first { $0["code"] as? String == "secret-is-reference" })
    let hover = try client.request("textDocument/hover", ["textDocument": ["uri": document], "position": (literal["range"] as! [String: Any])["start"]!])
    let shown = try XCTUnwrap(((hover["result"] as? [String: Any])?["contents"] as? [String: Any])?["value"] as? String)
    XCTAssertTrue(shown.contains("**Fix:**") && shown.contains("secret store"), shown)
    XCTAssertFalse(shown.contains(secret), shown)

    // A change that fixes everything clears the diagnostics; closing publishes none.
    client.change(document, "plugins:\n" + Self.plugin("k1"), version: 4)
    XCTAssertEqual(try client.diagnostics(document).count, 0)
    client.notify("textDocument/didClose", ["textDocument": ["uri": document]])
    XCTAssertEqual(try client.diagnostics(document).count, 0)
    XCTAssertEqual(try client.shutdown(), 0)
  }

  /// Two open buffers of one merchant (a config above them whose `exports` name both) that
  /// share a URI: each is checked with the other's buffer, not its file (matched also when the
  /// config's folder makes the path `exports/../exports/a.yaml`); a change in one re-publishes
  /// the other, and two unsaved changes clash in both.
  func testACrossFileClashBetweenTwoOpenBuffers() throws {
    try FileManager.default.createDirectory(atPath: folder + "/exports", withIntermediateDirectories: true)
    try "exports: ['exports/*.yaml']\n".write(toFile: folder + "/.centra-lint.yaml", atomically: true, encoding: .utf8)
    try ("plugins:\n" + Self.plugin("on-disk-a")).write(toFile: folder + "/exports/a.yaml", atomically: true, encoding: .utf8)
    try ("plugins:\n" + Self.plugin("on-disk-b")).write(toFile: folder + "/exports/b.yaml", atomically: true, encoding: .utf8)
    let (a, b) = (uri("exports/a.yaml"), uri("exports/b.yaml"))
    let client = try Client(folder: "/")
    _ = try client.initialize(encodings: nil)
    client.open(a, "plugins:\n" + Self.plugin("on-disk-a"))
    XCTAssertEqual(try client.diagnostics(a).count, 0)
    client.open(b, "plugins:\n" + Self.plugin("on-disk-b"))
    XCTAssertEqual(try client.diagnostics(b).count, 0)
    // Both changed, neither saved.
    client.change(a, "plugins:\n" + Self.plugin("shared"), version: 2)
    XCTAssertEqual(try client.diagnostics(a).count, 0, "b's buffer has no clash yet")
    client.change(b, "plugins:\n" + Self.plugin("shared"), version: 2)
    let clash = try client.diagnostics(b)
    XCTAssertEqual(clash.compactMap { $0["code"] as? String }.sorted(), ["klarna-plugins-overlap", "plugin-uri-unique"])
    let related = try XCTUnwrap((clash.first { $0["code"] as? String == "plugin-uri-unique" }?["relatedInformation"] as? [[String: Any]])?.first?["location"] as? [String: Any])
    XCTAssertEqual(related["uri"] as? String, a, "the other file's URI, with no '..' in it")
    XCTAssertEqual(try client.diagnostics(a).compactMap { $0["code"] as? String }.sorted(), ["klarna-plugins-overlap", "plugin-uri-unique"], "a is re-published")
    // The config saved from the editor: both are checked with it.
    let config = "exports: ['exports/*.yaml']\nrules: { plugin-uri-unique: off }\n"
    try config.write(toFile: folder + "/.centra-lint.yaml", atomically: true, encoding: .utf8)
    client.open(uri(".centra-lint.yaml"), config)
    XCTAssertEqual(try client.diagnostics(uri(".centra-lint.yaml")).count, 0, "a config is no export")
    client.notify("textDocument/didSave", ["textDocument": ["uri": uri(".centra-lint.yaml")]])
    XCTAssertEqual(try client.diagnostics(a).compactMap { $0["code"] as? String }, ["klarna-plugins-overlap"])
    XCTAssertEqual(try client.diagnostics(b).compactMap { $0["code"] as? String }, ["klarna-plugins-overlap"])
    client.change(b, "plugins:\n" + Self.plugin("other"), version: 3)
    XCTAssertEqual(try client.diagnostics(b).count, 0)
    XCTAssertEqual(try client.diagnostics(a).count, 0, "a is re-published clean")
    XCTAssertEqual(try client.shutdown(), 0)
  }

  /// What an editor opens besides exports, and how findings are underlined and offered.
  func testOtherYAMLRangesAndOneActionOfAKind() throws {
    let client = try Client(folder: folder)
    _ = try client.initialize(encodings: nil)
    // No config governs these: a file without `plugins` is no export, one with it is checked.
    client.open(uri("compose.yaml"), "services:\n  web: { image: nginx }\n")
    XCTAssertEqual(try client.diagnostics(uri("compose.yaml")).count, 0)
    let text = "plugins:\n  - type: Klarna Payments\n    status: Active\n    uri: k   # five fields missing\n    testMode: Sometimes   # not Yes or No\n"
    client.open(uri("export.yaml"), text)
    let diagnostics = try client.diagnostics(uri("export.yaml"))
    let missing = diagnostics.filter { $0["code"] as? String == "missing-field" }
    XCTAssertEqual(missing.count, 5, "\(diagnostics)")
    for diagnostic in missing {
      let range = diagnostic["range"] as! [String: [String: Int]]
      XCTAssertEqual(range["start"]?["line"], range["end"]?["line"], "a missing field underlines the plugin's first line only")
    }
    let invalid = try XCTUnwrap(diagnostics.first { $0["code"] as? String == "invalid-value" })
    let range = invalid["range"] as! [String: [String: Int]]
    XCTAssertEqual(range["start"]?["character"], 14)
    XCTAssertEqual(range["end"]?["character"], 23, "the value, not the comment after it")
    let actions = try XCTUnwrap(try client.request("textDocument/codeAction", [
      "textDocument": ["uri": uri("export.yaml")], "range": missing[0]["range"]!, "context": ["diagnostics": missing],
    ])["result"] as? [[String: Any]])
    let titles = actions.compactMap { $0["title"] as? String }
    XCTAssertEqual(titles.filter { $0 == "Suppress missing-field on this line" }.count, 1, "\(titles)")
    XCTAssertEqual(titles.filter { $0 == "Suppress missing-field in this plugin" }.count, 1, "\(titles)")
    XCTAssertEqual(try client.shutdown(), 0)
  }

  /// Fixes that would break the file are not offered: a rename onto a key the plugin has; a
  /// merged key is renamed once by fix-all; a value over several lines is suppressed from a
  /// comment above it; a change whose range is not the document's changes nothing.
  func testActionsThatWouldBreakTheFileAreNotOffered() throws {
    let client = try Client(folder: folder)
    _ = try client.initialize(encodings: nil)
    let text = """
      defaults: &defaults { testMod: No, directCapture: Yes }
      plugins:
        - <<: *defaults
          type: Klarna Payments
          status: Active
          name: A
          nameInFrontend: A
          uri: a
          secret: ${S}
          secrte: x
          eStoreId: K500185_a
          klarnaEndpoint: EU
          defaultLocale: "sv
            SE"
          restrictions: { markets: [a] }
        - <<: *defaults
          type: Klarna Payments
          status: Active
          name: B
          nameInFrontend: B
          uri: b
          secret: ${S}
          eStoreId: K500185_b
          klarnaEndpoint: EU
          restrictions: { markets: [b] }

      """
    let document = uri("merged.yaml")
    client.open(document, text)
    let diagnostics = try client.diagnostics(document)
    func actions(_ diagnostic: [String: Any]) throws -> [[String: Any]] {
      try XCTUnwrap(try client.request("textDocument/codeAction", [
        "textDocument": ["uri": document], "range": diagnostic["range"]!, "context": ["diagnostics": [diagnostic]],
      ])["result"] as? [[String: Any]])
    }
    let secrte = try XCTUnwrap(diagnostics.first { ($0["message"] as? String)?.contains("'secrte'") == true })
    XCTAssertFalse(try actions(secrte).contains { $0["isPreferred"] as? Bool == true }, "'secret' is there already")
    let merged = try XCTUnwrap(diagnostics.first { ($0["message"] as? String)?.contains("'testMod'") == true })
    let all = try XCTUnwrap(try actions(merged).first { ($0["kind"] as? String)?.hasPrefix("source.fixAll") == true })
    let edits = try XCTUnwrap(((all["edit"] as? [String: Any])?["changes"] as? [String: Any])?[document] as? [[String: Any]])
    XCTAssertEqual(edits.count, 1, "one place, one edit: \(edits)")
    XCTAssertTrue(try Self.apply(all["edit"] as! [String: Any], to: text, uri: document, encoding: "utf-16").contains("{ testMode: No,"))
    let locale = try XCTUnwrap(diagnostics.first { $0["code"] as? String == "locale-matches-region" })
    let onLine = try XCTUnwrap(try actions(locale).first { $0["title"] as? String == "Suppress locale-matches-region on this line" })
    let suppressed = try Self.apply(onLine["edit"] as! [String: Any], to: text, uri: document, encoding: "utf-16")
    XCTAssertTrue(suppressed.contains("    # centra-lint: ignore locale-matches-region -- reason\n    defaultLocale: \"sv\n"), suppressed)
    client.change(document, suppressed, version: 2)
    XCTAssertFalse(try client.diagnostics(document).contains { ["locale-matches-region", "unused-suppression", "yaml-syntax"].contains($0["code"] as? String) })
    // A reversed range, and one that is no position, change nothing.
    for range: [String: Any] in [
      ["start": ["line": 5, "character": 0], "end": ["line": 2, "character": 0]],
      ["start": ["line": -1, "character": 0], "end": ["line": 2, "character": 0]],
      ["start": ["line": "x", "character": 0], "end": ["line": 2, "character": 0]],
    ] {
      client.notify("textDocument/didChange", ["textDocument": ["uri": document, "version": 3], "contentChanges": [["range": range, "text": "oops"]]])
      XCTAssertFalse(try client.diagnostics(document).contains { $0["code"] as? String == "yaml-syntax" || $0["code"] as? String == "missing-field" })
    }
    XCTAssertEqual(try client.shutdown(), 0)
  }

  /// Malformed messages and unknown methods are answered with JSON-RPC errors; the server
  /// goes on; `exit` without `shutdown` ends with status 1.
  func testMalformedMessagesAreAnsweredNeverACrash() throws {
    let client = try Client(folder: folder)
    let early = try client.request("textDocument/hover", [:])
    XCTAssertEqual((early["error"] as? [String: Any])?["code"] as? Int, -32002, "not initialized")
    _ = try client.initialize(encodings: nil)
    client.sendRaw(Data("Content-Length: 9\r\n\r\n{\"id\": 1".utf8) + Data("}".utf8))
    client.sendRaw(Data("Content-Length: 3\r\n\r\n{x}".utf8))
    var error = try client.wait { $0["error"] != nil }
    XCTAssertEqual((error["error"] as? [String: Any])?["code"] as? Int, -32600, "\(error)")
    error = try client.wait { $0["error"] != nil }
    XCTAssertEqual((error["error"] as? [String: Any])?["code"] as? Int, -32700, "\(error)")
    client.sendRaw(Data("X-Header: 1\r\n\r\n".utf8))
    error = try client.wait { $0["error"] != nil }
    XCTAssertEqual((error["error"] as? [String: Any])?["code"] as? Int, -32700)
    let unknown = try client.request("workspace/executeCommand", ["command": "x"])
    XCTAssertEqual((unknown["error"] as? [String: Any])?["code"] as? Int, -32601)
    let hover = try client.request("textDocument/hover", ["textDocument": ["uri": 5], "position": "x"])
    XCTAssertEqual((hover["error"] as? [String: Any])?["code"] as? Int, -32602, "\(hover)")
    let again = try client.request("initialize", ["capabilities": [:]])
    XCTAssertEqual((again["error"] as? [String: Any])?["code"] as? Int, -32600, "\(again)")
    // A wrong Content-Length (negative, not a number, too short, too long) loses that message
    // only: the next one is read and answered. Other headers are allowed.
    func request(_ id: Int) -> Data { Data("{\"jsonrpc\":\"2.0\",\"id\":\(id),\"method\":\"workspace/symbol\",\"params\":{}}".utf8) }
    for (index, header) in ["Content-Length: -1", "Content-Length: twelve", "Content-Length: 5", "Content-Length: 200"].enumerated() {
      let id = 100 + index
      client.sendRaw(Data("\(header)\r\n\r\n".utf8) + request(id - 50))
      client.sendRaw(Data("Content-Length: \(request(id).count)\r\nContent-Type: application/vscode-jsonrpc; charset=utf-8\r\n\r\n".utf8) + request(id))
      let answer = try client.wait { ($0["id"] as? Int) == id }
      XCTAssertEqual((answer["error"] as? [String: Any])?["code"] as? Int, -32601, header)
    }
    // Still serving: an empty export is checked as the command line checks it.
    client.open(uri("empty.yaml"), "plugins: []\n")
    XCTAssertEqual(try client.diagnostics(uri("empty.yaml")).compactMap { $0["code"] as? String }, ["missing-field"])
    client.notify("exit", [:])
    client.process.waitUntilExit()
    XCTAssertEqual(client.process.terminationStatus, 1)
  }
}
