/// `required-when`: when the yes-no field `when` is Yes, the field `then` must be set; with
/// `format: https-url` it must be an https URL; with `oneOfConfig: imageSizes` it must be one of
/// the configured image sizes (when any are configured).
struct RequiredWhenCheck: Check {
  let when: String
  let then: String
  let whenSlot: Int
  let thenSlot: Int
  let format: String?
  let oneOfConfig: String?
  let message: Template
  let formatMessage: Template?
  let configMessage: Template?

  init(_ parameters: Parameters, message: Template) throws {
    when = try parameters.text("when")
    then = try parameters.text("then")
    whenSlot = try parameters.slot(named: when)
    thenSlot = try parameters.slot(named: then)
    format = try parameters.optionalText("format")
    oneOfConfig = try parameters.optionalText("oneOfConfig")
    if let format, format != "https-url" {
      throw parameters.at.error("check 'required-when' knows the format 'https-url', not '\(format)'")
    }
    if let oneOfConfig, oneOfConfig != "imageSizes" {
      throw parameters.at.error("check 'required-when' knows 'oneOfConfig: imageSizes', not '\(oneOfConfig)'")
    }
    self.message = message
    formatMessage = try parameters.optionalText("formatMessage").map(Template.init)
    configMessage = try parameters.optionalText("configMessage").map(Template.init)
  }

  func run(_ file: CheckedFile, _ context: CheckContext, _ sink: inout FindingSink) {
    for plugin in file.schemaPlugins {
      guard let trigger = plugin.fields[whenSlot], case .yesNo(true) = trigger.value else { continue }
      // Messages are built only for a finding: this runs for every plugin of a fleet.
      func values(_ required: WrittenField? = nil) -> [String: String] {
        var values = ["plugin": plugin.label, "when": when, "then": then]
        if let required { values["value"] = Template.shown(required) }
        values["allowed"] = context.imageSizes?.joined(separator: ", ")
        return values
      }
      guard let required = plugin.fields[thenSlot], case .text(let text) = required.value else {
        if case .invalid? = plugin.fields[thenSlot]?.value { continue }
        // Absent: at the Yes that requires it; written but empty: at the empty value.
        sink.add(message.render(values()), about: plugin.fields[thenSlot] ?? trigger, plugin: plugin)
        continue
      }
      if format == "https-url", !Self.isHTTPSURL(text) {
        sink.add((formatMessage ?? Template(text: "{then} '{value}' is not an https URL")).render(values(required)), about: required, plugin: plugin)
      }
      if oneOfConfig != nil, let sizes = context.imageSizes, !sizes.isEmpty {
        let name = Self.sizeName(text).lowercased()
        if !sizes.contains(where: { $0.lowercased() == name }) {
          sink.add((configMessage ?? Template(text: "{then} '{value}' is not one of {allowed}")).render(values(required)), about: required, plugin: plugin)
        }
      }
    }
  }

  /// `https://` followed by a host without blanks.
  static func isHTTPSURL(_ text: String) -> Bool {
    var trimmed = text.trimmingBlanks()
    return trimmed.withUTF8 { bytes in
      let scheme: StaticString = "https://"
      let length = scheme.utf8CodeUnitCount
      guard bytes.count > length else { return false }
      for index in 0..<length where ExportReader.lower(bytes[index]) != scheme.utf8Start[index] { return false }
      let first = bytes[length]
      return first != 0x2F && first != 0x3F && first != 0x23  // a host, not '/', '?' or '#'
        && !bytes.contains(0x20) && !bytes.contains(0x09)
    }
  }

  /// The size name of Centra's label `standard (0×600 JPEG)`, or the value itself.
  static func sizeName(_ text: String) -> String {
    let trimmed = text.trimmingBlanks()
    if let open = trimmed.firstIndex(of: "("), trimmed.hasSuffix(")") {
      return String(trimmed[..<open]).trimmingBlanks()
    }
    return trimmed
  }
}
