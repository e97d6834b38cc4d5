#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The `# centra-lint: …` comments of a file (SPEC §6), found on its bytes: libyaml reports no
/// comments. A clean file costs one `memmem` for the marker. Where the file parsed, the spans
/// of its quoted and block scalars decide that the same text inside them is data; past a syntax
/// error (where no span is known) the line is read lexically, quotes and all.
enum CommentIndex {
  /// One comment that starts with the marker.
  struct Comment: Sendable, Equatable {
    /// Where its `#` is (1-based, columns in Unicode scalars), and the column just past its end.
    var line: Int, column: Int, endColumn: Int
    /// Whether only blanks stand before it on its line.
    var ownLine: Bool
    /// What follows `centra-lint:`, up to the end of the line.
    var text: String
    /// The line a comment alone on its line is about: the next one that is not blank or a
    /// comment (nil when there is none); its own line otherwise.
    var target: Int?
    /// The marker as written (`centra-lint:`, or in another case).
    var marker = "centra-lint:"
  }

  static let marker = Array("centra-lint:".utf8)

  /// The marker comments of a file, in order; `tree` is its parse (nil when it was not parsed).
  static func comments(in bytes: [UInt8], tree: YAMLTree?) -> [Comment] {
    bytes.withUnsafeBufferPointer { buffer in
      guard let base = buffer.baseAddress, !buffer.isEmpty else { return [] }
      // Every `#` (rare in exports: `memchr` finds them at memory speed), then blanks, then the marker.
      var hits: [Int] = []
      var from = 0
      while from < buffer.count, let found = memchr(base + from, 0x23, buffer.count - from) {
        var offset = UnsafeRawPointer(found) - UnsafeRawPointer(base) + 1
        from = offset
        while offset < buffer.count, buffer[offset] == 0x20 || buffer[offset] == 0x09 { offset += 1 }
        // In any case: `# Centra-Lint:` is a suppression written wrong, never a silent comment.
        if offset + marker.count <= buffer.count, marker.indices.allSatisfy({ Sensitivity.lower(buffer[offset + $0]) == marker[$0] }) {
          hits.append(offset)
          from = offset + marker.count
        }
      }
      guard !hits.isEmpty else { return [] }
      let lines = LineIndex(buffer)
      let spans = ScalarSpans(tree)
      var comments: [Comment] = []
      // The last search for a line with code: from `searched.from`, found `searched.found`
      // (consecutive comments share one search, so a run of them costs its length once).
      var searched = (from: Int.max, found: Int?.none)
      func codeLine(after line: Int) -> Int? {
        if line + 1 >= searched.from, searched.found.map({ $0 > line }) ?? true, searched.from != .max { return searched.found }
        var next = line + 1
        searched.from = next
        while next <= lines.lineCount, let range = lines.byteRange(ofLine: next, in: buffer) {
          let first = buffer[range].first { $0 != 0x20 && $0 != 0x09 }
          if let first, first != 0x23 {
            searched.found = next
            return next
          }
          next += 1
        }
        searched.found = nil
        return nil
      }
      for hit in hits {
        // `#`, blanks, then the marker.
        var hash = hit - 1
        while hash >= 0, buffer[hash] == 0x20 || buffer[hash] == 0x09 { hash -= 1 }
        guard hash >= 0, buffer[hash] == 0x23 else { continue }
        let line = lines.line(ofByte: hash)
        guard var range = lines.byteRange(ofLine: line, in: buffer) else { continue }
        // A byte order mark is not on the first line, nor a column of it (libyaml skips it).
        let mark = line == 1 && buffer.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        range = min(range.lowerBound + mark, range.upperBound)..<range.upperBound
        // A comment starts the line or follows a blank (YAML 1.2, 6.6).
        guard hash == range.lowerBound || buffer[hash - 1] == 0x20 || buffer[hash - 1] == 0x09 else { continue }
        func columnOf(_ offset: Int) -> Int { lines.position(ofByte: offset, in: buffer).column - (mark > 0 ? 1 : 0) }
        let column = columnOf(hash)
        // A scalar the parser read is data wherever it is, also in the document a syntax error
        // stopped; past what it read, the line is read lexically.
        if spans.covers(line: line, column: column) { continue }
        if let unfinished = tree?.unfinishedFrom ?? (tree == nil ? 1 : nil), line >= unfinished,
           Self.insideQuotes(buffer[range.lowerBound..<hash]) { continue }
        let ownLine = buffer[range.lowerBound..<hash].allSatisfy { $0 == 0x20 || $0 == 0x09 }
        let textStart = hit + marker.count
        let text = String(decoding: UnsafeBufferPointer(rebasing: buffer[min(textStart, range.upperBound)..<range.upperBound]), as: UTF8.self)
        let endColumn = columnOf(range.upperBound)
        comments.append(Comment(
          line: line, column: column, endColumn: endColumn, ownLine: ownLine, text: text,
          target: ownLine ? codeLine(after: line) : line,
          marker: String(decoding: UnsafeBufferPointer(rebasing: buffer[hit..<(hit + marker.count)]), as: UTF8.self)))
      }
      return comments
    }
  }

  /// Whether the start of a line leaves a quoted scalar open (a lexical reading: a quote opens
  /// where a value may start, `''` inside single quotes and `\"` inside double ones are text).
  static func insideQuotes(_ bytes: Slice<UnsafeBufferPointer<UInt8>>) -> Bool {
    var quote: UInt8 = 0
    var previous: UInt8 = 0x20
    var index = bytes.startIndex
    while index < bytes.endIndex {
      let byte = bytes[index]
      if quote == 0 {
        if (byte == 0x27 || byte == 0x22), [0x20, 0x09, 0x3A, 0x2C, 0x5B, 0x7B, 0x2D].contains(previous) { quote = byte }
        if byte == 0x23, previous == 0x20 || previous == 0x09 { return false }  // an earlier comment
      } else if byte == 0x5C, quote == 0x22 {
        index += 1
      } else if byte == quote {
        if quote == 0x27, index + 1 < bytes.endIndex, bytes[index + 1] == 0x27 { index += 1 } else { quote = 0 }
      }
      previous = byte
      index += 1
    }
    return quote != 0
  }

  /// Where the quoted and block scalars of a tree are: the only places a ` #` is data. A block
  /// scalar's text starts on the line after its header (`key: |   # a comment`). Sorted and
  /// disjoint: a place is looked up in the logarithm of their number.
  struct ScalarSpans {
    private var spans: [(start: Int64, end: Int64)] = []

    private static func place(_ line: Int32, _ column: Int32) -> Int64 { Int64(line) << 32 | Int64(column) }

    init(_ tree: YAMLTree?) {
      guard let tree else { return }
      for node in tree.nodes where node.kind == .scalar && (node.style == .quoted || node.style == .block) {
        let start = node.style == .block ? Self.place(node.line + 1, 0) : Self.place(node.line, node.column)
        spans.append((start, Self.place(node.endLine, node.endColumn)))
      }
      spans.sort { $0.start < $1.start }
    }

    func covers(line: Int, column: Int) -> Bool {
      let place = Self.place(Int32(clamping: line), Int32(clamping: column))
      // The last span that starts before the place; scalars do not overlap.
      let after = spans.partitionPoint { $0.start < place }
      return after > 0 && place < spans[after - 1].end
    }
  }
}
