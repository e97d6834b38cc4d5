internal import CLibYAML

/// Turns libyaml's places into 1-based lines and columns; the only place that adds the 1.
enum YAMLMark {
  /// A libyaml mark (0-based, columns in code points) as a 1-based line and column.
  static func position(_ mark: yaml_mark_t) -> (line: Int, column: Int) {
    (Int(mark.line) + 1, Int(mark.column) + 1)
  }

  /// The 1-based line and column (Unicode scalars) of a byte offset, for reader errors, where
  /// libyaml reports only the offset. Line breaks are LF, CRLF and lone CR, as in YAML.
  static func position(ofByteOffset offset: Int, in bytes: [UInt8]) -> (line: Int, column: Int) {
    var line = 1, column = 1, index = 0
    let end = min(offset, bytes.count)
    while index < end {
      let byte = bytes[index]
      if byte == 0x0A || (byte == 0x0D && (index + 1 >= bytes.count || bytes[index + 1] != 0x0A)) {
        line += 1
        column = 1
      } else if byte & 0xC0 != 0x80 && byte != 0x0D {
        column += 1
      }
      index += 1
    }
    // A BOM is not a column: libyaml skips it.
    if line == 1, bytes.starts(with: [0xEF, 0xBB, 0xBF]), column > 1 { column -= 1 }
    return (line, column)
  }
}
