/// A JSON value read from text (RFC 8259), for the files the tool reads back: an earlier audit
/// report (`audit --compare`). Strict, and bounded: nesting at most `depthLimit` deep, numbers
/// kept as the text written; every error says where it is.
indirect enum JSONValue: Equatable, Sendable {
  case null
  case bool(Bool)
  case number(String)
  case string(String)
  case array([JSONValue])
  case object([(key: String, value: JSONValue)])

  static let depthLimit = 64

  static func == (a: JSONValue, b: JSONValue) -> Bool {
    switch (a, b) {
    case (.null, .null): return true
    case let (.bool(x), .bool(y)): return x == y
    case let (.number(x), .number(y)): return x == y
    case let (.string(x), .string(y)): return x == y
    case let (.array(x), .array(y)): return x == y
    case let (.object(x), .object(y)): return x.count == y.count && zip(x, y).allSatisfy { $0.key == $1.key && $0.value == $1.value }
    default: return false
    }
  }

  /// The value of a member of an object (the last one of that name), or nil.
  subscript(key: String) -> JSONValue? {
    guard case .object(let members) = self else { return nil }
    return members.last { $0.key == key }?.value
  }

  var string: String? { if case .string(let text) = self { return text } else { return nil } }
  var array: [JSONValue]? { if case .array(let items) = self { return items } else { return nil } }
  var int: Int? { if case .number(let text) = self { return Int(text) } else { return nil } }

  /// The value as JSON text: members in their order, strings escaped as in every JSON the tool
  /// writes (`JSON.Writer`); `indent` spaces a level, or on one line with none.
  func text(indent: Int = 2) -> String {
    var writer = JSON.Writer(capacity: 4096)
    write(into: &writer, indent: indent, depth: 0)
    return writer.text
  }

  private func write(into writer: inout JSON.Writer, indent: Int, depth: Int) {
    func newline(_ depth: Int) {
      guard indent > 0 else { return }
      writer.raw("\n" + String(repeating: " ", count: indent * depth))
    }
    switch self {
    case .null: writer.raw("null")
    case .bool(let value): writer.raw(value ? "true" : "false")
    case .number(let text): writer.raw(text)
    case .string(let text): writer.string(text)
    case .array(let items):
      guard !items.isEmpty else { return writer.raw("[]") }
      writer.raw("[")
      for (index, item) in items.enumerated() {
        if index > 0 { writer.raw(",") }
        newline(depth + 1)
        item.write(into: &writer, indent: indent, depth: depth + 1)
      }
      newline(depth)
      writer.raw("]")
    case .object(let members):
      guard !members.isEmpty else { return writer.raw("{}") }
      writer.raw("{")
      for (index, member) in members.enumerated() {
        if index > 0 { writer.raw(",") }
        newline(depth + 1)
        writer.string(member.key)
        writer.raw(indent > 0 ? ": " : ":")
        member.value.write(into: &writer, indent: indent, depth: depth + 1)
      }
      newline(depth)
      writer.raw("}")
    }
  }

  /// What went wrong reading JSON text, and where (1-based line and column, in bytes).
  struct Failure: Error, CustomStringConvertible {
    var line: Int, column: Int
    var reason: String
    var description: String { "\(line):\(column): \(reason)" }
  }

  /// Reads one JSON value that fills `bytes` (blanks around it allowed).
  static func parse(_ bytes: [UInt8]) throws -> JSONValue {
    var reader = Reader(bytes: bytes)
    reader.skipBlanks()
    let value = try reader.value(depth: 0)
    reader.skipBlanks()
    guard reader.at == bytes.count else { throw reader.failure("text after the JSON value") }
    return value
  }

  private struct Reader {
    let bytes: [UInt8]
    var at = 0

    func failure(_ reason: String) -> Failure {
      var line = 1, start = 0
      for index in 0..<min(at, bytes.count) where bytes[index] == 0x0A {
        line += 1
        start = index + 1
      }
      return Failure(line: line, column: at - start + 1, reason: reason)
    }

    mutating func skipBlanks() {
      while at < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[at]) { at += 1 }
    }

    mutating func literal(_ word: String, _ value: JSONValue) throws -> JSONValue {
      let utf8 = Array(word.utf8)
      guard bytes.count - at >= utf8.count, Array(bytes[at..<at + utf8.count]) == utf8 else { throw failure("not a JSON value") }
      at += utf8.count
      return value
    }

    mutating func value(depth: Int) throws -> JSONValue {
      guard depth < JSONValue.depthLimit else { throw failure("nested more than \(JSONValue.depthLimit) deep") }
      guard at < bytes.count else { throw failure("the text ends where a value should be") }
      switch bytes[at] {
      case 0x7B: return try object(depth: depth)
      case 0x5B: return try array(depth: depth)
      case 0x22: return .string(try string())
      case 0x74: return try literal("true", .bool(true))
      case 0x66: return try literal("false", .bool(false))
      case 0x6E: return try literal("null", .null)
      case 0x2D, 0x30...0x39: return try number()
      default: throw failure("not a JSON value")
      }
    }

    mutating func object(depth: Int) throws -> JSONValue {
      at += 1
      var members: [(key: String, value: JSONValue)] = []
      skipBlanks()
      if at < bytes.count, bytes[at] == 0x7D {
        at += 1
        return .object(members)
      }
      while true {
        skipBlanks()
        guard at < bytes.count, bytes[at] == 0x22 else { throw failure("expected a member name in quotes") }
        let key = try string()
        skipBlanks()
        guard at < bytes.count, bytes[at] == 0x3A else { throw failure("expected ':' after a member name") }
        at += 1
        skipBlanks()
        members.append((key, try value(depth: depth + 1)))
        skipBlanks()
        guard at < bytes.count else { throw failure("the text ends inside an object") }
        if bytes[at] == 0x2C {
          at += 1
          continue
        }
        guard bytes[at] == 0x7D else { throw failure("expected ',' or '}'") }
        at += 1
        return .object(members)
      }
    }

    mutating func array(depth: Int) throws -> JSONValue {
      at += 1
      var items: [JSONValue] = []
      skipBlanks()
      if at < bytes.count, bytes[at] == 0x5D {
        at += 1
        return .array(items)
      }
      while true {
        skipBlanks()
        items.append(try value(depth: depth + 1))
        skipBlanks()
        guard at < bytes.count else { throw failure("the text ends inside an array") }
        if bytes[at] == 0x2C {
          at += 1
          continue
        }
        guard bytes[at] == 0x5D else { throw failure("expected ',' or ']'") }
        at += 1
        return .array(items)
      }
    }

    mutating func number() throws -> JSONValue {
      let start = at
      if bytes[at] == 0x2D { at += 1 }
      func digits() -> Int {
        let from = at
        while at < bytes.count, bytes[at] >= 0x30, bytes[at] <= 0x39 { at += 1 }
        return at - from
      }
      guard digits() > 0 else { throw failure("a number needs digits") }
      if at < bytes.count, bytes[at] == 0x2E {
        at += 1
        guard digits() > 0 else { throw failure("a number needs digits after '.'") }
      }
      if at < bytes.count, bytes[at] | 0x20 == 0x65 {
        at += 1
        if at < bytes.count, bytes[at] == 0x2B || bytes[at] == 0x2D { at += 1 }
        guard digits() > 0 else { throw failure("a number needs digits in its exponent") }
      }
      return .number(String(decoding: bytes[start..<at], as: UTF8.self))
    }

    mutating func hex4() throws -> UInt32 {
      guard bytes.count - at >= 4 else { throw failure("\\u needs four hex digits") }
      var value: UInt32 = 0
      for _ in 0..<4 {
        let byte = bytes[at]
        let digit: UInt32
        switch byte {
        case 0x30...0x39: digit = UInt32(byte - 0x30)
        case 0x41...0x46: digit = UInt32(byte - 0x41 + 10)
        case 0x61...0x66: digit = UInt32(byte - 0x61 + 10)
        default: throw failure("\\u needs four hex digits")
        }
        value = value << 4 | digit
        at += 1
      }
      return value
    }

    mutating func string() throws -> String {
      at += 1
      var out: [UInt8] = []
      while true {
        guard at < bytes.count else { throw failure("the text ends inside a string") }
        let byte = bytes[at]
        if byte == 0x22 {
          at += 1
          break
        }
        guard byte >= 0x20 else { throw failure("a control character inside a string") }
        guard byte == 0x5C else {
          out.append(byte)
          at += 1
          continue
        }
        at += 1
        guard at < bytes.count else { throw failure("the text ends inside a string") }
        let escape = bytes[at]
        at += 1
        switch escape {
        case 0x22, 0x5C, 0x2F: out.append(escape)
        case 0x62: out.append(0x08)
        case 0x66: out.append(0x0C)
        case 0x6E: out.append(0x0A)
        case 0x72: out.append(0x0D)
        case 0x74: out.append(0x09)
        case 0x75:
          var scalar = try hex4()
          if scalar >= 0xD800, scalar < 0xDC00, bytes.count - at >= 6, bytes[at] == 0x5C, bytes[at + 1] == 0x75 {
            at += 2
            let low = try hex4()
            scalar = low >= 0xDC00 && low < 0xE000 ? 0x10000 + (scalar - 0xD800) << 10 + (low - 0xDC00) : 0xFFFD
          }
          out.append(contentsOf: String(Unicode.Scalar(scalar).map(Character.init) ?? "\u{FFFD}").utf8)
        default: throw failure("an unknown escape in a string")
        }
      }
      return String(decoding: out, as: UTF8.self)
    }
  }
}
