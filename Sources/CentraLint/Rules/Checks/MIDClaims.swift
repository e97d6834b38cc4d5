/// The MID of every plugin with a valid endpoint and E-Store ID, as claims: the registry is
/// looked up once every file is read, so that it can load while the files are checked.
enum MIDClaims {
  static func of(_ file: CheckedFile, endpointSlot: Int, eStoreIDSlot: Int) -> [Claim] {
    var claims: [Claim] = []
    for plugin in file.schemaPlugins {
      guard let endpointField = plugin.fields[endpointSlot], case .endpoint(let endpoint) = endpointField.value,
            let idField = plugin.fields[eStoreIDSlot], case .text(let id) = idField.value else { continue }
      let mid = MIDRegistry.mid(ofEStoreID: id)
      guard !mid.isEmpty else { continue }
      claims.append(Claim(
        key: mid, file: file.name, field: idField, pluginIndex: plugin.index, plugin: plugin.uri,
        owner: plugin.label, endpoint: endpoint, endpointField: endpointField))
    }
    return claims
  }
}
