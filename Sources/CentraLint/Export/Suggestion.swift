/// Finds the known name nearest to a misspelt one. The answer depends on the candidates, never
/// on their order: callers pass a dictionary's keys or a set, whose order changes from run to
/// run, and two equally near candidates must not make one message differ between two runs (a
/// fuzzer found 'test-modeld' suggesting either 'test-mode-consistent' or
/// 'test-mode-outside-production'). Each function looks at them sorted by their bytes, so a
/// tie goes to the first in that order.
enum Suggestion {
  /// The candidate with the smallest edit distance (ignoring case), if it is close enough to be
  /// a likely typo: a third of the name's length, at least 1 and at most 3 edits.
  static func nearest(to name: String, in candidates: [String]) -> String? {
    let candidates = ordered(candidates)
    let target = Array(name.lowercased().unicodeScalars)
    guard target.count <= 64 else { return nil }
    let limit = max(1, min(3, target.count / 3))
    var best: (name: String, distance: Int)?
    for candidate in candidates {
      // The distance is at least the difference in length: most candidates end here.
      let length = candidate.unicodeScalars.count
      guard length <= target.count + limit, length + limit >= target.count else { continue }
      let distance = editDistance(target, Array(candidate.lowercased().unicodeScalars))
      if distance <= limit, distance < (best?.distance ?? .max) { best = (candidate, distance) }
    }
    if best == nil, target.count >= 4 {
      // A name that starts like a candidate ('country' for 'countries') is a likely slip too.
      let lower = Array(name.lowercased())
      let scored = candidates.map { candidate in
        (candidate, zip(lower, candidate.lowercased()).prefix { $0 == $1 }.count)
      }
      // The first of the longest (`max(by:)` would take the last).
      if let top = scored.min(by: { $0.1 > $1.1 }), top.1 >= 5, top.1 >= lower.count - 3 { best = (top.0, 0) }
    }
    return best?.name
  }

  /// The candidates related to `name`, for `explain`: every one that has it (or it misspelt by
  /// one letter) as a word between hyphens, when several do (`region`, `yaml`); else the
  /// `closest`, else the one that has it misspelt; empty when nothing is related.
  static func related(to name: String, in candidates: [String]) -> [String] {
    let candidates = ordered(candidates)
    let word = Array(name.lowercased().unicodeScalars)
    let holding = word.count < 3 ? [] : candidates.filter { candidate in
      candidate.lowercased().split(separator: "-").contains { part in
        let part = Array(part.unicodeScalars)
        return part == word || word.count >= 4 && editDistance(part, word) <= 1
      }
    }
    if holding.count > 1 { return holding }
    return (closest(to: name, in: candidates) ?? holding.first).map { [$0] } ?? []
  }

  /// The candidate nearest to `name`, for a name that must be one of a few (a rule id): a likely
  /// typo (`nearest`), else the shortest candidate that holds it (`uri` of `plugin-uri-unique`),
  /// else one that shares a word of it (`secret-reference`); nil when nothing is related, since
  /// an unrelated pointer misleads.
  static func closest(to name: String, in candidates: [String]) -> String? {
    let candidates = ordered(candidates)
    if let near = nearest(to: name, in: candidates) { return near }
    let lower = name.lowercased()
    if !lower.isEmpty, let holding = candidates.filter({ $0.lowercased().contains(lower) }).min(by: { $0.count < $1.count }) {
      return holding
    }
    let words = lower.split(whereSeparator: { !$0.isLetter }).filter { $0.count >= 3 }
    return candidates.first { candidate in words.contains { candidate.lowercased().split(separator: "-").contains($0) } }
  }

  /// The candidates in the order of their bytes.
  private static func ordered(_ candidates: [String]) -> [String] {
    candidates.sorted(by: ByteScan.precedes)
  }

  /// Levenshtein distance with transpositions counted as one edit.
  static func editDistance(_ a: [Unicode.Scalar], _ b: [Unicode.Scalar]) -> Int {
    if a.isEmpty { return b.count }
    if b.isEmpty { return a.count }
    var previous2 = [Int](filling: 0, count: b.count + 1)
    var previous = Array(0...b.count)
    var current = [Int](filling: 0, count: b.count + 1)
    for i in 1...a.count {
      current[0] = i
      for j in 1...b.count {
        let cost = a[i - 1] == b[j - 1] ? 0 : 1
        current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
        if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
          current[j] = min(current[j], previous2[j - 2] + 1)
        }
      }
      (previous2, previous, current) = (previous, current, previous2)
    }
    return previous[b.count]
  }
}
