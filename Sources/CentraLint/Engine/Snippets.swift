/// Source lines for the text report, printable and with every secret masked.
///
/// Two nets catch a secret: the spans of values that the YAML layer saw under a sensitive key
/// (through aliases too), and a reading of the raw bytes (`secret:` and what follows it, a
/// quoted or block value going on below, anything shaped like a Klarna key) that also works
/// where the YAML did not parse. A long line is shown as a window around the column.
struct Snippets {
  /// Scalars shown on each side of the column when a line is too long to show whole.
  static let window = 80

  private let bytes: [UInt8]
  private var lineStarts: [Int] = [0]
  /// Masked column ranges (1-based, end exclusive) by 1-based line.
  private var masks: [Int: [Range<Int>]] = [:]
  private let needles: [[UInt8]]
  /// The last line decoded and masked, so many findings on one long line decode it once.
  private var cached: (number: Int, scalars: [Unicode.Scalar])?

  init(bytes: [UInt8], tree: YAMLTree, sensitiveKeys: [String]) {
    self.bytes = bytes
    needles = (sensitiveKeys.isEmpty ? ["secret"] : sensitiveKeys).map { Array($0.utf8) }
    var index = 0
    while index < bytes.count {
      if bytes[index] == 0x0A || (bytes[index] == 0x0D && (index + 1 == bytes.count || bytes[index + 1] != 0x0A)) {
        lineStarts.append(index + 1)
      }
      index += 1
    }
    for node in tree.sensitiveNodes where node >= 0 { maskSpan(tree.nodes[node]) }
    maskByText()
  }

  /// Line `number` (1-based) as it may be shown, with the caret's column in it; nil past the end.
  mutating func line(_ number: Int, column: Int) -> Finding.Snippet? {
    guard number >= 1, number <= lineStarts.count else { return nil }
    let scalars = maskedScalars(number)
    var from = 0, to = scalars.count
    if scalars.count > 2 * Self.window + 1 {
      from = max(0, min(column - 1, scalars.count) - Self.window)
      to = min(scalars.count, from + 2 * Self.window)
    }
    var shown = String.UnicodeScalarView()
    if from > 0 { shown.append("…") }
    for scalar in scalars[from..<to] {
      switch scalar.value {
      case 0x09: shown.append(" ")
      case 0..<0x20, 0x7F, 0x80..<0xA0: shown.append("?")
      default: shown.append(scalar)
      }
    }
    if to < scalars.count { shown.append("…") }
    return Finding.Snippet(text: String(shown), caretColumn: column - from + (from > 0 ? 1 : 0))
  }

  private mutating func maskedScalars(_ number: Int) -> [Unicode.Scalar] {
    if let cached, cached.number == number { return cached.scalars }
    var scalars = Array(String(decoding: rawBytes(number), as: UTF8.self).unicodeScalars)
    if number == 1, scalars.first == "\u{FEFF}" { scalars.removeFirst() }
    for range in masks[number] ?? [] {
      for column in range.clamped(to: 1..<(scalars.count + 1)) { scalars[column - 1] = "*" }
    }
    Self.maskKlarnaKeys(&scalars)
    cached = (number, scalars)
    return scalars
  }

  private func rawBytes(_ number: Int) -> ArraySlice<UInt8> {
    let start = lineStarts[number - 1]
    var end = number < lineStarts.count ? lineStarts[number] : bytes.count
    while end > start, bytes[end - 1] == 0x0A || bytes[end - 1] == 0x0D { end -= 1 }
    return bytes[start..<end]
  }

  private mutating func mask(_ line: Int, _ columns: Range<Int>) {
    masks[line, default: []].append(columns)
  }

  private mutating func maskSpan(_ node: YAMLNode) {
    let first = Int(node.line), last = Int(node.endLine)
    guard first >= 1, last >= first else { return }
    for line in first...last {
      let from = line == first ? Int(node.column) : 1
      let to = line == last ? max(Int(node.endColumn), from) : Int(Int32.max)
      mask(line, from..<to)
    }
  }

  /// The raw-text net. Works on bytes; only lines that hold a needle are decoded.
  private mutating func maskByText() {
    var closingQuote: UInt8?
    var blockIndent: Int?
    for number in 1...lineStarts.count {
      let line = rawBytes(number)
      let indent = line.prefix { $0 == 0x20 }.count
      if let quote = closingQuote {
        mask(number, 1..<Int(Int32.max))
        if line.contains(quote) { closingQuote = nil }
        continue
      }
      if let block = blockIndent {
        if line.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) || indent > block {
          mask(number, 1..<Int(Int32.max))
          continue
        }
        blockIndent = nil
      }
      let lower = line.map { $0 >= 65 && $0 <= 90 ? $0 + 32 : $0 }
      guard needles.contains(where: { Self.contains(lower, $0) }),
            let colon = sensitiveColon(lower) else { continue }
      let value = lower[(colon + 1)...].drop { $0 == 0x20 || $0 == 0x09 }
      let column = Self.column(ofByte: lower.count - value.count, in: line)
      mask(number, column..<Int(Int32.max))
      if let first = value.first, first == 0x22 || first == 0x27, !value.dropFirst().contains(first) {
        closingQuote = first
      } else if value.first == 0x7C || value.first == 0x3E {  // | or >
        blockIndent = indent
      }
    }
  }

  /// The byte index of the `:` that follows a sensitive key (through quotes and letters).
  private func sensitiveColon(_ lower: [UInt8]) -> Int? {
    for needle in needles {
      var start = 0
      while let found = Self.find(lower, needle, from: start) {
        var index = found + needle.count
        while index < lower.count, lower[index] != 0x3A {
          let byte = lower[index]
          guard byte == 0x22 || byte == 0x27 || byte == 0x20 || byte == 0x5F || (byte >= 97 && byte <= 122) else { break }
          index += 1
        }
        if index < lower.count, lower[index] == 0x3A { return index }
        start = found + 1
      }
    }
    return nil
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
        var end = index
        while end < lower.count, !" \t\"',}]#".unicodeScalars.contains(lower[end]) { end += 1 }
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

  private static func contains(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool {
    find(haystack, needle, from: 0) != nil
  }

  private static func find(_ haystack: [UInt8], _ needle: [UInt8], from: Int) -> Int? {
    guard !needle.isEmpty, haystack.count >= needle.count, from <= haystack.count - needle.count else { return nil }
    var index = from
    while index <= haystack.count - needle.count {
      if haystack[index] == needle[0], haystack[index..<(index + needle.count)].elementsEqual(needle) { return index }
      index += 1
    }
    return nil
  }
}
