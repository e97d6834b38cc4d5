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
  public private(set) var entries: [String: Entry] = [:]
  /// The MIDs written otherwise than in upper case, by their upper case (the least spelling
  /// when several share one): with `entries`, what `spelling(ignoringCase:)` needs, made as the
  /// registry is read (most registries have none; a map of every MID made at the first miss
  /// was most of a pre-commit run's checking).
  private var otherCase: [String: String] = [:]

  /// Adds (or replaces) the entry of `mid`; whether it is new.
  @discardableResult
  mutating func add(_ mid: String, _ entry: Entry) -> Bool {
    if Self.hasLowerCase(mid) {
      let upper = mid.uppercased()
      if let known = otherCase[upper], known <= mid {} else { otherCase[upper] = mid }
    }
    return entries.updateValue(entry, forKey: mid) == nil
  }

  /// The registered spelling of a MID written otherwise in case only (the least, when several
  /// are): for a MID that is not registered as written.
  func spelling(ignoringCase mid: String) -> String? {
    let upper = mid.uppercased()
    let spellings = [entries[upper] == nil ? nil : upper, otherCase[upper]].compactMap { $0 }.filter { $0 != mid }
    return spellings.min()
  }

  /// Whether upper case changes `text`: an ASCII lower-case letter, or any non-ASCII text that
  /// upper case changes.
  private static func hasLowerCase(_ text: String) -> Bool {
    var text = text
    let ascii = text.withUTF8 { bytes -> Bool? in
      for byte in bytes {
        if byte >= 0x80 { return nil }
        if byte >= 0x61, byte <= 0x7A { return true }
      }
      return false
    }
    return ascii ?? (text.uppercased() != text)
  }

  /// The MID of an `eStoreId`: the text before the first `_`, or all of it.
  public static func mid(ofEStoreID id: String) -> String {
    let trimmed = id.trimmingBlanks()
    guard let underscore = trimmed.utf8.firstIndex(of: 0x5F) else { return trimmed }
    return String(trimmed[..<underscore])
  }

  /// Reads a registry file; any problem is an error naming the file and line.
  public static func load(_ path: String, tables: KlarnaTables, sensitivity: Sensitivity = .none) throws -> MIDRegistry {
    let bytes = try FileSystem.read(path, limit: Limits.registrySize)
    guard bytes.count <= Limits.registrySize else {
      throw LintError.unreadablePath(path, reason: "the MID registry is larger than \(Limits.registrySize / 1024 / 1024) MiB, the most that is read (one of 75,000 MIDs is about 3.4 MB)")
    }
    return try parse(bytes, file: path, tables: tables, sensitivity: sensitivity)
  }

  /// Parses a registry's bytes. A registry may list every MID of a fleet, so the entries are
  /// read straight off the events; only a problem makes a tree, to name its place.
  public static func parse(_ bytes: [UInt8], file: String, tables: KlarnaTables, sensitivity: Sensitivity = .none) throws -> MIDRegistry {
    var fast = FastReading(file: file, tables: tables, expected: bytes.count / 40)
    if try NestedMapping.read(bytes, under: "mids", into: &fast) {
      return fast.registry
    }
    return try read(DataFile.parse(bytes, file: file, sensitivity: sensitivity), file: file, tables: tables)
  }

  /// The registry from the events: gives up (false) when a MID or a field is there twice or
  /// anything is wrong, so that the tree reading names the places.
  private struct FastReading: NestedMapping.Visitor {
    let file: String
    let tables: KlarnaTables
    var registry = MIDRegistry()
    var key = ""
    var place = SourceLocation(file: "", line: 0, column: 0)
    var region: String?
    var environment: String?
    /// Hashes of the current entry's field names, to notice one written twice: a short list
    /// (an entry has a field or two), and a set once it is longer (an entry may have any
    /// number of fields, and a list would make that quadratic).
    var names: [UInt64] = []
    var manyNames: Set<UInt64> = []

    // Instance constants: a static one costs a `swift_once` check on every use.
    private let regionName = Array("region".utf8), environmentName = Array("environment".utf8)
    private let live = Array("live".utf8), playground = Array("playground".utf8)
    private let regionWords: [(word: [UInt8], region: String)]

    init(file: String, tables: KlarnaTables, expected: Int) {
      self.file = file
      self.tables = tables
      regionWords = tables.regions.map { (Array($0.lowercased().utf8), $0) }
      registry.entries.reserveCapacity(expected)
    }

    mutating func entry(_ key: NestedMapping.Scalar) throws -> Bool {
      self.key = key.string
      place = SourceLocation(file: file, line: key.line, column: key.column)
      region = nil
      environment = nil
      names.removeAll(keepingCapacity: true)
      if !manyNames.isEmpty { manyNames.removeAll(keepingCapacity: true) }
      return true
    }

    mutating func field(_ name: NestedMapping.Scalar, _ value: NestedMapping.Scalar) throws -> Bool {
      let hash = YAMLTree.hash(name.bytes)
      if names.count < 8 {
        guard !names.contains(hash) else { return false }
        names.append(hash)
      } else {
        if manyNames.isEmpty { manyNames.formUnion(names) }
        guard manyNames.insert(hash).inserted else { return false }
      }
      if name.is(regionName) {
        // A problem: the tree reading names it (and knows what of it is sensitive).
        guard let known = regionWords.first(where: { value.trimmedIs($0.word) }) else { return false }
        region = known.region
      } else if name.is(environmentName) {
        if value.trimmedIs(live) {
          environment = "live"
        } else if value.trimmedIs(playground) {
          environment = "playground"
        } else {
          return false
        }
      }  // else notes and the like
      return true
    }

    mutating func endEntry() throws -> Bool {
      guard let region else { return false }
      return registry.add(key, Entry(region: region, environment: environment, location: place))
    }
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
      var shown: String { node(key).quoted(mid) }
      guard spec >= 0, tree.nodes[spec].kind == .mapping else {
        throw node(Int(children[at + 1])).error("the entry of MID '\(shown)' must be a mapping such as { region: EU }")
      }
      var region: String?
      var environment: String?
      let pairs = tree.children(of: spec)
      for inner in stride(from: pairs.startIndex, to: pairs.endIndex, by: 2) {
        let name = tree.string(Int(pairs[inner])), value = Int(pairs[inner + 1])
        guard name == "region" || name == "environment" else { continue }  // notes and the like
        guard tree.kind(value) == .scalar, !tree.isNull(value) else { throw node(value).error("\(name) of MID '\(shown)' must be text") }
        let text = tree.string(value).trimmingBlanks().lowercased()
        if name == "region" {
          guard let known = regions[text] else {
            throw node(value).error("region of MID '\(shown)' must be one of \(tables.regions.joined(separator: ", "))")
          }
          region = known
        } else {
          guard text == "live" || text == "playground" else {
            throw node(value).error("environment of MID '\(shown)' must be live or playground")
          }
          environment = text
        }
      }
      guard let region else { throw node(key).error("MID '\(shown)' has no 'region'") }
      let place = tree.nodes[key]
      registry.add(mid, Entry(
        region: region, environment: environment,
        location: SourceLocation(file: file, line: Int(place.line), column: Int(place.column))))
    }
    return registry
  }
}
