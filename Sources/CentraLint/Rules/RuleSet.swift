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
    var rules: [RuleDefinition] = []
    for name in try FileSystem.entries(folder).sorted() where name.hasSuffix(".yaml") && !name.hasPrefix(".") {
      let path = FolderWalk.join(folder, name)
      guard FileSystem.kind(path) == .file else { continue }
      files.append(path)
      rules.append(try RuleDefinition.load(DataFile.load(path), expectedID: String(name.dropLast(5)), schema: schema))
    }
    return RuleSet(rules: rules, schema: schema, tables: tables, folder: folder, files: files)
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
