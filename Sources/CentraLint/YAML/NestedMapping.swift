internal import CLibYAML

/// A fast reading of one shape, straight from the events with no tree and no String per
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
  /// The subset reader reads them when it can, else libyaml, from the start and into the
  /// visitor as it was; with `subsetOnly`, bytes the subset reader leaves to libyaml are not
  /// read (false).
  static func read<V: Visitor>(_ bytes: [UInt8], under top: String, into visitor: inout V, subsetOnly: Bool = false) throws -> Bool {
    let padded = bytes.isEmpty ? [0] : bytes
    return try padded.withUnsafeBufferPointer { buffer -> Bool in
      let input = UnsafeBufferPointer(rebasing: buffer[0..<bytes.count])
      var reading = Reading(top: Array(top.utf8), visitor: visitor)
      if case .unsupported = SubsetScanner.read(input, into: &reading), reading.state != .givenUp {
        if subsetOnly { return false }
        reading = Reading(top: Array(top.utf8), visitor: visitor)
        _ = EventParser(input, base: buffer.baseAddress!).read(into: &reading)
      }
      if let error = reading.error { throw error }
      guard reading.state == .read else { return false }
      visitor = reading.visitor
      return true
    }
  }

  /// Follows the events through the shape, handing the entries to the visitor.
  private struct Reading<V: Visitor>: YAMLEventSink {
    /// What the next event may be.
    enum State {
      case stream, document, rootKey, rootValue, entries, entryKey, entry, fieldName, fieldValue, documentEnd, streamEnd
      case read, givenUp
    }

    var state = State.stream
    let top: [UInt8]
    var visitor: V
    var error: (any Error)?
    var found = false
    /// The field name being read, copied: its event is gone once the value's arrives.
    var name: [UInt8] = []
    var nameLine = 0, nameColumn = 0

    // Instance constants: a static one costs a `swift_once` check on every event.
    let tilde = Array("~".utf8), null = Array("null".utf8), merge = Array("<<".utf8)

    init(top: [UInt8], visitor: V) {
      self.top = top
      self.visitor = visitor
    }

    mutating func add(_ event: YAMLEvent) -> Bool {
      if event.kind == .other { return true }  // libyaml's stream start
      do {
        if try step(event) { return state != .read }  // nothing follows the stream's end
      } catch {
        self.error = error
      }
      state = .givenUp
      return false
    }

    /// One event; false when the shape has no place for it (a list, an alias, an anchor, an
    /// explicit tag, a null, a merge key, anything out of its place).
    private mutating func step(_ event: YAMLEvent) throws -> Bool {
      guard event.anchor == nil, !event.tagged else { return false }
      var scalar: Scalar?
      if event.kind == .scalar {
        let text = Scalar(bytes: event.value, line: Int(event.line), column: Int(event.column))
        if event.style == .plain {
          guard !event.value.isEmpty, !text.is(tilde), !text.is(merge), !text.trimmedIs(null) else { return false }
        }
        scalar = text
      }
      switch (state, event.kind) {
      case (.stream, .documentStart): state = .document
      case (.document, .mappingStart): state = .rootKey
      case (.rootKey, .scalar):
        if scalar!.is(top) {
          guard !found else { return false }
          found = true
          state = .entries
        } else {
          state = .rootValue  // a plain value beside it
        }
      case (.rootKey, .mappingEnd):
        guard found else { return false }
        state = .documentEnd
      case (.rootValue, .scalar): state = .rootKey
      case (.entries, .mappingStart): state = .entryKey
      case (.entryKey, .scalar):
        guard try visitor.entry(scalar!) else { return false }
        state = .entry
      case (.entryKey, .mappingEnd): state = .rootKey
      case (.entry, .mappingStart): state = .fieldName
      case (.fieldName, .scalar):
        name.removeAll(keepingCapacity: true)
        name.append(contentsOf: event.value)
        (nameLine, nameColumn) = (Int(event.line), Int(event.column))
        state = .fieldValue
      case (.fieldName, .mappingEnd):
        guard try visitor.endEntry() else { return false }
        state = .entryKey
      case (.fieldValue, .scalar):
        let accepted = try name.withUnsafeBufferPointer {
          try visitor.field(Scalar(bytes: $0, line: nameLine, column: nameColumn), scalar!)
        }
        guard accepted else { return false }
        state = .fieldName
      case (.documentEnd, .documentEnd): state = .streamEnd
      case (.streamEnd, .streamEnd): state = .read
      default: return false
      }
      return true
    }
  }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
