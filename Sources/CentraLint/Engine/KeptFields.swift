import Synchronization

/// A run's room for plugins' fields held by claims past the file stage, shared by the files
/// checked at once. Keeping a plugin's fields costs memory (about 1.4 KiB each: a fleet's
/// Klarna plugins held the run at twice its size without the rules); reading a file again costs
/// about what reading it did. Files keep them while there is room (a merchant's repository:
/// all of them); past it the claims keep only what their messages need, and a production
/// export is read again after the files if a copy of its store turns up (`environments-agree`),
/// unless a copy was seen before it was read: then its plugins are kept as it is read.
/// Which files keep them depends on timing; what is found does not.
final class KeptFields: Sendable {
  private let left: Atomic<Int>
  /// The stores (merchant and store key) that have a copy, as files are read.
  private let copied = Mutex<Set<StoreName>>([])

  init(plugins: Int) { left = Atomic(plugins) }

  /// Whether a file of `merchant` with these documents and plugins keeps its plugins' fields:
  /// when they are needed to the end anyway (it holds copies, and each of its production stores
  /// has one; or each of them has one read before), else while there is room. Its copies are
  /// noted.
  func keeps(_ documents: [DocumentNames], plugins: Int, merchant: Int) -> Bool {
    let copies = DocumentNames.storesCopied(in: documents)
    if !copies.isEmpty {
      copied.withLock { copied in for store in copies { copied.insert(StoreName(merchant: merchant, store: store)) } }
    }
    let production = documents.filter { $0.isProduction && $0.hasPlugins && !copies.contains($0.storeKey) }
    if production.isEmpty ? !copies.isEmpty : production.allSatisfy({ hasCopy($0.storeKey, of: merchant) }) { return true }
    return take(plugins)
  }

  /// Whether a copy of a store of `merchant` was read so far.
  func hasCopy(_ store: String, of merchant: Int) -> Bool {
    copied.withLock { $0.contains(StoreName(merchant: merchant, store: store)) }
  }

  /// Whether `count` more plugins may be kept (then they are counted).
  func take(_ count: Int) -> Bool {
    var now = left.load(ordering: .relaxed)
    while now >= count {
      let (exchanged, original) = left.compareExchange(expected: now, desired: now - count, ordering: .relaxed)
      if exchanged { return true }
      now = original
    }
    return false
  }
}
