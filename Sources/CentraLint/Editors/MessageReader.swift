/// The base protocol's framing: header lines (`Content-Length: N`, others ignored) ended by an
/// empty line, then N bytes of JSON. A message without a valid length, or longer than `limit`,
/// is a failure the server answers; what follows its header is no message's, so the reader
/// finds the next `Content-Length` header wherever it starts (after the rest of a body whose
/// length was wrong, too) and goes on from there.
struct MessageReader {
  struct Message {
    var body: [UInt8]
  }

  struct Failure: Error {
    var code: Int
    var message: String
  }

  let limit: Int
  private var buffer: [UInt8] = []
  private var start = 0
  /// How far the body being waited for was searched for the next message's header.
  private var searched = 0
  /// Header bytes at most, so that a stream without line breaks cannot grow the buffer.
  static let headerLimit = 64 << 10

  init(limit: Int) { self.limit = limit }

  /// The next message; nil when the stream ends.
  mutating func next(_ read: () -> [UInt8]?) throws(Failure) -> Message? {
    while true {
      if let message = try parsed() { return message }
      compact()
      guard let chunk = read(), !chunk.isEmpty else { return nil }
      buffer += chunk
    }
  }

  private mutating func compact() {
    if start > 0 {
      buffer.removeFirst(start)
      searched = max(0, searched - start)
      start = 0
    }
  }

  /// A whole message from the buffer, if it holds one.
  private mutating func parsed() throws(Failure) -> Message? {
    guard let end = headerEnd() else {
      if buffer.count - start > Self.headerLimit {
        start = buffer.count
        throw Failure(code: LanguageServer.ErrorCode.parseError, message: "a message header longer than \(Self.headerLimit) bytes")
      }
      return nil
    }
    // The header's last `Content-Length:` (anything before it on its line is what was left of
    // an earlier message).
    var length: Int?, found = false
    let header = String(decoding: buffer[start..<end.header], as: UTF8.self).lowercased()
    if let field = header.ranges(of: "content-length:").last {
      found = true
      let value = header[field.upperBound...].prefix { !$0.isNewline }
      length = Int(value.trimmingBlanks())
    }
    start = end.body
    guard let length, length >= 0, length <= limit else {
      let what = !found ? "a message without a Content-Length header"
        : length.map { $0 < 0 ? "a message whose Content-Length is negative" : "a message of \($0) bytes, more than the \(limit) this server reads" }
        ?? "a message whose Content-Length is not a number"
      throw Failure(code: (length ?? -1) > limit ? LanguageServer.ErrorCode.invalidRequest : LanguageServer.ErrorCode.parseError, message: what)
    }
    // A header inside what should be the body: the length was wrong (JSON holds no raw line
    // break in a string, so no body holds `Content-Length: N` and a line break).
    if let next = nextHeader(from: max(start, searched - 64), before: start + length) {
      start = next
      searched = 0
      throw Failure(code: LanguageServer.ErrorCode.parseError, message: "a message shorter than its Content-Length")
    }
    guard buffer.count - start >= length else {
      searched = buffer.count
      start = end.headerStart
      return nil
    }
    searched = 0
    let body = Array(buffer[start..<start + length])
    start += length
    return Message(body: body)
  }

  /// Where a `Content-Length: N` header line starts, from `offset` on, before `limit`.
  private func nextHeader(from offset: Int, before limit: Int) -> Int? {
    let name = Array("content-length:".utf8)
    var index = offset
    while index + name.count <= min(buffer.count, limit) {
      if ExportReader.lower(buffer[index]) == name[0], zip(buffer[index..<index + name.count], name).allSatisfy({ ExportReader.lower($0) == $1 }) {
        var at = index + name.count
        while at < buffer.count, buffer[at] == 0x20 || buffer[at] == 0x09 { at += 1 }
        let digits = at
        while at < buffer.count, buffer[at] >= 0x30 && buffer[at] <= 0x39 { at += 1 }
        if at > digits, at < buffer.count, buffer[at] == 0x0D || buffer[at] == 0x0A { return index }
      }
      index += 1
    }
    return nil
  }

  /// Where the header block ends (`\r\n\r\n`, or `\n\n` from a lenient client) and the body starts.
  private func headerEnd() -> (headerStart: Int, header: Int, body: Int)? {
    var index = start
    while index < buffer.count {
      if buffer[index] == 0x0A {
        if index + 1 < buffer.count, buffer[index + 1] == 0x0A { return (start, index, index + 2) }
        if index + 2 < buffer.count, buffer[index + 1] == 0x0D, buffer[index + 2] == 0x0A { return (start, index, index + 3) }
      }
      index += 1
    }
    return nil
  }
}
