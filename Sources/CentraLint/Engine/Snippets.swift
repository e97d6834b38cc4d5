/// Source lines for the text report, printable and with every secret masked.
///
/// Two nets catch a secret: the spans of values that the YAML layer saw under a sensitive key
/// (through aliases too), and a reading of the raw lines (`secret:` and what follows it, a
/// quoted or block value going on below, anything shaped like a Klarna key) that also works
/// where the YAML did not parse.
struct Snippets {
  private let bytes: [UInt8]
  private var lineStarts: [Int] = [0]
  /// Masked column ranges (1-based, end exclusive) by 1-based line.
  private var masks: [Int: [Range<Int>]] = [:]

  init(bytes: [UInt8], tree: YAMLTree, sensitiveKeys: [String]) {
    self.bytes = bytes
    var index = 0
    while index < bytes.count {
      if bytes[index] == 0x0A || (bytes[index] == 0x0D && (index + 1 == bytes.count || bytes[index + 1] != 0x0A)) {
        lineStarts.append(index + 1)
      }
      index += 1
    }
    for node in tree.sensitiveNodes where node >= 0 { maskSpan(tree.nodes[node]) }
    maskByText(sensitiveKeys.isEmpty ? ["secret"] : sensitiveKeys)
  }

  /// Line `number` (1-based) as it may be shown, or nil past the end.
  func line(_ number: Int) -> String? {
    guard number >= 1, number <= lineStarts.count else { return nil }
    var scalars = Array(raw(number).unicodeScalars)
    if number == 1, scalars.first == "\u{FEFF}" { scalars.removeFirst() }
    for range in masks[number] ?? [] {
      for column in range.clamped(to: 1..<(scalars.count + 1)) { scalars[column - 1] = "*" }
    }
    var shown = String.UnicodeScalarView()
    for scalar in scalars {
      switch scalar.value {
      case 0x09: shown.append(" ")
      case 0..<0x20, 0x7F, 0x80..<0xA0: shown.append("?")
      default: shown.append(scalar)
      }
    }
    return String(shown)
  }

  private func raw(_ number: Int) -> String {
    let start = lineStarts[number - 1]
    var end = number < lineStarts.count ? lineStarts[number] : bytes.count
    while end > start, bytes[end - 1] == 0x0A || bytes[end - 1] == 0x0D { end -= 1 }
    return String(decoding: bytes[start..<end], as: UTF8.self)
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

  /// The raw-text net: lines holding a sensitive key, values that go on below them, and
  /// anything shaped like a Klarna key.
  private mutating func maskByText(_ keys: [String]) {
    var closingQuote: Character?
    var blockIndent: Int?
    for number in 1...lineStarts.count {
      let scalars = Array(raw(number).lowercased().unicodeScalars)
      let indent = scalars.prefix { $0 == " " }.count
      if let quote = closingQuote {
        mask(number, 1..<Int(Int32.max))
        if scalars.contains(quote.unicodeScalars.first!) { closingQuote = nil }
        continue
      }
      if let block = blockIndent {
        if scalars.allSatisfy({ $0 == " " || $0 == "\t" }) || indent > block {
          mask(number, 1..<Int(Int32.max))
          continue
        }
        blockIndent = nil
      }
      maskKlarnaKeys(number, scalars)
      guard let colon = sensitiveColon(scalars, keys) else { continue }
      let valueStart = scalars[(colon + 1)...].firstIndex { $0 != " " && $0 != "\t" } ?? scalars.count
      mask(number, (valueStart + 1)..<Int(Int32.max))
      let value = String(String.UnicodeScalarView(scalars[(colon + 1)...])).trimmingBlanks()
      if let quote = value.first, quote == "\"" || quote == "'", value.dropFirst().firstIndex(of: quote) == nil {
        closingQuote = quote
      } else if value.hasPrefix("|") || value.hasPrefix(">") {
        blockIndent = indent
      }
    }
  }

  /// The index of the `:` after a sensitive key on the line, if there is one.
  private func sensitiveColon(_ scalars: [Unicode.Scalar], _ keys: [String]) -> Int? {
    let text = String(String.UnicodeScalarView(scalars))
    for key in keys {
      for range in text.ranges(of: key) {
        var index = text.unicodeScalars.distance(from: text.unicodeScalars.startIndex, to: range.upperBound)
        while index < scalars.count, scalars[index] != ":" {
          guard scalars[index] == "\"" || scalars[index] == "'" || scalars[index] == " " || (scalars[index].properties.isAlphabetic || scalars[index] == "_") else { break }
          index += 1
        }
        if index < scalars.count, scalars[index] == ":" { return index }
      }
    }
    return nil
  }

  private mutating func maskKlarnaKeys(_ number: Int, _ scalars: [Unicode.Scalar]) {
    let text = String(String.UnicodeScalarView(scalars))
    for prefix in ["klarna_live_", "klarna_test_"] {
      for range in text.ranges(of: prefix) {
        let start = text.unicodeScalars.distance(from: text.unicodeScalars.startIndex, to: range.lowerBound)
        var end = start
        while end < scalars.count, !" \t\"',}]#".unicodeScalars.contains(scalars[end]) { end += 1 }
        mask(number, (start + 1)..<(end + 1))
      }
    }
  }
}
