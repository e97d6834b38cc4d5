internal import CLibYAML

/// One event as the tree builder reads it, from `SubsetScanner` or libyaml: what it is, where
/// (1-based), how it is written, and the bytes of its scalar value and of its anchor (or, for
/// an alias, the anchor it names). The bytes are the input's, libyaml's own (valid until the
/// event is deleted) or a copy in a chunk of `EventPipeline`; an event is read at once and
/// never kept.
struct YAMLEvent {
  enum Kind: UInt8 {
    case other, documentStart, documentEnd, scalar, alias, sequenceStart, sequenceEnd, mappingStart, mappingEnd, streamEnd
  }

  var kind: Kind
  var line: Int32, column: Int32
  var endLine: Int32, endColumn: Int32
  /// A scalar's style (plain, quoted, block) or a collection's (flow, block).
  var style: YAMLNode.Style
  /// Whether the node has an explicit tag (`!!str x`): libyaml then starts a scalar at the tag.
  var tagged = false
  var value: UnsafeBufferPointer<UInt8>
  var anchor: UnsafeBufferPointer<UInt8>?

  init(
    kind: Kind, line: Int32, column: Int32, endLine: Int32, endColumn: Int32, style: YAMLNode.Style,
    tagged: Bool = false, value: UnsafeBufferPointer<UInt8>, anchor: UnsafeBufferPointer<UInt8>?
  ) {
    self.tagged = tagged
    self.kind = kind
    self.line = line
    self.column = column
    self.endLine = endLine
    self.endColumn = endColumn
    self.style = style
    self.value = value
    self.anchor = anchor
  }

  /// Where the value starts in `file` when it is a run of the file's own bytes (the subset
  /// reader's values are slices of the file; libyaml's never are); nil for an empty value or
  /// one elsewhere.
  func valueOffset(in file: UnsafeBufferPointer<UInt8>) -> Int? {
    guard let start = file.baseAddress, let at = value.baseAddress, !value.isEmpty, at >= start, at + value.count <= start + file.count
    else { return nil }
    return at - start
  }

  /// The event as libyaml made it (its bytes are borrowed).
  init(_ event: UnsafePointer<yaml_event_t>) {
    line = YAMLMark.oneBased(event.pointee.start_mark.line)
    column = YAMLMark.oneBased(event.pointee.start_mark.column)
    endLine = YAMLMark.oneBased(event.pointee.end_mark.line)
    endColumn = YAMLMark.oneBased(event.pointee.end_mark.column)
    value = UnsafeBufferPointer(start: nil, count: 0)
    anchor = nil
    style = .plain
    switch event.pointee.type {
    case YAML_DOCUMENT_START_EVENT: kind = .documentStart
    case YAML_DOCUMENT_END_EVENT: kind = .documentEnd
    case YAML_STREAM_END_EVENT: kind = .streamEnd
    case YAML_SCALAR_EVENT:
      kind = .scalar
      let scalar = event.pointee.data.scalar
      value = UnsafeBufferPointer(start: scalar.value, count: Int(scalar.length))
      anchor = Self.bytes(scalar.anchor)
      tagged = scalar.tag != nil
      switch scalar.style {
      case YAML_PLAIN_SCALAR_STYLE: style = .plain
      case YAML_LITERAL_SCALAR_STYLE, YAML_FOLDED_SCALAR_STYLE: style = .block
      default: style = .quoted
      }
    case YAML_ALIAS_EVENT:
      kind = .alias
      anchor = Self.bytes(event.pointee.data.alias.anchor) ?? UnsafeBufferPointer(start: nil, count: 0)
    case YAML_SEQUENCE_START_EVENT:
      kind = .sequenceStart
      anchor = Self.bytes(event.pointee.data.sequence_start.anchor)
      tagged = event.pointee.data.sequence_start.tag != nil
      style = event.pointee.data.sequence_start.style == YAML_FLOW_SEQUENCE_STYLE ? .flow : .blockCollection
    case YAML_MAPPING_START_EVENT:
      kind = .mappingStart
      anchor = Self.bytes(event.pointee.data.mapping_start.anchor)
      tagged = event.pointee.data.mapping_start.tag != nil
      style = event.pointee.data.mapping_start.style == YAML_FLOW_MAPPING_STYLE ? .flow : .blockCollection
    case YAML_SEQUENCE_END_EVENT: kind = .sequenceEnd
    case YAML_MAPPING_END_EVENT: kind = .mappingEnd
    default: kind = .other
    }
  }

  /// A NUL-terminated name's bytes.
  private static func bytes(_ name: UnsafeMutablePointer<UInt8>?) -> UnsafeBufferPointer<UInt8>? {
    guard let name else { return nil }
    return UnsafeBufferPointer(start: name, count: strlen(UnsafeRawPointer(name).assumingMemoryBound(to: CChar.self)))
  }

  /// Whether the event opens a collection.
  var opens: Bool { kind == .sequenceStart || kind == .mappingStart }
  /// Whether the event closes one.
  var closes: Bool { kind == .sequenceEnd || kind == .mappingEnd }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
