/// `test-mode-outside-production`: an Active Klarna Payments plugin in an export whose
/// `environment` is named and is not production runs against live Klarna (a live endpoint, a
/// `klarna_live_` secret, or a MID the registry marks live): a staging store that takes real
/// payments. One finding per plugin, naming every live signal, at the endpoint when it is live,
/// else the secret, else the `eStoreId`. Without a registry the file stage decides; with one,
/// the plugins outside production wait for it as claims (few: a fleet's are mostly production).
struct OutsideProductionCheck: Check {
  let endpointSlot: Int, statusSlot: Int, secretSlot: Int, eStoreIDSlot: Int
  let message: Template
  /// How the message names each live signal (`{signals}` joins them).
  let endpointSignal: Template, secretSignal: Template, registrySignal: Template

  init(_ parameters: Parameters, message: Template) throws {
    endpointSlot = try parameters.slot(named: "klarnaEndpoint")
    statusSlot = try parameters.slot(named: "status")
    secretSlot = try parameters.slot(named: "secret")
    eStoreIDSlot = try parameters.slot(named: "eStoreId")
    endpointSignal = try parameters.template("endpointSignal", fills: ["endpoint"])
    secretSignal = try parameters.template("secretSignal", fills: [])
    registrySignal = try parameters.template("registrySignal", fills: ["mid"])
    self.message = message
  }

  var placeholders: [String]? { ["plugin", "environment", "signals"] }
  static let klarna = Schema.normalizedType("Klarna Payments")
  var makesClaims: Bool { true }

  /// A plugin outside production that is Active, with what the file says of it.
  private struct Candidate {
    let plugin: Plugin
    let environment: String
    var liveEndpoint: WrittenField?
    var liveSecret: WrittenField?
  }

  private func candidates(_ file: CheckedFile) -> [Candidate] {
    var found: [Candidate] = []
    for plugin in file.schemaPlugins {
      guard let environment = plugin.environment, environment != "production",
            plugin.value(statusSlot) == .choice("Active"), plugin.schema?.key == Self.klarna else { continue }
      var candidate = Candidate(plugin: plugin, environment: Self.environment(file.documents[plugin.document]))
      if let field = plugin.fields[endpointSlot], case .endpoint(let endpoint) = field.value, endpoint.environment == "live" {
        candidate.liveEndpoint = field
      }
      if let field = plugin.fields[secretSlot], TestModeCheck.keyKind(field) == "live" { candidate.liveSecret = field }
      found.append(candidate)
    }
    return found
  }

  /// The environment as a message names it: as its document writes it.
  private static func environment(_ names: DocumentNames) -> String { names.environment ?? names.environmentKey ?? "" }

  private func signals(endpoint: String?, secret: Bool, mid: String?) -> String {
    var said: [String] = []
    if let endpoint { said.append(endpointSignal.render(["endpoint": endpoint])) }
    if secret { said.append(secretSignal.render([:])) }
    if let mid { said.append(registrySignal.render(["mid": mid])) }
    return said.count < 3 ? said.joined(separator: " and ") : said.dropLast().joined(separator: ", ") + " and " + said.last!
  }

  /// Without a registry, every signal is in the file.
  func run(_ file: CheckedFile, _ context: CheckContext, _ sink: inout FindingSink) {
    guard !context.registryGiven else { return }
    for candidate in candidates(file) {
      guard let at = candidate.liveEndpoint ?? candidate.liveSecret else { continue }
      let endpoint = candidate.liveEndpoint.flatMap { field in
        if case .endpoint(let value) = field.value { return field.shown(value.written) } else { return nil }
      }
      let values: Fills = [
        "plugin": candidate.plugin.label, "environment": candidate.environment,
        "signals": signals(endpoint: endpoint, secret: candidate.liveSecret != nil, mid: nil),
      ]
      sink.add(message.render(values), about: at, plugin: candidate.plugin)
    }
  }

  /// With a registry: a claim per candidate, its MID as the key (empty when it has none), the
  /// place to point at as its endpoint place, the secret's signal in its value. What a message
  /// shows is made for a finding only, from the plugin's fields, when the file keeps them
  /// (`CheckContext.keepsFields`); else now, into `texts` (the run's memory stays bounded).
  func claims(_ file: CheckedFile, _ context: CheckContext) -> [Claim] {
    guard context.registryGiven else { return [] }
    return candidates(file).compactMap { candidate in
      let plugin = candidate.plugin
      let idField = plugin.fields[eStoreIDSlot]
      var mid = ""
      if let idField, case .text(let id) = idField.value { mid = MIDRegistry.mid(ofEStoreID: id) }
      guard let anchor = idField ?? candidate.liveEndpoint ?? candidate.liveSecret else { return nil }
      var endpointIndex: Int8 = -1
      if let field = candidate.liveEndpoint, case .endpoint(let endpoint) = field.value { endpointIndex = Int8(endpoint.index) }
      let pointAt = candidate.liveEndpoint ?? candidate.liveSecret
      var claim = Claim(
        key: mid, value: candidate.liveSecret != nil ? "secret" : "", file: Int32(file.index), pluginIndex: Int32(plugin.index),
        document: Int32(plugin.document), place: Place(anchor), endpoint: endpointIndex, endpointPlace: pointAt.map(Place.init),
        plugin: plugin.uri, owner: "")
      if context.keepsFields {
        claim.fields = plugin.fields
      } else {
        let shown = shown(endpoint: candidate.liveEndpoint, eStoreID: idField, mid: mid)
        claim.owner = plugin.label
        claim.texts = [shown.endpoint, shown.mid]
      }
      return claim
    }
  }

  /// How a message shows a plugin's endpoint (empty when it has none) and its MID, from
  /// those fields.
  private func shown(endpoint: WrittenField?, eStoreID: WrittenField?, mid: String) -> (endpoint: String, mid: String) {
    var shown = ""
    if let endpoint, case .endpoint(let value) = endpoint.value { shown = endpoint.shown(value.written) }
    return (shown, eStoreID?.shown(mid) ?? mid)
  }

  func resolve(_ claims: RunClaims, _ context: CheckContext, _ sink: inout FindingSink) {
    for at in claims.indices {
      // Read in place: only a claim with a finding is copied.
      let liveMID = !claims[at].key.isEmpty && context.registryEntry(of: claims[at]).entry?.environment == "live"
      let secret = claims[at].value == "secret", endpoint = claims[at].endpoint >= 0
      guard endpoint || secret || liveMID else { continue }
      let claim = claims[at]
      let shown = claim.texts.isEmpty
        ? shown(endpoint: claim.fields[endpointSlot], eStoreID: claim.fields[eStoreIDSlot], mid: claim.key)
        : (endpoint: claim.texts[0], mid: claim.texts[1])
      let values: Fills = [
        "plugin": claim.label(context.schema), "environment": Self.environment(context.documents[Int(claim.file)][Int(claim.document)]),
        "signals": signals(endpoint: endpoint ? shown.endpoint : nil, secret: secret, mid: liveMID ? shown.mid : nil),
      ]
      sink.add(message.render(values), about: claim, in: context, endpoint: claim.endpointPlace != nil)
    }
  }
}
