import Dispatch

/// What happens to a run's findings after the checks, in one place and in this order (DESIGN
/// "One pipeline after the checks"): rule settings per path (in the file stage and the
/// cross-file sinks, by each file's merchant), then here: redaction, sort, the cap per file,
/// fingerprints. Reporters never sort.
enum Diagnostics {
  /// The findings of a run, redacted with the run's secret texts (`Finding.redacted`), sorted,
  /// capped per file and fingerprinted. `groups` holds each file's findings, the files in
  /// report order; `settings` gives a group's merchant (its findings limit and limit rule).
  /// Files are finished in parallel: a fingerprint's inputs hold the file, so no two files
  /// share a repeat count.
  static func finish(
    _ groups: [[Finding]], hiding secrets: SecretTexts, parallel: Bool, settings: (Int) -> Engine.MerchantRules
  ) -> [Finding] {
    let merchants = groups.indices.map(settings)
    let work: @Sendable (Int) -> [Finding] = { index in
      // Redaction first: what it hides never decides an order or a fingerprint.
      var part = groups[index].map { $0.redacted(hiding: secrets) }.sorted(by: Finding.orderInFile)
      if part.count - 1 > merchants[index].limits.findings { part = Engine.capped(part, merchants[index]) }
      return Fingerprint.assign(part)
    }
    var finished = [[Finding]](repeating: [], count: groups.count)
    if parallel, groups.count > 1 {
      finished.withUnsafeMutableBufferPointer { buffer in
        nonisolated(unsafe) let slots = buffer
        DispatchQueue.concurrentPerform(iterations: groups.count) { slots[$0] = work($0) }
      }
    } else {
      for index in groups.indices { finished[index] = work(index) }
    }
    return finished.flatMap { $0 }
  }
}
