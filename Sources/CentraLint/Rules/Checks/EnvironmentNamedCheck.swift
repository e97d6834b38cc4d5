/// `environment-named`: a document with plugins names no `environment` while another document
/// of the same merchant and `store` name names one, so it is compared with none of that store's
/// exports (SPEC §2). One finding per such document, related to the first that names one.
struct EnvironmentNamedCheck: Check {
  let message: Template

  var makesClaims: Bool { true }
  var comparesAcrossFiles: Bool { true }

  func run(_ file: CheckedFile, _ context: CheckContext, _ sink: inout FindingSink) {}

  /// One claim per document with plugins: its store name (compared), and whether it names an
  /// environment (`value`: the name, empty when it names none).
  func claims(_ file: CheckedFile, _ context: CheckContext) -> [Claim] {
    file.documents.enumerated().compactMap { at, names in
      guard names.hasPlugins else { return nil }
      return Claim(
        key: names.storeKey, value: names.environmentKey == nil ? "" : names.environment ?? "", file: Int32(file.index),
        pluginIndex: -1, document: Int32(at), place: Place(line: names.place.line, column: names.place.column),
        plugin: nil, owner: names.store ?? "")
    }
  }

  func resolve(_ claims: RunClaims, _ context: CheckContext, _ sink: inout FindingSink) {
    struct Store: Hashable {
      var merchant: Int
      var name: String
    }
    var named: [Store: RunClaims.Index] = [:]
    for index in claims.indices where !claims[index].value.isEmpty {
      let claim = claims[index]
      let store = Store(merchant: context.merchants[Int(claim.file)], name: claim.key)
      if named[store] == nil { named[store] = index }
    }
    guard !named.isEmpty else { return }
    for index in claims.indices where claims[index].value.isEmpty {
      let claim = claims[index]
      guard claim.file >= context.firstReported,
        let first = named[Store(merchant: context.merchants[Int(claim.file)], name: claim.key)] else { continue }
      let other = claims[first]
      let store = claim.owner.isEmpty ? "without a store name" : "of store '\(Quote.clipped(claim.owner))'"
      sink.add(
        message.render(["store": store, "environment": Quote.clipped(other.value)]), about: claim, in: context,
        related: [Finding.Related(location: context.location(of: other), message: "this export names environment '\(Quote.clipped(other.value))'")])
    }
  }
}
