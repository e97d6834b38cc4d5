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
    return String(trimmed.prefix { $0 != "_" })
  }

  /// Reads a registry file; any problem is an error naming the file and line.
  public static func load(_ path: String, tables: KlarnaTables) throws -> MIDRegistry {
    try parse(FileSystem.read(path), file: path, tables: tables)
  }

  /// Parses a registry's bytes.
  public static func parse(_ bytes: [UInt8], file: String, tables: KlarnaTables) throws -> MIDRegistry {
    let root = try DataFile.parse(bytes, file: file)
    var registry = MIDRegistry()
    guard let mids = try root.field("mids") else {
      throw root.error("a MID registry needs a 'mids' mapping (mids: { K500185: { region: EU } })")
    }
    if mids.isNull { return registry }
    let pairs = try mids.pairs("'mids'")
    registry.entries.reserveCapacity(pairs.count)
    for (mid, keyNode, spec) in pairs {
      var region: String?
      var environment: String?
      for (key, _, value) in try spec.pairs("the entry of MID '\(mid)'") {
        switch key {
        case "region":
          let text = try value.string("region").trimmingBlanks().uppercased()
          guard tables.regions.contains(text) else {
            throw value.error("region of MID '\(mid)' must be one of \(tables.regions.joined(separator: ", "))")
          }
          region = text
        case "environment":
          let text = try value.string("environment").trimmingBlanks().lowercased()
          guard text == "live" || text == "playground" else {
            throw value.error("environment of MID '\(mid)' must be live or playground")
          }
          environment = text
        default:
          continue  // notes, merchant names and the like are the team's own
        }
      }
      guard let region else { throw spec.error("MID '\(mid)' has no 'region'") }
      registry.entries[mid] = Entry(region: region, environment: environment, location: keyNode.location)
    }
    return registry
  }
}
