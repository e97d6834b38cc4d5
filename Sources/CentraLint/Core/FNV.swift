/// FNV-1a, 64 bits: the one definition of the byte hash the code base keeps (keys matched by
/// hash before their bytes, secret texts, big URIs, fingerprints). Fed piece by piece, it has
/// the value of the joined bytes.
struct FNV {
  private(set) var value: UInt64 = 0xcbf2_9ce4_8422_2325

  @inline(__always)
  mutating func add(byte: UInt8) { value = (value ^ UInt64(byte)) &* 0x100_0000_01b3 }

  mutating func add<Bytes: Sequence<UInt8>>(_ bytes: Bytes) {
    for byte in bytes { add(byte: byte) }
  }

  /// The hash of some bytes.
  static func hash<Bytes: Sequence<UInt8>>(_ bytes: Bytes) -> UInt64 {
    var hash = FNV()
    hash.add(bytes)
    return hash.value
  }
}
