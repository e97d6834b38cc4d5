internal import CLibYAML

/// Reads a YAML stream into a flat `YAMLTree`: with `SubsetScanner` where the file keeps to the
/// YAML that exports are written in, else with libyaml's event API (the events are the same).
///
/// Aliases become nodes that point at their anchored node: nothing is ever copied or expanded.
/// Duplicate keys, undefined aliases and passed limits are recorded as problems; a syntax error
/// ends the stream, keeping every document that ended before it.
public enum YAMLReader {
  /// The most bytes one file's tree can hold: its offsets and indices are `Int32`.
  public static let largestFile = Int(Int32.max)

  /// Parses `bytes`, marking the values of keys that `sensitivity` calls sensitive.
  ///
  /// From `pipelineFrom` bytes on, the file is parsed on a thread of its own while this one
  /// builds the tree (the tree is the same).
  public static func parse(
    _ bytes: [UInt8], limits: Limits = Limits(), sensitivity: Sensitivity = .none,
    pipelineFrom: Int = .max
  ) -> YAMLTree {
    parse(bytes, limits: limits, sensitivity: sensitivity, pipelineFrom: pipelineFrom, observe: nil)
  }

  /// `parse`, and when libyaml runs on its own thread, `observe` sees the tree builder on this
  /// one after each chunk of events: a reader may start on the parts already complete.
  static func parse(
    _ bytes: [UInt8], limits: Limits, sensitivity: Sensitivity, pipelineFrom: Int,
    observe: ((TreeBuilder) -> Void)?, producerThread: Bool = true, largest: Int = largestFile
  ) -> YAMLTree {
    // NEL, LS and PS are text here, not line breaks (`LineBreaks`); the subset reader takes
    // none of them (nor the placeholders' bytes, where it could be read alone).
    let hidden = LineBreaks.hide(in: bytes)
    let bytes = hidden?.bytes ?? bytes
    // In place (`TreeBuilder.init`), the tree's text is the file's bytes, then every value
    // that is not in them (libyaml's, never longer than the file): its offsets (Int32) must
    // reach twice the file.
    let inPlace = hidden == nil && bytes.count <= largest / 2
    /// A builder; reading in place the bytes at `start` where it may.
    func builder(readingAt start: UnsafePointer<UInt8>? = nil) -> TreeBuilder {
      let read = inPlace ? start.map { (bytes, UnsafeBufferPointer(start: $0, count: bytes.count)) } : nil
      var builder = TreeBuilder(limits: limits, sensitivity: sensitivity, expectedBytes: bytes.count, inPlace: read)
      builder.lineBreaks = hidden?.breaks
      return builder
    }
    // Whatever `limits.fileSize` allows, the tree cannot hold more (its offsets are Int32).
    guard bytes.count <= largest else {
      var refused = builder()
      refused.refuse(size: bytes.count, largest: largest)
      return refused.tree
    }
    // libyaml reads the caller's bytes in place (no copy); it asserts on a NULL input, so an
    // empty file is read from a one-byte buffer.
    let padded = bytes.isEmpty ? [0] : bytes
    return padded.withUnsafeBufferPointer { buffer in
      if bytes.count >= pipelineFrom {
        // In place as below; what libyaml reads, where it takes over, is appended after.
        var builder = builder(readingAt: buffer.baseAddress!)
        let pipeline = EventPipeline(
          UnsafeBufferPointer(rebasing: buffer[0..<bytes.count]), base: buffer.baseAddress!, depthLimit: limits.depth,
          ownThread: producerThread, subset: hidden == nil)
        if let failure = pipeline.consume({ builder.add($0) }, afterChunk: { observe?(builder) }) {
          builder.fail(failure, bytes: bytes)
        }
        return builder.finish()
      }
      let input = UnsafeBufferPointer(rebasing: buffer[0..<bytes.count])
      // The YAML that exports are written in is read without libyaml (the same events, at a
      // sixth of the cost), in place: its scalars are where they are written, and the tree's
      // text is the file's bytes, shared. Anything else is left to libyaml, from the start.
      if hidden == nil {
        var subset = builder(readingAt: buffer.baseAddress!)
        if case .read = SubsetScanner.read(input, into: &subset) { return subset.finish() }
      }
      var builder = builder()
      let parser = EventParser(input, base: buffer.baseAddress!)
      if !parser.read(into: &builder) { builder.fail(parser.failure(), bytes: bytes) }
      return builder.finish()
    }
  }
}

/// Owns one libyaml parser (freed in `deinit`), reading bytes that outlive it.
final class EventParser {
  // Pointers, not stored structs: `let`s need no exclusivity check on every event, and an
  // event is read in place, never copied.
  private let parser = UnsafeMutablePointer<yaml_parser_t>.allocate(capacity: 1)
  /// The event that `next()` read last, valid until `releaseEvent()`.
  let event = UnsafeMutablePointer<yaml_event_t>.allocate(capacity: 1)

  /// `base` is where the bytes start (never NULL, even for no bytes).
  init(_ bytes: UnsafeBufferPointer<UInt8>, base: UnsafePointer<UInt8>) {
    yaml_parser_initialize(parser)
    yaml_parser_set_input_string(parser, base, bytes.count)
  }

  deinit {
    yaml_parser_delete(parser)
    parser.deallocate()
    event.deallocate()
  }

  /// Frees the event that `next()` returned last.
  func releaseEvent() { yaml_event_delete(event) }

  /// Reads the next event into `event`; false on a syntax error (then see `failure()`).
  @inline(__always)
  func next() -> Bool { yaml_parser_parse(parser, event) == 1 }

  /// Gives each event to `sink` until the stream ends or the sink asks to stop; false when the
  /// parser failed first (then see `failure()`).
  func read<Sink: YAMLEventSink>(into sink: inout Sink) -> Bool {
    while next() {
      let end = event.pointee.type == YAML_STREAM_END_EVENT
      let goOn = sink.add(YAMLEvent(event))
      releaseEvent()
      if end || !goOn { return true }
    }
    return false
  }

  /// The contexts of a construct left open, with what to say of each: a finding points where
  /// it opens (SPEC §2).
  private static let openingContexts = [
    "while scanning a quoted scalar": "a quoted value opens here and is never closed",
    "while parsing a flow sequence": "a '[' list opens here and is never closed",
    "while parsing a flow mapping": "a '{' mapping opens here and is never closed",
  ]

  /// What stopped the parser, and where.
  func failure() -> YAMLFailure {
    let parser = self.parser.pointee
    let problem = parser.problem.map { String(cString: $0) } ?? "the file is not valid YAML"
    var message = problem
    var opening: (line: Int, column: Int)?
    if let context = parser.context.map({ String(cString: $0) }) {
      let start = YAMLMark.position(parser.context_mark)
      if let open = Self.openingContexts[context] {
        opening = start
        message = "\(open) (\(context), \(message))"
      } else {
        message = "\(context) (from line \(start.line), column \(start.column)), \(message)"
      }
    }
    if parser.error == YAML_READER_ERROR {
      if parser.problem_value >= 0 {
        let hex = String(parser.problem_value, radix: 16, uppercase: true)
        message += " (byte or character #x\(hex.count < 2 ? "0" : "")\(hex))"
      }
      return YAMLFailure(
        message: message, problem: problem, value: Int(parser.problem_value), mark: (0, 0, Int(parser.problem_offset)), opening: opening)
    }
    let mark = YAMLMark.position(parser.problem_mark)
    return YAMLFailure(message: message, problem: problem, mark: (mark.line, mark.column, nil), opening: opening)
  }
}

extension YAMLReader {
  /// Whether a stream holds no content at all: every line blank, a comment, or a document
  /// marker (`---`, `...`). libyaml calls a lone `...` an error; SPEC §1 calls the file empty.
  /// Stops at the first line with content, so an export costs a line.
  static func holdsOnlyMarkers(_ bytes: [UInt8]) -> Bool {
    var start = 0
    while start < bytes.count {
      var end = start
      while end < bytes.count, bytes[end] != 0x0A, bytes[end] != 0x0D { end += 1 }
      var at = start
      while at < end, bytes[at] == 0x20 || bytes[at] == 0x09 { at += 1 }
      if at + 3 <= end, at == start, bytes[at] == bytes[at + 1], bytes[at] == bytes[at + 2],
        bytes[at] == 0x2D || bytes[at] == 0x2E, at + 3 == end || bytes[at + 3] == 0x20 || bytes[at + 3] == 0x09 {
        at += 3
        while at < end, bytes[at] == 0x20 || bytes[at] == 0x09 { at += 1 }
      }
      guard at == end || bytes[at] == 0x23 else { return false }
      start = end + 1
    }
    return true
  }
}
