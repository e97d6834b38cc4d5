/// `test-mode-consistent`: test mode, the endpoint's environment, the secret's key type, the
/// registry's environment for the MID and a production export all agree.
struct TestModeCheck: Check {
  let endpointSlot: Int, testModeSlot: Int, statusSlot: Int, secretSlot: Int, eStoreIDSlot: Int
  /// The rule file's messages, one per disagreement.
  let testModeYesLive: Template, testModeNoPlayground: Template, activeInProduction: Template, alsoActiveInProduction: Template
  let testKeyLive: Template, liveKeyPlayground: Template, registryDisagrees: Template

  init(_ parameters: Parameters) throws {
    endpointSlot = try parameters.slot(named: "klarnaEndpoint")
    testModeSlot = try parameters.slot(named: "testMode")
    statusSlot = try parameters.slot(named: "status")
    secretSlot = try parameters.slot(named: "secret")
    eStoreIDSlot = try parameters.slot(named: "eStoreId")
    let fills = ["plugin", "endpoint"]
    testModeYesLive = try parameters.template("testModeYesLiveMessage", fills: fills)
    testModeNoPlayground = try parameters.template("testModeNoPlaygroundMessage", fills: fills)
    activeInProduction = try parameters.template("activeInProductionMessage", fills: fills)
    alsoActiveInProduction = try parameters.template("alsoActiveInProductionMessage", fills: fills)
    testKeyLive = try parameters.template("testKeyLiveMessage", fills: fills)
    liveKeyPlayground = try parameters.template("liveKeyPlaygroundMessage", fills: fills)
    registryDisagrees = try parameters.template("registryMessage", fills: ["mid", "registered", "endpoint", "environment"])
  }

  func run(_ file: CheckedFile, _ context: CheckContext, _ sink: inout FindingSink) {
    for plugin in file.schemaPlugins {
      var endpoint: KlarnaTables.Endpoint?
      let endpointField = plugin.fields[endpointSlot]
      if case .endpoint(let value)? = endpointField?.value { endpoint = value }
      if let testField = plugin.fields[testModeSlot], case .yesNo(let testMode) = testField.value {
        var reasons: [String] = []
        // Made only for a finding (this runs for every plugin).
        func values() -> Fills { ["plugin": plugin.label, "endpoint": endpoint.map { endpointField!.shown($0.written) } ?? ""] }
        if let endpoint, testMode != endpoint.isPlayground {
          reasons.append((testMode ? testModeYesLive : testModeNoPlayground).render(values()))
        }
        if testMode, plugin.environment == "production", plugin.value(statusSlot) == .choice("Active") {
          reasons.append((reasons.isEmpty ? activeInProduction : alsoActiveInProduction).render(values()))
        }
        if !reasons.isEmpty { sink.add(reasons.joined(separator: ", and "), about: testField, plugin: plugin) }
      }
      guard let endpoint else { continue }
      if let secretField = plugin.fields[secretSlot], let kind = Self.keyKind(secretField), kind != endpoint.environment {
        let values: Fills = ["plugin": plugin.label, "endpoint": endpointField!.shown(endpoint.written)]
        sink.add((kind == "playground" ? testKeyLive : liveKeyPlayground).render(values), about: secretField, plugin: plugin)
      }
    }
  }

  var makesClaims: Bool { true }
  var midFields: MIDFields? { MIDFields(endpoint: endpointSlot, eStoreID: eStoreIDSlot) }

  func claims(_ file: CheckedFile, _ context: CheckContext) -> [Claim] {
    file.midClaims
  }

  /// The registry's environment for the MID disagrees with the endpoint's.
  func resolve(_ claims: RunClaims, _ context: CheckContext, _ sink: inout FindingSink) {
    for claim in claims {
      guard claim.endpoint >= 0, case let endpoint = context.tables.endpoints[Int(claim.endpoint)],
            let registered = context.registryEntry(of: claim).entry?.environment,
            registered != endpoint.environment else { continue }
      sink.add(
        registryDisagrees.render(["mid": claim.shownMID, "registered": registered, "endpoint": claim.value, "environment": endpoint.environment]),
        about: claim, in: context)
    }
  }

  /// `playground` for a `klarna_test_` key, `live` for a `klarna_live_` key; nil for anything
  /// else, including a `${NAME}` reference.
  static func keyKind(_ field: WrittenField) -> String? {
    guard case .text(let secret) = field.value else { return nil }
    var trimmed = secret.trimmingBlanks()
    let key = trimmed.withUTF8 { Sensitivity.klarnaKeys(in: $0, first: true).first }
    guard let key, key.range.lowerBound == 0 else { return nil }
    return key.kind == .test ? "playground" : "live"
  }
}
