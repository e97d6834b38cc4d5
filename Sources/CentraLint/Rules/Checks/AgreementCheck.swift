/// `environments-agree`: in a merchant's store that has a production export, another named
/// environment of the same `store` (all its documents together) is a faithful copy: it has
/// every plugin production has (by URI, any type), and each Klarna Payments plugin of both has
/// the same values as production's first plugin of that URI, except the fields set per
/// environment and every sensitive field (by key or by value), which are never compared nor
/// shown.
///
/// Claims: one per document outside production (where a missing plugin is reported: its
/// `plugins` key) and one per plugin with a URI in a document that names its environment, which
/// packs what it compares (`Record`: its URI, name and compared values as read, with their
/// places; not its fields): its URI's key, its label and its values are read only for the
/// stores that have another environment, and made into text only where two values differ as
/// read. Past the run's room for kept fields (`KeptFields`), a production document without
/// a copy in its file makes one claim instead, and its file is read again (by the engine, on
/// every core, before resolving: `rereads`) when its store turns out to have a copy.
/// Resolving is a pass over the claims for the stores that have another environment, then one
/// over the claims and a dictionary per such store: linear.
struct AgreementCheck: Check {
  /// The fields compared, by slot: every field of the Klarna Payments schema but the sections,
  /// the sensitive fields, the URI and those set per environment.
  let compared: [(slot: Int, kind: Kind)]
  let statusSlot: Int, uriSlot: Int, nameSlot: Int
  let message: Template, missingMessage: Template
  let relatedValue: Template, relatedPlugin: Template
  /// How a message says a field is absent.
  let unset: String

  /// How a field's values are compared (SPEC §2: as the rules read them); an entry starts with
  /// its kind's letter.
  enum Kind: Character {
    /// Trimmed and exact.
    case text = "t"
    /// Ignoring case (a plugin's `type`).
    case folded = "f"
    /// Yes/No by meaning, a choice by its value: the schema's spelling.
    case word = "w"
    /// An endpoint by the table's entry.
    case endpoint = "e"
    /// A list as a set, ignoring case.
    case list = "l"
  }

  /// By schema slot, the field's place in `compared` (-1: not compared): a plugin's fields are
  /// looked through once.
  let comparedPosition: [Int]

  init(_ parameters: Parameters, message: Template) throws {
    let perEnvironment = try parameters.node?.field("perEnvironment")?.strings("perEnvironment")
      ?? ["secret", "eStoreId", "klarnaEndpoint", "testMode", "frontendPrefix"]
    // The URI is what pairs the plugins (ignoring case), not a value of theirs.
    let skipped = Set(try (perEnvironment + ["uri"]).map { try parameters.slot(named: $0) })
    guard let klarna = parameters.schema.pluginType("Klarna Payments") else {
      throw parameters.at.error("check '\(parameters.check)' needs the plugin type 'Klarna Payments' in the schema")
    }
    var compared: [(slot: Int, kind: Kind)] = []
    func visit(_ fields: [Schema.Field]) {
      for field in fields where !field.sensitive && !skipped.contains(field.slot) {
        switch field.type {
        case .section(let inner): visit(inner)
        case .text: compared.append((field.slot, field.name == "type" ? .folded : .text))
        case .yesNo, .choice: compared.append((field.slot, .word))
        case .endpoint: compared.append((field.slot, .endpoint))
        case .textList, .countryList: compared.append((field.slot, .list))
        }
      }
    }
    visit(klarna.fields)
    self.compared = compared
    var positions = Array(filling: -1, count: parameters.schema.slotNames.count)
    for (position, field) in compared.enumerated() { positions[field.slot] = position }
    comparedPosition = positions
    statusSlot = try parameters.slot(named: "status")
    uriSlot = try parameters.slot(named: "uri")
    nameSlot = parameters.schema.nameSlot
    missingMessage = try parameters.template("missingMessage", fills: ["store", "plugin", "uri"])
    relatedValue = try parameters.template("relatedValue", fills: ["value"])
    relatedPlugin = try parameters.template("relatedPlugin", fills: [])
    unset = try parameters.text("unset")
    self.message = message
  }

  var placeholders: [String]? { ["plugin", "store", "field", "value", "production"] }
  var makesClaims: Bool { true }
  var comparesAcrossFiles: Bool { true }

  func run(_ file: CheckedFile, _ context: CheckContext, _ sink: inout FindingSink) {}

  /// Claim `value`s: what a claim stands for: a document outside production, a production
  /// document whose plugins were not kept, a plugin, a Klarna Payments plugin.
  private static let documentClaim = "d", productionClaim = "r", pluginClaim = "p", klarnaClaim = "k"

  /// A claim per document outside production, and per plugin with a URI of a document that
  /// names its environment (`pluginClaims`). A production document whose store has no copy in
  /// the file (a fleet's exports: they have none anywhere) claims its plugins only when the file
  /// keeps its fields (`CheckContext.keepsFields`: there is room) or a copy of its store was read
  /// already; else the document makes one claim, and its plugins are read again if another file
  /// holds a copy of its store.
  func claims(_ file: CheckedFile, _ context: CheckContext) -> [Claim] {
    let copied = DocumentNames.storesCopied(in: file.documents)
    let alone = file.documents.map {
      !context.keepsFields && $0.isProduction && $0.hasPlugins && !copied.contains($0.storeKey)
        && !(context.kept?.hasCopy($0.storeKey, of: context.merchant) ?? false)
    }
    // The copies' claims first: the file's first claims get their source lines for the text
    // report (`Engine.attachSnippets`, up to the findings limit), and only a copy's are ever
    // reported about; production's, kept or not, would change which.
    var claims: [Claim] = []
    for production in [false, true] {
      for (index, names) in file.documents.enumerated() where production ? names.isProduction : names.isCopy {
        guard !production || alone[index] else { continue }
        claims.append(Claim(
          key: "", value: production ? Self.productionClaim : Self.documentClaim, file: Int32(file.index), pluginIndex: -1,
          document: Int32(index), place: Place(line: names.pluginsPlace.line, column: names.pluginsPlace.column), owner: ""))
      }
      // Most files claim no plugin (a fleet's exports are production alone): not one is looked at.
      let kept = { (document: Int) in file.documents[document].isProduction == production && !alone[document] }
      if file.documents.indices.contains(where: kept) { claims += pluginClaims(file, kept: kept) }
    }
    return claims
  }

  /// A claim per plugin with a URI that may be shown, in a document that names its environment
  /// and is `kept`: the URI's place, and what it keeps of the plugin packed (`Record`): the key
  /// it pairs by, its label and its values are made when its store has another environment
  /// (most runs have none).
  private func pluginClaims(_ file: CheckedFile, kept: (Int) -> Bool) -> [Claim] {
    var claims: [Claim] = []
    var room = Record.Room(compared: compared.count)
    for plugin in file.plugins where plugin.environment != nil && !(plugin.uri?.isEmpty ?? true) && kept(plugin.document) {
      guard let place = plugin.fields[uriSlot].map(Place.init) else { continue }
      let klarna = plugin.schema?.key == OutsideProductionCheck.klarna
      let record = Record.pack(
        plugin.fields, uriSlot: uriSlot, nameSlot: nameSlot, compared: comparedPosition, count: klarna ? compared.count : 0, in: &room)
      claims.append(Claim(
        key: "", value: klarna ? Self.klarnaClaim : Self.pluginClaim, file: Int32(file.index), pluginIndex: Int32(plugin.index),
        document: Int32(plugin.document), place: place, plugin: plugin.uri, owner: "", numbers: record))
    }
    return claims
  }

  /// The stores that have an environment besides production (each document outside it has a
  /// claim): only their production plugins are looked at (most runs have none).
  private static func copied(_ claims: RunClaims, _ context: CheckContext) -> Set<StoreName> {
    var copied: Set<StoreName> = []
    for index in claims.indices where claims[index].value == documentClaim {
      let claim = claims[index]
      copied.insert(StoreName(merchant: context.merchants[Int(claim.file)], store: context.documents[Int(claim.file)][Int(claim.document)].storeKey))
    }
    return copied
  }

  /// The production documents of stores in `copied` whose plugins were not kept, by file.
  private static func unkept(_ claims: RunClaims, _ context: CheckContext, copied: Set<StoreName>) -> [Int: Set<Int32>] {
    var unkept: [Int: Set<Int32>] = [:]
    guard !copied.isEmpty else { return unkept }
    for index in claims.indices where claims[index].value == productionClaim {
      let claim = claims[index]
      if copied.contains(StoreName(merchant: context.merchants[Int(claim.file)], store: context.documents[Int(claim.file)][Int(claim.document)].storeKey)) {
        unkept[Int(claim.file), default: []].insert(claim.document)
      }
    }
    return unkept
  }

  func rereads(_ claims: RunClaims, _ context: CheckContext) -> Set<Int> {
    Set(Self.unkept(claims, context, copied: Self.copied(claims, context)).keys)
  }

  /// The plugin claims of production documents that were not kept, by file and document, from
  /// their files as read again. A file that no longer holds those documents of those stores
  /// (changed since it was read) gives none.
  private func production(_ unkept: [Int: Set<Int32>], _ context: CheckContext) -> [FileDocument: [Claim]] {
    var found: [FileDocument: [Claim]] = [:]
    for (index, documents) in unkept {
      let before = context.documents[index]
      guard let file = context.reread[index], file.documents.count == before.count,
            documents.allSatisfy({ file.documents[Int($0)].isProduction && file.documents[Int($0)].storeKey == before[Int($0)].storeKey })
      else { continue }
      // In report order, as the file's own claims are (a URI through an alias may come first).
      for claim in Engine.inReportOrder(pluginClaims(file, kept: { documents.contains(Int32($0)) })) {
        found[FileDocument(file: claim.file, document: claim.document), default: []].append(claim)
      }
    }
    return found
  }

  private struct FileDocument: Hashable {
    var file: Int32, document: Int32
  }

  /// The URI a plugin claim pairs by: trimmed, ignoring case, as `plugin-uri-unique` compares.
  private static func key(_ claim: Claim) -> String {
    UniqueCheck.key(Record(claim.numbers).uri?.trimmingBlanks() ?? "")
  }

  /// How messages name a plugin claim's plugin.
  private static func label(_ claim: Claim) -> String { claim.label(name: Record(claim.numbers).name) }

  /// Whether a text is secret by its shape (a Klarna key, a URL's password) wherever it is.
  static func secretShaped(_ text: String) -> Bool {
    var text = text
    return text.withUTF8(Sensitivity.holdsSecretShape)
  }

  /// Whether two entries of one field say the same.
  private static func same(_ a: String, _ b: String) -> Bool {
    guard a != b else { return true }
    guard let kind = a.first.flatMap({ Kind(rawValue: $0) }), b.first == a.first else { return false }
    let x = a.dropFirst(), y = b.dropFirst()
    switch kind {
    case .text, .word: return false
    case .folded: return x.lowercased() == y.lowercased()
    case .endpoint: return x.prefix { $0 != "\u{0}" } == y.prefix { $0 != "\u{0}" }
    case .list:
      func set(_ list: Substring) -> Set<String> { Set(list.split(separator: "\u{0}").map { $0.lowercased() }) }
      return set(x) == set(y)
    }
  }

  /// An entry as a message shows it.
  private func shown(_ entry: String) -> String {
    guard let kind = entry.first.flatMap({ Kind(rawValue: $0) }) else { return unset }
    let value = entry.dropFirst()
    switch kind {
    case .text, .folded: return "'" + Quote.clipped(String(value)) + "'"
    case .word: return String(value)
    case .endpoint: return "'" + Quote.clipped(String(value.drop { $0 != "\u{0}" }.dropFirst())) + "'"
    case .list: return "[" + Quote.clipped(value.split(separator: "\u{0}").joined(separator: ", ")) + "]"
    }
  }

  func resolve(_ claims: RunClaims, _ context: CheckContext, _ sink: inout FindingSink) {
    /// One environment outside production of a store: its store's place among `productions`,
    /// its first document, its URIs, its plugins (each with its URI's key).
    struct Copy {
      var name: Int
      var document: RunClaims.Index?
      var uris: Set<String> = []
      var plugins: [(at: RunClaims.Index, key: String)] = []
    }
    /// Where a production plugin's claim is: among the run's, or among those read again
    /// (`rereads`). Claims are kept by where they are, not copied (a copy retains every text).
    enum Source {
      case run(RunClaims.Index), reread(Int)
    }
    /// Production's plugins of a store that has a copy: the first of each URI, in report order.
    struct Production {
      var first: [String: Source] = [:]
      var order: [(plugin: Source, key: String)] = []
    }
    let copied = Self.copied(claims, context)
    guard !copied.isEmpty else { return }
    // The production documents of those stores whose plugins were not kept, as read again.
    let reread = production(Self.unkept(claims, context, copied: copied), context)
    var rereadClaims: [Claim] = []
    func claim(_ source: Source) -> Claim {
      switch source {
      case .run(let at): claims[at]
      case .reread(let index): rereadClaims[index]
      }
    }
    // The stores met (merchant and store), numbered in the order met: production's plugins of each.
    var numbers: [StoreName: Int] = [:], productions: [Production] = []
    func number(_ name: StoreName) -> Int {
      if let known = numbers[name] { return known }
      numbers[name] = productions.count
      productions.append(Production())
      return productions.count - 1
    }
    func produced(_ source: Source, _ store: Int) {
      let key: String
      switch source {
      case .run(let at): key = Self.key(claims[at])
      case .reread(let index): key = Self.key(rereadClaims[index])
      }
      if productions[store].first[key] == nil {
        productions[store].first[key] = source
        productions[store].order.append((source, key))
      }
    }
    // Each environment's copy, in the order first met, and its place there by the run's
    // number of its store (`CheckContext.stores`: merchant, environment and store).
    var copies: [Copy] = []
    var copyOf = [Int](filling: -1, count: context.storeCount)
    // A document's claims follow one another: what its store is is worked out once, not for
    // every claim (a copy: its place in `copies`; production of a store with a copy: its
    // number in `productions`; -1: neither).
    var last: (file: Int32, document: Int32, copy: Int, production: Int) = (-1, -1, -1, -1)
    for index in claims.indices {
      // Read in place: a claim is copied only where it is kept.
      let file = claims[index].file, document = claims[index].document
      if file != last.file || document != last.document {
        last = (file, document, -1, -1)
        let names = context.documents[Int(file)][Int(document)]
        if let environment = names.environmentKey {
          let name = StoreName(merchant: context.merchants[Int(file)], store: names.storeKey)
          if environment != "production" {
            let store = Int(context.stores[Int(file)][Int(document)])
            if copyOf[store] < 0 {
              copyOf[store] = copies.count
              copies.append(Copy(name: number(name)))
            }
            last.copy = copyOf[store]
          } else if copied.contains(name) {
            last.production = number(name)
          }
        }
      }
      if last.copy >= 0 {
        if claims[index].value == Self.documentClaim {
          if copies[last.copy].document == nil { copies[last.copy].document = index }
        } else {
          let key = Self.key(claims[index])
          copies[last.copy].uris.insert(key)
          copies[last.copy].plugins.append((index, key))
        }
      } else if last.production >= 0 {
        if claims[index].value == Self.productionClaim {
          for plugin in reread[FileDocument(file: file, document: document)] ?? [] {
            rereadClaims.append(plugin)
            produced(.reread(rereadClaims.count - 1), last.production)
          }
        } else {
          produced(.run(index), last.production)
        }
      }
    }
    var mineAt = [Int32](filling: -1, count: compared.count), theirsAt = mineAt
    for copy in copies {
      let original = productions[copy.name]
      // A plugin production has and this environment lacks, at the environment's first document.
      if let document = copy.document {
        let at = claims[document]
        for (source, key) in original.order where !copy.uris.contains(key) {
          let plugin = claim(source)
          sink.add(
            missingMessage.render([
              "store": context.documents[Int(at.file)][Int(at.document)].described, "plugin": Self.label(plugin),
              "uri": Quote.clipped(plugin.plugin ?? key),
            ]),
            about: at, in: context, related: [Finding.Related(location: context.location(of: plugin), message: relatedPlugin.render([:]))])
        }
      }
      // A Klarna plugin of both whose values drift.
      for (index, key) in copy.plugins where claims[index].value == Self.klarnaClaim {
        guard let source = original.first[key] else { continue }
        let reference = claim(source)
        guard reference.value == Self.klarnaClaim else { continue }
        let plugin = claims[index]
        let mineRecord = Record(plugin.numbers), theirsRecord = Record(reference.numbers)
        mineRecord.locate(into: &mineAt)
        theirsRecord.locate(into: &theirsAt)
        for position in compared.indices {
          // Most values agree as read: no text is made of them.
          let mineEntry = mineAt[position], theirsEntry = theirsAt[position]
          guard !Record.agreeAsRead(mineRecord, mineEntry, theirsRecord, theirsEntry) else { continue }
          let kind = compared[position].kind, slot = compared[position].slot
          let mine = mineRecord.entry(mineEntry, kind), theirs = theirsRecord.entry(theirsEntry, kind)
          guard mine != "!", theirs != "!", !Self.same(theirs, mine) else { continue }
          // Where a value is, else (absent, null or blank) the plugin's URI.
          var at = plugin
          if !mine.isEmpty {
            at.place = mineRecord.place(mineEntry, slot: slot)
            // The source line is the claim's own: a value elsewhere is shown by the message alone.
            at.snippets = nil
          }
          var there = reference
          if !theirs.isEmpty { there.place = theirsRecord.place(theirsEntry, slot: slot) }
          sink.add(
            message.render([
              "plugin": Self.label(plugin), "store": context.documents[Int(plugin.file)][Int(plugin.document)].described,
              "field": context.schema.slotNames[slot], "value": shown(mine), "production": shown(theirs),
            ]),
            about: at, in: context,
            related: [Finding.Related(location: context.location(of: there), message: relatedValue.render(["value": shown(theirs)]))])
        }
      }
    }
  }
}
