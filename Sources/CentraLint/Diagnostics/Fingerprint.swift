/// Fingerprints (SPEC §4): what identifies a finding across edits that do not touch it. Made
/// from the rule, the file, the store, the plugin's URI, the field path (with the plugin named
/// by its URI, not its index, and without the places of list items) and the message with every line and column number taken out;
/// never from a line number or a secret. Two findings of a run never share one: a repeat gets
/// its ordinal among its equals, in report order. The baseline, SARIF, GitLab and the audit
/// comparison all use this value.
enum Fingerprint {
  /// The findings with their fingerprints.
  static func assign(_ findings: [Finding]) -> [Finding] {
    let values = of(findings)
    return findings.indices.map { index in
      var finding = findings[index]
      finding.fingerprint = values[index]
      return finding
    }
  }

  /// The fingerprints of one file's findings in report order; `file` in place of the name the
  /// findings have (a baseline names files from its own folder, so that it holds wherever the
  /// run starts).
  static func of(_ findings: [Finding], file: String? = nil) -> [String] {
    var seen: [String: Int] = [:]
    return findings.map { finding in
      let base = hash(of: finding, file: file ?? finding.location.file)
      let repeats = seen[base, default: 0]
      seen[base] = repeats + 1
      return repeats == 0 ? base : hex(YAMLTree.hash(Array("\(base)#\(repeats)".utf8)))
    }
  }

  /// FNV-1a over the parts, separated by U+001F, without joining them into a String first
  /// (this runs for every finding of a fleet).
  private static func hash(of finding: Finding, file: String) -> String {
    var hash = FNV()
    hash.add(finding.rule)
    hash.separate()
    hash.add(file)
    hash.separate()
    hash.addLowercased(finding.environment ?? "")
    hash.add("\u{0}")
    hash.addLowercased(finding.store ?? "")
    hash.separate()
    hash.addLowercased(finding.plugin ?? "")
    hash.separate()
    // `plugins[3].uri` -> `plugins[uri=klarna].uri`: inserting a plugin before keeps it.
    let path = FieldPath(finding.path ?? "")
    if let plugin = finding.plugin, let rest = path.pluginRest {
      hash.add("plugins[uri=")
      hash.addLowercased(plugin)
      hash.add("]")
      // An item's place in its list is left out (`countries[1]` -> `countries`): inserting an
      // item keeps the others' fingerprints; the message names the item's value.
      hash.addSkippingIndices(rest)
    } else {
      hash.add(path.text)
    }
    hash.separate()
    let message = finding.message
    hash.add(Self.mayNamePlaces(message) ? withoutPlaces(message) : message)
    return hex(hash.value)
  }

  // What a fingerprint feeds `FNV`: every text as its bytes in place (a loop over a
  // `String.utf8` went through the view's generic index, about 40 instructions a byte, and this
  // runs for every finding).

  /// Whether a message holds `line` or `column` (a byte search: the String search of the
  /// standard library cost a tenth of a fleet's run here).
  static func mayNamePlaces(_ message: String) -> Bool {
    var message = message
    return message.withUTF8 { bytes in
      guard bytes.count >= 4 else { return false }
      for index in 0...(bytes.count - 4) where bytes[index] == 0x6C || bytes[index] == 0x63 {
        if bytes[index] == 0x6C, bytes[index + 1] == 0x69, bytes[index + 2] == 0x6E, bytes[index + 3] == 0x65 { return true }
        if bytes[index] == 0x63, index + 6 <= bytes.count, bytes[index + 1] == 0x6F, bytes[index + 2] == 0x6C,
          bytes[index + 3] == 0x75, bytes[index + 4] == 0x6D, bytes[index + 5] == 0x6E { return true }
      }
      return false
    }
  }

  /// The message with the numbers after `line` and `column` taken out.
  static func withoutPlaces(_ message: String) -> String {
    var result = ""
    var words = message.split(separator: " ", omittingEmptySubsequences: false)[...]
    while let word = words.popFirst() {
      result += result.isEmpty ? String(word) : " " + word
      if word.hasSuffix("line") || word.hasSuffix("column") || word.hasSuffix("lines"), let next = words.first,
         next.first?.isNumber == true {
        result += " #" + next.drop { $0.isNumber }
        words.removeFirst()
      }
    }
    return result
  }

  /// Sixteen lower-case hex digits.
  static func hex(_ value: UInt64) -> String {
    String(unsafeUninitializedCapacity: 16) { digits in
      for index in 0..<16 {
        let nibble = UInt8(truncatingIfNeeded: value >> UInt64(60 - 4 * index)) & 0xF
        digits[index] = nibble < 10 ? 0x30 + nibble : 0x57 + nibble
      }
      return 16
    }
  }
}

private extension FNV {
  mutating func add(_ text: String) {
    var text = text
    text.withUTF8 { add($0) }
  }

  mutating func add(_ text: Substring) {
    var text = text
    text.withUTF8 { add($0) }
  }

  mutating func addLowercased(_ text: String) {
    var text = text
    let ascii = text.withUTF8 { bytes -> Bool in
      guard !bytes.contains(where: { $0 >= 0x80 }) else { return false }
      for byte in bytes { add(byte: byte >= 65 && byte <= 90 ? byte + 32 : byte) }
      return true
    }
    if !ascii { add(text.lowercased()) }
  }

  /// Between two parts.
  mutating func separate() { add(byte: 0x1F) }

  /// The text without any `[digits]`.
  mutating func addSkippingIndices(_ text: Substring) {
    var text = text
    text.withUTF8 { bytes in
      var index = 0
      while index < bytes.count {
        if bytes[index] == UInt8(ascii: "["), let close = bytes[index...].firstIndex(of: UInt8(ascii: "]")),
           close > index + 1, bytes[(index + 1)..<close].allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) {
          index = close + 1
          continue
        }
        add(byte: bytes[index])
        index += 1
      }
    }
  }
}
