/// How a file's path is written as a URI, decided once: SARIF's locations and the language
/// server's links.
enum FileURI {
  /// A path as a URI reference: relative to where the run started (the repository root in
  /// CI; `./` dropped), an absolute path as a `file://` URI, every byte outside the unreserved
  /// set percent-encoded.
  static func reference(_ path: String) -> String {
    var path = path
    while path.hasPrefix("./") { path.removeFirst(2) }
    // Made as bytes: appending to a String's scalars took hundreds of instructions a byte.
    var result: [UInt8] = path.hasPrefix("/") ? Array("file://".utf8) : []
    result.reserveCapacity(result.count + path.utf8.count + 8)
    let digits: StaticString = "0123456789ABCDEF"
    for byte in path.utf8 {
      switch byte {
      case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
           UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"), UInt8(ascii: "/"):
        result.append(byte)
      default:
        result += [UInt8(ascii: "%"), digits.utf8Start[Int(byte >> 4)], digits.utf8Start[Int(byte & 0xF)]]
      }
    }
    return String(decoding: result, as: UTF8.self)
  }
}
