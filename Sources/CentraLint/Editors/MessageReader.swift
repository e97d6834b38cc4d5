/// The base protocol's framing: header lines (`Content-Length: N`, others ignored) ended by an
/// empty line, then N bytes of JSON. A message without a length, or longer than `limit`, is a
/// failure the server answers; its body is skipped, and the stream read on.
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
  /// Bytes of a refused body still to pass over.
  private var skipping = 0
  /// Header bytes at most, so that a stream without line breaks cannot grow the buffer.
  static let headerLimit = 64 << 10

  init(limit: Int) { self.limit = limit }

  /// The next message; nil when the stream ends.
  mutating func next(_ read: () -> [UInt8]?) throws(Failure) -> Message? {
    while true {
      if skipping > 0 {
        let passed = min(skipping, buffer.count - start)
        start += passed
        skipping -= passed
      }
      if skipping == 0, let message = try parsed() { return message }
      compact()
      guard let chunk = read(), !chunk.isEmpty else { return nil }
      buffer += chunk
    }
  }

  private mutating func compact() {
    if start > 0 {
      buffer.removeFirst(start)
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
    var length: Int?
    for line in buffer[start..<end.header].split(separator: 0x0A) {
      let text = String(decoding: line.last == 0x0D ? line.dropLast() : line, as: UTF8.self)
      guard let colon = text.firstIndex(of: ":") else { continue }
      if text[..<colon].lowercased() == "content-length" {
        let value = text[text.index(after: colon)...].trimmingBlanks()
        length = Int(value)
      }
    }
    start = end.body
    guard let length, length >= 0 else {
      throw Failure(code: LanguageServer.ErrorCode.parseError, message: "a message without a valid Content-Length header")
    }
    guard length <= limit else {
      skipping = length
      throw Failure(code: LanguageServer.ErrorCode.invalidRequest, message: "a message of \(length) bytes, more than the \(limit) this server reads")
    }
    guard buffer.count - start >= length else {
      start = end.headerStart
      return nil
    }
    let body = Array(buffer[start..<start + length])
    start += length
    return Message(body: body)
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
