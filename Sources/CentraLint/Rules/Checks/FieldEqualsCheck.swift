/// `field-equals`: a field, when it holds a valid value, must equal `expected` (ignoring case).
struct FieldEqualsCheck: Check {
  let field: String
  let slot: Int
  let expected: String
  let message: Template

  init(_ parameters: Parameters, message: Template) throws {
    field = try parameters.text("field")
    slot = try parameters.slot(named: field)
    expected = try parameters.text("expected")
    self.message = message
  }

  func run(_ file: CheckedFile, _ context: CheckContext, _ sink: inout FindingSink) {
    for plugin in file.schemaPlugins {
      guard let written = plugin.fields[slot] else { continue }
      let actual: String
      switch written.value {
      case .choice(let value), .text(let value): actual = value
      case .yesNo(let yes): actual = yes ? "Yes" : "No"
      case .endpoint(let endpoint): actual = endpoint.label
      default: continue
      }
      guard actual.trimmingBlanks().lowercased() != expected.lowercased() else { continue }
      sink.add(message.render([
        "plugin": plugin.label, "field": field, "value": Template.shown(written), "expected": expected,
      ]), about: written, plugin: plugin)
    }
  }
}
