/// One named check of the check library; a rule file names one and gives its parameters.
protocol Check: Sendable {
  /// Finds problems in one file.
  func run(_ file: CheckedFile, _ context: CheckContext, _ sink: inout FindingSink)
  /// What this check must look at once every file is read: values that must be unique across
  /// the run (URIs), or MIDs to look up in the registry, which loads meanwhile. Most make none.
  func claims(_ file: CheckedFile, _ context: CheckContext) -> [Claim]
  /// Turns every claim of the run, in report order, into findings; `context` has the registry.
  func resolve(_ claims: RunClaims, _ context: CheckContext, _ sink: inout FindingSink)
  /// The files (by input order) that `resolve` must see again, their claims having kept too
  /// little of them: the engine reads them on every core before any rule resolves
  /// (`CheckContext.reread`). Most need none.
  func rereads(_ claims: RunClaims, _ context: CheckContext) -> Set<Int>
  /// Whether `claims` can give any: only these rules keep a list per file.
  var makesClaims: Bool { get }
  /// Whether the claims are compared across files (a URI used twice in a store); such a check
  /// also sees the exports of the merchant that were not given. Other checks make claims only
  /// to wait for the registry.
  var comparesAcrossFiles: Bool { get }
  /// Whether this check reports passed limits, and so the engine's own (file size, findings).
  var reportsLimits: Bool { get }
  /// Whether it can find nothing without a MID registry (the summary then says it did not run).
  var needsRegistry: Bool { get }
  /// Whether it reads the literal credentials (`CredentialScan`): the file stage finds them only then.
  var readsCredentials: Bool { get }
  /// The fields whose MIDs the check looks up in the registry: the engine makes one claim
  /// list of them per file, for every check that names the same fields.
  var midFields: MIDFields? { get }
  /// The placeholders its messages fill, when a rule file's message is checked against them at
  /// load (the generic checks); nil when not declared.
  var placeholders: [String]? { get }
}

/// The endpoint and E-Store ID fields of a plugin, by schema slot.
struct MIDFields: Sendable, Equatable {
  var endpoint: Int
  var eStoreID: Int
}

extension Check {
  var makesClaims: Bool { false }
  var comparesAcrossFiles: Bool { false }
  var reportsLimits: Bool { false }
  var readsCredentials: Bool { false }
  var needsRegistry: Bool { false }
  var midFields: MIDFields? { nil }
  var placeholders: [String]? { nil }
  func claims(_ file: CheckedFile, _ context: CheckContext) -> [Claim] { [] }
  func resolve(_ claims: RunClaims, _ context: CheckContext, _ sink: inout FindingSink) {}
  func rereads(_ claims: RunClaims, _ context: CheckContext) -> Set<Int> { [] }
}

/// What a check sees of one whole file: the YAML layer's problems, the schema's issues, and
/// the plugins.
struct CheckedFile: Sendable {
  var name: String
  /// Its place among the run's inputs.
  var index: Int
  var problems: [YAMLProblem]
  /// What the schema found, every document's.
  var issues: [SchemaIssue]
  /// Every plugin, in order.
  let plugins: ArraySlice<Plugin>
  /// The plugins that have a schema (a Klarna Payments plugin, say), in order.
  let schemaPlugins: [Plugin]
  /// The MID claims of the plugins, made once for the rules that look MIDs up (they share the
  /// array, so a fleet keeps one list); empty without a registry.
  var midClaims: [Claim] = []
  /// Each document's store names and where they are.
  var documents: [DocumentNames] = []
  /// The credentials written as literals, when a rule reads them.
  var credentials: [CredentialScan.Literal] = []

  init(name: String, index: Int, problems: [YAMLProblem], issues: [SchemaIssue], plugins: ArraySlice<Plugin>) {
    self.name = name
    self.index = index
    self.problems = problems
    self.issues = issues
    self.plugins = plugins
    schemaPlugins = plugins.filter { $0.schema != nil }
  }

  init(name: String, index: Int, problems: [YAMLProblem], documents: [ExportDocument]) {
    self.init(name: name, index: index, problems: problems, issues: documents.flatMap(\.issues),
              plugins: ArraySlice(documents.flatMap(\.plugins)))
  }
}

/// What every check may read besides the file.
public struct CheckContext: Sendable {
  public var schema: Schema
  public var tables: KlarnaTables
  /// Each merchant's MID registry, when it has one: set only for `resolve` (registries load
  /// while files are checked).
  var registries: [MIDRegistry?] = []
  /// The image sizes the store has, when configured.
  public var imageSizes: [String]?
  /// Whether a registry was given (it may still be loading): without one, no MID is claimed.
  public var registryGiven = false
  /// The run's files by input order, for claims (set when claims are resolved).
  public var files: [String] = []
  /// The place of the first file whose findings are reported: those before it were read only
  /// for the cross-file rules.
  var firstReported = 0
  /// Each file's documents, and the number of each one's store, by file.
  var documents: [[DocumentNames]] = []
  var stores: [[Int32]] = [] {
    didSet { storeCount = stores.reduce(0) { count, file in max(count, file.max().map { Int($0) + 1 } ?? 0) } }
  }
  /// How many stores the run has: their numbers in `stores` are below it.
  private(set) var storeCount = 0
  /// Each file's merchant, by input order.
  var merchants: [Int] = []
  /// Whether the file's claims may keep its plugins' fields to the end of the run (in the file
  /// stage: `KeptFields`); else they keep only what their messages need.
  var keepsFields = true
  /// The run's room, and the stores with a copy so far, in the file stage.
  var kept: KeptFields?
  /// The merchant of the file checked, in the file stage.
  var merchant = 0
  /// The files the checks asked to see again (`Check.rereads`), by input order, as read now
  /// (set only for `resolve`); one that cannot be read now is absent (a check then compares
  /// nothing of it).
  var reread: [Int: CheckedFile] = [:]

  /// Whether a claim's merchant has a registry, and its entry for the claim's MID: looked up in
  /// place (a copy of a registry per claim would retain its tables each time).
  func registryEntry(of claim: Claim) -> (registered: Bool, entry: MIDRegistry.Entry?) {
    let merchant = merchants[Int(claim.file)]
    guard registries[merchant] != nil else { return (false, nil) }
    return (true, registries[merchant]!.entry(claim.key))
  }

  /// The store of a claim's plugin.
  func store(of claim: Claim) -> Int32 { stores[Int(claim.file)][Int(claim.document)] }

  /// Where a claim's value (or its endpoint) is.
  func location(of claim: Claim, endpoint: Bool = false) -> SourceLocation {
    let place = claim.place(endpoint: endpoint)
    return SourceLocation(file: files[Int(claim.file)], line: Int(place.line), column: Int(place.column))
  }

  /// Just past the claim's value (or its endpoint), when known.
  func end(of claim: Claim, endpoint: Bool = false) -> SourceLocation? {
    let place = claim.place(endpoint: endpoint)
    return place.endLine == 0 ? nil : SourceLocation(file: files[Int(claim.file)], line: Int(place.endLine), column: Int(place.endColumn))
  }
}

/// A plugin's value that a check looks at after every file is read. Lean on purpose (plain
/// numbers and few Strings): the run keeps one per plugin and sorts them. Messages are made
/// only for findings.
struct Claim: Sendable {
  /// The value compared: a URI (trimmed, lower case), or a MID.
  var key: String
  /// The value as written (trimmed), for messages; empty where no message shows it.
  var value: String
  /// The file's place among the run's inputs.
  var file: Int32
  var pluginIndex: Int32
  /// The 0-based index of the plugin's document in its file.
  var document: Int32
  /// Where the value is; a finding points at it (or at `endpointPlace`).
  var place: Place
  /// For a MID: the plugin's endpoint (an index into the endpoint table) and where it is.
  var endpoint: Int8 = -1
  var endpointPlace: Place?
  /// The plugin's URI, and its name (else URI, else path) as written, for messages; for a
  /// MID claim, the MID as a message may show it (`shownMID`).
  var plugin: String?
  var owner: String
  /// What a check's message needs besides (empty for most: an empty array costs nothing).
  var texts: [String] = []
  /// Numbers a check keeps besides (where further values are, when it compares several fields
  /// of a plugin); empty for most.
  var numbers: [Int32] = []
  /// The plugin's fields, for a check that reads its values once every file is read: shared
  /// with the plugin (one reference, nothing copied; a check makes text of them only where it
  /// compares: most are never); empty for most.
  var fields = FieldList()

  /// A MID claim's MID as a message may show it.
  var shownMID: String { owner }
  /// How messages name the claim's plugin: its `owner`, else (a claim that keeps the plugin's
  /// `fields` and leaves `owner` empty) as `Plugin.label` does, made only for a message.
  func label(_ schema: Schema) -> String {
    owner.isEmpty ? label(name: fields.shownText(schema.nameSlot)) : owner
  }
  /// How messages name the claim's plugin when its name (as shown; nil: none) is kept elsewhere
  /// than in `fields` (packed in `numbers`), as `Plugin.label` does.
  func label(name: String?) -> String { Plugin.label(name: name, uri: plugin, index: Int(pluginIndex)) }
  /// Where a finding about the claim points: its value, or with `endpoint` its endpoint (the
  /// value when it has none).
  func place(endpoint: Bool) -> Place { endpoint ? endpointPlace ?? place : place }
  /// The masked source lines of `place` and `endpointPlace`, for the text report only (boxed,
  /// so that a claim without them stays small).
  var snippets: ClaimSnippets?
}

/// Every claim of a run for one rule, in report order: file by file in input order, each
/// file's in its own report order. Kept per file, never joined: a fleet has a claim or two per
/// plugin, and joining them would copy every one (time, and the run's peak memory).
struct RunClaims: Collection {
  struct Index: Comparable {
    var file: Int, item: Int
    static func < (a: Index, b: Index) -> Bool { (a.file, a.item) < (b.file, b.item) }
  }

  let files: [[Claim]]

  var startIndex: Index { skipEmpty(Index(file: 0, item: 0)) }
  var endIndex: Index { Index(file: files.count, item: 0) }
  /// The claim, read in place: `claims[at].file` copies no more than the file's number (a
  /// claim copied whole retains its texts and lists).
  subscript(position: Index) -> Claim {
    _read { yield files[position.file][position.item] }
  }
  func index(after position: Index) -> Index { skipEmpty(Index(file: position.file, item: position.item + 1)) }

  /// The place itself, or the first claim after it when its file has no more.
  private func skipEmpty(_ position: Index) -> Index {
    var next = position
    while next.file < files.count, next.item >= files[next.file].count { next = Index(file: next.file + 1, item: 0) }
    return next
  }
}

/// Texts a claim packs into its `numbers` after what it compares, four bytes to a number
/// (`OverlapCheck.Shown`, `AgreementCheck.Record`): written and read here only.
enum PackedText {
  /// Writes `text`'s bytes at `offset` bytes past `base` and moves `offset` past them.
  static func write(_ text: String, to base: UnsafeMutableRawPointer, at offset: inout Int) {
    var text = text
    text.withUTF8 { utf8 in
      if !utf8.isEmpty { (base + offset).copyMemory(from: utf8.baseAddress!, byteCount: utf8.count) }
      offset += utf8.count
    }
  }

  /// The text in `range`, in bytes counted from the start of `numbers`.
  static func read(_ numbers: [Int32], _ range: Range<Int>) -> String {
    numbers.withUnsafeBytes { String(decoding: UnsafeRawBufferPointer(rebasing: $0[range]), as: UTF8.self) }
  }
}

/// A claim's source lines.
final class ClaimSnippets: @unchecked Sendable {  // written once, by the thread that made it
  var place: Finding.Snippet?
  var endpoint: Finding.Snippet?
}

/// Where a field's value is, and its slot: what a claim keeps of a field.
struct Place: Sendable {
  var line: Int32, column: Int32
  /// Just past the value (0 when not known).
  var endLine: Int32 = 0, endColumn: Int32 = 0
  var viaLine: Int32, viaColumn: Int32
  var slot: Int32

  init(line: Int32, column: Int32, slot: Int32 = -1) {
    self.line = line
    self.column = column
    viaLine = 0
    viaColumn = 0
    self.slot = slot
  }

  init(_ field: WrittenField) {
    line = field.line
    column = field.column
    endLine = field.endLine
    endColumn = field.endColumn
    viaLine = field.viaLine
    viaColumn = field.viaColumn
    slot = Int32(field.slot)
  }
}

/// Collects one rule's findings in one file, stamping its id, severity and file. The file stage
/// passes one sink from rule to rule of a file (`next(rule:severity:)`): a sink per rule and
/// file was 660,000 sinks made and destroyed on 30,000 small files (143 M instructions).
struct FindingSink {
  private(set) var rule: String
  private(set) var severity: Severity
  let file: String
  /// The schema's field names by slot (not the whole schema: a sink is made per rule and file,
  /// and copying a struct of arrays retains every one of them).
  let slotNames: [String]
  /// The documents of the file, for the store and environment of each finding.
  let documents: [DocumentNames]
  /// The rule's severity by file (its merchant's setting; nil: off there), when merchants
  /// differ; empty when `severity` holds for every file.
  var severities: [Severity?] = []
  private(set) var findings: [Finding] = []
  /// For the cross-file rules: by file, how many findings it may add before it adds no more
  /// after them (its findings cap, where nothing can take a finding away: no suppression comment,
  /// no baseline); empty when nothing is bounded. A finding past all of the first `room` of its
  /// file, at a later place, is past the cap of the report: it is counted in `dropped`, never made.
  var rooms: [Int] = [] {
    didSet {
      admitted = Array(filling: 0, count: rooms.count)
      furthest = Array(filling: (0, 0), count: rooms.count)
      dropped = Array(filling: 0, count: rooms.count)
    }
  }
  private var admitted: [Int] = []
  private var furthest: [(Int32, Int32)] = []
  /// By file: the findings not made past its room.
  private(set) var dropped: [Int] = []

  init(rule: String, severity: Severity, file: String, schema: Schema, documents: [DocumentNames] = []) {
    slotNames = schema.slotNames
    self.rule = rule
    self.severity = severity
    self.file = file
    self.documents = documents
  }

  /// The sink for the next rule of the same file: its findings follow the ones collected.
  mutating func next(rule: String, severity: Severity) {
    self.rule = rule
    self.severity = severity
  }

  mutating func add(
    _ message: String, at location: SourceLocation, document: Int?, path: String? = nil, plugin: String? = nil,
    related: [Finding.Related] = [], severity atMost: Severity? = nil, snippet: Finding.Snippet? = nil,
    names: [DocumentNames]? = nil, end: SourceLocation? = nil, fix: Finding.Fix? = nil
  ) {
    // A check may ask for less weight for some findings (a MID the registry lacks is `info`),
    // never more than the rule's setting for the file: the config decides.
    var finding = Finding(
      rule: rule, severity: min(atMost ?? severity, severity), message: message, location: location,
      path: path, plugin: plugin, related: related)
    finding.snippet = snippet
    finding.end = end
    finding.fix = fix
    finding.document = document
    if let document, case let names = names ?? documents, document < names.count {
      // Shown with every finding of the document: one line, never a secret, never huge.
      finding.store = names[document].store.map { Quote.clipped($0, limit: 200) }
      finding.environment = names[document].environment.map { Quote.clipped($0, limit: 200) }
    }
    findings.append(finding)
  }

  /// Whether a finding about a claim would be made (not past its file's cap, `rooms`), so that
  /// a check may spare the work of one that would only be counted.
  func keeps(about claim: Claim, in context: CheckContext, endpoint: Bool = false) -> Bool {
    guard !rooms.isEmpty else { return true }
    let file = Int(claim.file), place = claim.place(endpoint: endpoint)
    return !(admitted[file] >= rooms[file] && (place.line, place.column) > furthest[file])
  }

  /// Adds a finding about a claim's value (or its endpoint), with its source line; nothing for
  /// a claim of a file that is read only for the cross-file rules.
  mutating func add(
    _ message: @autoclosure () -> String, about claim: Claim, in context: CheckContext, endpoint: Bool = false,
    related extra: @autoclosure () -> [Finding.Related] = [], severity atMost: Severity? = nil
  ) {
    guard claim.file >= context.firstReported else { return }
    var base = severity
    if !severities.isEmpty {
      guard let setting = severities[Int(claim.file)] else { return }
      base = setting
    }
    let place = claim.place(endpoint: endpoint)
    if !rooms.isEmpty {
      // Each finding admitted once the room is full is no further than the furthest: the
      // first `room` stay ahead of every one dropped.
      let file = Int(claim.file), at = (place.line, place.column)
      guard keeps(about: claim, in: context, endpoint: endpoint) else {
        dropped[file] += 1
        return
      }
      admitted[file] += 1
      if at > furthest[file] { furthest[file] = at }
    }
    let file = context.files[Int(claim.file)]
    let via = place.viaLine == 0 ? nil : SourceLocation(file: file, line: Int(place.viaLine), column: Int(place.viaColumn))
    add(message(), at: context.location(of: claim, endpoint: endpoint), document: Int(claim.document),
        path: place.slot < 0 ? nil : FieldPath.plugin(Int(claim.pluginIndex)).field(context.schema.slotNames[Int(place.slot)]).text, plugin: claim.plugin,
        related: extra() + Self.aliasNote(via), severity: min(atMost ?? base, base),
        snippet: endpoint ? claim.snippets?.endpoint : claim.snippets?.place, names: context.documents[Int(claim.file)],
        end: context.end(of: claim, endpoint: endpoint))
  }

  /// Adds a finding about a field, naming the alias that brought the value in as related.
  mutating func add(_ message: String, about field: WrittenField, plugin: Plugin, severity atMost: Severity? = nil) {
    add(message, at: field.location(in: file), document: plugin.document,
        path: FieldPath.plugin(plugin.index).field(slotNames[Int(field.slot)]).text, plugin: plugin.uri,
        related: Self.aliasNote(field.via(in: file)), severity: atMost, end: field.end(in: file))
  }

  /// The related place that names the alias a value came through, if it did.
  static func aliasNote(_ via: SourceLocation?) -> [Finding.Related] {
    via.map { [Finding.Related(location: $0, message: "the value comes in through this alias")] } ?? []
  }
}
