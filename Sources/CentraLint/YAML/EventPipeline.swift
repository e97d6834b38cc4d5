internal import CLibYAML
import Dispatch
import Synchronization
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The parser on a thread of its own for a big file: it parses and copies each event (with its
/// bytes) into chunks, which the caller's thread turns into the tree meanwhile. The tree is the
/// one the caller would build reading the events directly: same events, same order, same stops.
/// `SubsetScanner` reads first; where the file leaves its subset, libyaml reads it from the
/// start and the events it gives again are skipped.
///
/// The producer stops at the end of the stream, at a syntax error, when the caller asks (it
/// passed a limit), and by itself after an event that nests deeper than the depth limit, so
/// that libyaml's slow path on deep flow nesting is never reached here either.
final class EventPipeline: @unchecked Sendable {  // shared state: semaphores and an atomic order it
  /// An event copied out of libyaml: places and offsets into its chunk's bytes (a value
  /// `inFile` into the file's: the subset reader's values are where they are written, and are
  /// not copied).
  struct Stored {
    var kind: YAMLEvent.Kind
    var style: YAMLNode.Style
    var tagged: Bool
    var inFile = false
    var line: Int32, column: Int32, endLine: Int32, endColumn: Int32
    var valueStart: Int32, valueCount: Int32
    /// -1 when there is no anchor.
    var anchorStart: Int32, anchorCount: Int32
  }

  /// A run of events and the bytes they refer to.
  final class Chunk {
    var events: [Stored] = []
    var bytes: [UInt8] = []
    /// Set on the last chunk when the parser failed.
    var failure: YAMLFailure?
    var isLast = false
  }

  static let chunkEvents = 8192
  private static let slotCount = 4

  private let bytes: UnsafeBufferPointer<UInt8>
  private let base: UnsafePointer<UInt8>
  private let subset: Bool
  private let depthLimit: Int
  private let stopRequested = Atomic<Bool>(false)
  private let free = DispatchSemaphore(value: EventPipeline.slotCount)
  private let ready = DispatchSemaphore(value: 0)
  private let slots = UnsafeMutablePointer<Chunk?>.allocate(capacity: EventPipeline.slotCount)
  private var thread = pthread_t()

  /// Starts parsing `bytes` (which must outlive `consume`) on a new thread; with `ownThread`
  /// false (or when no thread can be had) every chunk is made here first.
  init(_ bytes: UnsafeBufferPointer<UInt8>, base: UnsafePointer<UInt8>, depthLimit: Int, ownThread: Bool = true, subset: Bool = true) {
    self.bytes = bytes
    self.base = base
    self.subset = subset
    self.depthLimit = depthLimit
    slots.initialize(repeating: nil, count: Self.slotCount)
    guard ownThread else {
      inline = true
      produce()
      return
    }
    let context = Unmanaged.passRetained(self).toOpaque()
    let started = pthread_create(&thread, nil, { context in
      let pipeline = Unmanaged<EventPipeline>.fromOpaque(context!).takeRetainedValue()
      pipeline.produce()
      return nil
    }, context)
    if started != 0 {
      // No thread to be had: parse here, before the caller reads (the result is the same).
      Unmanaged<EventPipeline>.fromOpaque(context).release()
      inline = true
      produce()
    }
  }

  deinit {
    slots.deinitialize(count: Self.slotCount)
    slots.deallocate()
  }

  /// Set (before any reading) when no thread could be started: every chunk is then made first.
  private var inline = false
  private var inlineChunks: [Chunk] = []

  /// Reads every event into `take` until it returns false or the stream ends; then the
  /// producer is stopped and joined. Returns the parser's failure, if it failed before `take`
  /// stopped.
  func consume(
    _ take: (YAMLEvent) -> Bool, afterChunk: () -> Void = {}
  ) -> YAMLFailure? {
    var next = 0
    var taking = true
    var failure: YAMLFailure?
    while true {
      let chunk: Chunk
      if inline {
        guard next < inlineChunks.count else { break }
        chunk = inlineChunks[next]
      } else {
        ready.wait()
        chunk = slots[next % Self.slotCount]!
        slots[next % Self.slotCount] = nil
        free.signal()
      }
      next += 1
      if taking {
        chunk.bytes.withUnsafeBufferPointer { bytes in
          for stored in chunk.events where taking {
            taking = take(event(stored, in: bytes))
          }
        }
        if !taking { stopRequested.store(true, ordering: .relaxed) }
        if taking { failure = chunk.failure }
        if taking, !chunk.isLast { afterChunk() }
      }
      if chunk.isLast { break }
    }
    if !inline { pthread_join(thread, nil) }
    return failure
  }

  private func event(_ stored: Stored, in bytes: UnsafeBufferPointer<UInt8>) -> YAMLEvent {
    YAMLEvent(
      kind: stored.kind, line: stored.line, column: stored.column, endLine: stored.endLine, endColumn: stored.endColumn,
      style: stored.style, tagged: stored.tagged,
      value: stored.inFile
        ? UnsafeBufferPointer(start: base + Int(stored.valueStart), count: Int(stored.valueCount))
        : UnsafeBufferPointer(rebasing: bytes[Int(stored.valueStart)..<Int(stored.valueStart + stored.valueCount)]),
      anchor: stored.anchorStart < 0
        ? nil : UnsafeBufferPointer(rebasing: bytes[Int(stored.anchorStart)..<Int(stored.anchorStart + stored.anchorCount)]))
  }

  // The producer's state (its thread only).
  private var chunk = Chunk()
  /// The last full chunk, handed on once the next one is full: the subset reader may give a
  /// few events that libyaml, looking ahead, would not give before an error there, and those
  /// are among the events not yet handed on when it stops.
  private var held: Chunk?
  private var depth = 0
  private var produced = 0
  /// Events handed on.
  private var handedEvents = 0

  /// The producer: the subset reader's events, then libyaml's, copied a chunk at a time.
  private func produce() {
    chunk.events.reserveCapacity(Self.chunkEvents)
    var sink = Producer(pipeline: self)
    if subset {
      guard case .unsupported = SubsetScanner.read(bytes, into: &sink) else { return handLast() }
      // libyaml goes on from the events handed on; the ones held are made again.
      sink.skip = handedEvents
      held = nil
      chunk = Chunk()
      depth = 0
    }
    let parser = EventParser(bytes, base: base)
    if !parser.read(into: &sink) { chunk.failure = parser.failure() }
    handLast()
  }

  /// Takes the events on the producer's thread: the first `skip` only counted (the subset
  /// reader handed them on already; it gives no stream start, `other`), the rest stored.
  private struct Producer: YAMLEventSink {
    let pipeline: EventPipeline
    var skip = 0
    mutating func add(_ event: YAMLEvent) -> Bool {
      guard skip > 0 else { return pipeline.store(event) }
      if event.kind != .other { skip -= 1 }
      pipeline.track(event)
      return true
    }
  }

  /// Follows the nesting of an event.
  private func track(_ event: YAMLEvent) {
    if event.opens { depth += 1 }
    if event.closes { depth -= 1 }
  }

  /// Copies one event into the chunk (handing the chunk on when full); false when no event is
  /// to follow.
  private func store(_ event: YAMLEvent) -> Bool {
    var stored = Stored(
      kind: event.kind, style: event.style, tagged: event.tagged, line: event.line, column: event.column, endLine: event.endLine,
      endColumn: event.endColumn, valueStart: Int32(chunk.bytes.count), valueCount: Int32(event.value.count),
      anchorStart: -1, anchorCount: 0)
    if let offset = event.valueOffset(in: bytes) {
      stored.inFile = true
      stored.valueStart = Int32(offset)
    } else if !event.value.isEmpty {
      chunk.bytes.append(contentsOf: event.value)
    }
    if let anchor = event.anchor {
      stored.anchorStart = Int32(chunk.bytes.count)
      stored.anchorCount = Int32(anchor.count)
      chunk.bytes.append(contentsOf: anchor)
    }
    chunk.events.append(stored)
    track(event)
    if event.kind == .streamEnd || depth > depthLimit || stopRequested.load(ordering: .relaxed) { return false }
    if chunk.events.count == Self.chunkEvents {
      if let held { hand(held) }
      held = chunk
      chunk = Chunk()
      chunk.events.reserveCapacity(Self.chunkEvents)
    }
    return true
  }

  private func hand(_ chunk: Chunk) {
    handedEvents += chunk.events.lazy.filter { $0.kind != .other }.count
    if inline {
      inlineChunks.append(chunk)
    } else {
      free.wait()
      slots[produced % Self.slotCount] = chunk
      ready.signal()
    }
    produced += 1
  }

  private func handLast() {
    if let held { hand(held) }
    chunk.isLast = true
    hand(chunk)
  }
}
