/// Source lines for the text report, printable and with every secret masked.
///
/// Two nets catch a secret: the spans of the values the YAML layer marked sensitive (through
/// aliases too, `Sensitivity`), and a reading of the raw text that also works where the YAML
/// did not parse (`maskByText`); anything shaped like a Klarna key is masked on every line. A
/// long line is shown as a window around the column. The masks cost their number, not the
/// number of lines they cover.
struct Snippets {
  /// Scalars shown on each side of the column when a line is too long to show whole.
  static let window = 80
  /// Masked ranges kept for one line; past them the line is masked from the first on.
  static let rangesPerLine = 4

  private let bytes: [UInt8]
  private var lineStarts: [Int] = [0]
  /// Masked column ranges (1-based, end exclusive) of single lines, by 1-based line.
  private var partial: [Int: [Range<Int>]] = [:]
  /// Runs of whole masked lines: a multi-line secret, or what follows an open quote, costs one
  /// entry, however many lines it has.
  private var wholeLines: [ClosedRange<Int>] = []
  private let sensitivity: Sensitivity
  /// The last line decoded and masked, so many findings on one long line decode it once.
  private var cached: (number: Int, scalars: [Unicode.Scalar])?

  init(bytes: [UInt8], tree: YAMLTree, sensitivity: Sensitivity) {
    self.bytes = bytes
    self.sensitivity = sensitivity
    var index = 0
    while index < bytes.count {
      if bytes[index] == 0x0A || (bytes[index] == 0x0D && (index + 1 == bytes.count || bytes[index + 1] != 0x0A)) {
        lineStarts.append(index + 1)
      }
      index += 1
    }
    for node in tree.sensitiveNodes where node >= 0 { maskSpan(tree.nodes[node]) }
    // A scalar shaped like a Klarna key is a secret whole, wherever it is (its escapes
    // decoded): not only the part a look at the line would recognise.
    tree.text.withUnsafeBufferPointer { text in
      for node in tree.nodes where node.kind == .scalar && node.b >= 12 {
        if Sensitivity.looksLikeKlarnaKey(UnsafeBufferPointer(rebasing: text[Int(node.a)..<Int(node.a + node.b)])) { maskSpan(node) }
      }
    }
    maskByText()
    wholeLines = Self.merged(wholeLines)
  }

  /// Line `number` (1-based) as it may be shown, with the caret's column in it; nil past the end.
  mutating func line(_ number: Int, column: Int) -> Finding.Snippet? {
    guard number >= 1, number <= lineStarts.count else { return nil }
    // A very long line (a huge value) is decoded only around the column: its cost is the
    // window's, not the line's. The part before the window counts as the line's start.
    var (scalars, offset) = rawBytes(number).count > Self.longLine ? window(number, around: column) : (maskedScalars(number), 0)
    let column = column - offset
    if offset > 0 { scalars.insert("…", at: 0) }
    var from = 0, to = scalars.count
    if scalars.count > 2 * Self.window + 1 {
      from = max(0, min(column - 1, scalars.count) - Self.window)
      to = min(scalars.count, from + 2 * Self.window)
    }
    var shown = String.UnicodeScalarView()
    if from > 0 { shown.append("…") }
    for scalar in scalars[from..<to] { shown.append(scalar == "\t" ? " " : Printable.isUnsafe(scalar) ? "?" : scalar) }
    if to < scalars.count { shown.append("…") }
    return Finding.Snippet(text: String(shown), caretColumn: column - from + (from > 0 ? 1 : 0))
  }

  /// Lines longer than this, in bytes, are decoded only around the column asked for.
  static let longLine = 1 << 16

  /// The masked characters of a long line around `column`, and how many come before them.
  private func window(_ number: Int, around column: Int) -> (scalars: [Unicode.Scalar], before: Int) {
    let line = rawBytes(number)
    // A margin past the window on both sides: a Klarna key that starts before the part shown
    // is still recognised, and masked.
    let first = max(1, column - Self.window - 64), last = column + Self.window + 64
    var start = line.startIndex, end = line.endIndex, character = 0
    for index in line.indices where line[index] & 0xC0 != 0x80 {
      character += 1
      if character == first { start = index }
      if character == last + 1 {
        end = index
        break
      }
    }
    var scalars = Array(String(decoding: line[start..<end], as: UTF8.self).unicodeScalars)
    let before = first - 1
    applyMasks(&scalars, line: number, before: before)
    return (scalars, before > 0 ? before - 1 : 0)
  }

  private mutating func maskedScalars(_ number: Int) -> [Unicode.Scalar] {
    if let cached, cached.number == number { return cached.scalars }
    var scalars = Array(String(decoding: rawBytes(number), as: UTF8.self).unicodeScalars)
    if number == 1, scalars.first == "\u{FEFF}" { scalars.removeFirst() }
    applyMasks(&scalars, line: number, before: 0)
    cached = (number, scalars)
    return scalars
  }

  /// Masks the characters of line `number` that `scalars` holds, `before` of its characters
  /// left out before them. Klarna keys are found on the line as written, before the other
  /// masks hide their start.
  private func applyMasks(_ scalars: inout [Unicode.Scalar], line number: Int, before: Int) {
    Self.maskKlarnaKeys(&scalars)
    if isWholeLineMasked(number) {
      for index in scalars.indices where scalars[index] != " " { scalars[index] = "*" }
    }
    for range in partial[number] ?? [] {
      for column in range.clamped(to: (before + 1)..<(before + scalars.count + 1)) { scalars[column - before - 1] = "*" }
    }
  }

  private func isWholeLineMasked(_ number: Int) -> Bool {
    var low = 0, high = wholeLines.count
    while low < high {
      let middle = (low + high) / 2
      if wholeLines[middle].upperBound < number { low = middle + 1 } else { high = middle }
    }
    return low < wholeLines.count && wholeLines[low].contains(number)
  }

  /// Sorted runs with the overlapping and adjacent ones joined.
  private static func merged(_ runs: [ClosedRange<Int>]) -> [ClosedRange<Int>] {
    var result: [ClosedRange<Int>] = []
    for run in runs.sorted(by: { $0.lowerBound < $1.lowerBound }) {
      if let last = result.last, run.lowerBound <= last.upperBound + 1 {
        result[result.count - 1] = last.lowerBound...max(last.upperBound, run.upperBound)
      } else {
        result.append(run)
      }
    }
    return result
  }

  private func rawBytes(_ number: Int) -> ArraySlice<UInt8> {
    let start = lineStarts[number - 1]
    var end = number < lineStarts.count ? lineStarts[number] : bytes.count
    while end > start, bytes[end - 1] == 0x0A || bytes[end - 1] == 0x0D { end -= 1 }
    return bytes[start..<end]
  }

  /// Masks columns of one line; a line with many masks is masked from the first on.
  private mutating func mask(_ line: Int, _ columns: Range<Int>) {
    var ranges = partial[line] ?? []
    ranges.append(columns)
    if ranges.count > Self.rangesPerLine { ranges = [ranges.map(\.lowerBound).min()!..<Int(Int32.max)] }
    partial[line] = ranges
  }

  private mutating func maskLines(_ lines: ClosedRange<Int>) {
    if let last = wholeLines.last, lines.lowerBound <= last.upperBound + 1, lines.lowerBound >= last.lowerBound {
      wholeLines[wholeLines.count - 1] = last.lowerBound...max(last.upperBound, lines.upperBound)
    } else {
      wholeLines.append(lines)
    }
  }

  private mutating func maskSpan(_ node: YAMLNode) {
    let first = Int(node.line), last = Int(node.endLine)
    guard first >= 1, last >= first else { return }
    if first == last { return mask(first, Int(node.column)..<max(Int(node.endColumn), Int(node.column) + 1)) }
    mask(first, Int(node.column)..<Int(Int32.max))
    if last > first + 1 { maskLines((first + 1)...(last - 1)) }
    mask(last, 1..<max(Int(node.endColumn), 2))
  }

  /// The raw-text net, for what the parser never reached (a syntax error, a control byte):
  /// after a sensitive key, the rest of its line, every following line more indented than the
  /// key (a block, plain or nested value), and all lines up to the close of a quote it opens.
  /// Each line is read once; keys are judged by `Sensitivity`.
  private mutating func maskByText() {
    var openQuote: (quote: UInt8, from: Int)?
    var continuation: Int?  // the indent that following lines must pass
    var openFlow = 0  // brackets a sensitive value opened and did not close
    for number in 1...lineStarts.count {
      let line = rawBytes(number)
      if openFlow > 0 {
        maskLines(number...number)
        openFlow = Self.depth(after: line[...], from: openFlow)
        continue
      }
      if let open = openQuote {
        guard let close = Self.closingQuote(line, open.quote, from: line.startIndex) else { continue }
        if number > open.from { maskLines((open.from + 1)...number) }
        openQuote = nil
        scanKeys(number, line, from: close + 1, openQuote: &openQuote, continuation: &continuation, openFlow: &openFlow)
        continue
      }
      let indent = line.prefix { $0 == 0x20 }.count
      if let keyIndent = continuation {
        if indent > keyIndent || line.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) || Self.startsValue(line) {
          maskLines(number...number)
          continue
        }
        continuation = nil
      }
      scanKeys(number, line, from: line.startIndex, openQuote: &openQuote, continuation: &continuation, openFlow: &openFlow)
    }
    if let open = openQuote, lineStarts.count > open.from { maskLines((open.from + 1)...lineStarts.count) }
  }

  /// Whether a line goes on with a complex key's value (`: value` after `? secret`).
  private static func startsValue(_ line: ArraySlice<UInt8>) -> Bool {
    let rest = line.drop { $0 == 0x20 }
    return rest.first == 0x3A && (rest.count == 1 || rest.dropFirst().first == 0x20)
  }

  /// Finds the keys on a line (before each `: ` or a final `:`, and after `? `), and masks
  /// after every sensitive one.
  private mutating func scanKeys(
    _ number: Int, _ line: ArraySlice<UInt8>, from: Int,
    openQuote: inout (quote: UInt8, from: Int)?, continuation: inout Int?, openFlow: inout Int
  ) {
    var index = from
    var keyStart = from
    var quote: UInt8?
    while index < line.endIndex {
      let byte = line[index]
      if let open = quote {
        if let close = Self.closingQuote(line, open, from: index) {
          index = close + 1
          quote = nil
        } else {
          return  // a quote open to the line's end: a key cannot follow
        }
        continue
      }
      switch byte {
      case 0x22, 0x27:
        quote = byte
        index += 1
        continue
      case 0x23 where index == line.startIndex || line[index - 1] == 0x20:
        return  // a comment
      case 0x7B, 0x5B, 0x2C:  // { [ ,
        keyStart = index + 1
      case 0x3F where index + 1 == line.endIndex || line[index + 1] == 0x20:  // `? key`
        if isSensitive(line[(index + 1)...]) {
          mask(number, column(of: index + 1, in: line)..<Int(Int32.max))
          continuation = line[line.startIndex..<index].count
          return
        }
        keyStart = index + 1
      case 0x2D where (index == line.startIndex || line[index - 1] == 0x20) && (index + 1 == line.endIndex || line[index + 1] == 0x20):
        keyStart = index + 1  // `- key`
      case 0x3A where index + 1 == line.endIndex || line[index + 1] == 0x20 || line[index + 1] == 0x09:
        let key = line[keyStart..<index]
        if isSensitive(key) {
          let valueStart = line[(index + 1)...].firstIndex { $0 != 0x20 && $0 != 0x09 } ?? line.endIndex
          mask(number, column(of: valueStart, in: line)..<Int(Int32.max))
          let keyIndent = key.prefix { $0 == 0x20 }.count + (keyStart - line.startIndex)
          continuation = keyIndent
          var value = line[(index + 1)...].drop { $0 == 0x20 || $0 == 0x09 }
          // Past a tag or an anchor to the value itself.
          while let first = value.first, first == 0x21 || first == 0x26 {
            value = value.drop { $0 != 0x20 }.drop { $0 == 0x20 }
          }
          if let first = value.first, first == 0x22 || first == 0x27,
             Self.closingQuote(line, first, from: value.startIndex + 1) == nil {
            openQuote = (first, number)
          } else if let first = value.first, first == 0x5B || first == 0x7B {
            // A flow value goes on until its brackets close, however it is indented.
            openFlow = Self.depth(after: value, from: 0)
          }
          return  // the rest of the line is masked
        }
        keyStart = index + 1
      default:
        break
      }
      index += 1
    }
  }

  /// How many brackets are open after `text`, `depth` open before it (quoted text skipped).
  private static func depth(after text: ArraySlice<UInt8>, from depth: Int) -> Int {
    var depth = depth, index = text.startIndex
    while index < text.endIndex, depth >= 0 {
      switch text[index] {
      case 0x5B, 0x7B: depth += 1
      case 0x5D, 0x7D: depth -= 1
      case 0x22, 0x27:
        guard let close = closingQuote(text, text[index], from: index + 1) else { return max(depth, 0) }
        index = close
      case 0x23 where index == text.startIndex || text[index - 1] == 0x20: return max(depth, 0)  // a comment
      default: break
      }
      index += 1
    }
    return max(depth, 0)
  }

  /// Whether a key written on a line (quotes and blanks around it, simple escapes in a double
  /// quoted one) is sensitive.
  private func isSensitive(_ raw: ArraySlice<UInt8>) -> Bool {
    var key = Array(raw.drop { $0 == 0x20 || $0 == 0x09 })
    while let last = key.last, last == 0x20 || last == 0x09 { key.removeLast() }
    if let first = key.first, first == 0x22 || first == 0x27 {
      key.removeFirst()
      if key.last == first { key.removeLast() }
      if first == 0x22 { key = Self.unescaped(key) }
    }
    guard !key.isEmpty else { return false }
    return key.withUnsafeBufferPointer { sensitivity.isSensitiveKey($0) }
  }

  /// A double-quoted key's `\xNN`, `\uNNNN` and `\UNNNNNNNN` escapes decoded (others kept).
  private static func unescaped(_ key: [UInt8]) -> [UInt8] {
    guard key.contains(0x5C) else { return key }
    var result: [UInt8] = []
    var index = 0
    while index < key.count {
      let digits = index + 1 < key.count ? [UInt8(ascii: "x"): 2, UInt8(ascii: "u"): 4, UInt8(ascii: "U"): 8][key[index + 1]] : nil
      if key[index] == 0x5C, let digits, index + 1 + digits < key.count,
         let value = UInt32(String(decoding: key[(index + 2)...(index + 1 + digits)], as: UTF8.self), radix: 16),
         let scalar = Unicode.Scalar(value) {
        result.append(contentsOf: String(scalar).utf8)
        index += 2 + digits
      } else {
        result.append(key[index])
        index += 1
      }
    }
    return result
  }

  /// The index of the quote that closes one opened before `from`: `\"` is escaped in a double
  /// quoted scalar, `''` in a single quoted one.
  private static func closingQuote(_ line: ArraySlice<UInt8>, _ quote: UInt8, from: Int) -> Int? {
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

  private func column(of index: Int, in line: ArraySlice<UInt8>) -> Int {
    Self.column(ofByte: index - line.startIndex, in: line)
  }

  /// Masks anything shaped like a Klarna API key, on the decoded line itself.
  private static func maskKlarnaKeys(_ scalars: inout [Unicode.Scalar]) {
    let lower = scalars.map { $0.value >= 65 && $0.value <= 90 ? Unicode.Scalar($0.value + 32)! : $0 }
    for prefix in ["klarna_live_", "klarna_test_"] {
      let needle = Array(prefix.unicodeScalars)
      var index = 0
      while index + needle.count <= lower.count {
        guard lower[index..<(index + needle.count)].elementsEqual(needle) else {
          index += 1
          continue
        }
        // The whole value the key is in: to the closing quote when a quote opened it (spaces
        // and brackets are then part of it), else to a blank, a comma, a '}' or a comment.
        let before = lower[..<index]
        let quote = before.last { $0 == "\"" || $0 == "'" }.flatMap { mark in
          before.filter { $0 == mark }.count % 2 == 1 ? mark : nil
        }
        var end = index
        if let quote {
          while end < lower.count, lower[end] != quote { end += 1 }
        } else {
          while end < lower.count, !" \t,}#".unicodeScalars.contains(lower[end]) { end += 1 }
        }
        for masked in index..<end { scalars[masked] = "*" }
        index = end
      }
    }
  }

  /// The 1-based column of a byte offset within a line, counted as the snippet decodes the line
  /// (invalid bytes included), so a mask lands where the printed text is. `offset` is always
  /// at an ASCII byte, which ends any sequence before it the same way in the whole line.
  private static func column(ofByte offset: Int, in line: ArraySlice<UInt8>) -> Int {
    1 + String(decoding: line.prefix(offset), as: UTF8.self).unicodeScalars.count
  }
}
