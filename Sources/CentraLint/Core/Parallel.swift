import Dispatch

/// Work spread over the cores, decided once: `body` runs for every index at once, and the
/// results come back in index order (each slot written by its own task only). With
/// `inParallel` false it runs for each index in turn on this thread: the same results, for
/// work that a thread does not pay for.
enum Parallel {
  static func map<Result>(_ count: Int, inParallel: Bool = true, _ body: @Sendable (Int) -> Result) -> [Result] {
    guard inParallel, count > 1 else { return (0..<count).map(body) }
    var slots = [Result?](filling: nil, count: count)
    slots.withUnsafeMutableBufferPointer { buffer in
      nonisolated(unsafe) let slots = buffer
      DispatchQueue.concurrentPerform(iterations: count) { slots[$0] = body($0) }
    }
    return slots.map { $0! }
  }
}
