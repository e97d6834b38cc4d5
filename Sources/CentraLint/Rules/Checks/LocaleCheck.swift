/// `locale-matches-region`: the locale in `field` is a Klarna locale whose country the
/// endpoint's region serves.
struct LocaleCheck: Check {
  let slots: RegionalField
  /// The rule file's messages: no Klarna locale (with and without a suggestion), another region.
  let unknown: Template, unknownSuggesting: Template, otherRegion: Template

  init(_ parameters: Parameters) throws {
    slots = try RegionalField(parameters)
    unknown = try parameters.template("unknownMessage", fills: ["locale"])
    unknownSuggesting = try parameters.template("suggestionMessage", fills: ["locale", "suggestion"])
    otherRegion = try parameters.template("otherRegionMessage", fills: ["locale", "country", "endpoint", "endpointRegion"])
  }

  func run(_ file: CheckedFile, _ context: CheckContext, _ sink: inout FindingSink) {
    for plugin in file.schemaPlugins {
      guard let localeField = plugin.fields[slots.field], case .text(let text) = localeField.value else { continue }
      let written = text.trimmingBlanks()
      guard let locale = context.tables.locales[written] ?? context.tables.locales[written.lowercased()] else {
        var message = unknown.render(["locale": localeField.shown(written)])
        let dashed = written.replacing("_", with: "-").lowercased()
        if !localeField.sensitive, let suggestion = context.tables.locales[dashed]
            ?? Suggestion.nearest(to: written, in: Set(context.tables.locales.values).sorted()) {
          message = unknownSuggesting.render(["locale": localeField.shown(written), "suggestion": suggestion])
        }
        sink.add(message, about: localeField, plugin: plugin)
        continue
      }
      guard let endpointField = plugin.fields[slots.endpoint], case .endpoint(let endpoint) = endpointField.value else { continue }
      let country = String(locale.utf8.suffix(2))!  // `language-CC`: the table holds only such
      if context.tables.region(ofCountry: country) != endpoint.region {
        sink.add(otherRegion.render([
          "locale": localeField.shown(written), "country": country, "endpoint": endpointField.shown(endpoint.written),
          "endpointRegion": endpoint.region,
        ]), about: localeField, plugin: plugin)
      }
    }
  }
}
