/// `unique`: a field's value (trimmed, ignoring case) is used by one plugin only in each store
/// (SPEC §1), across every file and document of the run. Every later use is a finding related
/// to the first.
struct UniqueCheck: Check {
  let field: String
  let slot: Int
  let message: Template

  init(_ parameters: Parameters, message: Template) throws {
    field = try parameters.text("field")
    slot = try parameters.slot(named: field)
    self.message = message
  }

  func run(_ file: CheckedFile, _ context: CheckContext, _ sink: inout FindingSink) {}

  var makesClaims: Bool { true }
  var comparesAcrossFiles: Bool { true }

  func claims(_ file: CheckedFile, _ context: CheckContext) -> [Claim] {
    var claims: [Claim] = []
    claims.reserveCapacity(file.plugins.count)  // kept until the run ends: no slack
    // A long value behind many aliases is one String shared by its uses: its key is made once
    // (comparing a String with itself is one pointer comparison), so the uses cost their
    // number, not their size.
    var recent: [(value: String, key: String, shown: String)] = []
    for plugin in file.plugins {
      guard let written = plugin.fields[slot], case .text(let value) = written.value else { continue }
      let key: String, shown: String
      if value.utf8.count > 1024, let known = recent.first(where: { $0.value.utf8.count == value.utf8.count && $0.value == value }) {
        (key, shown) = (known.key, known.shown)
      } else {
        let trimmed = value.trimmingBlanks()
        // Values that are secrets are compared, and said to be shared, never shown.
        (key, shown) = (Self.key(trimmed), written.sensitive ? Sensitivity.hidden : Quote.clipped(trimmed))
        if value.utf8.count > 1024 { recent = [(value, key, shown)] + recent.prefix(7) }
      }
      guard !key.isEmpty else { continue }
      claims.append(Claim(
        key: key, value: shown, file: Int32(file.index), pluginIndex: Int32(plugin.index),
        document: Int32(plugin.document), place: Place(written), plugin: plugin.uri, owner: plugin.name ?? plugin.uri ?? plugin.path))
    }
    return claims
  }

  func resolve(_ claims: RunClaims, _ context: CheckContext, _ sink: inout FindingSink) {
    // The first claim of each value in each store, by its place in `claims` (a claim is
    // large to copy).
    struct Key: Hashable {
      var store: Int32
      var value: String
    }
    var first: [Key: RunClaims.Index] = [:]
    first.reserveCapacity(claims.files.reduce(0) { $0 + $1.count })
    func value(_ slot: inout RunClaims.Index) -> RunClaims.Index { slot }
    for index in claims.indices {
      let claim = claims[index]
      // One hashing: through `inout`, the default is stored when the key is new.
      let known = value(&first[Key(store: context.store(of: claim), value: claim.key), default: index])
      guard known != index else { continue }
      let original = claims[known]
      sink.add(
        message.render([
          "value": claim.value, "field": field, "plugin": Quote.clipped(original.owner.trimmingBlanks()),
          "store": context.documents[Int(claim.file)][Int(claim.document)].described,
        ]),
        about: claim, in: context, related: [Finding.Related(location: context.location(of: original), message: "first used here")])
    }
  }

  /// The compared form of a value: in lower case, and for a long value its first 256 bytes,
  /// its length and a hash of the whole.
  static func key(_ text: String) -> String {
    let lower = lowercased(text)
    guard lower.utf8.count > 1024 else { return lower }
    var whole = lower
    let hash = whole.withUTF8 { YAMLTree.hash($0) }
    return String(decoding: lower.utf8.prefix(256), as: UTF8.self) + "\u{0}\(lower.utf8.count)\u{0}\(hash)"
  }

  /// The text in lower case; the same String (no copy, which a fleet's claims would keep) when
  /// it is lower case already, as URIs mostly are.
  static func lowercased(_ text: String) -> String {
    var bytes = text
    let plain = bytes.withUTF8 { !$0.contains { $0 >= 0x41 && $0 <= 0x5A || $0 >= 0x80 } }
    return plain ? text : text.lowercased()
  }
}
