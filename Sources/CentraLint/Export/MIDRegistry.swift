/// The merchant's registry of Klarna MIDs and their regions (SPEC §1, "The MID registry").
public struct MIDRegistry: Sendable {
  /// One MID's entry.
  public struct Entry: Sendable, Equatable {
    /// `EU`, `NA` or `OC`.
    public var region: String
    /// `live` or `playground`, when given.
    public var environment: String?
    /// Where the entry is written.
    public var location: SourceLocation
  }

  /// Entries by MID (compared exactly).
  public var entries: [String: Entry] = [:]

  /// The MID of an `eStoreId`: the text before the first `_`, or all of it.
  public static func mid(ofEStoreID id: String) -> String {
    let trimmed = id.trimmingBlanks()
    guard let underscore = trimmed.utf8.firstIndex(of: 0x5F) else { return trimmed }
    return String(trimmed[..<underscore])
  }

  /// Reads a registry file; any problem is an error naming the file and line.
  public static func load(_ path: String, tables: KlarnaTables) throws -> MIDRegistry {
    try parse(FileSystem.read(path), file: path, tables: tables)
  }

  /// Parses a registry's bytes. A registry may list every MID of a fleet, so the entries are
  /// read straight from the tree; only a problem makes a `DataNode` to name its place.
  public static func parse(_ bytes: [UInt8], file: String, tables: KlarnaTables) throws -> MIDRegistry {
    if let entries = NestedMapping.read(bytes, under: "mids"), let registry = try fast(entries, file: file, tables: tables) {
      return registry
    }
    return try read(DataFile.parse(bytes, file: file), file: file, tables: tables)
  }

  /// The registry from entries read straight off the events; nil when a MID or a field is there
  /// twice (the tree reading then names both places).
  private static func fast(_ entries: [NestedMapping.Entry], file: String, tables: KlarnaTables) throws -> MIDRegistry? {
    var registry = MIDRegistry()
    registry.entries.reserveCapacity(entries.count)
    let regions = Dictionary(uniqueKeysWithValues: tables.regions.map { ($0.lowercased(), $0) })
    for entry in entries {
      var region: String?
      var environment: String?
      var seen: Set<String> = []
      for field in entry.fields {
        guard seen.insert(field.name).inserted else { return nil }
        let place = SourceLocation(file: file, line: field.line, column: field.column)
        let text = field.value.trimmingBlanks().lowercased()
        switch field.name {
        case "region":
          guard let known = regions[text] else {
            throw LintError.invalidFile(place, "region of MID '\(entry.key)' must be one of \(tables.regions.joined(separator: ", "))")
          }
          region = known
        case "environment":
          guard text == "live" || text == "playground" else {
            throw LintError.invalidFile(place, "environment of MID '\(entry.key)' must be live or playground")
          }
          environment = text
        default: continue  // notes and the like
        }
      }
      let place = SourceLocation(file: file, line: entry.line, column: entry.column)
      guard let region else { throw LintError.invalidFile(place, "MID '\(entry.key)' has no 'region'") }
      guard registry.entries.updateValue(Entry(region: region, environment: environment, location: place), forKey: entry.key) == nil else {
        return nil
      }
    }
    return registry
  }

  /// The registry from its tree, which names the place of any problem.
  static func read(_ root: DataNode, file: String, tables: KlarnaTables) throws -> MIDRegistry {
    var registry = MIDRegistry()
    guard let mids = try root.field("mids") else {
      throw root.error("a MID registry needs a 'mids' mapping (mids: { K500185: { region: EU } })")
    }
    if mids.isNull { return registry }
    let tree = mids.tree
    let map = tree.resolved(mids.index)
    guard map >= 0, tree.nodes[map].kind == .mapping else { throw mids.error("'mids' must be a mapping") }
    func node(_ index: Int) -> DataNode { DataNode(tree: tree, index: index, file: file) }
    let regions = Dictionary(uniqueKeysWithValues: tables.regions.map { ($0.lowercased(), $0) })
    let children = tree.children(of: map)
    registry.entries.reserveCapacity(children.count / 2)
    for at in stride(from: children.startIndex, to: children.endIndex, by: 2) {
      let key = Int(children[at]), spec = tree.resolved(Int(children[at + 1]))
      guard tree.kind(key) == .scalar else { throw node(key).error("a MID must be text") }
      let mid = tree.string(key)
      guard spec >= 0, tree.nodes[spec].kind == .mapping else {
        throw node(Int(children[at + 1])).error("the entry of MID '\(mid)' must be a mapping such as { region: EU }")
      }
      var region: String?
      var environment: String?
      let pairs = tree.children(of: spec)
      for inner in stride(from: pairs.startIndex, to: pairs.endIndex, by: 2) {
        let name = tree.string(Int(pairs[inner])), value = Int(pairs[inner + 1])
        guard name == "region" || name == "environment" else { continue }  // notes and the like
        guard tree.kind(value) == .scalar, !tree.isNull(value) else { throw node(value).error("\(name) of MID '\(mid)' must be text") }
        let text = tree.string(value).trimmingBlanks().lowercased()
        if name == "region" {
          guard let known = regions[text] else {
            throw node(value).error("region of MID '\(mid)' must be one of \(tables.regions.joined(separator: ", "))")
          }
          region = known
        } else {
          guard text == "live" || text == "playground" else {
            throw node(value).error("environment of MID '\(mid)' must be live or playground")
          }
          environment = text
        }
      }
      guard let region else { throw node(spec).error("MID '\(mid)' has no 'region'") }
      let place = tree.nodes[key]
      registry.entries[mid] = Entry(
        region: region, environment: environment,
        location: SourceLocation(file: file, line: Int(place.line), column: Int(place.column)))
    }
    return registry
  }
}
