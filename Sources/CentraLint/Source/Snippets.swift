/// Source lines for the text report, printable and with every secret masked.
///
/// Where the parser finished, exactly the sensitive scalars' spans are masked (the YAML layer
/// marks them, through aliases too, `Sensitivity`), and so are the scalars shaped like a Klarna
/// key. Where it did not (from the start of the document a syntax error or a limit stopped),
/// nothing is guessed: a line keeps its keys and punctuation and masks every value not known to
/// be harmless (`UnfinishedText`). On every line, anything shaped like a Klarna key or a URL's
/// password, and the text of every sensitive value of the file (`SecretTexts`), is masked. A
/// long line is shown as a window around the column. The masks cost their number, not the
/// number of lines they cover.
struct Snippets {
  /// Scalars shown on each side of the column when a line is too long to show whole.
  static let window = 80
  /// Masked ranges kept for one line; past them the line is masked from the first on.
  static let rangesPerLine = 64

  private let bytes: [UInt8]
  private let lines: LineIndex
  /// Masked column ranges (1-based, end exclusive) of single lines, by 1-based line.
  private var partial: [Int: [Range<Int>]] = [:]
  /// Runs of whole masked lines: a multi-line secret costs one entry, however many lines it has.
  private var wholeLines: [ClosedRange<Int>] = []
  /// The texts of the file's sensitive values.
  let secrets: SecretTexts
  /// The first line the parser did not finish (`Int.max` when it finished).
  let unfinishedFrom: Int
  /// Column ranges of the values known harmless there, by line.
  var harmless: [Int: [Range<Int>]] = [:]
  /// The reading of the unfinished lines, and the last line it read (with its masks).
  var unfinished: UnfinishedText
  let unfinishedStart: UnfinishedText
  var read: (line: Int, masks: [Range<Int>])
  /// The last line decoded and masked, so many findings on one long line decode it once.
  private var cached: (number: Int, scalars: [Unicode.Scalar])?
  /// For the long line last asked about: the byte offset of every `checkpointStep`th character,
  /// so that many findings on one long line each start near their column (not at the line's
  /// start: 10,000 findings on a line of 400 kB cost the line once).
  private var checkpoints: (number: Int, offsets: [Int])?
  private static let checkpointStep = 1024

  init(bytes: [UInt8], tree: YAMLTree, sensitivity: Sensitivity, secrets: SecretTexts) {
    self.bytes = bytes
    self.secrets = secrets
    unfinishedFrom = tree.unfinishedFrom ?? .max
    unfinished = UnfinishedText(sensitivity: sensitivity)
    unfinishedStart = unfinished
    read = (unfinishedFrom - 1, [])
    lines = LineIndex(bytes)
    for node in tree.sensitiveNodes where node >= 0 && tree.nodes[node].kind == .scalar { maskSpan(tree.nodes[node]) }
    // A scalar that holds a Klarna key or a URL's password is a secret whole, wherever it is
    // (its escapes decoded: `"https://u:PW\x40host"`): not only the part a look at the line
    // would recognise.
    tree.text.withUnsafeBufferPointer { text in
      for node in tree.nodes where node.kind == .scalar && node.count >= 9 {
        if Sensitivity.holdsSecretShape(UnsafeBufferPointer(rebasing: text[node.range])) { maskSpan(node) }
      }
    }
    for index in tree.harmless where tree.nodes[index].line == tree.nodes[index].endLine {
      let node = tree.nodes[index]
      harmless[Int(node.line), default: []].append(Int(node.column)..<Int(node.endColumn))
    }
    wholeLines = Self.merged(wholeLines)
  }

  /// Line `number` (1-based) as it may be shown, with the caret's column in it; nil past the end.
  mutating func line(_ number: Int, column: Int) -> Finding.Snippet? {
    guard number >= 1, number <= lines.lineCount else { return nil }
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
    var shown: [UInt8] = []
    shown.reserveCapacity(to - from + 8)
    let more: Unicode.Scalar = "…"
    if from > 0 { shown += more.utf8 }
    // A tab shows as `→`, one character for one: a tab in the indentation is a common mistake
    // (`yaml-syntax`), and shown as a space it cannot be seen.
    let tab: Unicode.Scalar = "→"
    for scalar in scalars[from..<to] { Printable.append(scalar == "\t" ? tab : scalar, to: &shown) }
    if to < scalars.count { shown += more.utf8 }
    return Finding.Snippet(text: String(decoding: shown, as: UTF8.self), caretColumn: column - from + (from > 0 ? 1 : 0))
  }

  /// Lines longer than this, in bytes, are decoded only around the column asked for.
  static let longLine = 1 << 16

  /// The masked characters of a long line around `column`, and how many come before them.
  private mutating func window(_ number: Int, around column: Int) -> (scalars: [Unicode.Scalar], before: Int) {
    let line = rawBytes(number)
    // A margin past the window on both sides: a Klarna key that starts before the part shown
    // is still recognised, and masked.
    let first = max(1, column - Self.window - 64), last = column + Self.window + 64
    if checkpoints?.number != number {
      var offsets: [Int] = [], character = 0
      for index in line.indices where line[index] & 0xC0 != 0x80 {
        if character % Self.checkpointStep == 0 { offsets.append(index) }
        character += 1
      }
      checkpoints = (number, offsets.isEmpty ? [line.startIndex] : offsets)
    }
    let offsets = checkpoints!.offsets
    let checkpoint = min((first - 1) / Self.checkpointStep, offsets.count - 1)
    var start = line.startIndex, end = line.endIndex, character = checkpoint * Self.checkpointStep
    for index in offsets[checkpoint]..<line.endIndex where line[index] & 0xC0 != 0x80 {
      character += 1
      if character == first { start = index }
      if character == last + 1 {
        end = index
        break
      }
    }
    var scalars = Array(String(decoding: line[start..<end], as: UTF8.self).unicodeScalars)
    Self.maskKlarnaKeys(&scalars)
    maskBytes(&scalars, line: number, shown: start..<end)
    let before = first - 1
    applyMasks(&scalars, line: number, before: before)
    return (scalars, before > 0 ? before - 1 : 0)
  }

  private mutating func maskedScalars(_ number: Int) -> [Unicode.Scalar] {
    if let cached, cached.number == number { return cached.scalars }
    let line = rawBytes(number)
    var scalars = Array(String(decoding: line, as: UTF8.self).unicodeScalars)
    Self.maskKlarnaKeys(&scalars)
    maskBytes(&scalars, line: number, shown: line.indices)
    if number == 1, scalars.first == "\u{FEFF}" { scalars.removeFirst() }
    applyMasks(&scalars, line: number, before: 0)
    cached = (number, scalars)
    return scalars
  }

  /// Masks the spans of line `number` that `scalars` holds, `before` of its characters left
  /// out before them. (Klarna keys are found first, on the line as written, before any other
  /// mask hides their start.)
  private func applyMasks(_ scalars: inout [Unicode.Scalar], line number: Int, before: Int) {
    if isWholeLineMasked(number) {
      for index in scalars.indices where scalars[index] != " " { scalars[index] = "*" }
    }
    for range in partial[number] ?? [] {
      for column in range.clamped(to: (before + 1)..<(before + scalars.count + 1)) { scalars[column - before - 1] = "*" }
    }
  }

  private func isWholeLineMasked(_ number: Int) -> Bool {
    let first = wholeLines.partitionPoint { $0.upperBound < number }
    return first < wholeLines.count && wholeLines[first].contains(number)
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

  func rawBytes(_ number: Int) -> ArraySlice<UInt8> {
    bytes[bytes.withUnsafeBufferPointer { lines.byteRange(ofLine: number, in: $0)! }]
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

  mutating func maskSpan(_ node: YAMLNode) {
    let first = Int(node.line), last = Int(node.endLine)
    guard first >= 1, last >= first else { return }
    if first == last { return mask(first, Int(node.column)..<max(Int(node.endColumn), Int(node.column) + 1)) }
    mask(first, Int(node.column)..<Int(Int32.max))
    if last > first + 1 { maskLines((first + 1)...(last - 1)) }
    mask(last, 1..<max(Int(node.endColumn), 2))
  }
}
