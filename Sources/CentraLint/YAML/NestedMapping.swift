internal import CLibYAML

/// A fast reading of one shape, straight from libyaml's events with no tree:
/// `top: { key: { name: value, … }, … }` (other top-level keys may hold plain values). The MID
/// registry has this shape and can be tens of thousands of entries long; any other shape, any
/// anchor, alias, tag or second document, gives nil, and the caller reads the tree instead
/// (which explains what is wrong).
public enum NestedMapping {
  /// One entry: its key and its fields, each with a 1-based place.
  public struct Entry: Sendable {
    public var key: String
    public var line: Int, column: Int
    public var fields: [(name: String, value: String, line: Int, column: Int)]
  }

  /// The entries under `top`, or nil when the bytes have another shape.
  public static func read(_ bytes: [UInt8], under top: String) -> [Entry]? {
    let padded = bytes.isEmpty ? [0] : bytes
    return padded.withUnsafeBufferPointer { buffer -> [Entry]? in
      let parser = EventParser(UnsafeBufferPointer(rebasing: buffer[0..<bytes.count]), base: buffer.baseAddress!)
      var reader = Reader(parser: parser, top: top)
      return reader.read()
    }
  }

  private struct Reader {
    let parser: EventParser
    let top: String
    var entries: [Entry] = []

    /// The next event's type, with its scalar text and place; nil on a syntax error.
    mutating func next() -> (type: yaml_event_type_t, text: String?, line: Int, column: Int, plain: Bool)? {
      guard case .event(let event) = parser.next() else { return nil }
      defer { parser.releaseEvent() }
      let place = YAMLMark.position(event.start_mark)
      var text: String?
      var plain = false
      switch event.type {
      case YAML_SCALAR_EVENT:
        let scalar = event.data.scalar
        guard scalar.anchor == nil, scalar.tag == nil || scalar.plain_implicit == 1 else { return (YAML_NO_EVENT, nil, 0, 0, false) }
        text = String(decoding: UnsafeBufferPointer(start: scalar.value, count: Int(scalar.length)), as: UTF8.self)
        plain = scalar.style == YAML_PLAIN_SCALAR_STYLE
      case YAML_MAPPING_START_EVENT:
        guard event.data.mapping_start.anchor == nil, event.data.mapping_start.tag == nil else { return (YAML_NO_EVENT, nil, 0, 0, false) }
      default: break
      }
      return (event.type, text, place.line, place.column, plain)
    }

    mutating func read() -> [Entry]? {
      guard next()?.type == YAML_STREAM_START_EVENT, next()?.type == YAML_DOCUMENT_START_EVENT,
            next()?.type == YAML_MAPPING_START_EVENT else { return nil }
      var found = false
      while let key = next() {
        if key.type == YAML_MAPPING_END_EVENT { break }
        guard key.type == YAML_SCALAR_EVENT, let name = key.text, name != "<<" else { return nil }
        if name == top {
          guard !found, readEntries() else { return nil }
          found = true
        } else {
          guard next()?.type == YAML_SCALAR_EVENT else { return nil }  // a plain value beside it
        }
      }
      guard found, next()?.type == YAML_DOCUMENT_END_EVENT, next()?.type == YAML_STREAM_END_EVENT else { return nil }
      return entries
    }

    /// `{ key: { name: value, … }, … }`.
    mutating func readEntries() -> Bool {
      guard next()?.type == YAML_MAPPING_START_EVENT else { return false }
      while let key = next() {
        if key.type == YAML_MAPPING_END_EVENT { return true }
        guard key.type == YAML_SCALAR_EVENT, let name = key.text, name != "<<",
              next()?.type == YAML_MAPPING_START_EVENT else { return false }
        var entry = Entry(key: name, line: key.line, column: key.column, fields: [])
        while let field = next() {
          if field.type == YAML_MAPPING_END_EVENT { break }
          guard field.type == YAML_SCALAR_EVENT, let fieldName = field.text, fieldName != "<<",
                let value = next(), value.type == YAML_SCALAR_EVENT, let text = value.text else { return false }
          // A plain empty or `~`/`null` value is null, which only the tree reading explains.
          if value.plain, text.isEmpty || text == "~" || text.lowercased() == "null" { return false }
          entry.fields.append((fieldName, text, value.line, value.column))
        }
        entries.append(entry)
      }
      return false
    }
  }
}
