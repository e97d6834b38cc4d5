import Dispatch

/// What happens to a run's findings after the checks, in one place and in this order (DESIGN
/// "One pipeline after the checks"): rule settings per path (in the file stage and the
/// cross-file sinks, by each file's merchant), redaction (as each file's findings are made),
/// then here: sort, the cap per file, fingerprints. Reporters never sort.
enum Diagnostics {
  /// The findings of a run, sorted, capped per file and fingerprinted. `groups` holds each
  /// file's findings, the files in report order; `settings` gives a group's merchant (its
  /// findings limit and limit rule). Files are finished in parallel: a fingerprint's inputs
  /// hold the file, so no two files share a repeat count.
  static func finish(_ groups: [[Finding]], parallel: Bool, settings: (Int) -> Engine.MerchantRules) -> [Finding] {
    let merchants = groups.indices.map(settings)
    let work: @Sendable (Int) -> [Finding] = { index in
      var part = groups[index].sorted(by: Finding.orderInFile)
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

  /// Findings of a run in any order, grouped by file first (report order of the files).
  static func finish(_ findings: [Finding], parallel: Bool, settings: (String) -> Engine.MerchantRules) -> [Finding] {
    var groups: [[Finding]] = []
    var files: [String] = []
    for finding in findings.sorted(by: Finding.reportOrder) {
      if files.last.map({ !$0.utf8.elementsEqual(finding.location.file.utf8) }) ?? true {
        files.append(finding.location.file)
        groups.append([])
      }
      groups[groups.count - 1].append(finding)
    }
    return finish(groups, parallel: parallel) { settings(files[$0]) }
  }
}
