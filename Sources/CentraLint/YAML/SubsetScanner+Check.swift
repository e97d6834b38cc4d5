internal import CLibYAML

/// The check that `SubsetScanner` gives libyaml's events: used by its tests and by the fuzz
/// target on every input.
extension SubsetScanner {
  /// An event with its own copy of its bytes.
  struct Recorded: Equatable, CustomStringConvertible {
    var kind: YAMLEvent.Kind
    var line: Int32, column: Int32, endLine: Int32, endColumn: Int32
    var style: YAMLNode.Style
    var tagged: Bool
    var value: [UInt8]
    var anchor: [UInt8]?

    init(_ event: YAMLEvent) {
      kind = event.kind
      (line, column, endLine, endColumn) = (event.line, event.column, event.endLine, event.endColumn)
      // libyaml gives a collection's end no style; a scalar's and a collection's start matter.
      style = event.kind == .scalar || event.opens ? event.style : .plain
      tagged = event.tagged
      value = Array(event.value)
      anchor = event.anchor.map(Array.init)
    }

    var description: String {
      "\(kind) \(line):\(column)-\(endLine):\(endColumn) \(style) \(String(decoding: value, as: UTF8.self).debugDescription)"
    }
  }

  struct Recorder: YAMLEventSink {
    var events: [Recorded] = []
    mutating func add(_ event: YAMLEvent) -> Bool {
      if event.kind != .other { events.append(Recorded(event)) }
      return true
    }
  }

  /// libyaml's events for `bytes`, and whether it read them to the end without an error.
  static func libyamlEvents(_ bytes: [UInt8]) -> (events: [Recorded], complete: Bool) {
    var recorder = Recorder()
    let padded = bytes.isEmpty ? [0] : bytes
    return padded.withUnsafeBufferPointer { buffer in
      let parser = EventParser(UnsafeBufferPointer(rebasing: buffer[0..<bytes.count]), base: buffer.baseAddress!)
      let complete = parser.read(into: &recorder)  // the recorder never asks to stop
      return (recorder.events, complete)
    }
  }

  /// Where this reader and libyaml disagree on `bytes`, or nil: a stream read here must be
  /// libyaml's, event for event, and the events given before `unsupported` must be its first.
  package static func disagreement(_ bytes: [UInt8]) -> String? {
    var recorder = Recorder()
    let outcome = bytes.withUnsafeBufferPointer { read($0, into: &recorder) }
    let mine = recorder.events
    if case .unsupported = outcome, mine.isEmpty { return nil }
    let (theirs, complete) = libyamlEvents(bytes)
    switch outcome {
    case .read:
      if !complete { return "read here, but libyaml stops after \(theirs.count) events" }
      if mine == theirs { return nil }
    case .unsupported(let given):
      if given != mine.count { return "gave \(mine.count) events but counted \(given)" }
      if theirs.count < mine.count {
        return complete ? "gave more events than libyaml" : nil  // libyaml stopped sooner on an error ahead
      }
      if Array(theirs.prefix(mine.count)) == mine { return nil }
    }
    let at = (0..<min(mine.count, theirs.count)).first { mine[$0] != theirs[$0] } ?? min(mine.count, theirs.count)
    let here = at < mine.count ? mine[at].description : "nothing"
    let there = at < theirs.count ? theirs[at].description : "nothing"
    return "event \(at): here \(here), libyaml \(there)"
  }
}
