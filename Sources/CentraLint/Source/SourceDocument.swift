/// Everything the run knows about one file while it checks it, built once by `DocumentLoader`
/// and used alike by every stage after it (DESIGN, "One document per file"): the input, its
/// merchant's settings, its text and lines, its tree, its exports, and what the checks read.
final class SourceDocument: @unchecked Sendable {  // read-only once loaded; `lines` is made on first use, on one thread
  let input: LintInput
  /// The settings of the file's merchant (its rules, limits, registry, image sizes).
  let settings: Engine.MerchantRules
  /// The UTF-8 text (after `Encoding`); empty when nothing shows source lines (its memory goes
  /// back at once) or the file was too big to read.
  let text: [UInt8]
  /// The YAML tree; nil when the file was too big to read.
  let tree: YAMLTree?
  /// Every document of the file as an export, in order.
  let exports: [ExportDocument]
  /// What the checks read: problems, issues, plugins, store names, MID claims, credentials.
  let checked: CheckedFile
  /// Its `# centra-lint:` comments (SPEC §6).
  var comments: [CommentIndex.Comment] = []

  init(input: LintInput, settings: Engine.MerchantRules, text: [UInt8], tree: YAMLTree?, exports: [ExportDocument], checked: CheckedFile) {
    self.input = input
    self.settings = settings
    self.text = text
    self.tree = tree
    self.exports = exports
    self.checked = checked
  }

  /// Where the text's lines start (made when first asked: only source lines need it).
  lazy var lines = LineIndex(text)

  /// The texts of the file's sensitive values, hidden wherever the run prints them.
  var secrets: SecretTexts { tree?.secretTexts() ?? SecretTexts() }
}
