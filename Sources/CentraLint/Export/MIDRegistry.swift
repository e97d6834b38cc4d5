import Dispatch
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

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

  /// Entries by MID (compared exactly), in one part, or two for a registry read in halves
  /// (`inHalves`: joining them was a fifth of the reading's time, on one thread); a MID is in
  /// one part only.
  private var parts: [[String: Entry]] = [[:]]

  /// The entry of a MID as written, if any.
  public func entry(_ mid: String) -> Entry? {
    if let found = parts[0][mid] { return found }
    return parts.count > 1 ? parts[1][mid] : nil
  }

  /// How many MIDs it has.
  public var count: Int { parts.reduce(0) { $0 + $1.count } }

  /// Every entry by MID, in one dictionary made on each use (for tests and tools; the checks
  /// look MIDs up with `entry`).
  public var entries: [String: Entry] {
    parts.count == 1 ? parts[0] : parts.reduce(into: [:]) { all, part in all.merge(part) { first, _ in first } }
  }
  /// The MIDs written otherwise than in upper case, by their upper case (the least spelling
  /// when several share one): with the entries, what `spelling(ignoringCase:)` needs, made as the
  /// registry is read (most registries have none; a map of every MID made at the first miss
  /// was most of a pre-commit run's checking).
  private var otherCase: [String: String] = [:]

  /// Adds (or replaces) the entry of `mid`; whether it is new.
  @discardableResult
  mutating func add(_ mid: String, _ entry: Entry) -> Bool {
    if Self.hasLowerCase(mid) { keepOtherCase(mid, upper: mid.uppercased()) }
    return parts[0].updateValue(entry, forKey: mid) == nil
  }

  /// Keeps `mid` as the spelling of `upper` when no lesser one is kept.
  private mutating func keepOtherCase(_ mid: String, upper: String) {
    if let known = otherCase[upper], known <= mid { return }
    otherCase[upper] = mid
  }

  /// The registered spelling of a MID written otherwise in case only (the least, when several
  /// are): for a MID that is not registered as written.
  func spelling(ignoringCase mid: String) -> String? {
    let upper = mid.uppercased()
    let spellings = [entry(upper) == nil ? nil : upper, otherCase[upper]].compactMap { $0 }.filter { $0 != mid }
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
  /// With `inHalves`, a big one is read on two cores (`inHalves`): for a run whose files take
  /// less time than the registry (a pre-commit hook, an editor); a fleet's files keep both
  /// cores busy meanwhile, and the halves' own work would only add to them.
  public static func load(_ path: String, tables: KlarnaTables, sensitivity: Sensitivity = .none, inHalves: Bool = false) throws -> MIDRegistry {
    let bytes = try FileSystem.read(path, limit: Limits.registrySize)
    guard bytes.count <= Limits.registrySize else {
      throw LintError.unreadablePath(path, reason: "the MID registry is larger than \(Limits.registrySize / 1024 / 1024) MiB, the most that is read (one of 75,000 MIDs is about 3.4 MB)")
    }
    if inHalves, bytes.count >= halvesFrom, let registry = Self.inHalves(bytes, file: path, tables: tables) { return registry }
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

  /// From this size a registry may be read in two halves (`inHalves`): about 5,700 MIDs.
  static let halvesFrom = 256 * 1024

  /// A big registry read as two halves on two cores, each by the subset reader alone; nil
  /// whenever that is not certain to give what one reading gives (the whole is then read as
  /// usual, which also names any problem). The halves meet at a line that starts an entry
  /// (`split`); the second is read after a `mids:` line of its own, its places moved back to
  /// where they are in the file. Each line the subset reader takes is read alone but for the
  /// indentation open before it, which at that line is the root and `mids` in both readings;
  /// a construct cut by the split leaves the subset in the first half (an open quote or flow
  /// collection at its end), a MID in both halves is refused at the merge.
  static func inHalves(_ bytes: [UInt8], file: String, tables: KlarnaTables) -> MIDRegistry? {
    guard let (split, line) = Self.split(bytes) else { return nil }
    let parts = [Array(bytes[..<split]), Array("mids:\n".utf8) + bytes[split...]]
    var halves = [MIDRegistry?](filling: nil, count: 2)
    halves.withUnsafeMutableBufferPointer { slots in
      nonisolated(unsafe) let slots = slots
      DispatchQueue.concurrentPerform(iterations: 2) { half in
        // Each half's places name the file by a String of their own: one shared by both
        // threads had its count of references changed by both at every entry (a third more time).
        let name = half == 0 ? file : String(decoding: Array(file.utf8), as: UTF8.self)
        var fast = FastReading(file: name, tables: tables, expected: parts[half].count / 40, lineOffset: half == 0 ? 0 : line - 2)
        guard (try? NestedMapping.read(parts[half], under: "mids", into: &fast, subsetOnly: true)) == true else { return }
        slots[half] = fast.registry
      }
    }
    guard var registry = halves[0], let second = halves[1] else { return nil }
    for mid in second.parts[0].keys where registry.parts[0][mid] != nil { return nil }
    registry.parts.append(second.parts[0])
    for (upper, mid) in second.otherCase { registry.keepOtherCase(mid, upper: upper) }
    return registry
  }

  /// What reading `bytes` in halves gives otherwise than one reading: nil when it gives the
  /// same, or when they are not read in halves (for the fuzz target and the tests).
  package static func halvesDisagreement(_ bytes: [UInt8], tables: KlarnaTables) -> String? {
    guard let halves = inHalves(bytes, file: "mids.yaml", tables: tables) else { return nil }
    guard let whole = try? parse(bytes, file: "mids.yaml", tables: tables) else { return "read in halves, refused as one" }
    if halves.entries != whole.entries { return "the entries differ" }
    for (mid, entry) in whole.entries where halves.entry(mid) != entry { return "\(mid) is looked up otherwise" }
    if halves.otherCase != whole.otherCase { return "the spellings in another case differ" }
    return nil
  }

  /// Where a registry may be read in two: the start of a line past the middle at the
  /// indentation of the first line under a `mids:` line at the start of a line (nothing else on
  /// it but a comment), with no other line between them at the start of a line but comments;
  /// and its 1-based line number. Nil when there is none, or no such line within 64 KiB.
  static func split(_ bytes: [UInt8]) -> (offset: Int, line: Int)? {
    bytes.withUnsafeBufferPointer { text -> (offset: Int, line: Int)? in
      let count = text.count
      func end(of start: Int) -> Int {
        guard start < count, let found = memchr(text.baseAddress! + start, 0x0A, count - start) else { return count }
        return text.baseAddress!.distance(to: found.assumingMemoryBound(to: UInt8.self))
      }
      func indent(_ start: Int, _ end: Int) -> Int {
        var at = start
        while at < end, text[at] == 0x20 { at += 1 }
        return at - start
      }
      /// Nothing but spaces, or spaces and a comment, from `start` to `end`.
      func blank(_ start: Int, _ end: Int) -> Bool {
        let first = start + indent(start, end)
        return first == end || text[first] == 0x23
      }
      let header = Array("mids:".utf8)
      var at = 0, line = 1
      var entryIndent = -1
      // The `mids:` line (a space or nothing after the colon), then the indentation of its
      // first entry.
      var inMids = false
      while at < count {
        let stop = end(of: at)
        if inMids {
          if !blank(at, stop) {
            entryIndent = indent(at, stop)
            break
          }
        } else if stop - at >= header.count, (0..<header.count).allSatisfy({ text[at + $0] == header[$0] }),
                  at + header.count == stop || text[at + header.count] == 0x20, blank(at + header.count, stop) {
          inMids = true
        }
        at = stop + 1
        line += 1
      }
      guard entryIndent > 0 else { return nil }
      // On to the middle, every line inside `mids` (indented, or a comment).
      let middle = count / 2
      while at < count {
        let stop = end(of: at)
        let spaces = indent(at, stop)
        if spaces == 0, !blank(at, stop) { return nil }
        if at >= middle, spaces == entryIndent, at + spaces < stop, text[at + spaces] != 0x23, text[at + spaces] != 0x2D {
          return (at, line)
        }
        if at > middle + 64 * 1024 { return nil }
        at = stop + 1
        line += 1
      }
      return nil
    }
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

    /// Added to each line (the second of two halves: `inHalves`).
    let lineOffset: Int

    init(file: String, tables: KlarnaTables, expected: Int, lineOffset: Int = 0) {
      self.file = file
      self.tables = tables
      self.lineOffset = lineOffset
      regionWords = tables.regions.map { (Array($0.lowercased().utf8), $0) }
      registry.parts[0].reserveCapacity(expected)
    }

    mutating func entry(_ key: NestedMapping.Scalar) throws -> Bool {
      self.key = key.string
      place = SourceLocation(file: file, line: key.line + lineOffset, column: key.column)
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
    func node(_ index: Int) -> DataNode { mids.node(index) }
    let regions = Dictionary(uniqueKeysWithValues: tables.regions.map { ($0.lowercased(), $0) })
    let children = tree.children(of: map)
    registry.parts[0].reserveCapacity(children.count / 2)
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
