/// Every rule of a rules folder (or of the copy compiled in), with the schema and Klarna tables
/// from its `data/` folder.
public struct RuleSet: Sendable {
  /// The rules, sorted by id.
  public var rules: [RuleDefinition]
  public var schema: Schema
  public var tables: KlarnaTables
  /// The folder they came from.
  public var folder: String
  /// Every file read: rule files and data tables, which a report never overwrites.
  public var files: [String] = []

  /// The rule with this id.
  public func rule(_ id: String) -> RuleDefinition? { rules.first { $0.id == id } }

  /// Reads `folder/*.yaml` as rules and `folder/data/` as tables. Any problem is exit 2.
  public static func load(_ folder: String) throws -> RuleSet {
    guard FileSystem.kind(folder) == .directory else {
      throw LintError.invalidSetup("the rules folder '\(folder)' does not exist (set CENTRA_LINT_RULES to the folder that holds the rule files)")
    }
    let data = FolderWalk.join(folder, "data")
    let set = try assemble(
      folder: folder, table: { try DataFile.load(FolderWalk.join(data, $0)) }, rules: { try ruleNames(in: folder) },
      rule: { try DataFile.load(FolderWalk.join(folder, $0)) }, inParallel: false)
    let tables = [dataFiles.schema, dataFiles.endpoints, dataFiles.regions, dataFiles.locales].map { FolderWalk.join(data, $0) }
    return RuleSet(rules: set.rules, schema: set.schema, tables: set.tables, folder: folder, files: tables + set.rules.map(\.file))
  }

  /// The rules compiled into the binary (`CompiledRules`): the same files, parsed when it was
  /// built. No file is read.
  public static func builtIn() throws -> RuleSet {
    try assemble(
      folder: builtInFolder, table: { try builtInFile("data/" + $0) },
      rules: { BuiltInRules.files.map(\.name).filter { !$0.hasPrefix("data/") } }, rule: builtInFile, inParallel: true)
  }

  /// A file of the compiled rules, by its name in `rules/`.
  private static func builtInFile(_ name: String) throws -> DataNode {
    let file = "rules/" + name
    guard let entry = BuiltInRules.files.first(where: { $0.name == name }), let root = DataFile.root(of: CompiledRules.tree(entry.tree), file: file) else {
      throw LintError.invalidSetup("the built-in rules lack \(file) (run scripts/embed-rules and build again)")
    }
    return root
  }

  /// How `rules` names the compiled rules' folder.
  public static let builtInFolder = "rules/ (built into the binary)"

  /// The built-in field descriptions, for `schema` only (`data/descriptions.yaml`).
  func descriptions() throws -> DataNode {
    guard folder == Self.builtInFolder else {
      return try DataFile.load(FolderWalk.join(FolderWalk.join(folder, "data"), "descriptions.yaml"))
    }
    return try Self.builtInFile("data/descriptions.yaml")
  }

  /// The tables of a rules folder's `data/` that a run reads.
  private static let dataFiles = (schema: "schema.yaml", endpoints: "endpoints.yaml", regions: "regions.yaml", locales: "locales.yaml")

  /// A rule set from its tables (by name in `data/`) and its rule files (`ruleNames`), wherever they
  /// are read from: the schema, the tables, then the rules; `inParallel`, the schema on one core
  /// and the tables on the other, then every other rule on each (the compiled rules: reading them
  /// was half of a pre-commit run's start; a folder's read from disk took 1.05 of the time on
  /// two threads). What fails first in that order is what is thrown.
  private static func assemble(
    folder: String, table: @Sendable (String) throws -> DataNode, rules ruleNames: () throws -> [String],
    rule: @Sendable (String) throws -> DataNode, inParallel: Bool
  ) throws -> RuleSet {
    let data = Parallel.map(2, inParallel: inParallel) { task -> (schema: Result<Schema, Error>?, tables: Result<KlarnaTables, Error>?) in
      task == 0
        ? (Result { try Schema.load(table(dataFiles.schema)) }, nil)
        : (nil, Result { try KlarnaTables.load(endpoints: table(dataFiles.endpoints), regions: table(dataFiles.regions), locales: table(dataFiles.locales)) })
    }
    let schema = try data[0].schema!.get(), tables = try data[1].tables!.get()
    let names = try ruleNames()
    let halves = Parallel.map(2, inParallel: inParallel) { half in
      stride(from: half, to: names.count, by: 2).map { at in
        Result { try RuleDefinition.load(rule(names[at]), expectedID: String(names[at].dropLast(5)), schema: schema) }
      }
    }
    return RuleSet(rules: try names.indices.map { try halves[$0 % 2][$0 / 2].get() }, schema: schema, tables: tables, folder: folder)
  }

  /// The names of the rule files directly in a folder (`*.yaml`, sorted).
  private static func ruleNames(in folder: String) throws -> [String] {
    try FileSystem.entries(folder).sorted().filter { name in
      name.hasSuffix(".yaml") && !name.hasPrefix(".") && FileSystem.kind(FolderWalk.join(folder, name)) == .file
    }
  }

  /// The rule files directly in a folder (`ruleNames`), read with `schema`.
  static func ruleFiles(in folder: String, schema: Schema) throws -> [RuleDefinition] {
    try ruleNames(in: folder).map { name in
      try RuleDefinition.load(DataFile.load(FolderWalk.join(folder, name)), expectedID: String(name.dropLast(5)), schema: schema)
    }
  }

  /// The rules of a merchant: the built-in ones and its config's own, by id.
  public func rules(with configuration: Configuration) -> [RuleDefinition] {
    configuration.ownRules.rules.isEmpty ? rules : (rules + configuration.ownRules.rules).sorted { $0.id < $1.id }
  }

  /// Where a run's rules are: `$CENTRA_LINT_RULES`; else an install's
  /// `../share/centra-lint/rules` beside the executable, when there is one; else the rules
  /// compiled into the binary (nil), which equal the package's `rules/` (a test checks).
  public static func folder(executable: String?, environment: String?) -> String? {
    if let environment, !environment.isEmpty { return environment }
    guard let executable, let resolved = FileSystem.realPath(executable), let slash = resolved.lastIndex(of: "/") else { return nil }
    let installed = String(resolved[..<slash]) + "/../share/centra-lint/rules"
    guard FileSystem.kind(installed + "/data/schema.yaml") == .file else { return nil }
    // Shown by `centra-lint rules`: `/usr/local/share/…`, not `/usr/local/bin/../share/…`.
    return FileSystem.realPath(installed) ?? installed
  }

  /// The rules in `folder`, or the built-in ones when it is nil.
  public static func load(folder: String?) throws -> RuleSet {
    try folder.map(load) ?? builtIn()
  }
}

/// A config's own rules (`ruleFolders`, SPEC §3): rule files in the format of `rules/`, read
/// with the built-in schema and tables (`data/` stays built in). A class, compared by identity:
/// one config's rules are read once.
public final class OwnRules: Sendable, Equatable {
  /// The rules, sorted by id.
  public let rules: [RuleDefinition]
  /// The folders, as paths that open from the working folder.
  public let folders: [String]

  init(rules: [RuleDefinition], folders: [String]) {
    self.rules = rules
    self.folders = folders
  }

  public static func == (a: OwnRules, b: OwnRules) -> Bool { a === b }

  /// No rule folders.
  public static let none = OwnRules(rules: [], folders: [])

  /// Reads the folders a config lists; an id that a built-in rule or an earlier folder already
  /// has is an error naming both files.
  static func load(_ node: DataNode, relativeTo base: String, builtIn: RuleSet) throws -> OwnRules {
    var folders: [String] = []
    for item in node.isNull ? [] : try node.items("ruleFolders") {
      let text = try item.string("each entry of 'ruleFolders'")
      let folder = text.hasPrefix("/") ? text : base + text
      guard FileSystem.kind(folder) == .directory else {
        throw item.error("the rule folder '\(item.quoted(text))' is not a folder (\(folder) was looked for)")
      }
      folders.append(folder)
    }
    return try load(folders: folders, builtIn: builtIn)
  }

  /// Reads rule folders given as paths (`test-rules FOLDER…`).
  public static func load(folders: [String], builtIn: RuleSet) throws -> OwnRules {
    var rules: [RuleDefinition] = []
    var taken = Dictionary(builtIn.rules.map { ($0.id, $0.file) }, uniquingKeysWith: { a, _ in a })
    for folder in folders {
      guard FileSystem.kind(folder) == .directory else { throw LintError.unreadablePath(folder, reason: "not a folder of rule files") }
      for rule in try RuleSet.ruleFiles(in: folder, schema: builtIn.schema) {
        if let other = taken[rule.id] {
          throw LintError.invalidFile(
            SourceLocation(file: rule.file, line: 1, column: 1),
            "the rule id '\(rule.id)' is already taken by \(other); give the rule another id (and its file that name)")
        }
        taken[rule.id] = rule.file
        rules.append(rule)
      }
    }
    return OwnRules(rules: rules.sorted { $0.id < $1.id }, folders: folders)
  }
}
