/// `endpoint-serves-countries`: every country in the list `field` is served by the region of
/// the plugin's endpoint.
struct CountriesCheck: Check {
  let field: String

  init(_ parameters: Parameters) throws { field = try parameters.text("field") }

  func run(_ file: CheckedFile, _ context: CheckContext, _ sink: inout FindingSink) {
    for (_, plugin) in file.schemaPlugins {
      guard case .endpoint(let endpoint) = plugin.value("klarnaEndpoint"),
            let list = plugin.fields[field], case .items(let countries) = list.value else { continue }
      for country in countries {
        let code = country.text.uppercased()
        let related = list.via.map { [Finding.Related(location: $0, message: "the value comes in through this alias")] } ?? []
        guard let region = context.tables.region(ofCountry: code) else {
          sink.add("country '\(code)' is not a Klarna country, so endpoint '\(endpoint.label)' does not serve it",
                   at: country.location, path: country.path, plugin: plugin.uri, related: related)
          continue
        }
        if region != endpoint.region {
          sink.add("country '\(code)' is served by region \(region), not by endpoint '\(endpoint.label)' (region \(endpoint.region))",
                   at: country.location, path: country.path, plugin: plugin.uri, related: related)
        }
      }
    }
  }
}
