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
    var files: [String] = []
    let set = try assemble(folder: folder, table: { name in
      files.append(FolderWalk.join(data, name))
      return try DataFile.load(files.last!)
    }, rules: { schema in try ruleFiles(in: folder, schema: schema) })
    return RuleSet(rules: set.rules, schema: set.schema, tables: set.tables, folder: folder, files: files + set.rules.map(\.file))
  }

  /// The rules compiled into the binary (`CompiledRules`): the same files, parsed when it was
  /// built. No file is read.
  public static func builtIn() throws -> RuleSet {
    // On both cores (reading them was half of a pre-commit run's start): the schema on one and
    // the tables on the other, then every other rule on each. What fails first in `assemble`'s
    // order is what is thrown.
    let data = Parallel.map(2) { task -> (schema: Result<Schema, Error>?, tables: Result<KlarnaTables, Error>?) in
      task == 0
        ? (Result { try Schema.load(builtInFile("data/schema.yaml")) }, nil)
        : (nil, Result { try KlarnaTables.load(endpoints: builtInFile("data/endpoints.yaml"), regions: builtInFile("data/regions.yaml"), locales: builtInFile("data/locales.yaml")) })
    }
    let schema = try data[0].schema!.get(), tables = try data[1].tables!.get()
    let names = BuiltInRules.files.map(\.name).filter { !$0.hasPrefix("data/") }
    let halves = Parallel.map(2) { half in
      stride(from: half, to: names.count, by: 2).map { at in
        Result { try RuleDefinition.load(builtInFile(names[at]), expectedID: String(names[at].dropLast(5)), schema: schema) }
      }
    }
    return RuleSet(rules: try names.indices.map { try halves[$0 % 2][$0 / 2].get() }, schema: schema, tables: tables, folder: builtInFolder)
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

  /// A rule set from its tables and rules, wherever they are read from.
  private static func assemble(
    folder: String, table: (String) throws -> DataNode, rules: (Schema) throws -> [RuleDefinition]
  ) throws -> RuleSet {
    let schema = try Schema.load(table("schema.yaml"))
    let tables = try KlarnaTables.load(endpoints: table("endpoints.yaml"), regions: table("regions.yaml"), locales: table("locales.yaml"))
    return RuleSet(rules: try rules(schema), schema: schema, tables: tables, folder: folder)
  }

  /// The rule files directly in a folder (`*.yaml`, by name), read with `schema`.
  static func ruleFiles(in folder: String, schema: Schema) throws -> [RuleDefinition] {
    var rules: [RuleDefinition] = []
    for name in try FileSystem.entries(folder).sorted() where name.hasSuffix(".yaml") && !name.hasPrefix(".") {
      let path = FolderWalk.join(folder, name)
      guard FileSystem.kind(path) == .file else { continue }
      rules.append(try RuleDefinition.load(DataFile.load(path), expectedID: String(name.dropLast(5)), schema: schema))
    }
    return rules
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
