import Synchronization

/// A run's room for plugins' fields held by claims past the file stage, shared by the files
/// checked at once. Keeping a plugin's fields costs memory (about 1.4 KiB each: a fleet's
/// Klarna plugins held the run at twice its size without the rules); reading a file again costs
/// about what reading it did. Files keep them while there is room (a merchant's repository:
/// all of them); past it the claims keep only what their messages need, and a production
/// export is read again after the files if a copy of its store turns up (`environments-agree`),
/// unless a copy was seen before it was read: then its plugins are claimed as it is read.
/// Which files keep them depends on timing; what is found does not.
final class KeptFields: Sendable {
  private let left: Atomic<Int>
  /// The stores (merchant and store key) that have a copy, as files are read.
  private let copied = Mutex<Set<StoreName>>([])

  init(plugins: Int) { left = Atomic(plugins) }

  /// Whether a file of `merchant` with these documents and plugins keeps its plugins' fields:
  /// while there is room (no claim needs them to the end: `environments-agree` packs what it
  /// compares). Its copies are noted.
  func keeps(_ documents: [DocumentNames], plugins: Int, merchant: Int) -> Bool {
    let copies = DocumentNames.storesCopied(in: documents)
    if !copies.isEmpty {
      copied.withLock { copied in for store in copies { copied.insert(StoreName(merchant: merchant, store: store)) } }
    }
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
