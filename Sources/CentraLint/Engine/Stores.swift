/// A document's `store` and `environment` as written (trimmed): what its findings show; and
/// the same as stores compare them (SPEC §1). Kept per file until the run ends, so nothing more.
struct DocumentNames: Sendable {
  var store: String?
  var environment: String?
  /// `store` trimmed and in lower case, empty when absent.
  var storeKey: String
  /// `environment` as `Schema.environmentKey` makes it, nil when absent.
  var environmentKey: String?
  /// Whether the document has plugins, and where its `environment` value (else its `store`
  /// value, else the document) starts, for `environment-named`.
  var hasPlugins: Bool
  var place: (line: Int32, column: Int32)
  /// Where its `plugins` key is (else where it starts), for `environments-agree`.
  var pluginsPlace: (line: Int32, column: Int32)

  init(_ document: ExportDocument) {
    store = document.storeName
    environment = document.environmentName
    storeKey = document.storeKey
    environmentKey = document.environment
    hasPlugins = !document.plugins.isEmpty
    // A document that names its environment is pointed at there (it is the related place of
    // an `environment-named` finding); one that does not, at its store (or its start).
    let start = (Int32(document.location.line), Int32(document.location.column))
    place = document.environmentPlace ?? document.storePlace ?? start
    pluginsPlace = document.pluginsPlace ?? start
  }

  /// Whether the document is production's.
  var isProduction: Bool { environmentKey == "production" }
  /// Whether the document is a copy of its store: it names an environment besides production.
  var isCopy: Bool { environmentKey.map { $0 != "production" } ?? false }

  /// The stores (by key) that a file's documents hold copies of.
  static func storesCopied(in documents: [DocumentNames]) -> Set<String> {
    var stores: Set<String> = []
    for names in documents where names.isCopy { stores.insert(names.storeKey) }
    return stores
  }

  /// The store as a message names it: `store 'Retail EU' (production)`.
  var described: String {
    switch (store, environment) {
    case (nil, nil): return "exports that name no store or environment (add 'store:' and 'environment:' to tell copies apart)"
    case (let store?, nil): return "store '\(store)' (no environment)"
    case (nil, let environment?): return "the unnamed store (\(environment))"
    case (let store?, let environment?): return "store '\(store)' (\(environment))"
    }
  }
}

/// What makes a document's store (SPEC §1): its merchant, and its `environment` and `store`
/// as compared (`DocumentNames`), an absent one empty.
struct StoreKey: Hashable {
  var merchant: Int
  var environment: String
  var store: String
}

/// A merchant's store in every environment: its merchant and its `store` as compared.
struct StoreName: Hashable {
  var merchant: Int
  var store: String
}

/// One merchant of a run (SPEC §1): what its config says, and its MID registry.
public struct Merchant: Sendable {
  public var configuration: Configuration
  public var registry: Deferred<MIDRegistry>?
  /// Its config's `baseline`, read.
  public var baseline: Baseline?

  /// Makes a merchant.
  public init(configuration: Configuration, registry: Deferred<MIDRegistry>?, baseline: Baseline? = nil) {
    self.configuration = configuration
    self.registry = registry
    self.baseline = baseline
  }
}
