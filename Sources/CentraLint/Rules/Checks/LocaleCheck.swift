/// `locale-matches-region`: the locale in `field` is a Klarna locale whose country the
/// endpoint's region serves.
struct LocaleCheck: Check {
  let slots: RegionalField

  init(_ parameters: Parameters) throws { slots = try RegionalField(parameters) }

  func run(_ file: CheckedFile, _ context: CheckContext, _ sink: inout FindingSink) {
    for plugin in file.schemaPlugins {
      guard let localeField = plugin.fields[slots.field], case .text(let text) = localeField.value else { continue }
      let written = text.trimmingBlanks()
      guard let locale = context.tables.locales[written] ?? context.tables.locales[written.lowercased()] else {
        var message = "'\(localeField.shown(written))' is not a Klarna locale"
        let dashed = written.replacing("_", with: "-").lowercased()
        if !localeField.sensitive, let suggestion = context.tables.locales[dashed]
            ?? Suggestion.nearest(to: written, in: Set(context.tables.locales.values).sorted()) {
          message += "; did you mean '\(suggestion)'?"
        }
        sink.add(message, about: localeField, plugin: plugin)
        continue
      }
      guard let endpointField = plugin.fields[slots.endpoint], case .endpoint(let endpoint) = endpointField.value else { continue }
      let country = String(locale.utf8.suffix(2))!  // `language-CC`: the table holds only such
      if context.tables.region(ofCountry: country) != endpoint.region {
        sink.add("locale '\(localeField.shown(written))' is for \(country), which endpoint '\(endpointField.shown(endpoint.written))' (region \(endpoint.region)) does not serve",
                 about: localeField, plugin: plugin)
      }
    }
  }
}
