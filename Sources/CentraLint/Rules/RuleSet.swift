/// Every rule of a rules folder, with the schema and Klarna tables from its `data/` folder.
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
    func table(_ name: String) throws -> DataNode {
      files.append(FolderWalk.join(data, name))
      return try DataFile.load(files.last!)
    }
    let schema = try Schema.load(table("schema.yaml"))
    let tables = try KlarnaTables.load(endpoints: table("endpoints.yaml"), regions: table("regions.yaml"), locales: table("locales.yaml"))
    let rules = try ruleFiles(in: folder, schema: schema)
    files += rules.map(\.file)
    return RuleSet(rules: rules, schema: schema, tables: tables, folder: folder, files: files)
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

  /// Where the rules are when no folder is named: `$CENTRA_LINT_RULES`; then beside the
  /// executable (`../share/centra-lint/rules` for an install, or a `rules/` folder in any parent,
  /// which finds the package's own from `.build/`); then the package this was built from.
  public static func defaultFolder(executable: String?, environment: String?) -> String {
    if let environment, !environment.isEmpty { return environment }
    var candidates: [String] = []
    if let executable, let resolved = FileSystem.realPath(executable) {
      var folder = String(resolved[..<(resolved.lastIndex(of: "/") ?? resolved.endIndex)])
      candidates.append(folder + "/../share/centra-lint/rules")
      while !folder.isEmpty {
        candidates.append(folder + "/rules")
        folder = String(folder[..<(folder.lastIndex(of: "/") ?? folder.startIndex)])
      }
    }
    let source = #filePath
    if let range = source.firstRange(of: "/Sources/CentraLint/") {
      candidates.append(String(source[..<range.lowerBound]) + "/rules")
    }
    let found = candidates.first { FileSystem.kind($0 + "/data/schema.yaml") == .file }
    // Shown by `centra-lint rules`: `/usr/local/share/…`, not `/usr/local/bin/../share/…`.
    return found.flatMap(FileSystem.realPath) ?? found ?? candidates.last ?? "rules"
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
