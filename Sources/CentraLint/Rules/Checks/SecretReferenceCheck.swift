/// `secret-is-reference`: a credential written as a literal, on any plugin or anywhere else in
/// the export (`CredentialScan` decides what is one). The message names the key, never the value.
struct SecretReferenceCheck: Check {
  let message: Template

  var readsCredentials: Bool { true }

  func run(_ file: CheckedFile, _ context: CheckContext, _ sink: inout FindingSink) {
    for literal in file.credentials {
      let plugin = literal.plugin.flatMap { index in
        file.plugins.first { $0.document == literal.document && $0.index == index }
      }
      let what: String
      switch literal.kind {
      case .credentialKey:
        what = literal.path.hasSuffix(literal.key) ? "the value of '\(literal.key)'" : "a value inside '\(literal.key)'"
      case .klarnaKey: what = "a Klarna API key under '\(literal.key)'"
      case .urlPassword: what = "the password of the URL under '\(literal.key)'"
      }
      let place = plugin.map { " in plugin '\($0.label)'" } ?? ""
      let uses = literal.uses.map {
        Finding.Related(location: SourceLocation(file: file.name, line: Int($0.line), column: Int($0.column)), message: "the value is used here through an alias")
      }
      sink.add(
        message.render(["what": what, "plugin": place, "key": literal.key]),
        at: SourceLocation(file: file.name, line: Int(literal.line), column: Int(literal.column)), document: literal.document,
        path: literal.path, plugin: plugin?.uri, related: uses)
    }
  }
}
