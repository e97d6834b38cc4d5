import Dispatch

/// The progress line of an audit (SPEC §8): on a terminal's standard error only, once the
/// audit has run for a second, one line kept up to date (merchants and files done, of how
/// many), at most ten times a second, and wiped at the end. Told of each file from any thread.
final class AuditProgress: @unchecked Sendable {  // its state is touched on `queue` only
  private let queue = DispatchQueue(label: "centra-lint.audit-progress")
  private let write: (String) -> Void
  private let filesOf: [Int]
  private let merchantCount: Int, fileCount: Int
  private var filesDone = 0, merchantsDone = 0
  private var doneOf: [Int]
  private let start: ContinuousClock.Instant
  private var shown: ContinuousClock.Instant?

  /// `filesOf[m]` is how many files merchant `m` (an engine merchant) has; `merchants` counts
  /// every merchant of the audit (those not checked are done from the start).
  init(filesOf: [Int], merchants: Int, start: ContinuousClock.Instant = .now, write: @escaping (String) -> Void) {
    self.start = start
    self.filesOf = filesOf
    self.write = write
    doneOf = Array(filling: 0, count: filesOf.count)
    merchantCount = merchants
    merchantsDone = merchants - filesOf.count { $0 > 0 }
    fileCount = filesOf.reduce(0, +)
  }

  /// A file of `merchant` is checked.
  func fileDone(_ merchant: Int) {
    queue.sync {
      filesDone += 1
      doneOf[merchant] += 1
      if doneOf[merchant] == filesOf[merchant] { merchantsDone += 1 }
      let now = ContinuousClock.now
      guard now - start >= .seconds(1), shown.map({ now - $0 >= .milliseconds(100) }) ?? true else { return }
      shown = now
      write("\r\u{1B}[Kcentra-lint audit: \(merchantsDone) of \(merchantCount) merchants, \(filesDone) of \(fileCount) files checked")
    }
  }

  /// Wipes the line, if one was shown.
  func finish() {
    queue.sync { if shown != nil { write("\r\u{1B}[K") } }
  }
}
