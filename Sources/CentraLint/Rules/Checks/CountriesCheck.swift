/// `endpoint-serves-countries`: every country in the list `field` is served by the region of
/// the plugin's endpoint.
struct CountriesCheck: Check {
  let slots: RegionalField

  init(_ parameters: Parameters) throws { slots = try RegionalField(parameters) }

  func run(_ file: CheckedFile, _ context: CheckContext, _ sink: inout FindingSink) {
    for plugin in file.schemaPlugins {
      guard let endpointField = plugin.fields[slots.endpoint], case .endpoint(let endpoint) = endpointField.value,
            let list = plugin.fields[slots.field], case .items(let countries) = list.value else { continue }
      for country in countries {
        let region = context.tables.region(ofCountry: country.text)
        guard region != endpoint.region else { continue }
        // A finding: only now are its texts made.
        let code = list.shown(country.text), shown = endpointField.shown(endpoint.written)
        let message = region.map {
          "country '\(code)' is served by region \($0), not by endpoint '\(shown)' (region \(endpoint.region))"
        } ?? context.tables.countryAliases[country.text.uppercased()].map {
          "country '\(code)' is not an ISO 3166 country code, so endpoint '\(shown)' serves no such country; did you mean '\($0)'?"
        } ?? "country '\(code)' is not a Klarna country, so endpoint '\(shown)' does not serve it"
        sink.add(message, at: SourceLocation(file: file.name, line: Int(country.line), column: Int(country.column)), document: plugin.document,
                 path: list.path(pluginIndex: plugin.index, in: context.schema).item(Int(country.index)).text, plugin: plugin.uri,
                 related: FindingSink.aliasNote(list.via(in: file.name)))
      }
    }
  }
}
