import Dispatch

/// What happens to a run's findings after the checks, in one place and in this order (DESIGN
/// "One pipeline after the checks"): rule settings per path (in the file stage and the
/// cross-file sinks, by each file's merchant), then here: redaction, sort, fingerprints, the cap
/// per file (suppressions and the baseline will come before the cap). Reporters never sort.
enum Diagnostics {
  /// The findings of a run, redacted with the run's secret texts (`Finding.redacted`), sorted,
  /// fingerprinted and capped per file. `groups` holds each file's findings, the files in
  /// report order; `settings` gives a group's merchant (its findings limit and limit rule).
  /// Files are finished in parallel: a fingerprint's inputs hold the file, so no two files
  /// share a repeat count.
  static func finish(
    _ groups: [[Finding]], hiding secrets: SecretTexts, parallel: Bool, settings: (Int) -> Engine.MerchantRules
  ) -> [Finding] {
    let merchants = groups.indices.map(settings)
    let work: @Sendable (Int) -> [Finding] = { index in
      // Redaction first: what it hides never decides an order or a fingerprint. The cap is
      // last (DESIGN's order): what it drops has been counted, and it keeps a prefix of the
      // report order, so the fingerprints it keeps are the ones a run without it gives.
      var part = Fingerprint.assign(groups[index].map { $0.redacted(hiding: secrets) }.sorted(by: Finding.orderInFile))
      if part.count - 1 > merchants[index].limits.findings {
        part = Engine.capped(part, merchants[index])
        // The note of how many more there were is the only one of its kind in the file.
        if let note = part.last, note.fingerprint == nil { part[part.count - 1] = Fingerprint.assign([note])[0] }
      }
      return part
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
