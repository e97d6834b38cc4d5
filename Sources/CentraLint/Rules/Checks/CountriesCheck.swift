/// `endpoint-serves-countries`: every country in the list `field` is served by the region of
/// the plugin's endpoint.
struct CountriesCheck: Check {
  let field: Int
  let endpoint: Int

  init(_ parameters: Parameters) throws {
    field = try parameters.slot("field")
    endpoint = try parameters.slot(named: "klarnaEndpoint")
  }

  func run(_ file: CheckedFile, _ context: CheckContext, _ sink: inout FindingSink) {
    for plugin in file.schemaPlugins {
      guard case .endpoint(let endpoint) = plugin.value(self.endpoint),
            let list = plugin.fields[field], case .items(let countries) = list.value else { continue }
      for country in countries {
        let code = country.text.uppercased()
        let related = FindingSink.aliasNote(list.via(in: file.name))
        let location = SourceLocation(file: file.name, line: Int(country.line), column: Int(country.column))
        let path = "\(list.path(pluginIndex: plugin.index))[\(country.index)]"
        guard let region = context.tables.region(ofCountry: code) else {
          sink.add("country '\(code)' is not a Klarna country, so endpoint '\(endpoint.label)' does not serve it",
                   at: location, path: path, plugin: plugin.uri, related: related)
          continue
        }
        if region != endpoint.region {
          sink.add("country '\(code)' is served by region \(region), not by endpoint '\(endpoint.label)' (region \(endpoint.region))",
                   at: location, path: path, plugin: plugin.uri, related: related)
        }
      }
    }
  }
}
