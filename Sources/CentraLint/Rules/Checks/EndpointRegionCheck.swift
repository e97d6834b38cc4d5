/// `endpoint-region-matches-mid`: the endpoint's region is the region the registry gives the
/// plugin's MID. A MID missing from a given registry is reported at `info`; without a registry
/// the check says nothing.
struct EndpointRegionCheck: Check {
  let endpointSlot: Int
  let eStoreIDSlot: Int

  init(_ parameters: Parameters) throws {
    endpointSlot = try parameters.slot(named: "klarnaEndpoint")
    eStoreIDSlot = try parameters.slot(named: "eStoreId")
  }

  func run(_ file: CheckedFile, _ context: CheckContext, _ sink: inout FindingSink) {}

  var makesClaims: Bool { true }
  var midFields: MIDFields? { MIDFields(endpoint: endpointSlot, eStoreID: eStoreIDSlot) }

  func claims(_ file: CheckedFile, _ context: CheckContext) -> [Claim] {
    file.midClaims
  }

  func resolve(_ claims: RunClaims, _ context: CheckContext, _ sink: inout FindingSink) {
    guard let registry = context.registry else { return }
    for claim in claims {
      guard claim.endpoint >= 0 else { continue }
      let endpoint = context.tables.endpoints[Int(claim.endpoint)]
      var mid: String { Quote.clipped(claim.key) }  // made only for a finding
      guard let entry = registry.entries[claim.key] else {
        sink.add(
          "MID '\(mid)' is not in the MID registry, so the region of endpoint '\(endpoint.label)' cannot be checked",
          about: claim, in: context, severity: .info)
        continue
      }
      if entry.region != endpoint.region {
        var finding = "endpoint '\(endpoint.label)' is in region \(endpoint.region), but MID '\(mid)' is registered in region \(entry.region)"
        if let right = context.tables.endpoints.first(where: { $0.region == entry.region && $0.environment == endpoint.environment }) {
          finding += "; use '\(right.label)'"
        }
        sink.add(finding, about: claim, in: context, endpoint: true)
      }
    }
  }
}
