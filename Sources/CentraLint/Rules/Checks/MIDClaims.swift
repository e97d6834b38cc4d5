/// The MID of every plugin with a valid endpoint and E-Store ID, as claims: the registry is
/// looked up once every file is read, so that it can load while the files are checked.
enum MIDClaims {
  static func of(_ file: CheckedFile, _ context: CheckContext, fields: MIDFields) -> [Claim] {
    guard context.registryGiven else { return [] }
    var claims: [Claim] = []
    claims.reserveCapacity(file.schemaPlugins.count)  // kept until the run ends: no slack
    for plugin in file.schemaPlugins {
      guard let endpointField = plugin.fields[fields.endpoint], case .endpoint(let endpoint) = endpointField.value,
            let idField = plugin.fields[fields.eStoreID], case .text(let id) = idField.value else { continue }
      let mid = MIDRegistry.mid(ofEStoreID: id)
      guard !mid.isEmpty else { continue }
      claims.append(Claim(
        key: mid, value: endpointField.shown(endpoint.written), file: Int32(file.index), pluginIndex: Int32(plugin.index), document: Int32(plugin.document),
        place: Place(idField),
        endpoint: Int8(endpoint.index),
        endpointPlace: Place(endpointField), plugin: plugin.uri, owner: idField.shown(mid)))
    }
    return claims
  }
}
