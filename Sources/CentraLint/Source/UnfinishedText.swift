/// What to mask on source lines that the parser did not finish (SPEC §2, Secrets): deny by
/// default. The parser cannot say there what a value is, nor under which key it is, so a line
/// keeps only the YAML punctuation, the keys the schema knows (a field name is never a secret)
/// and the values the tree knows are harmless; every other character of a token is masked. A
/// wrong reading of the layout can then only mask more, or show punctuation.
///
/// Lines are read in order, each once: a quote, a flow collection or a block scalar goes on
/// over lines.
struct UnfinishedText {
  private let sensitivity: Sensitivity
  private var flowDepth = 0
  /// The quote a scalar opened on an earlier line and has not closed.
  private var openQuote: UInt8?
  /// The indent that lines of a block scalar pass.
  private var blockIndent: Int?

  init(sensitivity: Sensitivity) { self.sensitivity = sensitivity }

  /// The byte ranges of `line` to mask, as indices of it; reading it moves the state past it.
  /// `isHarmless(start, end)` says whether a value written there is known to be harmless.
  mutating func masks(_ line: ArraySlice<UInt8>, isHarmless: (Int, Int) -> Bool) -> [Range<Int>] {
    let content = line.firstIndex { !Self.isBlank($0) } ?? line.endIndex
    guard content < line.endIndex else { return [] }
    if let indent = blockIndent {
      if content - line.startIndex > indent { return [content..<line.endIndex] }
      blockIndent = nil
    }
    var masks: [Range<Int>] = []
    var index = content
    if let quote = openQuote {
      guard let close = Self.closingQuote(line, quote, from: content) else { return [content..<line.endIndex] }
      masks.append(content..<close)
      openQuote = nil
      index = close + 1
    }
    var keyNext = false  // after `? `
    while index < line.endIndex {
      let byte = line[index], next = index + 1 < line.endIndex ? line[index + 1] : 0x20
      switch byte {
      case 0x20, 0x09:
        index += 1
      case 0x23 where index == line.startIndex || Self.isBlank(line[index - 1]):  // a comment
        if index + 1 < line.endIndex { masks.append((index + 1)..<line.endIndex) }
        return masks
      case 0x7B, 0x5B:
        flowDepth += 1
        index += 1
      case 0x7D, 0x5D:
        flowDepth = max(0, flowDepth - 1)
        index += 1
      case 0x2C where flowDepth > 0:
        index += 1
      case _ where (byte == 0x2D || byte == 0x3F || byte == 0x3A) && (Self.isBlank(next) || (flowDepth > 0 && Self.isFlowIndicator(next))):
        keyNext = byte == 0x3F
        index += 1
      case 0x26, 0x2A, 0x21:  // an anchor, an alias, a tag: the sign shows, the name does not
        var end = index + 1
        while end < line.endIndex, !Self.isBlank(line[end]), !(flowDepth > 0 && Self.isFlowIndicator(line[end])) { end += 1 }
        if end > index + 1 { masks.append((index + 1)..<end) }
        index = end
      case 0x7C, 0x3E:  // a block scalar's header; its lines follow, more indented
        var end = index + 1
        while end < line.endIndex, line[end] == 0x2B || line[end] == 0x2D || (line[end] >= 0x30 && line[end] <= 0x39) { end += 1 }
        blockIndent = content - line.startIndex
        index = end
      case 0x22, 0x27:
        guard let close = Self.closingQuote(line, byte, from: index + 1) else {
          if index + 1 < line.endIndex { masks.append((index + 1)..<line.endIndex) }
          openQuote = byte
          return masks
        }
        var after = close + 1
        while after < line.endIndex, Self.isBlank(line[after]) { after += 1 }
        let isKey = keyNext || (after < line.endIndex && line[after] == 0x3A)
        let shown = isKey ? isKnownKey(line[(index + 1)..<close]) : isHarmless(index, close + 1)
        if !shown, close > index + 1 { masks.append((index + 1)..<close) }
        keyNext = false
        index = close + 1
        if isKey, after < line.endIndex, line[after] == 0x3A { index = after + 1 }  // `"key":value`
      default:
        var end = index
        while end < line.endIndex {
          let byte = line[end], next = end + 1 < line.endIndex ? line[end + 1] : 0x20
          if byte == 0x3A, Self.isBlank(next) || (flowDepth > 0 && Self.isFlowIndicator(next)) { break }
          if Self.isBlank(byte), next == 0x23 { break }
          if flowDepth > 0, Self.isFlowIndicator(byte) { break }
          end += 1
        }
        var last = end
        while last > index, Self.isBlank(line[last - 1]) { last -= 1 }
        let isKey = keyNext || (end < line.endIndex && line[end] == 0x3A)
        let shown = isKey ? isKnownKey(line[index..<last]) || Self.isDocumentMarker(line, index, last) : isHarmless(index, last)
        if !shown { masks.append(index..<last) }
        keyNext = false
        index = end
      }
    }
    return masks
  }

  private func isKnownKey(_ key: ArraySlice<UInt8>) -> Bool {
    key.withUnsafeBufferPointer { sensitivity.isKnownKey($0) }
  }

  private static func isDocumentMarker(_ line: ArraySlice<UInt8>, _ start: Int, _ end: Int) -> Bool {
    start == line.startIndex && end - start == 3 && (line[start..<end].elementsEqual("---".utf8) || line[start..<end].elementsEqual("...".utf8))
  }

  private static func isBlank(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 }

  private static func isFlowIndicator(_ byte: UInt8) -> Bool {
    byte == 0x2C || byte == 0x5B || byte == 0x5D || byte == 0x7B || byte == 0x7D
  }

  /// The index of the quote that closes one opened before `from`: `\"` is escaped in a double
  /// quoted scalar, `''` in a single quoted one.
  static func closingQuote(_ line: ArraySlice<UInt8>, _ quote: UInt8, from: Int) -> Int? {
    var index = from
    while index < line.endIndex {
      let byte = line[index]
      if quote == 0x22, byte == 0x5C {
        index += 2
        continue
      }
      if byte == quote {
        if quote == 0x27, index + 1 < line.endIndex, line[index + 1] == 0x27 {
          index += 2
          continue
        }
        return index
      }
      index += 1
    }
    return nil
  }
}
