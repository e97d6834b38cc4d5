/// What takes a stream of events, from libyaml or from `SubsetScanner`.
protocol YAMLEventSink {
  /// Takes one event; false when reading must stop (a limit was passed).
  mutating func add(_ event: YAMLEvent) -> Bool
}

extension TreeBuilder: YAMLEventSink {}

/// Reads the YAML that exports are written in without libyaml, and gives the events libyaml
/// gives for it: the same kinds, styles, values and places, in the same order.
///
/// The subset: UTF-8 of printable characters and LF; block mappings and sequences laid out by
/// indentation (a sequence may sit at its key's indent); keys and values that are plain or
/// quoted scalars on one line (a double-quoted one without escapes); flow collections on one
/// line; comments; `---` between documents. Anything else is `unsupported`: tabs, CR, a BOM,
/// anchors, aliases, tags, block scalars, scalars or flow collections over several lines, `?`
/// keys, empty keys and items, `...`, directives, and every syntax error. The caller then reads
/// the file with libyaml, which decides: nothing outside the subset is guessed at here.
///
/// An event is given only once everything that decides it has been read, so the events given
/// before `unsupported` are the first events libyaml gives for the file (`EventPipeline` goes on
/// from there with libyaml). `SubsetScannerTests` compares both readers' events on the corpora
/// and on mutations of them.
///
/// Cost: one pass over the bytes to check the characters, one to read them; each byte is looked
/// at a bounded number of times (a column is counted on from the last one counted on its line).
package struct SubsetScanner {
  /// How reading ended.
  enum Outcome: Equatable {
    /// Every event was given, or the sink asked to stop.
    case read
    /// The file leaves the subset: read it with libyaml (`given` events were given first).
    case unsupported(given: Int)
  }

  private enum Halt: Error { case unsupported, stopped }

  /// A block collection open now.
  private struct Block {
    var indent: Int
    var isMapping: Bool
    /// A sequence at its key's indent (`key:` then `- item` below it, not indented).
    var indentless: Bool
  }

  /// A scalar read but not yet given: where it starts and ends, and its value.
  private struct Scalar {
    var start: Int, end: Int
    var style: YAMLNode.Style
    var value: UnsafeBufferPointer<UInt8>
  }

  private let base: UnsafePointer<UInt8>
  private let count: Int
  /// 0-based line of `lineStart`.
  private var line: Int32 = 0
  private var lineStart = 0
  /// The last column counted on this line, and its byte (`column(_:)`).
  private var countedAt = 0, counted: Int32 = 0
  /// The first byte at or after `lineStart` that is not ASCII (`count` when none): a column
  /// up to it is its offset on the line, in a file that is not all ASCII too (most of its lines
  /// are: one `×` in a plugin made every column of its file counted).
  private var nextWide = 0
  private var stack: [Block] = []
  /// The value of the last single-quoted scalar read with `''` in it, unescaped.
  private var unescaped = UnsafeMutableBufferPointer<UInt8>(start: nil, count: 0)
  /// How many values were unescaped into `unescaped` (each overwrites the last).
  private var doubledQuotes = 0
  /// A flow collection's events, read but not yet given (`record`).
  private var recorded: [YAMLEvent] = []
  private var given = 0

  /// The deepest flow nesting read here; deeper goes to libyaml (and its depth limit).
  private static let flowDepth = 32
  /// libyaml forgets a possible key after this many characters (`could not find expected ':'`).
  private static let keyReach = 1024

  private init(_ bytes: UnsafeBufferPointer<UInt8>, ascii: Bool) {
    base = bytes.baseAddress!
    count = bytes.count
    nextWide = ascii ? count : wide(from: 0)
  }

  /// The first byte at or after `start` that is not ASCII, eight bytes at once; `count` when none.
  private func wide(from start: Int) -> Int {
    var at = start
    while at + 8 <= count, UnsafeRawPointer(base + at).loadUnaligned(as: UInt64.self) & 0x8080_8080_8080_8080 == 0 { at += 8 }
    while at < count, base[at] < 0x80 { at += 1 }
    return at
  }

  /// Reads `bytes` into `sink`.
  static func read<Sink: YAMLEventSink>(_ bytes: UnsafeBufferPointer<UInt8>, into sink: inout Sink) -> Outcome {
    guard bytes.count > 0, let ascii = checkedText(bytes) else { return .unsupported(given: 0) }
    var scanner = SubsetScanner(bytes, ascii: ascii)
    defer { scanner.unescaped.deallocate() }
    do throws(Halt) {
      try scanner.stream(&sink)
      return .read
    } catch {
      return error == .stopped ? .read : .unsupported(given: scanner.given)
    }
  }

  // MARK: Characters

  /// Whether every character is one this reader takes (LF, printable ASCII, and UTF-8 of the
  /// characters libyaml calls printable, less NEL, LS, PS and the BOM): nil if not, else
  /// whether the text is all ASCII (then a column is a byte count).
  static func checkedText(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool? {
    let base = bytes.baseAddress!, count = bytes.count
    var ascii = true
    var at = 0
    while at < count {
      if at + 8 <= count {
        // Eight ASCII bytes at once: each flag is exact per byte (no carry crosses a byte of
        // an ASCII word), so a word with LF in it is skipped too.
        let word = UnsafeRawPointer(base + at).loadUnaligned(as: UInt64.self)
        let highBits: UInt64 = 0x8080_8080_8080_8080, lowBits: UInt64 = 0x7F7F_7F7F_7F7F_7F7F
        if word & highBits == 0 {
          let control = ~(word &+ 0x6060_6060_6060_6060) & highBits  // below 0x20
          let lineFeed = word ^ 0x0A0A_0A0A_0A0A_0A0A, delete = word ^ lowBits
          let isLineFeed = ~((lineFeed &+ lowBits) | lineFeed) & highBits
          let isDelete = ~((delete &+ lowBits) | delete) & highBits
          if control & ~isLineFeed | isDelete == 0 {
            at += 8
            continue
          }
        }
      }
      let byte = base[at]
      if byte < 0x80 {
        guard byte == 0x0A || (byte >= 0x20 && byte != 0x7F) else { return nil }
        at += 1
        continue
      }
      ascii = false
      let length: Int, least: UInt32
      var scalar: UInt32
      switch byte {
      case 0xC2...0xDF: (length, least, scalar) = (2, 0x80, UInt32(byte & 0x1F))
      case 0xE0...0xEF: (length, least, scalar) = (3, 0x800, UInt32(byte & 0x0F))
      case 0xF0...0xF4: (length, least, scalar) = (4, 0x10000, UInt32(byte & 0x07))
      default: return nil
      }
      guard at + length <= count else { return nil }
      for next in 1..<length {
        let continuation = base[at + next]
        guard continuation & 0xC0 == 0x80 else { return nil }
        scalar = scalar << 6 | UInt32(continuation & 0x3F)
      }
      guard scalar >= least, (0xA0...0xD7FF).contains(scalar) || (0xE000...0xFFFD).contains(scalar) && scalar != 0xFEFF
        || (0x10000...0x10FFFF).contains(scalar), scalar != 0x2028, scalar != 0x2029
      else { return nil }
      at += length
    }
    return ascii
  }

  /// The byte at `offset`, 0 past the end (the text holds no NUL).
  @inline(__always) private func byte(_ offset: Int) -> UInt8 { offset < count ? base[offset] : 0 }

  /// Whether `byte` ends a token: a space, a line's end or the text's.
  @inline(__always) private static func endsToken(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x0A || byte == 0 }

  /// The 0-based column (in characters) of `offset` on the current line.
  private mutating func column(_ offset: Int) -> Int32 {
    if offset <= nextWide { return Int32(truncatingIfNeeded: offset - lineStart) }
    if offset < countedAt {
      countedAt = lineStart
      counted = 0
    }
    var at = countedAt
    // A character per byte that is not a continuation byte (10xxxxxx), eight bytes at once.
    var continuations = 0
    while at + 8 <= offset {
      let word = UnsafeRawPointer(base + at).loadUnaligned(as: UInt64.self)
      continuations += (word & ~(word << 1) & 0x8080_8080_8080_8080).nonzeroBitCount
      at += 8
    }
    counted += Int32(truncatingIfNeeded: at - countedAt - continuations)
    while at < offset {
      if base[at] & 0xC0 != 0x80 { counted += 1 }
      at += 1
    }
    countedAt = offset
    return counted
  }

  private mutating func startLine(at offset: Int) {
    line += 1
    lineStart = offset
    countedAt = offset
    counted = 0
    if nextWide < offset { nextWide = wide(from: offset) }
  }

  private func skipSpaces(_ offset: Int) -> Int {
    var at = offset
    while byte(at) == 0x20 { at += 1 }
    return at
  }

  // MARK: Events

  private mutating func give<Sink: YAMLEventSink>(
    _ kind: YAMLEvent.Kind, _ start: Int32, _ end: Int32, style: YAMLNode.Style = .plain,
    value: UnsafeBufferPointer<UInt8> = UnsafeBufferPointer(start: nil, count: 0), line: Int32? = nil, into sink: inout Sink
  ) throws(Halt) {
    let line = (line ?? self.line) + 1
    given += 1
    guard sink.add(YAMLEvent(
      kind: kind, line: line, column: start + 1, endLine: line, endColumn: end + 1, style: style, value: value, anchor: nil))
    else { throw .stopped }
  }

  private mutating func give<Sink: YAMLEventSink>(_ scalar: Scalar, into sink: inout Sink) throws(Halt) {
    let start = column(scalar.start), end = column(scalar.end)
    try give(.scalar, start, end, style: scalar.style, value: scalar.value, into: &sink)
  }

  /// An empty plain scalar, as libyaml gives for a key without a value.
  private mutating func giveEmpty<Sink: YAMLEventSink>(at place: (line: Int32, column: Int32), into sink: inout Sink) throws(Halt) {
    try give(.scalar, place.column, place.column, line: place.line, into: &sink)
  }

  /// Ends every collection open deeper than `indent` where the next token is (`at`, 0-based);
  /// a sequence at its key's indent ends there too unless the token is an `entry` of it.
  private mutating func close<Sink: YAMLEventSink>(
    deeperThan indent: Int, entry: Bool, at place: (line: Int32, column: Int32), into sink: inout Sink
  ) throws(Halt) {
    while let top = stack.last {
      let ends = top.indentless ? top.indent > indent || (top.indent == indent && !entry) : top.indent > indent
      guard ends else { return }
      stack.removeLast()
      try give(top.isMapping ? .mappingEnd : .sequenceEnd, place.column, place.column, line: place.line, into: &sink)
    }
  }

  // MARK: The stream

  private mutating func stream<Sink: YAMLEventSink>(_ sink: inout Sink) throws(Halt) {
    var documentOpen = false
    var rootRead = false
    /// After `key:` with nothing behind it: where its empty value would be (0-based).
    var emptyValue: (line: Int32, column: Int32)?
    var offset = 0
    while true {
      var first = skipSpaces(offset)
      if byte(first) == 0x23 { first = lineEnd(first) }
      if first < count, base[first] == 0x0A {
        offset = first + 1
        startLine(at: offset)
        continue
      }
      let indent = first - lineStart
      if first >= count {
        // The end. On a last line without LF, libyaml first ends what is deeper than where
        // that line ends, there; the rest ends at the start of the line after it.
        let unended = lineStart < count
        if let place = emptyValue { try giveEmpty(at: place, into: &sink) }
        if unended {
          let column = column(count)
          try close(deeperThan: Int(column), entry: true, at: (line, column), into: &sink)
        }
        let end = (line: unended ? line + 1 : line, column: Int32(0))
        try close(deeperThan: -1, entry: false, at: end, into: &sink)
        if documentOpen {
          if !rootRead { try giveEmpty(at: end, into: &sink) }
          try give(.documentEnd, 0, 0, line: end.line, into: &sink)
        }
        try give(.streamEnd, 0, 0, line: end.line, into: &sink)
        return
      }
      let lead = byte(first)
      if indent == 0, lead == 0x2D || lead == 0x2E, byte(1 + first) == lead, byte(2 + first) == lead, Self.endsToken(byte(3 + first)) {
        guard lead == 0x2D else { throw .unsupported }  // `...`
        let here = (line: line, column: Int32(0))
        if let place = emptyValue { try giveEmpty(at: place, into: &sink) }
        emptyValue = nil
        try close(deeperThan: -1, entry: false, at: here, into: &sink)
        if documentOpen {
          if !rootRead { try giveEmpty(at: here, into: &sink) }
          try give(.documentEnd, 0, 0, into: &sink)
        }
        try give(.documentStart, 0, 3, into: &sink)
        documentOpen = true
        rootRead = false
        offset = try endOfLine(after: first + 3)
        continue
      }
      if indent == 0, lead == 0x25 { throw .unsupported }  // a directive
      let entry = lead == 0x2D && Self.endsToken(byte(first + 1))
      let key = entry ? nil : try self.key(at: first)
      if !documentOpen {
        try give(.documentStart, Int32(indent), Int32(indent), into: &sink)
        documentOpen = true
      }
      if let place = emptyValue {
        emptyValue = nil
        let holder = stack[stack.count - 1].indent
        if indent > holder {
          if entry {
            try give(.sequenceStart, Int32(indent), Int32(indent), style: .blockCollection, into: &sink)
            stack.append(Block(indent: indent, isMapping: false, indentless: false))
          } else if key != nil {
            try give(.mappingStart, Int32(indent), Int32(indent), style: .blockCollection, into: &sink)
            stack.append(Block(indent: indent, isMapping: true, indentless: false))
          } else {
            throw .unsupported  // a scalar below its key
          }
        } else if indent == holder, entry {
          try give(.sequenceStart, Int32(indent), Int32(indent + 1), style: .blockCollection, into: &sink)
          stack.append(Block(indent: indent, isMapping: false, indentless: true))
        } else {
          // At the key's own indent only the next key ends the value: libyaml takes a block
          // scalar there (`a:` then `|`) as the value.
          guard indent < holder || key != nil else { throw .unsupported }
          try giveEmpty(at: place, into: &sink)
        }
      }
      try close(deeperThan: indent, entry: entry, at: (line, Int32(indent)), into: &sink)
      if let top = stack.last {
        guard top.indent == indent, top.isMapping == (key != nil), top.isMapping || entry else { throw .unsupported }
      } else {
        // The document's root, of which there is one.
        guard !rootRead, entry || key != nil else { throw .unsupported }
        rootRead = true
        try give(entry ? .sequenceStart : .mappingStart, Int32(indent), Int32(indent), style: .blockCollection, into: &sink)
        stack.append(Block(indent: indent, isMapping: !entry, indentless: false))
      }
      if entry {
        (offset, emptyValue) = try self.entry(at: first, into: &sink)
      } else {
        (offset, emptyValue) = try pair(key!, into: &sink)
      }
    }
  }

  /// Where the line holding `offset` ends (its LF, or the end).
  private func lineEnd(_ offset: Int) -> Int {
    var at = offset
    while at < count, base[at] != 0x0A { at += 1 }
    return at
  }

  /// After a token: spaces, maybe a comment, then the line's end (its LF, or the end).
  private func restOfLine(after offset: Int) throws(Halt) -> Int {
    var at = skipSpaces(offset)
    if byte(at) == 0x23 { at = lineEnd(at) }
    guard at >= count || base[at] == 0x0A else { throw .unsupported }
    return at
  }

  /// The next line's start after a line's end (`restOfLine`).
  private mutating func nextLine(after end: Int) -> Int {
    guard end < count else { return end }
    startLine(at: end + 1)
    return end + 1
  }

  /// After a token: the rest of its line (`restOfLine`); returns the next line's start.
  private mutating func endOfLine(after offset: Int) throws(Halt) -> Int {
    nextLine(after: try restOfLine(after: offset))
  }

  /// Whether a plain scalar that ends at the LF at `end` goes on below: libyaml reads on into
  /// the next line with content when it is more indented than the scalar's collection and not
  /// a comment.
  private func continues(from end: Int, indent: Int) -> Bool {
    var at = end
    while at < count {
      let first = skipSpaces(at + 1)
      switch byte(first) {
      case 0x0A: at = first
      case 0, 0x23: return false
      default: return first - (at + 1) > indent
      }
    }
    return false
  }

  /// `- item`: the item is a mapping on this line (`- key: value`) or a value. Returns the next
  /// line's start and, as `pair` does, where an empty value would be.
  private mutating func entry<Sink: YAMLEventSink>(
    at dash: Int, into sink: inout Sink
  ) throws(Halt) -> (Int, (line: Int32, column: Int32)?) {
    let item = skipSpaces(dash + 1)
    guard item > dash + 1 else { throw .unsupported }  // `-` alone: an empty item, or one below
    if let key = try key(at: item) {
      let indent = item - lineStart  // only spaces and a dash before it
      try give(.mappingStart, Int32(indent), Int32(indent), style: .blockCollection, into: &sink)
      stack.append(Block(indent: indent, isMapping: true, indentless: false))
      return try pair(key, into: &sink)
    }
    return (try value(at: item, into: &sink), nil)
  }

  /// `key: value` (the key read already); returns the next line's start and, when the value is
  /// not on this line, where its empty value would be.
  private mutating func pair<Sink: YAMLEventSink>(
    _ key: (scalar: Scalar, colon: Int), into sink: inout Sink
  ) throws(Halt) -> (Int, (line: Int32, column: Int32)?) {
    try give(key.scalar, into: &sink)
    let value = skipSpaces(key.colon + 1)
    switch byte(value) {
    case 0x0A, 0, 0x23:
      let place = (line: line, column: column(key.colon) + 1)
      return (try endOfLine(after: value), place)
    default:
      return (try self.value(at: value, into: &sink), nil)
    }
  }

  /// A value on this line, then the line's end; returns the next line's start. As libyaml does,
  /// the value is given once the line is read to its end (what follows may make it a key), and
  /// a plain one once the next line shows it does not go on there.
  private mutating func value<Sink: YAMLEventSink>(at offset: Int, into sink: inout Sink) throws(Halt) -> Int {
    let end: Int
    switch byte(offset) {
    case 0x5B, 0x7B:
      let doubledBefore = doubledQuotes
      end = try record(flowAt: offset)
      _ = try restOfLine(after: end)
      if doubledQuotes == doubledBefore {
        for event in recorded {
          given += 1
          guard sink.add(event) else { throw .stopped }
        }
      } else {
        // A value with `''` in it is unescaped into one buffer that the next such value
        // reuses: the recorded events' values may be gone, so the collection is read again.
        _ = try flow(at: offset, depth: 1, into: &sink)
      }
    case 0x27, 0x22:
      let scalar = try quoted(at: offset)
      end = scalar.end
      _ = try restOfLine(after: end)
      try give(scalar, into: &sink)
    default:
      let (scalar, stop, at) = try plain(at: offset)
      guard stop != 0x3A else { throw .unsupported }  // `a: b: c`
      if stop == 0x0A, continues(from: at, indent: stack[stack.count - 1].indent) { throw .unsupported }
      end = scalar.end
      try give(scalar, into: &sink)
    }
    return try endOfLine(after: end)
  }

  /// Reads a flow collection into `recorded` without giving its events (what follows it on
  /// its line may yet leave the subset); returns the offset after it. Recording costs less than
  /// reading the collection twice (a registry of flow entries spent a sixth of its reading on
  /// the second pass).
  private mutating func record(flowAt offset: Int) throws(Halt) -> Int {
    var hold = FlowHold(events: recorded)
    recorded = []
    hold.events.removeAll(keepingCapacity: true)
    let counted = given
    defer { given = counted }
    let end = try flow(at: offset, depth: 1, into: &hold)
    recorded = hold.events
    return end
  }

  /// Keeps the events of a flow collection until its line has been read to its end.
  private struct FlowHold: YAMLEventSink {
    var events: [YAMLEvent]
    mutating func add(_ event: YAMLEvent) -> Bool {
      events.append(event)
      return true
    }
  }

  // MARK: Scalars

  /// Whether a plain scalar may start with `byte` (and the byte after it) in block context.
  @inline(__always) private func startsPlain(_ offset: Int) -> Bool {
    switch byte(offset) {
    case 0x2D: return !Self.endsToken(byte(offset + 1))  // `-x`, not `- `
    case 0x3F, 0x3A, 0x2C, 0x5B, 0x5D, 0x7B, 0x7D, 0x23, 0x26, 0x2A, 0x21, 0x7C, 0x3E, 0x27, 0x22, 0x25, 0x40, 0x60, 0x20, 0x0A, 0:
      return false  // `?:,[]{}#&*!|>'"%@` and the backquote: indicators
    default: return true
    }
  }

  /// A plain scalar on one line (block context), what stopped it (LF or 0 at the line's end,
  /// `#` before a comment, `:` before a value) and where.
  private func plain(at start: Int) throws(Halt) -> (Scalar, stop: UInt8, at: Int) {
    guard startsPlain(start) else { throw .unsupported }
    var at = start + 1
    var end = at
    while true {
      let byte = byte(at)
      switch byte {
      case 0x0A, 0:
        return (scalar(start, end), byte, at)
      case 0x20:
        at += 1
        if self.byte(at) == 0x23 { return (scalar(start, end), 0x23, at) }
      case 0x3A where Self.endsToken(self.byte(at + 1)):
        return (scalar(start, end), 0x3A, at)
      default:
        at += 1
        end = at
      }
    }
  }

  @inline(__always) private func scalar(_ start: Int, _ end: Int, style: YAMLNode.Style = .plain) -> Scalar {
    Scalar(start: start, end: end, style: style, value: UnsafeBufferPointer(start: base + start, count: end - start))
  }

  /// A quoted scalar on one line: single-quoted (`''` is a quote), or double-quoted without
  /// escapes. Its value stays valid until the next quoted scalar.
  private mutating func quoted(at start: Int) throws(Halt) -> Scalar {
    let quote = base[start]
    var at = start + 1
    var doubled = false
    while true {
      let byte = byte(at)
      if byte == quote {
        guard quote == 0x27, self.byte(at + 1) == 0x27 else { break }
        doubled = true
        at += 2
        continue
      }
      guard byte != 0x0A, byte != 0, quote == 0x27 || byte != 0x5C else { throw .unsupported }
      at += 1
    }
    var scalar = scalar(start + 1, at, style: .quoted)
    scalar.start = start
    scalar.end = at + 1
    if doubled {
      doubledQuotes += 1
      if unescaped.count < at - start {
        unescaped.deallocate()
        unescaped = .allocate(capacity: max(at - start, 2 * unescaped.count))
      }
      var from = start + 1, length = 0
      while from < at {
        unescaped[length] = base[from]
        length += 1
        from += base[from] == 0x27 ? 2 : 1
      }
      scalar.value = UnsafeBufferPointer(rebasing: unescaped[0..<length])
    }
    return scalar
  }

  /// A key and its colon at `start`, if the line holds one there (`key: …`, `'key' : …`); nil
  /// for a value. A key too far from its colon for libyaml is `unsupported`.
  private mutating func key(at start: Int) throws(Halt) -> (scalar: Scalar, colon: Int)? {
    let scalar: Scalar
    var colon: Int
    switch byte(start) {
    case 0x27, 0x22:
      scalar = try quoted(at: start)
      colon = skipSpaces(scalar.end)
      guard byte(colon) == 0x3A, Self.endsToken(byte(colon + 1)) else { return nil }
    default:
      guard startsPlain(start) else { return nil }
      let (read, stop, _) = try plain(at: start)
      guard stop == 0x3A else { return nil }
      scalar = read
      colon = skipSpaces(read.end)
    }
    guard colon - start <= Self.keyReach else { throw .unsupported }
    return (scalar, colon)
  }

  // MARK: Flow collections

  /// A flow collection on one line (`[a, b]`, `{ k: v }`); returns the offset after it.
  private mutating func flow<Sink: YAMLEventSink>(at open: Int, depth: Int, into sink: inout Sink) throws(Halt) -> Int {
    guard depth <= Self.flowDepth else { throw .unsupported }
    let isMapping = base[open] == 0x7B
    let close: UInt8 = isMapping ? 0x7D : 0x5D
    let start = column(open)
    try give(isMapping ? .mappingStart : .sequenceStart, start, start + 1, style: .flow, into: &sink)
    var at = skipSpaces(open + 1)
    if byte(at) != close {
      while true {
        if isMapping {
          guard byte(at) != 0x5B, byte(at) != 0x7B else { throw .unsupported }  // a collection as a key
          let key = at
          // Two statements: as one, `skipSpaces`'s receiver (this scanner) would be copied
          // before `flowNode` changes it (two copies of the scanner per node).
          at = try flowNode(at: at, depth: depth, into: &sink)
          at = skipSpaces(at)
          // `: ` only (not JSON's `"a":1`), within libyaml's reach of a key, with a value.
          guard byte(at) == 0x3A, byte(at + 1) == 0x20, at - key <= Self.keyReach else { throw .unsupported }
          at = skipSpaces(at + 1)
          guard byte(at) != 0x2C, byte(at) != close else { throw .unsupported }
        }
        at = try flowNode(at: at, depth: depth, into: &sink)
        at = skipSpaces(at)
        if byte(at) == 0x2C {
          at = skipSpaces(at + 1)
          guard byte(at) != close else { throw .unsupported }  // a trailing comma
          continue
        }
        guard byte(at) == close else { throw .unsupported }
        break
      }
    }
    let end = column(at)
    try give(isMapping ? .mappingEnd : .sequenceEnd, end, end + 1, into: &sink)
    return at + 1
  }

  /// A node in a flow collection: a collection, a quoted or a plain scalar; returns the offset
  /// after it.
  private mutating func flowNode<Sink: YAMLEventSink>(at start: Int, depth: Int, into sink: inout Sink) throws(Halt) -> Int {
    switch byte(start) {
    case 0x5B, 0x7B:
      return try flow(at: start, depth: depth + 1, into: &sink)
    case 0x27, 0x22:
      let scalar = try quoted(at: start)
      try give(scalar, into: &sink)
      return scalar.end
    default:
      guard startsPlain(start), byte(start) != 0x2D else { throw .unsupported }
      var at = start + 1
      var end = at
      scan: while true {
        switch byte(at) {
        case 0x2C, 0x5B, 0x5D, 0x7B, 0x7D: break scan
        case 0x3A:
          guard byte(at + 1) == 0x20 else { throw .unsupported }
          break scan
        case 0x23, 0x0A, 0: throw .unsupported
        case 0x20: at += 1
        default:
          at += 1
          end = at
        }
      }
      try give(scalar(start, end), into: &sink)
      return end
    }
  }
}
