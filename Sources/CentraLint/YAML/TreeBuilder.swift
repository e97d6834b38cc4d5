internal import CLibYAML

/// Turns events (`SubsetScanner`'s or libyaml's) into a `YAMLTree`, checking limits as it goes.
struct TreeBuilder {
  private struct Open {
    var node: Int32
    var pendingStart: Int
    var isMapping: Bool
  }

  var tree = YAMLTree()
  private let limits: Limits
  let sensitivity: Sensitivity
  /// The NEL, LS and PS hidden from libyaml, to put back in scalar text.
  var lineBreaks: LineBreaks?
  private var stack: [Open] = []
  /// The line where the last document ended (1 before any), and whether one is open now.
  private(set) var lastDocumentEnd = 1
  private(set) var documentOpen = false
  /// The innermost open collection (a copy of `stack.last`, asked of every event).
  private var top: Open?
  /// Children of the open collections, innermost last.
  private var pending: [Int32] = []
  /// By their bytes, as libyaml's own loader compares them (not by String's canonical equivalence).
  private var anchors: [[UInt8]: Int32] = [:]
  private(set) var documentStart = (line: 1, column: 1)
  private(set) var documentRoot: Int32 = -1
  /// Whether an alias named a collection that was still open (its children not yet known): a
  /// reader of a part of the tree before its end could then see it differently.
  private(set) var aliasedAnOpenCollection = false

  /// The bytes read, when the tree's text is them (`inPlace`).
  private var source: UnsafeBufferPointer<UInt8>?

  /// `inPlace`: the file's bytes, and where they are read. The tree's text is then those bytes
  /// themselves (shared, not copied): a scalar whose value lies in them is where it is written
  /// there, nothing copied (the subset reader's are all); any other is appended after them.
  init(
    limits: Limits, sensitivity: Sensitivity, expectedBytes: Int,
    inPlace: (bytes: [UInt8], read: UnsafeBufferPointer<UInt8>)? = nil
  ) {
    self.limits = limits
    self.sensitivity = sensitivity
    if let inPlace {
      tree.text = inPlace.bytes
      source = inPlace.read
    } else {
      // Reserved, not touched: growing by doubling would copy tens of megabytes for a big
      // export. Scalar text is never longer than the file.
      tree.text.reserveCapacity(expectedBytes)
    }
    // Exports have a node every ~12 bytes.
    tree.nodes.reserveCapacity(expectedBytes / 10 + 16)
    tree.children.reserveCapacity(expectedBytes / 10 + 16)
  }

  /// Adds one event; false when parsing must stop (a limit was passed).
  mutating func add(_ event: YAMLEvent) -> Bool {
    let start = (line: Int(event.line), column: Int(event.column))
    switch event.kind {
    case .documentStart:
      if tree.documents.count >= limits.documents {
        return stop("the file has more than \(limits.documents) documents", "documents", start)
      }
      documentStart = start
      documentRoot = -1
      documentOpen = true
      anchors.removeAll(keepingCapacity: true)
    case .documentEnd:
      lastDocumentEnd = start.line
      documentOpen = false
      tree.documents.append(
        YAMLDocumentInfo(root: Int(documentRoot), line: documentStart.line, column: documentStart.column))
    case .scalar:
      let length = event.value.count
      if isKeyPosition, length > limits.keyLength {
        return stop("a key is longer than \(limits.keyLength) bytes", "keyLength", start)
      }
      let offset: Int32
      if let source, let inFile = event.valueOffset(in: source) {
        offset = Int32(inFile)
      } else {
        offset = Int32(tree.text.count)
        if length > 0 {
          tree.text.append(contentsOf: event.value)
          lineBreaks?.restore(&tree.text, from: Int(offset))
        }
      }
      let index = append(.scalar, event, start: offset, count: Int32(length))
      register(anchor: event.anchor, index)
      return attach(index, start)
    case .alias:
      let name = Array(event.anchor ?? UnsafeBufferPointer(start: nil, count: 0))
      let target = anchors[name] ?? -1
      if target >= 0, stack.contains(where: { $0.node == target }) { aliasedAnOpenCollection = true }
      if target < 0 {
        tree.problems.append(YAMLProblem(
          kind: .syntax, message: "found undefined alias '\(Quote.clipped(String(decoding: name, as: UTF8.self)))'", line: start.line, column: start.column,
          document: tree.documents.count))
      }
      let index = append(.alias, event, start: target, count: 0)
      return attach(index, start)
    case .sequenceStart, .mappingStart:
      if stack.count >= limits.depth {
        return stop("nesting is deeper than \(limits.depth) levels", "depth", start)
      }
      let index = append(event.kind == .mappingStart ? .mapping : .sequence, event, start: 0, count: 0)
      register(anchor: event.anchor, index)
      guard attach(index, start) else { return false }
      let open = Open(node: index, pendingStart: pending.count, isMapping: event.kind == .mappingStart)
      stack.append(open)
      top = open
    case .sequenceEnd, .mappingEnd:
      let open = stack.removeLast()
      top = stack.last
      let node = Int(open.node)
      tree.nodes[node].start = Int32(tree.children.count)
      tree.nodes[node].count = Int32(pending.count - open.pendingStart)
      tree.nodes[node].endLine = event.endLine
      tree.nodes[node].endColumn = event.endColumn
      tree.children.append(contentsOf: pending[open.pendingStart...])
      pending.removeSubrange(open.pendingStart...)
      // A collection an alias inside it made sensitive while it was open: its children too.
      if tree.nodes[node].flags & YAMLNode.sensitive != 0 { markChildrenSensitive(node) }
      if tree.nodes[node].kind == .mapping { inspectKeys(of: node) }
    case .streamEnd, .other:
      break
    }
    return true
  }

  /// The collections open now, outermost first.
  var openCollections: [Int32] { stack.map(\.node) }

  /// The children so far of the open collection at `depth` (0 is the outermost): keys and
  /// values alternate in a mapping; an open child is the last one.
  func childrenSoFar(ofOpen depth: Int) -> ArraySlice<Int32> {
    let end = depth + 1 < stack.count ? stack[depth + 1].pendingStart : pending.count
    return pending[stack[depth].pendingStart..<end]
  }

  /// Records a syntax error; the documents that ended before it stay.
  /// A construct left open (a quoted scalar, a flow collection) is reported where it opens,
  /// with the place where the parser stopped as related.
  mutating func fail(_ failure: YAMLFailure, bytes: [UInt8]) {
    markUnfinished()
    let (message, offset) = SyntaxMessages.explained(failure, in: bytes)
    var place = (line: failure.mark.line, column: failure.mark.column)
    if let offset { place = YAMLMark.position(ofByteOffset: offset, in: bytes) }
    if let opening = failure.opening {
      tree.problems.append(YAMLProblem(
        kind: .syntax, message: message, line: opening.line, column: opening.column,
        document: tree.documents.count, related: place))
    } else {
      tree.problems.append(YAMLProblem(
        kind: .syntax, message: message, line: place.line, column: place.column, document: tree.documents.count))
    }
  }

  /// Records that the file is too big for any tree, which no config can raise.
  mutating func refuse(size: Int, largest: Int) {
    tree.problems.append(YAMLProblem(
      kind: .limit(setting: "fileSize"),
      message: "the file is \(size) bytes, more than the \(largest) that centra-lint can read; split it into smaller files",
      line: 1, column: 1, document: nil))
  }

  private var isKeyPosition: Bool {
    guard let open = top else { return false }
    return open.isMapping && (pending.count - open.pendingStart) & 1 == 0
  }

  private mutating func stop(_ message: String, _ setting: String, _ at: (line: Int, column: Int)) -> Bool {
    markUnfinished()
    tree.problems.append(YAMLProblem(
      kind: .limit(setting: setting),
      message: "\(message) (\(limits.raise(setting)))",
      line: at.line, column: at.column, document: tree.documents.count))
    return false
  }

  private mutating func append(_ kind: YAMLNode.Kind, _ event: YAMLEvent, start: Int32, count: Int32) -> Int32 {
    // libyaml starts a node at its anchor or tag (`&u value`, `!!str value`); a finding points
    // at the value itself. A plain scalar on one line is written as its value, so it starts
    // as many characters before its end as its value has.
    // Only a scalar with an anchor or a tag needs it: the count cost 3% of a big export.
    var column = event.column
    if kind == .scalar, event.anchor != nil || event.tagged, event.style == .plain, event.line == event.endLine, event.value.count > 0 {
      let characters = Int32(event.value.reduce(0) { $0 + ($1 & 0xC0 == 0x80 ? 0 : 1) })
      column = max(column, event.endColumn - characters)
    }
    tree.nodes.append(YAMLNode(
      kind: kind, style: kind == .alias ? .plain : event.style, line: event.line, column: column,
      endLine: event.endLine, endColumn: event.endColumn, start: start, count: count))
    return Int32(tree.nodes.count - 1)
  }

  private mutating func register(anchor: UnsafeBufferPointer<UInt8>?, _ index: Int32) {
    guard let anchor else { return }
    tree.nodes[Int(index)].flags |= YAMLNode.anchored
    anchors[Array(anchor)] = index
  }

  /// Adds a node to the open collection (or makes it the document's root).
  private mutating func attach(_ index: Int32, _ at: (line: Int, column: Int)) -> Bool {
    guard let open = top else {
      documentRoot = index
      return true
    }
    let count = pending.count - open.pendingStart
    if open.isMapping, count & 1 == 0 { tree.nodes[Int(index)].flags |= YAMLNode.key }
    if (open.isMapping ? count >> 1 : count) >= limits.items {
      return stop("a list or mapping has more than \(limits.items) items", "items", at)
    }
    pending.append(index)
    return true
  }
}
