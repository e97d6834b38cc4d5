/// A field that a check judges against the region of the plugin's endpoint (countries, locale).
struct RegionalField: Sendable {
  /// The slot of the field the rule names (`field:`), and of `klarnaEndpoint`.
  let field: Int
  let endpoint: Int

  init(_ parameters: Parameters) throws {
    field = try parameters.slot("field")
    endpoint = try parameters.slot(named: "klarnaEndpoint")
  }
}
