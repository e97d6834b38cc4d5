/// `klarna-plugins-overlap`: two Active Klarna Payments plugins of one store can serve the same
/// shopper when, in every restriction dimension (`markets`, `pricelists`, `countries`,
/// `languages`), their lists share a value or one of them has none (no list, or an empty one:
/// every value). One finding per later plugin that overlaps an earlier one, at its
/// `restrictions` key (its `uri` when it has none), related to the earlier ones.
///
/// Cost: earlier plugins are indexed by (dimension, value) and by "no list" per dimension; a
/// plugin is compared only with those that share a value in its most selective dimension, in
/// report order, until it has found more than it names. 40,000 plugins of one store cost
/// about what their URIs cost `unique`.
struct OverlapCheck: Check {
  let statusSlot: Int, restrictionsSlot: Int, uriSlot: Int
  /// The dimensions compared: a name for messages and a schema slot each.
  let dimensions: [(name: String, slot: Int)]
  let message: Template
  /// How the message says where two plugins overlap, one phrase per dimension.
  let sharedPhrase: Template, oneOpenPhrase: Template, bothOpenPhrase: Template
  /// The message of each related earlier plugin (the finding's message says where it overlaps the first).
  let relatedMessage: Template
  /// How many earlier plugins a finding names as related at most.
  static let namedAtMost = 10

  init(_ parameters: Parameters, message: Template) throws {
    statusSlot = try parameters.slot(named: "status")
    restrictionsSlot = try parameters.slot(named: "restrictions")
    uriSlot = try parameters.slot(named: "uri")
    let names = try parameters.node?.field("dimensions")?.strings("dimensions") ?? ["markets", "pricelists", "countries", "languages"]
    dimensions = try names.map { ($0, try parameters.slot(named: "restrictions." + $0)) }
    sharedPhrase = try parameters.template("sharedPhrase", fills: ["dimension", "values"])
    oneOpenPhrase = try parameters.template("oneOpenPhrase", fills: ["dimension", "plugin"])
    bothOpenPhrase = try parameters.template("bothOpenPhrase", fills: ["dimensions"])
    relatedMessage = try parameters.template("relatedMessage", fills: [])
    self.message = message
  }

  var placeholders: [String]? { ["plugin", "others", "store", "where"] }
  var makesClaims: Bool { true }
  var comparesAcrossFiles: Bool { true }

  func run(_ file: CheckedFile, _ context: CheckContext, _ sink: inout FindingSink) {}

  /// A claim per Active Klarna Payments plugin whose restrictions read cleanly: its lists in
  /// `texts`, one entry per dimension: empty for no list, else `=` (`#` when the values are
  /// secret: compared, never shown) and the values, each after a NUL (a value holding a NUL
  /// leaves the plugin out).
  /// A plugin with an invalid list is left out (the schema has reported it; guessing its
  /// values would make findings up).
  func claims(_ file: CheckedFile, _ context: CheckContext) -> [Claim] {
    var claims: [Claim] = []
    plugins: for plugin in file.schemaPlugins {
      guard plugin.schema?.key == OutsideProductionCheck.klarna, plugin.value(statusSlot) == .choice("Active") else { continue }
      if case .invalid? = plugin.fields[restrictionsSlot]?.value { continue }
      var lists: [String] = []
      lists.reserveCapacity(dimensions.count)
      for dimension in dimensions {
        switch plugin.fields[dimension.slot] {
        case nil: lists.append("")
        case let field?:
          switch field.value {
          case .absent: lists.append("")
          case .items(let items) where !items.isEmpty && !items.contains(where: { $0.text.utf8.contains(0) }):
            // A value that is a secret is compared, never shown.
            lists.append(items.reduce(field.sensitive ? "#" : "=") { $0 + "\u{0}" + $1.text })
          default: continue plugins
          }
        }
      }
      guard let anchor = plugin.fields[restrictionsSlot] ?? plugin.fields[uriSlot] else {
        claims.append(Claim(
          key: "", value: "", file: Int32(file.index), pluginIndex: Int32(plugin.index), document: Int32(plugin.document),
          place: Place(line: Int32(plugin.location.line), column: Int32(plugin.location.column)), plugin: plugin.uri,
          owner: plugin.label, texts: lists))
        continue
      }
      claims.append(Claim(
        key: "", value: "", file: Int32(file.index), pluginIndex: Int32(plugin.index), document: Int32(plugin.document),
        place: Place(anchor), plugin: plugin.uri, owner: plugin.label, texts: lists))
    }
    return claims
  }

  /// One plugin as compared: per dimension its values' numbers, sorted, or nil for every value.
  private struct Compared {
    var at: RunClaims.Index
    var sets: [[Int32]?]
  }

  /// The earlier plugins of one store: each compared, and once the store has `indexedFrom` of
  /// them, indexed by value and by "no list", per dimension, each index in report order (a
  /// fleet has thousands of small stores: they keep no index, and are looked through).
  private struct Store {
    static let indexedFrom = 32
    var plugins: [Compared] = []
    var byValue: [[Int32: [Int32]]] = []
    var open: [[Int32]] = []
    var indexed: Bool { !byValue.isEmpty }

    mutating func add(_ plugin: Compared) {
      plugins.append(plugin)
      if indexed {
        index(plugins.count - 1)
      } else if plugins.count == Self.indexedFrom {
        byValue = Array(repeating: [:], count: plugin.sets.count)
        open = Array(repeating: [], count: plugin.sets.count)
        for ordinal in plugins.indices { index(ordinal) }
      }
    }

    private mutating func index(_ ordinal: Int) {
      for (dimension, set) in plugins[ordinal].sets.enumerated() {
        if let set {
          for value in set { byValue[dimension][value, default: []].append(Int32(ordinal)) }
        } else {
          open[dimension].append(Int32(ordinal))
        }
      }
    }
  }

  /// The values of the run, numbered per dimension (compared ignoring case), with each one's
  /// first spelling; and each list as written, read once (plugins mostly repeat a few lists).
  private struct Values {
    var numbers: [String: Int32] = [:]
    var spellings: [String] = []
    var lists: [String: [Int32]] = [:]

    mutating func set(of list: String) -> [Int32] {
      if let known = lists[list] { return known }
      var set: [Int32] = []
      for value in OverlapCheck.values(list) {
        let key = value.lowercased()
        if let number = numbers[key] {
          set.append(number)
        } else {
          numbers[key] = Int32(spellings.count)
          set.append(Int32(spellings.count))
          spellings.append(String(value))
        }
      }
      set.sort()
      set = set.indices.filter { $0 == 0 || set[$0 - 1] != set[$0] }.map { set[$0] }
      lists[list] = set
      return set
    }
  }

  func resolve(_ claims: RunClaims, _ context: CheckContext, _ sink: inout FindingSink) {
    var values = Array(repeating: Values(), count: dimensions.count)
    var stores: [Int32: Store] = [:]
    for index in claims.indices {
      let claim = claims[index]
      var sets: [[Int32]?] = []
      sets.reserveCapacity(dimensions.count)
      for (dimension, list) in claim.texts.enumerated() {
        sets.append(list.isEmpty ? nil : values[dimension].set(of: list))
      }
      let storeKey = context.store(of: claim)
      var store = stores.removeValue(forKey: storeKey) ?? Store()
      let compared = Compared(at: index, sets: sets)
      let found = overlapping(compared, in: store)
      if !found.isEmpty {
        let earlier = found.prefix(Self.namedAtMost).map { store.plugins[Int($0)] }
        report(claim, compared, earlier: earlier, more: found.count > Self.namedAtMost, claims: claims, values: values, context: context, sink: &sink)
      }
      store.add(compared)
      stores[storeKey] = store
    }
  }

  /// Whether two plugins can serve one shopper.
  private static func overlap(_ a: Compared, _ b: Compared) -> Bool {
    zip(a.sets, b.sets).allSatisfy { pair in
      guard let x = pair.0, let y = pair.1 else { return true }
      return !shared(x, y, atMost: 1).isEmpty
    }
  }

  /// The values two sorted sets share, at most `limit` of them.
  private static func shared(_ x: [Int32], _ y: [Int32], atMost limit: Int) -> [Int32] {
    var found: [Int32] = []
    var i = 0, j = 0
    while i < x.count, j < y.count, found.count < limit {
      if x[i] == y[j] {
        found.append(x[i])
        i += 1
        j += 1
      } else if x[i] < y[j] {
        i += 1
      } else {
        j += 1
      }
    }
    return found
  }

  /// The earlier plugins of `store` that `plugin` overlaps (their ordinals), first first, at
  /// most one more than a finding names, so that it knows there are more. Only the plugins
  /// that share a value with it, or have no list, in its most selective dimension are looked
  /// at; in report order, merged from the index's lists.
  private func overlapping(_ plugin: Compared, in store: Store) -> [Int32] {
    var found: [Int32] = []
    let wanted = Self.namedAtMost + 1
    guard store.indexed else {
      for ordinal in store.plugins.indices where Self.overlap(plugin, store.plugins[ordinal]) {
        found.append(Int32(ordinal))
        if found.count == wanted { break }
      }
      return found
    }
    // The dimension with the fewest candidates; none when the plugin has no list at all.
    var best: (dimension: Int, cost: Int)?
    for (dimension, set) in plugin.sets.enumerated() {
      guard let set else { continue }
      let cost = set.reduce(store.open[dimension].count) { $0 + (store.byValue[dimension][$1]?.count ?? 0) }
      if best == nil || cost < best!.cost { best = (dimension, cost) }
    }
    guard let best else {
      for ordinal in store.plugins.indices where Self.overlap(plugin, store.plugins[ordinal]) {
        found.append(Int32(ordinal))
        if found.count == wanted { break }
      }
      return found
    }
    guard best.cost > 0 else { return [] }
    let lists = [store.open[best.dimension]] + plugin.sets[best.dimension]!.compactMap { store.byValue[best.dimension][$0] }
    var heads = Array(repeating: 0, count: lists.count)
    var last: Int32 = -1
    while found.count < wanted {
      // The smallest head of the lists: the next candidate in report order.
      var next: Int32 = .max, from = -1
      for list in lists.indices where heads[list] < lists[list].count && lists[list][heads[list]] < next {
        next = lists[list][heads[list]]
        from = list
      }
      guard from >= 0 else { break }
      heads[from] += 1
      guard next != last else { continue }
      last = next
      if Self.overlap(plugin, store.plugins[Int(next)]) { found.append(next) }
    }
    return found
  }

  /// The finding of a plugin that overlaps `earlier` (more when `more`).
  private func report(
    _ claim: Claim, _ plugin: Compared, earlier: [Compared], more: Bool, claims: RunClaims, values: [Values],
    context: CheckContext, sink: inout FindingSink
  ) {
    let names = earlier.map { "'" + Quote.clipped(claims[$0.at].owner.trimmingBlanks()) + "'" }
    var others = names.prefix(3).joined(separator: ", ")
    if names.count > 3 || more {
      others += more ? " and more than \(names.count - 3) others" : " and \(names.count - 3) more"
    } else if names.count > 1 {
      others = names.dropLast().joined(separator: ", ") + " and " + names.last!
    }
    let values = [
      "plugin": Quote.clipped(claim.owner.trimmingBlanks()), "others": others,
      "store": context.documents[Int(claim.file)][Int(claim.document)].described,
      "where": overlapText(claim, plugin, claims[earlier[0].at], earlier[0], values: values),
    ]
    // The message says where it overlaps the first; each related place is one it overlaps.
    let related = relatedMessage.render([:])
    sink.add(
      message.render(values), about: claim, in: context,
      related: earlier.map { Finding.Related(location: context.location(of: claims[$0.at]), message: related) })
  }

  /// Where two plugins overlap, dimension by dimension: the values they share (in their
  /// first spelling of the run), or which of them has no list.
  private func overlapText(_ claim: Claim, _ plugin: Compared, _ otherClaim: Claim, _ other: Compared, values: [Values]) -> String {
    var phrases: [String] = [], open: [String] = []
    for (dimension, name) in dimensions.map(\.name).enumerated() {
      switch (plugin.sets[dimension], other.sets[dimension]) {
      case (nil, nil): open.append(name)
      case (nil, _): phrases.append(oneOpenPhrase.render(["dimension": name, "plugin": Quote.clipped(claim.owner.trimmingBlanks())]))
      case (_, nil): phrases.append(oneOpenPhrase.render(["dimension": name, "plugin": Quote.clipped(otherClaim.owner.trimmingBlanks())]))
      case let (mine?, theirs?):
        let common = Self.shared(mine, theirs, atMost: 6)
        let secret = claim.texts[dimension].hasPrefix("#") || otherClaim.texts[dimension].hasPrefix("#")
        var shown = secret ? Sensitivity.hidden : common.prefix(5).map { Quote.clipped(values[dimension].spellings[Int($0)]) }.joined(separator: ", ")
        if common.count > 5 && !secret { shown += " and more" }
        phrases.append(sharedPhrase.render(["dimension": name, "values": shown]))
      }
    }
    if !open.isEmpty {
      let names = open.count == 1 ? open[0] : open.dropLast().joined(separator: ", ") + " or " + open.last!
      phrases.append(bothOpenPhrase.render(["dimensions": names]))
    }
    return phrases.joined(separator: "; ")
  }

  /// The values of a claim's list.
  static func values(_ list: String) -> [Substring] {
    list.split(separator: "\u{0}", omittingEmptySubsequences: false).dropFirst().map { $0 }
  }
}
