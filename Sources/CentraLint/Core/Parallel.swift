import Dispatch

/// Work spread over the cores, decided once: `body` runs for every index at once, and the
/// results come back in index order (each slot written by its own task only).
enum Parallel {
  static func map<Result>(_ count: Int, _ body: @Sendable (Int) -> Result) -> [Result] {
    var slots = [Result?](repeating: nil, count: count)
    slots.withUnsafeMutableBufferPointer { buffer in
      nonisolated(unsafe) let slots = buffer
      DispatchQueue.concurrentPerform(iterations: count) { slots[$0] = body($0) }
    }
    return slots.map { $0! }
  }
}
