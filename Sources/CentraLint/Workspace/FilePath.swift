/// A path as the file system has it: bytes, which need not be UTF-8. A Swift String would
/// repair a name that is not UTF-8 into one that no longer opens, so paths stay bytes from
/// `argv` and `readdir` to `open`; only reports show them as text. A path that is UTF-8 (the
/// usual case) is kept as its String, which the report's name then shares: a fleet has a
/// path per file.
public struct FilePath: Hashable, Sendable {
  private enum Storage: Equatable, Sendable {
    case text(String)
    case bytes([UInt8])
  }

  private let storage: Storage

  /// The path of a Swift String.
  public init(_ text: String) { storage = .text(text) }

  /// The path of these bytes.
  public init(bytes: [UInt8]) {
    var text = String(decoding: bytes, as: UTF8.self)
    // Decoding repairs what is not UTF-8: the same bytes back mean there was nothing to repair
    // (compared in place: the generic comparison cost 3,000 instructions a path).
    let same = text.withUTF8 { decoded in
      bytes.withUnsafeBufferPointer { ByteScan.equal(decoded, $0) }
    }
    storage = same ? .text(text) : .bytes(bytes)
  }

  /// The bytes of the path, without a final NUL.
  public var bytes: [UInt8] {
    switch storage {
    case .text(let text): return Array(text.utf8)
    case .bytes(let bytes): return bytes
    }
  }

  /// The path as text for reports; a byte that is not part of UTF-8 shows as `\xFF`, so two
  /// names that differ there still look different.
  public var text: String {
    switch storage {
    case .text(let text): return text
    case .bytes(let bytes): return Self.shown(bytes)
    }
  }

  private static func shown(_ bytes: [UInt8]) -> String {
    var result = ""
    var rest = bytes[...]
    while !rest.isEmpty {
      // The longest valid UTF-8 prefix, then one byte as \xNN.
      var decoder = UTF8()
      var iterator = rest.makeIterator()
      var consumed = 0
      var valid = String.UnicodeScalarView()
      loop: while true {
        switch decoder.decode(&iterator) {
        case .scalarValue(let scalar):
          valid.append(scalar)
          consumed += UTF8.width(scalar)
        case .emptyInput, .error: break loop
        }
      }
      result += String(valid)
      rest = rest.dropFirst(consumed)
      if let byte = rest.first {
        let hex = String(byte, radix: 16, uppercase: true)
        result += "\\x" + (hex.count < 2 ? "0" : "") + hex
        rest = rest.dropFirst()
      }
    }
    return result
  }

  /// Whether it is `-`, standard input on a command line.
  var isStandardInput: Bool { bytes == [0x2D] }

  /// `name` below this folder, with one `/` between.
  public func appending(_ name: [UInt8]) -> FilePath {
    var joined = bytes
    if !joined.isEmpty, joined.last != 0x2F { joined.append(0x2F) }
    joined.append(contentsOf: name)
    return FilePath(bytes: joined)
  }

  // Paths are equal by their bytes: two names that are only canonically equivalent (NFC and
  // NFD) are two files, where String equality would make them one.
  public static func == (a: FilePath, b: FilePath) -> Bool { a.bytes == b.bytes }

  public func hash(into hasher: inout Hasher) { hasher.combine(bytes) }

  /// Calls `body` with the path as a C string.
  public func withCString<Result>(_ body: (UnsafePointer<CChar>) throws -> Result) rethrows -> Result {
    switch storage {
    case .text(let text): return try text.withCString(body)
    case .bytes(let bytes):
      var terminated = bytes.map { CChar(bitPattern: $0) }
      terminated.append(0)
      return try terminated.withUnsafeBufferPointer { try body($0.baseAddress!) }
    }
  }
}
