/// A place in a checked file. Line and column are 1-based; columns count Unicode scalars.
public struct SourceLocation: Hashable, Comparable, Sendable {
  /// The file as it was named on the command line (joined with its path below a folder).
  public var file: String
  /// The 1-based line.
  public var line: Int
  /// The 1-based column, in Unicode scalars.
  public var column: Int

  /// Makes a location from 1-based line and column.
  public init(file: String, line: Int, column: Int) {
    self.file = file
    self.line = line
    self.column = column
  }

  // Files are told apart and sorted by their bytes: Swift's String comparison treats names that
  // are only canonically equivalent (NFC and NFD) as one, and they are two files.
  public static func == (a: SourceLocation, b: SourceLocation) -> Bool {
    a.line == b.line && a.column == b.column && ByteScan.equal(a.file, b.file)
  }

  public func hash(into hasher: inout Hasher) {
    hasher.combine(line)
    hasher.combine(column)
    for byte in file.utf8 { hasher.combine(byte) }
  }

  public static func < (a: SourceLocation, b: SourceLocation) -> Bool {
    if !ByteScan.equal(a.file, b.file) { return ByteScan.precedes(a.file, b.file) }
    if a.line != b.line { return a.line < b.line }
    return a.column < b.column
  }
}
