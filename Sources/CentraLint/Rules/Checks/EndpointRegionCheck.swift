/// `endpoint-region-matches-mid`: the endpoint's region is the region the registry gives the
/// plugin's MID. A MID missing from a given registry is reported at `info`; without a registry
/// the check says nothing.
struct EndpointRegionCheck: Check {
  func run(_ file: CheckedFile, _ context: CheckContext, _ sink: inout FindingSink) {
    guard let registry = context.registry else { return }
    for plugin in file.schemaPlugins {
      guard let endpointField = plugin.fields["klarnaEndpoint"], case .endpoint(let endpoint) = endpointField.value,
            let idField = plugin.fields["eStoreId"], case .text(let id) = idField.value else { continue }
      let mid = MIDRegistry.mid(ofEStoreID: id)
      guard !mid.isEmpty else { continue }
      guard let entry = registry.entries[mid] else {
        sink.add(
          "MID '\(Quote.clipped(mid))' is not in the MID registry, so the region of endpoint '\(endpoint.label)' cannot be checked",
          about: idField, plugin: plugin, severity: .info)
        continue
      }
      if entry.region != endpoint.region {
        var finding = "endpoint '\(endpoint.label)' is in region \(endpoint.region), but MID '\(Quote.clipped(mid))' is registered in region \(entry.region)"
        if let right = context.tables.endpoints.first(where: { $0.region == entry.region && $0.environment == endpoint.environment }) {
          finding += "; use '\(right.label)'"
        }
        sink.add(finding, about: endpointField, plugin: plugin)
      }
    }
  }
}
