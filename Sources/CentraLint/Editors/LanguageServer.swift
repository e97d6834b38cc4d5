#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `centra-lint lsp` (SPEC §9): a Language Server Protocol server over standard input and
/// output. Each open export is checked as `centra-lint FILE` checks it (its merchant's config
/// found from its folder, the other exports its `exports` name read for the cross-file rules,
/// open buffers winning over the files on disk, suppressions and the baseline applied), and its
/// findings are published as diagnostics; a hover shows a finding's rule, and code actions fix
/// an unknown key or add a suppression comment. One thread: each message is answered in turn.
///
/// JSON is the tool's own (`JSONValue`): the lint path stays free of Foundation.
public final class LanguageServer {
  /// One open document.
  struct Document {
    var uri: String
    /// Its file, for a `file:` URI.
    var path: String?
    var text: [UInt8]
    var lines: LineIndex
    var version: Int?
    /// The findings last published, with the rules that made them (for hovers and actions).
    var findings: [Finding] = []
    /// What each finding underlines (`spans(of:in:)`), worked out once when it is published.
    var spans: [LanguageServer.Span] = []
    var rules: [String: RuleDefinition] = [:]
    /// Its merchant's config file (empty when none governs it; nil before it is checked), to
    /// re-check the open exports of one merchant together.
    var merchantKey: String?

    init(uri: String, path: String?, text: [UInt8], version: Int?) {
      self.uri = uri
      self.path = path
      self.text = text
      lines = LineIndex(text)
      self.version = version
    }

    /// The first line of each plugin, by document: read from the text when a code action first
    /// needs it.
    var pluginLines: [Int: [Int]]?

    mutating func replaceText(_ text: [UInt8]) {
      self.text = text
      lines = LineIndex(text)
      pluginLines = nil
    }
  }

  let rules: RuleSet
  let environment: [String: String]
  let readChunk: () -> [UInt8]?
  let write: (String) throws -> Void
  /// Whether the client's end of standard output closed: nothing more can be answered.
  var outputClosed = false
  var documents: [String: Document] = [:]
  var encoding = PositionEncoding.utf16
  var initialized = false
  var shutdownRequested = false
  /// The MID registries loaded, as a run loads them (made anew when the client says files
  /// changed).
  var registries: RegistryLoads
  /// A message's body may be at most this long (a document's text is in it, escaped).
  static let messageLimit = 512 << 20

  /// A server that reads chunks of the client's stream with `readChunk` (nil at its end) and
  /// writes whole messages with `write` (which throws when the output is gone).
  public init(rules: RuleSet, environment: [String: String], readChunk: @escaping () -> [UInt8]?, write: @escaping (String) throws -> Void) {
    self.rules = rules
    registries = RegistryLoads(rules, inHalves: true)
    self.environment = environment
    self.readChunk = readChunk
    self.write = write
  }

  /// Serves until `exit`: 0 after `shutdown`, 1 without it (or when the stream ends).
  public func run() -> Int32 {
    var reader = MessageReader(limit: Self.messageLimit)
    while true {
      // The client is gone: no answer can reach it.
      if outputClosed { return 1 }
      let message: MessageReader.Message
      do {
        guard let next = try reader.next(readChunk) else { return shutdownRequested ? 0 : 1 }
        message = next
      } catch {
        send(error: error.code, error.message, id: .null)
        continue
      }
      let value: JSONValue
      do {
        value = try JSONValue.parse(message.body)
      } catch {
        send(error: ErrorCode.parseError, "the message is not JSON: \(error)", id: .null)
        continue
      }
      if let status = handle(value) { return status }
    }
  }

  /// JSON-RPC's and the protocol's error codes.
  enum ErrorCode {
    static let parseError = -32700, invalidRequest = -32600, methodNotFound = -32601, invalidParams = -32602
    static let serverNotInitialized = -32002, invalidRequestAfterShutdown = -32600
  }

  /// Handles one message; the exit status when it ends the server.
  func handle(_ message: JSONValue) -> Int32? {
    guard case .object = message, let method = message["method"]?.string else {
      // A response to a request of ours (none is sent), or not a message at all.
      if case .object = message, message["id"] != nil, message["result"] != nil || message["error"] != nil { return nil }
      send(error: ErrorCode.invalidRequest, "not a JSON-RPC request or notification", id: message["id"] ?? .null)
      return nil
    }
    let id = message["id"]
    let params = message["params"] ?? .null
    if method == "exit" { return shutdownRequested ? 0 : 1 }
    guard let id else {
      notification(method, params)
      return nil
    }
    switch id {
    case .number, .string: break
    default:
      send(error: ErrorCode.invalidRequest, "a request's id is a number or a string", id: .null)
      return nil
    }
    if shutdownRequested {
      send(error: ErrorCode.invalidRequestAfterShutdown, "the server is shutting down", id: id)
      return nil
    }
    if !initialized, method != "initialize" {
      send(error: ErrorCode.serverNotInitialized, "the server is not initialized", id: id)
      return nil
    }
    do throws(Params) {
      switch method {
      case "initialize":
        guard !initialized else { return invalid(ErrorCode.invalidRequest, "the server is initialized already") }
        send(result: initialize(params), id: id)
      case "shutdown":
        shutdownRequested = true
        send(result: .null, id: id)
      case "textDocument/hover": send(result: try hover(params), id: id)
      case "textDocument/codeAction": send(result: try codeActions(params), id: id)
      default: send(error: ErrorCode.methodNotFound, "unknown method '\(Quote.clipped(method))'", id: id)
      }
    } catch {
      send(error: ErrorCode.invalidParams, error.reason, id: id)
    }
    return nil

    func invalid(_ code: Int, _ message: String) -> Int32? {
      send(error: code, message, id: id)
      return nil
    }
  }

  private func notification(_ method: String, _ params: JSONValue) {
    guard initialized, !shutdownRequested else { return }
    switch method {
    case "textDocument/didOpen":
      guard let item = params["textDocument"], let uri = item["uri"]?.string, let text = item["text"]?.string else { return }
      documents[uri] = Document(uri: uri, path: Self.path(ofURI: uri), text: Array(text.utf8), version: item["version"]?.int)
      changed(uri)
    case "textDocument/didChange":
      guard let uri = params["textDocument"]?["uri"]?.string, var document = documents[uri] else { return }
      for change in params["contentChanges"]?.array ?? [] {
        guard let text = change["text"]?.string else { continue }
        guard let range = change["range"] else {
          document.replaceText(Array(text.utf8))
          continue
        }
        // A range that is not one of the document (reversed, negative, not numbers) changes
        // nothing: the buffer is not guessed at.
        guard let start = offset(of: range["start"], in: document), let end = offset(of: range["end"], in: document), start <= end else { continue }
        document.replaceText(Array(document.text[..<start]) + Array(text.utf8) + Array(document.text[end...]))
      }
      document.version = params["textDocument"]?["version"]?.int ?? document.version
      documents[uri] = document
      changed(uri)
    case "textDocument/didSave":
      guard let uri = params["textDocument"]?["uri"]?.string, let document = documents[uri] else { return }
      if let text = params["text"]?.string { documents[uri]?.replaceText(Array(text.utf8)) }
      // A config or a registry saved from the editor changes what every open export is checked
      // with (an editor that watches files says so too: `didChangeWatchedFiles`).
      if let path = document.path.map(Self.absolute),
         path.hasSuffix("/" + Configuration.fileName) || registries.loading.keys.contains(where: { Self.absolute($0.text) == path }) {
        registries = RegistryLoads(rules, inHalves: true)
        for uri in documents.keys.sorted() { check(uri) }
      } else {
        changed(uri)
      }
    case "textDocument/didClose":
      guard let uri = params["textDocument"]?["uri"]?.string, let document = documents.removeValue(forKey: uri) else { return }
      publish(uri: uri, diagnostics: [], version: nil)
      // Its merchant's other open exports now see the file on disk.
      for other in documents.values where other.merchantKey == document.merchantKey { check(other.uri) }
    case "workspace/didChangeWatchedFiles", "workspace/didChangeConfiguration":
      // A config, a registry or an export changed on disk: every open export is checked again.
      registries = RegistryLoads(rules, inHalves: true)
      for uri in documents.keys.sorted() { check(uri) }
    default: break  // `initialized`, `$/cancelRequest`, `$/setTrace` and the like: nothing to do.
    }
  }

  /// A document changed: it is checked, and so are the other open exports of its merchant
  /// (their cross-file findings may change with it); each is published when its findings did.
  private func changed(_ uri: String) {
    check(uri, force: true)
    guard let key = documents[uri]?.merchantKey else { return }
    for other in documents.values.map(\.uri).sorted() where other != uri && documents[other]?.merchantKey == key {
      check(other)
    }
  }

  private func initialize(_ params: JSONValue) -> JSONValue {
    initialized = true
    let offered = params["capabilities"]?["general"]?["positionEncodings"]?.array?.compactMap(\.string) ?? []
    encoding = offered.lazy.compactMap(PositionEncoding.init(rawValue:)).first ?? .utf16
    return .object([
      ("capabilities", .object([
        ("positionEncoding", .string(encoding.rawValue)),
        ("textDocumentSync", .object([
          ("openClose", .bool(true)), ("change", .number("1")), ("save", .object([("includeText", .bool(false))])),
        ])),
        ("hoverProvider", .bool(true)),
        ("codeActionProvider", .object([
          ("codeActionKinds", .array([.string("quickfix"), .string("source.fixAll"), .string("source.fixAll.centra-lint")])),
        ])),
      ])),
      ("serverInfo", .object([("name", .string("centra-lint")), ("version", .string(CommandLineTool.version))])),
    ])
  }

  // MARK: Messages out

  func send(result: JSONValue, id: JSONValue) {
    send(.object([("jsonrpc", .string("2.0")), ("id", id), ("result", result)]))
  }

  func send(error code: Int, _ message: String, id: JSONValue) {
    send(.object([
      ("jsonrpc", .string("2.0")), ("id", id),
      ("error", .object([("code", .number(String(code))), ("message", .string(message))])),
    ]))
  }

  func notify(_ method: String, _ params: JSONValue) {
    send(.object([("jsonrpc", .string("2.0")), ("method", .string(method)), ("params", params)]))
  }

  private func send(_ value: JSONValue) {
    let body = value.text(indent: 0)
    do {
      try write("Content-Length: \(body.utf8.count)\r\n\r\n" + body)
    } catch {
      outputClosed = true
    }
  }

  // MARK: URIs

  /// The file of a `file:` URI (percent-decoded), else nil.
  static func path(ofURI uri: String) -> String? {
    let bytes = Array(uri.utf8)
    let scheme = Array("file://".utf8)
    guard bytes.count > scheme.count, bytes.prefix(scheme.count).map(ExportReader.lower) == scheme else { return nil }
    var rest = bytes.dropFirst(scheme.count)
    // `file://host/path`: only the local host is this machine's.
    if rest.first != 0x2F {
      let host = rest.prefix { $0 != 0x2F }
      guard String(decoding: host, as: UTF8.self).lowercased() == "localhost" else { return nil }
      rest = rest.dropFirst(host.count)
    }
    var path: [UInt8] = []
    var index = rest.startIndex
    while index < rest.endIndex {
      let byte = rest[index]
      if byte == 0x25, index + 2 < rest.endIndex, let high = hex(rest[index + 1]), let low = hex(rest[index + 2]) {
        path.append(high << 4 | low)
        index += 3
      } else if byte == 0x3F || byte == 0x23 {
        break  // a query or fragment is no part of a file's path
      } else {
        path.append(byte)
        index += 1
      }
    }
    guard !path.contains(0) else { return nil }
    return String(decoding: path, as: UTF8.self)
  }

  private static func hex(_ byte: UInt8) -> UInt8? {
    switch byte {
    case 0x30...0x39: return byte - 0x30
    case 0x41...0x46: return byte - 0x41 + 10
    case 0x61...0x66: return byte - 0x61 + 10
    default: return nil
    }
  }

  /// A path as an absolute one: display names of other exports may be relative to the working
  /// folder.
  static func absolute(_ path: String) -> String {
    var full = path
    if !path.hasPrefix("/") {
      var buffer = [CChar](filling: 0, count: 4096)
      guard getcwd(&buffer, buffer.count) != nil else { return path }
      full = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self) + "/" + path
    }
    // `.` and `..` resolved by the letters (a config's `exports` are joined to its folder, which
    // may be `exports/..`): the name an editor has for the file.
    var parts: [Substring] = []
    for part in full.split(separator: "/", omittingEmptySubsequences: true) {
      if part == "." { continue }
      if part == ".." {
        if !parts.isEmpty { parts.removeLast() }
        continue
      }
      parts.append(part)
    }
    return "/" + parts.joined(separator: "/")
  }

  /// The `file:` URI of a path (absolute, or relative to the working folder): as every report
  /// writes one (`FileURI`).
  static func uri(ofPath path: String) -> String { FileURI.reference(absolute(path)) }
}

/// How the protocol counts a position's `character` (negotiated at `initialize`).
enum PositionEncoding: String {
  case utf8 = "utf-8", utf16 = "utf-16", utf32 = "utf-32"

  /// The bytes of the UTF-8 character that `lead` starts, and how many units this encoding
  /// counts for it (a character outside the Basic Multilingual Plane is two in UTF-16).
  func step(_ lead: UInt8) -> (bytes: Int, units: Int) {
    let length = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1
    switch self {
    case .utf8: return (length, length)
    case .utf16: return (length, length == 4 ? 2 : 1)
    case .utf32: return (length, 1)
    }
  }
}
