internal import CLibYAML

/// A fast reading of one shape, straight from libyaml's events with no tree and no String per
/// scalar: `top: { key: { name: value, … }, … }` (other top-level keys may hold plain values).
/// The MID registry has this shape and can be tens of thousands of entries long; any other
/// shape, any anchor, alias, tag, null value or second document, makes the reading give up
/// (false), and the caller reads the tree instead (which explains what is wrong).
enum NestedMapping {
  /// A scalar, read in place: its bytes are valid only during the call that is given it.
  struct Scalar {
    let bytes: UnsafeBufferPointer<UInt8>
    /// 1-based.
    let line: Int, column: Int

    var string: String { String(decoding: bytes, as: UTF8.self) }

    /// Whether the text, without blanks around it, is `word` in any case (`word` is lower
    /// case ASCII).
    func trimmedIs(_ word: [UInt8]) -> Bool {
      var start = 0, end = bytes.count
      while start < end, Self.isBlank(bytes[start]) { start += 1 }
      while end > start, Self.isBlank(bytes[end - 1]) { end -= 1 }
      guard end - start == word.count else { return false }
      for index in 0..<word.count where bytes[start + index] | 0x20 != word[index] { return false }
      return true
    }

    /// Whether the text is exactly `word`.
    func `is`(_ word: [UInt8]) -> Bool {
      bytes.count == word.count && (word.isEmpty || word.withUnsafeBufferPointer { memcmp(bytes.baseAddress!, $0.baseAddress!, word.count) == 0 })
    }

    fileprivate static func isBlank(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D }
  }

  /// What a reading does with the entries it finds; any `false` gives the reading up.
  protocol Visitor {
    /// An entry starts: its key.
    mutating func entry(_ key: Scalar) throws -> Bool
    /// One field of the current entry.
    mutating func field(_ name: Scalar, _ value: Scalar) throws -> Bool
    /// The current entry has ended.
    mutating func endEntry() throws -> Bool
  }

  /// Reads the entries under `top` into `visitor`; false when the bytes have another shape.
  static func read<V: Visitor>(_ bytes: [UInt8], under top: String, into visitor: inout V) throws -> Bool {
    let padded = bytes.isEmpty ? [0] : bytes
    return try padded.withUnsafeBufferPointer { buffer -> Bool in
      var reader = Reader(
        parser: EventParser(UnsafeBufferPointer(rebasing: buffer[0..<bytes.count]), base: buffer.baseAddress!),
        top: Array(top.utf8))
      defer { reader.release() }
      return try reader.read(into: &visitor)
    }
  }

  /// Steps through the events; the current one (and its scalar's bytes) lives until the next step.
  private struct Reader {
    let parser: EventParser
    let top: [UInt8]
    var live = false
    var type = YAML_NO_EVENT
    var scalar: Scalar?
    /// The field name being read, copied: its event is gone once the value's arrives.
    var name: [UInt8] = []

    // Instance constants: a static one costs a `swift_once` check on every event.
    let tilde = Array("~".utf8), null = Array("null".utf8), merge = Array("<<".utf8)

    mutating func release() {
      if live { parser.releaseEvent() }
      live = false
    }

    /// Moves to the next event; false on a syntax error or an event this shape has no place
    /// for (a list, an alias, an anchor, an explicit tag, a null, a merge key).
    mutating func advance() -> Bool {
      release()
      guard parser.next() else { return false }
      live = true
      let event = parser.event.pointee
      type = event.type
      scalar = nil
      switch event.type {
      case YAML_SCALAR_EVENT:
        let data = event.data.scalar
        guard data.anchor == nil, data.tag == nil || data.plain_implicit == 1 else { return false }
        let place = YAMLMark.position(event.start_mark)
        let text = Scalar(bytes: UnsafeBufferPointer(start: data.value, count: Int(data.length)), line: place.line, column: place.column)
        if data.style == YAML_PLAIN_SCALAR_STYLE {
          guard data.length > 0, !text.is(tilde), !text.is(merge), !text.trimmedIs(null) else { return false }
        }
        scalar = text
      case YAML_MAPPING_START_EVENT:
        return event.data.mapping_start.anchor == nil && event.data.mapping_start.tag == nil
      case YAML_SEQUENCE_START_EVENT, YAML_ALIAS_EVENT:
        return false
      default:
        break
      }
      return true
    }

    mutating func expect(_ wanted: yaml_event_type_t) -> Bool { advance() && type == wanted }

    mutating func read<V: Visitor>(into visitor: inout V) throws -> Bool {
      guard expect(YAML_STREAM_START_EVENT), expect(YAML_DOCUMENT_START_EVENT), expect(YAML_MAPPING_START_EVENT) else {
        return false
      }
      var found = false
      while advance() {
        if type == YAML_MAPPING_END_EVENT {
          return found && expect(YAML_DOCUMENT_END_EVENT) && expect(YAML_STREAM_END_EVENT)
        }
        guard let key = scalar else { return false }
        if key.is(top) {
          guard !found, try readEntries(into: &visitor) else { return false }
          found = true
        } else {
          guard expect(YAML_SCALAR_EVENT) else { return false }  // a plain value beside it
        }
      }
      return false
    }

    /// `{ key: { name: value, … }, … }`.
    mutating func readEntries<V: Visitor>(into visitor: inout V) throws -> Bool {
      guard expect(YAML_MAPPING_START_EVENT) else { return false }
      while advance() {
        if type == YAML_MAPPING_END_EVENT { return true }
        guard let key = scalar, try visitor.entry(key), expect(YAML_MAPPING_START_EVENT) else { return false }
        while advance() {
          if type == YAML_MAPPING_END_EVENT { break }
          guard let field = scalar else { return false }
          name.removeAll(keepingCapacity: true)
          name.append(contentsOf: field.bytes)
          let (line, column) = (field.line, field.column)
          guard expect(YAML_SCALAR_EVENT), let value = scalar else { return false }
          let accepted = try name.withUnsafeBufferPointer {
            try visitor.field(Scalar(bytes: $0, line: line, column: column), value)
          }
          guard accepted else { return false }
        }
        guard type == YAML_MAPPING_END_EVENT, try visitor.endEntry() else { return false }
      }
      return false
    }
  }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
