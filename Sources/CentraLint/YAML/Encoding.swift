/// Input encodings. libyaml reads UTF-16 with a BOM itself, but then reports places in a text
/// that the snippet printer and the secret masking cannot line up with the bytes; so UTF-16 is
/// turned into UTF-8 (with a BOM, which every place skips) before anything else reads it.
enum Encoding {
  /// The bytes as UTF-8: UTF-16 with a BOM is converted (bad surrogates become U+FFFD);
  /// anything else is returned as it is.
  static func utf8(_ bytes: [UInt8]) -> [UInt8] {
    guard bytes.count >= 2 else { return bytes }
    let bigEndian: Bool
    switch (bytes[0], bytes[1]) {
    case (0xFF, 0xFE): bigEndian = false
    case (0xFE, 0xFF): bigEndian = true
    default: return bytes
    }
    var units: [UInt16] = []
    units.reserveCapacity(bytes.count / 2)
    var index = 2
    while index + 1 < bytes.count {
      let high = UInt16(bytes[bigEndian ? index : index + 1]), low = UInt16(bytes[bigEndian ? index + 1 : index])
      units.append(high << 8 | low)
      index += 2
    }
    var result: [UInt8] = [0xEF, 0xBB, 0xBF]
    result.reserveCapacity(bytes.count + bytes.count / 2)
    _ = transcode(units.makeIterator(), from: UTF16.self, to: UTF8.self, stoppingOnError: false) { result.append($0) }
    if index < bytes.count { result.append(contentsOf: [0xEF, 0xBF, 0xBD]) }  // a dangling odd byte
    return result
  }
}
