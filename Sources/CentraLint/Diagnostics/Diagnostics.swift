import Dispatch

/// What happens to a run's findings after the checks, in one place and in this order (DESIGN
/// "One pipeline after the checks"): rule settings per path (in the file stage and the
/// cross-file sinks, by each file's merchant), redaction (as each file's findings are made),
/// then here: sort, the cap per file, fingerprints. Reporters never sort.
enum Diagnostics {
  /// The findings of a run, sorted, capped per file and fingerprinted. `settings` gives each
  /// file's merchant (its findings limit and limit rule). Files are finished in parallel: a
  /// fingerprint's inputs hold the file, so no two files share a repeat count.
  static func finish(_ findings: [Finding], parallel: Bool, settings: (String) -> Engine.MerchantRules) -> [Finding] {
    var findings = findings
    findings.sort(by: Finding.reportOrder)
    var groups: [Range<Int>] = []
    var start = findings.startIndex
    while start < findings.endIndex {
      let file = findings[start].location.file
      var end = start + 1
      while end < findings.endIndex, findings[end].location.file == file { end += 1 }
      groups.append(start..<end)
      start = end
    }
    let merchants = groups.map { settings(findings[$0.lowerBound].location.file) }
    var finished = [[Finding]](repeating: [], count: groups.count)
    let sorted = findings, ranges = groups
    let work: @Sendable (Int) -> [Finding] = { group in
      let range = ranges[group], merchant = merchants[group]
      var part = Array(sorted[range])
      if part.count - 1 > merchant.limits.findings { part = Engine.capped(part, merchant) }
      return Fingerprint.assign(part)
    }
    if parallel, groups.count > 1 {
      finished.withUnsafeMutableBufferPointer { buffer in
        nonisolated(unsafe) let slots = buffer
        DispatchQueue.concurrentPerform(iterations: groups.count) { slots[$0] = work($0) }
      }
    } else {
      for group in groups.indices { finished[group] = work(group) }
    }
    return finished.flatMap { $0 }
  }
}
