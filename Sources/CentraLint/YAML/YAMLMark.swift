internal import CLibYAML

/// Turns libyaml's places into 1-based lines and columns; the only place that adds the 1.
enum YAMLMark {
  /// A libyaml mark (0-based, columns in code points) as a 1-based line and column.
  static func position(_ mark: yaml_mark_t) -> (line: Int, column: Int) {
    (Int(oneBased(mark.line)), Int(oneBased(mark.column)))
  }

  /// A libyaml mark's 0-based line or column, 1-based, as events keep them.
  static func oneBased(_ value: Int) -> Int32 { Int32(truncatingIfNeeded: value &+ 1) }

  /// The 1-based line and column (Unicode scalars) of a byte offset, for reader errors, where
  /// libyaml reports only the offset (`LineIndex` counts; a BOM is not a column).
  static func position(ofByteOffset offset: Int, in bytes: [UInt8]) -> (line: Int, column: Int) {
    bytes.withUnsafeBufferPointer { buffer in
      var place = LineIndex(buffer).position(ofByte: offset, in: buffer)
      // A BOM is not a column: libyaml skips it.
      if place.line == 1, bytes.starts(with: [0xEF, 0xBB, 0xBF]), place.column > 1 { place.column -= 1 }
      return place
    }
  }
}
