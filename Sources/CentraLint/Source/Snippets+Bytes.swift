/// The masks of a source line that are found in its bytes: a URL's password, the text of a
/// sensitive value, and in text the parser did not finish, every value not known harmless.
extension Snippets {
  /// Masks in `scalars` (the decoded bytes `shown` of line `number`) what its bytes hide.
  mutating func maskBytes(_ scalars: inout [Unicode.Scalar], line number: Int, shown: Range<Int>) {
    let line = rawBytes(number)
    let searched = line[shown]
    var ranges: [Range<Int>] = searched.withUnsafeBufferPointer { buffer in
      (Sensitivity.urlPasswordRanges(in: buffer) + secrets.ranges(in: buffer)).map {
        ($0.lowerBound + shown.lowerBound)..<($0.upperBound + shown.lowerBound)
      }
    }
    if number >= unfinishedFrom { ranges += unfinishedMasks(number) }
    for range in ranges {
      let clamped = range.clamped(to: shown)
      guard !clamped.isEmpty else { continue }
      let from = Self.column(ofByte: clamped.lowerBound - shown.lowerBound, in: searched) - 1
      let to = min(scalars.count, Self.column(ofByte: clamped.upperBound - shown.lowerBound, in: searched) - 1)
      for index in from..<max(from, to) { scalars[index] = "*" }
    }
  }

  /// The masks of an unfinished line, read in order from the first unfinished line (again from
  /// there when an earlier line is asked for).
  private mutating func unfinishedMasks(_ number: Int) -> [Range<Int>] {
    if read.line == number { return read.masks }
    if number < read.line {
      unfinished = unfinishedStart
      read = (unfinishedFrom - 1, [])
    }
    while read.line + 1 < number {
      read.line += 1
      _ = unfinished.masks(rawBytes(read.line)) { _, _ in false }
    }
    let line = rawBytes(number)
    let spans = harmless[number]
    let masks = unfinished.masks(line) { start, end in
      guard let spans else { return false }
      let from = Self.column(ofByte: start - line.startIndex, in: line), to = Self.column(ofByte: end - line.startIndex, in: line)
      return spans.contains(from..<to)
    }
    read = (number, masks)
    return masks
  }

  /// The 1-based column of a byte offset within a line, counted as the snippet decodes the line
  /// (invalid bytes included), so a mask lands where the printed text is. `offset` is at an
  /// ASCII byte or a character's start, which ends any sequence before it the same way in the
  /// whole line.
  static func column(ofByte offset: Int, in line: ArraySlice<UInt8>) -> Int {
    1 + String(decoding: line.prefix(offset), as: UTF8.self).unicodeScalars.count
  }

  /// Masks anything shaped like a Klarna API key, on the decoded line itself (the one scanner,
  /// `Sensitivity.klarnaKeys`).
  static func maskKlarnaKeys(_ scalars: inout [Unicode.Scalar]) {
    for key in Sensitivity.klarnaKeys(in: scalars.map(\.value)) {
      for masked in key.range { scalars[masked] = "*" }
    }
  }
}
