/// `endpoint-region-matches-mid`: the endpoint's region is the region the registry gives the
/// plugin's MID. A MID missing from a given registry is reported at `params.notRegisteredSeverity`
/// (`info`), or the rule's setting when that is lower; without a registry the check says
/// nothing. Its messages are the rule file's: `message` for a region that differs,
/// `params.notRegisteredMessage` for a MID the registry lacks, and `params.otherCaseMessage`
/// when the registry has it in another case (`k500185` for `K500185`).
struct EndpointRegionCheck: Check {
  let endpointSlot: Int
  let eStoreIDSlot: Int
  let message: Template
  let notRegistered: Template
  let otherCase: Template
  let notRegisteredSeverity: Severity

  init(_ parameters: Parameters, message: Template) throws {
    endpointSlot = try parameters.slot("endpoint")
    eStoreIDSlot = try parameters.slot("eStoreId")
    self.message = message
    notRegistered = try parameters.template("notRegisteredMessage", fills: ["mid", "endpoint"])
    otherCase = try parameters.template("otherCaseMessage", fills: ["mid", "registered", "endpoint"])
    notRegisteredSeverity = try parameters.severity("notRegisteredSeverity", default: .info)
  }

  func run(_ file: CheckedFile, _ context: CheckContext, _ sink: inout FindingSink) {}

  var makesClaims: Bool { true }
  var needsRegistry: Bool { true }
  var midFields: MIDFields? { MIDFields(endpoint: endpointSlot, eStoreID: eStoreIDSlot) }

  func claims(_ file: CheckedFile, _ context: CheckContext) -> [Claim] {
    file.midClaims
  }

  func resolve(_ claims: RunClaims, _ context: CheckContext, _ sink: inout FindingSink) {
    func registeredSpelling(of claim: Claim) -> String? {
      context.registries[context.merchants[Int(claim.file)]]?.spelling(ignoringCase: claim.key)
    }
    for claim in claims {
      guard claim.endpoint >= 0 else { continue }
      let (registered, found) = context.registryEntry(of: claim)
      guard registered else { continue }
      let endpoint = context.tables.endpoints[Int(claim.endpoint)]
      // Made only for a finding: this runs for every plugin of a fleet.
      func values(_ registered: String = "") -> Fills {
        let right = context.tables.endpoints.first { $0.region == registered && $0.environment == endpoint.environment }
        return ["mid": claim.shownMID, "endpoint": claim.value, "endpointRegion": endpoint.region,
                "midRegion": registered, "suggested": right?.label ?? registered]
      }
      guard let entry = found else {
        if let registered = registeredSpelling(of: claim) {
          var shown = values()
          shown["registered"] = Printable.escaped(registered)
          sink.add(otherCase.render(shown), about: claim, in: context, severity: notRegisteredSeverity)
        } else {
          sink.add(notRegistered.render(values()), about: claim, in: context, severity: notRegisteredSeverity)
        }
        continue
      }
      if entry.region != endpoint.region {
        sink.add(message.render(values(entry.region)), about: claim, in: context, endpoint: true)
      }
    }
  }
}
