/// Fingerprints (SPEC §4): what identifies a finding across edits that do not touch it. Made
/// from the rule, the file, the store, the plugin's URI, the field path (with the plugin named
/// by its URI, not its index) and the message with every line and column number taken out;
/// never from a line number or a secret. Two findings of a run never share one: a repeat gets
/// its ordinal among its equals, in report order. The baseline, SARIF, GitLab and the audit
/// comparison all use this value.
enum Fingerprint {
  /// The findings with their fingerprints.
  static func assign(_ findings: [Finding]) -> [Finding] {
    var seen: [String: Int] = [:]
    return findings.map { finding in
      var finding = finding
      let base = hash(of: finding)
      let repeats = seen[base, default: 0]
      seen[base] = repeats + 1
      finding.fingerprint = repeats == 0 ? base : hex(YAMLTree.hash(Array("\(base)#\(repeats)".utf8)))
      return finding
    }
  }

  private static func hash(of finding: Finding) -> String {
    var path = finding.path ?? ""
    // `plugins[3].uri` -> `plugins[uri=klarna].uri`: inserting a plugin before keeps it.
    if let plugin = finding.plugin, path.hasPrefix("plugins["), let close = path.firstIndex(of: "]") {
      path = "plugins[uri=\(plugin.lowercased())]" + path[path.index(after: close)...]
    }
    let store = "\(finding.environment?.lowercased() ?? "")\u{0}\(finding.store?.lowercased() ?? "")"
    let parts = [finding.rule, finding.location.file, store, finding.plugin?.lowercased() ?? "", path, withoutPlaces(finding.message)]
    return hex(YAMLTree.hash(Array(parts.joined(separator: "\u{1F}").utf8)))
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

  static func hex(_ value: UInt64) -> String {
    let digits = String(value, radix: 16)
    return String(repeating: "0", count: 16 - digits.count) + digits
  }
}
