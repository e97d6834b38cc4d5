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
    // A claim keeps which lists are secret as the bits of one number.
    guard (1...31).contains(dimensions.count), Set(names).count == names.count else {
      throw parameters.at.error("check '\(parameters.check)' compares 1 to 31 different restriction dimensions, not \(names.count)\(Set(names).count == names.count ? "" : " with repeats")")
    }
    sharedPhrase = try parameters.template("sharedPhrase", fills: ["dimension", "values"])
    oneOpenPhrase = try parameters.template("oneOpenPhrase", fills: ["dimension", "plugin"])
    bothOpenPhrase = try parameters.template("bothOpenPhrase", fills: ["dimensions"])
    relatedMessage = try parameters.template("relatedMessage", fills: [])
    self.message = message
    var roles = [Int8](filling: -1, count: parameters.schema.slotNames.count)
    roles[statusSlot] = Self.statusRole
    roles[restrictionsSlot] = Self.restrictionsRole
    roles[uriSlot] = Self.uriRole
    if parameters.schema.nameSlot >= 0 { roles[parameters.schema.nameSlot] = Self.nameRole }
    for (dimension, (_, slot)) in dimensions.enumerated() { roles[slot] = Int8(dimension) }
    self.roles = roles
  }

  var placeholders: [String]? { ["plugin", "others", "store", "where"] }
  var makesClaims: Bool { true }
  var comparesAcrossFiles: Bool { true }

  func run(_ file: CheckedFile, _ context: CheckContext, _ sink: inout FindingSink) {}

  /// A claim per Active Klarna Payments plugin whose restrictions read cleanly: in `numbers`
  /// (`Lists`) which lists are secret (compared, never shown) and each dimension's values as
  /// compared (no list or an empty one: every value), hashed here (on the workers) so that
  /// resolving compares numbers; for what a message shows, the plugin's `fields` (shared) when
  /// the file keeps them (`CheckContext.keepsFields`), else only that, packed after the hashes
  /// (`Shown`: one allocation a plugin, where an array of texts took twice the memory).
  /// A plugin with an invalid list is left out (the schema has reported it; guessing its
  /// values would make findings up). Each plugin's fields are looked through once, in place.
  func claims(_ file: CheckedFile, _ context: CheckContext) -> [Claim] {
    var claims: [Claim] = []
    var room = Room(dimensions: dimensions.count)
    for plugin in file.schemaPlugins where plugin.schema?.key == OutsideProductionCheck.klarna {
      let read = read(plugin.fields.storage, shows: !context.keepsFields, in: &room)
      guard let read else { continue }
      if claims.isEmpty { claims.reserveCapacity(file.schemaPlugins.count) }
      claims.append(Claim(
        key: "", value: "", file: Int32(file.index), pluginIndex: Int32(plugin.index), document: Int32(plugin.document),
        place: read.place ?? Place(line: Int32(plugin.location.line), column: Int32(plugin.location.column)), plugin: plugin.uri,
        owner: "", numbers: read.numbers, fields: context.keepsFields ? plugin.fields : FieldList()))
    }
    return claims
  }

  /// Room to read a file's plugins in, kept from plugin to plugin.
  private struct Room {
    /// By dimension: where its field is among the plugin's (-1: none).
    var at: [Int]
    /// Each list's hashes in turn, and its count (-1: every value).
    var hashes: [Int] = [], counts: [Int32] = []

    init(dimensions: Int) {
      at = Array(filling: -1, count: dimensions)
      hashes.reserveCapacity(64)
      counts.reserveCapacity(dimensions)
    }
  }

  /// An Active plugin's place to point at (its restrictions, else its URI) and its numbers
  /// (`Lists`, with what it shows packed after them when it `shows`: `Shown`), made in one
  /// allocation; nil for a plugin that is not Active or has an invalid list. The fields are
  /// read in place (a copy of each field looked at retained its texts).
  private func read(_ fields: [WrittenField], shows: Bool, in room: inout Room) -> (place: Place?, numbers: [Int32])? {
    fields.withUnsafeBufferPointer { buffer in
      // Read through the pointer: the buffer's subscript copied each field (`FieldValue`).
      guard let fields = buffer.baseAddress else { return nil }
      // Each field's first occurrence, as `FieldList` finds it.
      var status = -1, restrictions = -1, uri = -1, name = -1
      for position in room.at.indices { room.at[position] = -1 }
      for index in buffer.indices {
        switch roles[Int(fields[index].slot)] {
        case Self.statusRole: if status < 0 { status = index }
        case Self.restrictionsRole: if restrictions < 0 { restrictions = index }
        case Self.uriRole: if uri < 0 { uri = index }
        case Self.nameRole: if name < 0 { name = index }
        case let role where role >= 0: if room.at[Int(role)] < 0 { room.at[Int(role)] = index }
        default: break
        }
      }
      guard status >= 0, fields[status].value.choiceValue == "Active" else { return nil }
      if restrictions >= 0, fields[restrictions].value.isInvalid { return nil }
      var secret: Int32 = 0
      for dimension in room.at.indices where room.at[dimension] >= 0 {
        if fields[room.at[dimension]].value.isAbsent {
          room.at[dimension] = -1
        } else if let items = fields[room.at[dimension]].value.listItems, !items.isEmpty {
          if fields[room.at[dimension]].sensitive { secret |= 1 << dimension }
        } else {
          return nil
        }
      }
      room.hashes.removeAll(keepingCapacity: true)
      room.counts.removeAll(keepingCapacity: true)
      for index in room.at {
        guard index >= 0, let items = fields[index].value.listItems else {
          room.counts.append(-1)
          continue
        }
        items.withUnsafeBufferPointer { items in
          for item in items.indices { room.hashes.append(Self.hash(items[item].text)) }
        }
        room.counts.append(Int32(items.count))
      }
      Lists.settle(&room.hashes, &room.counts)
      let shown = shows ? Shown(buffer, name: name, lists: room.at, secret: secret) : nil
      let numbers = Lists.numbers(secret: secret, hashes: room.hashes, counts: room.counts, then: shown?.size ?? 0) { packed in
        shown?.pack(into: packed)
      }
      let anchor = restrictions >= 0 ? restrictions : uri
      return (anchor >= 0 ? Place(fields[anchor]) : nil, numbers)
    }
  }

  /// What a claim shows in messages: from the plugin's fields when it keeps them, else from
  /// what it packed after its lists' hashes in `numbers` (`Lists`): per dimension how many
  /// values it shows (none of a secret list), each text's length in bytes (the plugin's name
  /// as shown, empty for none, then the values as written, list after list), then the texts'
  /// bytes, four to a number. Unpacked only for a message.
  struct Shown {
    /// The fields read, the plugin's name among them (-1: none), its lists by dimension (-1:
    /// none) and which of them are secret (bits by dimension).
    private let fields: UnsafeBufferPointer<WrittenField>
    private let name: Int, lists: [Int], secret: Int32
    /// How many texts it shows (the name, empty or not, among them) and their bytes.
    private var texts = 0, bytes = 0

    /// What `fields` shows: its name at `name` and its lists at `lists` (by dimension; -1:
    /// none), those in `secret`'s bits left out; valid while `fields` is.
    init(_ fields: UnsafeBufferPointer<WrittenField>, name: Int, lists: [Int], secret: Int32) {
      self.fields = fields
      self.name = name
      self.lists = lists
      self.secret = secret
      var texts = 0, bytes = 0
      forEach { _, text in
        texts += 1
        bytes += text.utf8.count
      }
      self.texts = texts
      self.bytes = bytes
    }

    /// Each text shown, in order, with its dimension (nil: the name, empty when there is none
    /// or it is sensitive): the one definition of what a claim packs, for its size and its
    /// bytes alike.
    private func forEach(_ body: (_ dimension: Int?, _ text: String) -> Void) {
      let base = fields.baseAddress!
      if name >= 0, !base[name].sensitive, let text = base[name].value.textValue { body(nil, text) } else { body(nil, "") }
      for (dimension, index) in lists.enumerated() {
        guard index >= 0, secret & (1 << dimension) == 0, let items = base[index].value.listItems else { continue }
        items.withUnsafeBufferPointer { items in
          for item in items.indices { body(dimension, items[item].text) }
        }
      }
    }

    /// How many numbers it packs into.
    var size: Int { lists.count + texts + (bytes + 3) / 4 }

    /// Packs it into `packed` (`size` numbers).
    func pack(into packed: UnsafeMutableBufferPointer<Int32>) {
      for dimension in lists.indices { packed[dimension] = 0 }
      let raw = UnsafeMutableRawPointer(packed.baseAddress!)
      var length = lists.count, byte = 4 * (lists.count + texts)
      // The last number's bytes past the texts are zero.
      if bytes % 4 != 0 { packed[packed.count - 1] = 0 }
      forEach { dimension, text in
        if let dimension { packed[dimension] += 1 }
        let before = byte
        PackedText.write(text, to: raw, at: &byte)
        packed[length] = Int32(byte - before)
        length += 1
      }
    }

    /// Where what a claim packed starts in its `numbers`: nil when it keeps its plugin's
    /// fields instead.
    private static func packed(_ claim: Claim, dimensions: Int) -> Int? {
      let start = Lists.start(claim.numbers, dimensions, of: dimensions)
      return start < claim.numbers.count ? start : nil
    }

    /// Texts `from..<to` of those packed from `start` (of `dimensions`): only their bytes read.
    private static func texts(_ numbers: [Int32], _ start: Int, dimensions: Int, _ from: Int, _ to: Int) -> [String] {
      let lengths = start + dimensions, shown = (0..<dimensions).reduce(1) { $0 + Int(numbers[start + $1]) }
      var offset = 4 * (lengths + shown) + (0..<from).reduce(0) { $0 + Int(numbers[lengths + $1]) }
      return (from..<to).map { text in
        let length = Int(numbers[lengths + text])
        defer { offset += length }
        return PackedText.read(numbers, offset..<offset + length)
      }
    }

    /// How messages name the claim's plugin (as `Claim.label` does).
    static func label(_ claim: Claim, _ schema: Schema, dimensions: Int) -> String {
      guard let start = packed(claim, dimensions: dimensions) else { return claim.label(schema) }
      let name = texts(claim.numbers, start, dimensions: dimensions, 0, 1)[0]
      return claim.label(name: name.isEmpty ? nil : name)
    }

    /// The values of the claim's list of `dimension` (of `dimensions`, at `slot`), as written.
    static func values(_ claim: Claim, _ dimension: Int, slot: Int, of dimensions: Int) -> [String] {
      guard let start = packed(claim, dimensions: dimensions) else {
        guard case .items(let items)? = claim.fields[slot]?.value else { return [] }
        return items.map(\.text)
      }
      let first = (0..<dimension).reduce(1) { $0 + Int(claim.numbers[start + $1]) }
      return texts(claim.numbers, start, dimensions: dimensions, first, first + Int(claim.numbers[start + dimension]))
    }
  }

  /// By schema slot, what a field is to this check: a dimension's number, or one of these.
  private let roles: [Int8]
  private static let statusRole: Int8 = -2, restrictionsRole: Int8 = -3, uriRole: Int8 = -4, nameRole: Int8 = -5

  /// A value as compared: ignoring case, and equal for texts that are equal as Strings (seeded
  /// per run: two values of a run collide about once in 2^64 pairs). An ASCII text (nearly all)
  /// is lowered and mixed by the word, in place: no String is made; any other is lowered by
  /// Swift first and hashed as Swift hashes Strings (a non-ASCII text never equals an ASCII one
  /// but when it lowers to one, as the Kelvin sign does, and is then hashed as that one).
  static func hash(_ text: String) -> Int {
    if let hash = asciiHash(text) { return hash }
    let lowered = text.lowercased()
    return asciiHash(lowered) ?? lowered.hashValue
  }

  /// The run's seed of `asciiHash`, from Swift's per-process one.
  private static let seed = UInt64(truncatingIfNeeded: Hasher().finalize())

  /// The hash of an ASCII text lowered, nil for any other: each 8 bytes folded into the state
  /// by a 128-bit multiply (as wyhash does).
  private static func asciiHash(_ text: String) -> Int? {
    var text = text
    return text.withUTF8 { bytes -> Int? in
      let ones: UInt64 = 0x0101_0101_0101_0101, high = 0x80 * ones
      let odd: UInt64 = 0x9E37_79B9_7F4A_7C15, other: UInt64 = 0xA076_1D64_78BD_642F
      func mix(_ a: UInt64, _ b: UInt64) -> UInt64 {
        let product = a.multipliedFullWidth(by: b)
        return product.high ^ product.low
      }
      var state = seed ^ UInt64(bytes.count) &* odd
      func add(_ word: UInt64) -> Bool {
        guard word & high == 0 else { return false }
        // A high bit where a byte is 'A'...'Z': at least 0x41 and below 0x5B.
        let upper = (word &+ (0x80 - 0x41) * ones) & ~(word &+ (0x80 - 0x5B) * ones) & high
        state = mix((word | upper >> 2) ^ other, state ^ odd)
        return true
      }
      var at = 0
      while at + 8 <= bytes.count {
        guard add(UnsafeRawPointer(bytes.baseAddress! + at).loadUnaligned(as: UInt64.self)) else { return nil }
        at += 8
      }
      var tail: UInt64 = 0
      for shift in 0..<(bytes.count - at) { tail |= UInt64(bytes[at + shift]) << (8 * shift) }
      guard add(tail) else { return nil }
      return Int(truncatingIfNeeded: mix(state ^ odd, other ^ UInt64(bytes.count)))
    }
  }

  /// A claim's lists as compared, kept in its `numbers` (one array a plugin, read in place): a
  /// mask of the secret dimensions, per dimension its count of values (-1: every value), then
  /// each dimension's hashes in turn, sorted and without repeats, each as two numbers; then,
  /// for a claim that keeps no fields, what it shows (`Shown`).
  enum Lists {
    /// Sorts each list's hashes (in turn in `hashes`, `counts` of them each; -1: every value)
    /// and drops its repeats, in place: then they are what a claim keeps.
    static func settle(_ hashes: inout [Int], _ counts: inout [Int32]) {
      let kept = hashes.withUnsafeMutableBufferPointer { hashes in
        var start = 0, kept = 0
        for dimension in counts.indices where counts[dimension] >= 0 {
          let end = start + Int(counts[dimension])
          let list = UnsafeMutableBufferPointer(rebasing: hashes[start..<end])
          start = end
          Self.sort(list)
          let first = kept
          for position in list.indices where position == list.startIndex || list[position - 1] != list[position] {
            hashes[kept] = list[position]
            kept += 1
          }
          counts[dimension] = Int32(kept - first)
        }
        return kept
      }
      hashes.removeLast(hashes.count - kept)
    }

    /// The numbers of a plugin's lists settled (`settle`) and its secret dimensions, then
    /// `extra` numbers that `then` writes: made at their size, once.
    static func numbers(
      secret: Int32, hashes: [Int], counts: [Int32], then extra: Int, _ write: (UnsafeMutableBufferPointer<Int32>) -> Void
    ) -> [Int32] {
      let dimensions = counts.count, lists = 1 + dimensions + 2 * hashes.count
      var packed = [Int32](filling: 0, count: lists + extra)
      packed.withUnsafeMutableBufferPointer { numbers in
        numbers[0] = secret
        for dimension in 0..<dimensions { numbers[1 + dimension] = counts[dimension] }
        for (index, hash) in hashes.enumerated() {
          numbers[1 + dimensions + 2 * index] = Int32(truncatingIfNeeded: hash)
          numbers[2 + dimensions + 2 * index] = Int32(truncatingIfNeeded: hash >> 32)
        }
        write(UnsafeMutableBufferPointer(rebasing: numbers[lists..<lists + extra]))
      }
      return packed
    }

    /// Where the hashes of `dimension` (of `dimensions`) start in a claim's `numbers`, after
    /// the earlier dimensions'; with `dimension` at `dimensions`, where what it shows starts.
    static func start(_ numbers: [Int32], _ dimension: Int, of dimensions: Int) -> Int {
      var start = 1 + dimensions
      for earlier in 0..<dimension { start += 2 * max(0, Int(numbers[1 + earlier])) }
      return start
    }

    /// Sorts a list of hashes: by insertion while it is short (nearly all are), else as Swift sorts.
    private static func sort(_ list: UnsafeMutableBufferPointer<Int>) {
      guard list.count <= 16 else {
        var list = list
        return list.sort()
      }
      for index in list.indices.dropFirst() {
        let value = list[index]
        var place = index
        while place > 0, list[place - 1] > value {
          list[place] = list[place - 1]
          place -= 1
        }
        list[place] = value
      }
    }

    /// Whether two plugins' lists (their numbers) can take one shopper: in every dimension
    /// where both have a list, the lists share a value.
    static func overlap(_ a: [Int32], _ b: [Int32], dimensions: Int) -> Bool {
      a.withUnsafeBufferPointer { a in
        b.withUnsafeBufferPointer { b in
          var first = 1 + dimensions, second = 1 + dimensions
          for dimension in 0..<dimensions {
            let x = Int(a[1 + dimension]), y = Int(b[1 + dimension])
            defer {
              first += 2 * max(0, x)
              second += 2 * max(0, y)
            }
            guard x >= 0, y >= 0 else { continue }
            var met = false
            merge(a, from: first, x, b, from: second, y) { _ in
              met = true
              return false
            }
            if !met { return false }
          }
          return true
        }
      }
    }

    /// Each hash that the sorted lists of `x` hashes at `first` in `a` and of `y` at `second`
    /// in `b` share, in order, until `body` returns false: a merge, in place.
    static func merge(
      _ a: UnsafeBufferPointer<Int32>, from first: Int, _ x: Int, _ b: UnsafeBufferPointer<Int32>, from second: Int, _ y: Int,
      _ body: (Int) -> Bool
    ) {
      var i = 0, j = 0
      while i < x, j < y {
        let p = value(a, first + 2 * i), q = value(b, second + 2 * j)
        if p == q {
          guard body(p) else { return }
          i += 1
          j += 1
        } else if p < q {
          i += 1
        } else {
          j += 1
        }
      }
    }

    /// The hash at `at` (a pair's first number).
    static func value<Numbers: RandomAccessCollection<Int32>>(_ numbers: Numbers, _ at: Int) -> Int where Numbers.Index == Int {
      Int(UInt32(bitPattern: numbers[at])) | Int(numbers[at + 1]) << 32
    }
  }

  /// Whether a claim's list of `dimension` is secret.
  private static func secret(_ claim: Claim, _ dimension: Int) -> Bool { claim.numbers[0] & (1 << dimension) != 0 }

  /// One plugin as compared: its claim's place and lists (`Lists`), read in place.
  private struct Compared {
    var at: RunClaims.Index
    let numbers: [Int32]
    let dimensions: Int

    /// How many values `dimension` has; nil for every value.
    func count(_ dimension: Int) -> Int? {
      let count = Int(numbers[1 + dimension])
      return count < 0 ? nil : count
    }

    /// Where `dimension`'s hashes start in `numbers` (after the earlier dimensions').
    func start(_ dimension: Int) -> Int { Lists.start(numbers, dimension, of: dimensions) }

    /// The `index`th hash of `dimension`.
    func hash(_ dimension: Int, _ index: Int) -> Int { Lists.value(numbers, start(dimension) + 2 * index) }
  }

  /// The earlier plugins of a store that has `indexedFrom` of them (a smaller one is a chain in
  /// `resolve`, looked through: a fleet has thousands of them): each compared, and indexed by
  /// value and by "no list", per dimension, each index in report order. The plugins of a value
  /// are a chain through one flat array of links, not an array each (a store of 40,000 plugins
  /// of a market each made 40,000 arrays).
  private struct Store {
    static let indexedFrom = 32
    /// A value's plugins: its first and last link, and how many.
    struct Chain {
      var head: Int32, tail: Int32, count: Int32
    }
    var plugins: [Compared] = []
    var chains: [[Int: Chain]]
    /// A plugin's ordinal and the next link of its chain (-1: none).
    var links: [(ordinal: Int32, next: Int32)] = []
    var open: [[Int32]]

    init(dimensions: Int) {
      chains = Array(filling: [:], count: dimensions)
      open = Array(filling: [], count: dimensions)
    }

    mutating func add(_ plugin: Compared) {
      plugins.append(plugin)
      index(plugins.count - 1)
    }

    private mutating func index(_ ordinal: Int) {
      let plugin = plugins[ordinal]
      for dimension in 0..<plugin.dimensions {
        if let count = plugin.count(dimension) {
          for index in 0..<count {
            let value = plugin.hash(dimension, index)
            let link = Int32(links.count)
            links.append((Int32(ordinal), -1))
            if let chain = chains[dimension][value] {
              links[Int(chain.tail)].next = link
              chains[dimension][value] = Chain(head: chain.head, tail: link, count: chain.count + 1)
            } else {
              chains[dimension][value] = Chain(head: link, tail: link, count: 1)
            }
          }
        } else {
          open[dimension].append(Int32(ordinal))
        }
      }
    }
  }

  func resolve(_ claims: RunClaims, _ context: CheckContext, _ sink: inout FindingSink) {
    // Each store's plugins so far: a small store is a chain through `next` (no array of its own:
    // a fleet has thousands of stores of a few plugins); a big one has a `Store` index too.
    struct Chain {
      var first: Int32 = -1, last: Int32 = -1, count: Int32 = 0, index: Int32 = -1
    }
    var chains = [Chain](filling: Chain(), count: context.storeCount)
    var compared: [Compared] = [], next: [Int32] = [], indexes: [Store] = []
    for file in claims.files.indices {
      for item in claims.files[file].indices {
        let at = RunClaims.Index(file: file, item: item)
        let (plugin, storeKey, wanted) = claims.files[file].withUnsafeBufferPointer { fileClaims in
          let claim = fileClaims[item]
          // Past the file's cap a finding is only counted: whether there is one is enough.
          return (Compared(at: at, numbers: claim.numbers, dimensions: dimensions.count), Int(context.store(of: claim)),
                  sink.keeps(about: claim, in: context) ? Self.namedAtMost + 1 : 1)
        }
        var chain = chains[storeKey]
        let found: [Compared]
        if chain.index >= 0 {
          let store = indexes[Int(chain.index)]
          found = overlapping(plugin, in: store, wanted: wanted).map { store.plugins[Int($0)] }
        } else {
          var earlier: [Compared] = []
          var ordinal = chain.first
          while ordinal >= 0, earlier.count < wanted {
            if Self.overlap(plugin, compared[Int(ordinal)]) { earlier.append(compared[Int(ordinal)]) }
            ordinal = next[Int(ordinal)]
          }
          found = earlier
        }
        if !found.isEmpty {
          report(claims[at], plugin, earlier: Array(found.prefix(Self.namedAtMost)), more: found.count > Self.namedAtMost,
                 claims: claims, context: context, sink: &sink)
        }
        let ordinal = Int32(compared.count)
        compared.append(plugin)
        next.append(-1)
        if chain.last >= 0 { next[Int(chain.last)] = ordinal } else { chain.first = ordinal }
        chain.last = ordinal
        chain.count += 1
        if chain.index >= 0 {
          indexes[Int(chain.index)].add(plugin)
        } else if chain.count == Store.indexedFrom {
          // Big enough to index: its plugins so far, in order.
          var store = Store(dimensions: dimensions.count)
          var earlier = chain.first
          while earlier >= 0 {
            store.add(compared[Int(earlier)])
            earlier = next[Int(earlier)]
          }
          chain.index = Int32(indexes.count)
          indexes.append(store)
        }
        chains[storeKey] = chain
      }
    }
  }

  /// Whether two plugins can serve one shopper.
  private static func overlap(_ a: Compared, _ b: Compared) -> Bool { Lists.overlap(a.numbers, b.numbers, dimensions: a.dimensions) }

  /// The hashes two plugins' lists of `dimension` (of `x` and `y` values) share, ascending.
  private static func shared(_ a: Compared, _ b: Compared, _ dimension: Int, _ x: Int, _ y: Int) -> [Int] {
    var found: [Int] = []
    a.numbers.withUnsafeBufferPointer { first in
      b.numbers.withUnsafeBufferPointer { second in
        Lists.merge(first, from: a.start(dimension), x, second, from: b.start(dimension), y) { hash in
          found.append(hash)
          return true
        }
      }
    }
    return found
  }

  /// The earlier plugins of `store` that `plugin` overlaps (their ordinals), first first, at
  /// most `wanted` (one more than a finding names, so that it knows there are more). Only the plugins
  /// that share a value with it, or have no list, in its most selective dimension are looked
  /// at; in report order, merged from the index's lists.
  private func overlapping(_ plugin: Compared, in store: Store, wanted: Int) -> [Int32] {
    var found: [Int32] = []
    // The dimension with the fewest candidates; none when the plugin has no list at all.
    var best: (dimension: Int, cost: Int)?
    for dimension in 0..<plugin.dimensions {
      guard let count = plugin.count(dimension) else { continue }
      let cost = (0..<count).reduce(store.open[dimension].count) {
        $0 + Int(store.chains[dimension][plugin.hash(dimension, $1)]?.count ?? 0)
      }
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
    // The candidates: those with no list (by position in `open`), and each chain of the
    // plugin's values (by link); the smallest ordinal at a cursor is the next in report order.
    let open = store.open[best.dimension]
    var openAt = 0
    var cursors = (0..<plugin.count(best.dimension)!).compactMap { store.chains[best.dimension][plugin.hash(best.dimension, $0)]?.head }
    var last: Int32 = -1
    while found.count < wanted {
      var next: Int32 = openAt < open.count ? open[openAt] : .max, from = -1
      for (position, link) in cursors.enumerated() where link >= 0 && store.links[Int(link)].ordinal < next {
        next = store.links[Int(link)].ordinal
        from = position
      }
      guard next != .max else { break }
      if from < 0 { openAt += 1 } else { cursors[from] = store.links[Int(cursors[from])].next }
      guard next != last else { continue }
      last = next
      if Self.overlap(plugin, store.plugins[Int(next)]) { found.append(next) }
    }
    return found
  }

  /// The finding of a plugin that overlaps `earlier` (more when `more`); its text is made only
  /// when the sink keeps it.
  private func report(
    _ claim: Claim, _ plugin: Compared, earlier: [Compared], more: Bool, claims: RunClaims,
    context: CheckContext, sink: inout FindingSink
  ) {
    func text() -> String {
      // Three are named (a label is made from what the claim packed: only those).
      let names = earlier.prefix(3).map { "'" + label(claims[$0.at], context) + "'" }
      var others = names.joined(separator: ", ")
      if earlier.count > 3 || more {
        others += more ? " and more than \(earlier.count - 3) others" : " and \(earlier.count - 3) more"
      } else if names.count > 1 {
        others = names.dropLast().joined(separator: ", ") + " and " + names.last!
      }
      return message.render([
        "plugin": label(claim, context), "others": others,
        "store": context.documents[Int(claim.file)][Int(claim.document)].described,
        "where": overlapText(claim, plugin, claims[earlier[0].at], earlier[0], context),
      ])
    }
    // The message says where it overlaps the first; each related place is one it overlaps.
    sink.add(
      text(), about: claim, in: context,
      related: earlier.map { Finding.Related(location: context.location(of: claims[$0.at]), message: relatedMessage.render([:])) })
  }

  /// How messages name a claim's plugin.
  private func label(_ claim: Claim, _ context: CheckContext) -> String { Shown.label(claim, context.schema, dimensions: dimensions.count) }

  /// Where two plugins overlap, dimension by dimension: the values they share (in their
  /// first spelling of the run), or which of them has no list.
  private func overlapText(_ claim: Claim, _ plugin: Compared, _ otherClaim: Claim, _ other: Compared, _ context: CheckContext) -> String {
    var phrases: [String] = [], open: [String] = []
    for (dimension, name) in dimensions.map(\.name).enumerated() {
      switch (plugin.count(dimension), other.count(dimension)) {
      case (nil, nil): open.append(name)
      case (nil, _): phrases.append(oneOpenPhrase.render(["dimension": name, "plugin": label(claim, context)]))
      case (_, nil): phrases.append(oneOpenPhrase.render(["dimension": name, "plugin": label(otherClaim, context)]))
      case let (mine?, theirs?):
        var shown = Sensitivity.hidden
        if !Self.secret(claim, dimension) && !Self.secret(otherClaim, dimension) {
          // The values both take, in the earlier plugin's spelling and order (hashes have no
          // order worth showing: they differ from run to run); the shared hashes come in
          // order, and are looked up by halves (a finding is made for each of 40,000 plugins).
          let common = Self.shared(plugin, other, dimension, mine, theirs)
          var values: [String] = [], seen: [Int] = []
          for value in Shown.values(otherClaim, dimension, slot: dimensions[dimension].slot, of: dimensions.count) where values.count < 6 {
            let hash = Self.hash(value)
            let at = common.partitionPoint { $0 < hash }
            if at < common.count, common[at] == hash, !seen.contains(hash) {
              seen.append(hash)
              values.append(value)
            }
          }
          shown = values.prefix(5).map { Quote.clipped($0) }.joined(separator: ", ")
          if values.count > 5 { shown += " and more" }
        }
        phrases.append(sharedPhrase.render(["dimension": name, "values": shown]))
      }
    }
    if !open.isEmpty {
      let names = open.count == 1 ? open[0] : open.dropLast().joined(separator: ", ") + " or " + open.last!
      phrases.append(bothOpenPhrase.render(["dimensions": names]))
    }
    return phrases.joined(separator: "; ")
  }
}
