/// `endpoint-serves-countries`: every country in the list `field` is served by the region of
/// the plugin's endpoint.
struct CountriesCheck: Check {
  let slots: RegionalField
  /// The rule file's messages: a country of another region, an alias of a code, no Klarna country.
  let otherRegion: Template, alias: Template, unknown: Template

  init(_ parameters: Parameters) throws {
    slots = try RegionalField(parameters)
    otherRegion = try parameters.template("otherRegionMessage", fills: ["country", "region", "endpoint", "endpointRegion"])
    alias = try parameters.template("aliasMessage", fills: ["country", "endpoint", "suggestion"])
    unknown = try parameters.template("unknownMessage", fills: ["country", "endpoint"])
  }

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
          otherRegion.render(["country": code, "region": $0, "endpoint": shown, "endpointRegion": endpoint.region])
        } ?? context.tables.countryAliases[country.text.uppercased()].map {
          alias.render(["country": code, "endpoint": shown, "suggestion": $0])
        } ?? unknown.render(["country": code, "endpoint": shown])
        sink.add(message, at: SourceLocation(file: file.name, line: Int(country.line), column: Int(country.column)), document: plugin.document,
                 path: list.path(pluginIndex: plugin.index, in: context.schema).item(Int(country.index)).text, plugin: plugin.uri,
                 related: FindingSink.aliasNote(list.via(in: file.name)))
      }
    }
  }
}
