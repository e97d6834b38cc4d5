/// `required-when`: when the yes-no field `when` is Yes, the field `then` must be set (the
/// generic `present`, pointing at the Yes when the field is absent); with `format: https-url` it
/// must be an https URL (the generic `https-url`); with `oneOfConfig: imageSizes` it must be one
/// of the configured image sizes (when any are configured), which no generic check knows.
struct RequiredWhenCheck: Check {
  let present: FieldCheck
  let format: FieldCheck?
  let whenSlot: Int, thenSlot: Int
  let oneOfConfig: String?
  let configMessage: Template?
  /// The names a message may give: `{when}`, `{then}`.
  let names: Fills

  init(_ parameters: Parameters, message: Template) throws {
    let when = try parameters.text("when")
    let then = try parameters.text("then")
    whenSlot = try parameters.slot(named: when)
    thenSlot = try parameters.slot(named: then)
    let formatName = try parameters.optionalText("format")
    oneOfConfig = try parameters.optionalText("oneOfConfig")
    if let formatName, formatName != "https-url" {
      throw parameters.at.error("check 'required-when' knows the format 'https-url', not '\(formatName)'")
    }
    if let oneOfConfig, oneOfConfig != "imageSizes" {
      throw parameters.at.error("check 'required-when' knows 'oneOfConfig: imageSizes', not '\(oneOfConfig)'")
    }
    names = ["when": when, "then": then]
    present = FieldCheck(.present, field: then, slot: thenSlot, message: message, values: names, missingAt: whenSlot)
    if formatName != nil {
      let text = try parameters.optionalText("formatMessage") ?? "{then} '{value}' is not an https URL"
      format = FieldCheck(.httpsURL, field: then, slot: thenSlot, message: Template(text: text), values: names)
    } else {
      format = nil
    }
    configMessage = try parameters.optionalText("configMessage").map(Template.init)
  }

  func run(_ file: CheckedFile, _ context: CheckContext, _ sink: inout FindingSink) {
    // One pass: the Yes that requires the field is the condition of both generic checks.
    let sizes = oneOfConfig == nil ? nil : context.imageSizes.flatMap { $0.isEmpty ? nil : $0 }
    for plugin in file.schemaPlugins {
      guard let trigger = plugin.fields[whenSlot], case .yesNo(true) = trigger.value else { continue }
      present.check(plugin, sink: &sink)
      format?.check(plugin, sink: &sink)
      guard let sizes, let required = plugin.fields[thenSlot], case .text(let text) = required.value else { continue }
      let name = Self.sizeName(text).lowercased()
      if !sizes.contains(where: { $0.lowercased() == name }) {
        var values = names
        values["plugin"] = plugin.label
        values["value"] = Template.shown(required)
        values["allowed"] = sizes.joined(separator: ", ")
        sink.add((configMessage ?? Template(text: "{then} '{value}' is not one of {allowed}")).render(values), about: required, plugin: plugin)
      }
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
