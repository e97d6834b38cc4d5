/// A path as the file system has it: bytes, which need not be UTF-8. A Swift String would
/// repair a name that is not UTF-8 into one that no longer opens, so paths stay bytes from
/// `argv` and `readdir` to `open`; only reports show them as text.
public struct FilePath: Hashable, Sendable {
  /// The bytes of the path, without a final NUL.
  public var bytes: [UInt8]

  /// The path of a Swift String.
  public init(_ text: String) { bytes = Array(text.utf8) }

  /// The path of these bytes.
  public init(bytes: [UInt8]) { self.bytes = bytes }

  /// The path as text for reports; a byte that is not UTF-8 shows as U+FFFD.
  public var text: String { String(decoding: bytes, as: UTF8.self) }

  /// `name` below this folder, with one `/` between.
  public func appending(_ name: [UInt8]) -> FilePath {
    var joined = bytes
    if !joined.isEmpty, joined.last != 0x2F { joined.append(0x2F) }
    joined.append(contentsOf: name)
    return FilePath(bytes: joined)
  }

  /// Calls `body` with the path as a C string.
  public func withCString<Result>(_ body: (UnsafePointer<CChar>) throws -> Result) rethrows -> Result {
    var terminated = bytes.map { CChar(bitPattern: $0) }
    terminated.append(0)
    return try terminated.withUnsafeBufferPointer { try body($0.baseAddress!) }
  }
}
