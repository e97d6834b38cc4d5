/// What the engine does with a file's findings and claims once they are made: source lines,
/// report order, and the findings limit.
extension Engine {
  /// Findings and claims of a file get their masked source line, in line order so that a long
  /// line is decoded once. Claims past the findings limit get none: they cannot all be shown.
  func attachSnippets(_ result: inout FileResult, bytes: [UInt8], tree: YAMLTree, limits: Limits) {
    var places: [(line: Int, column: Int, rule: Int, index: Int)] = result.findings.indices.map {
      (result.findings[$0].location.line, result.findings[$0].location.column, -1, $0)
    }
    // A claim may need two lines: its field's, and its endpoint's (rule index + count marks it).
    let endpointMark = result.claims.count
    for (rule, claims) in result.claims.enumerated() {
      for index in claims.indices.prefix(limits.findings) {
        places.append((Int(claims[index].place.line), Int(claims[index].place.column), rule, index))
        if let endpoint = claims[index].endpointPlace {
          places.append((Int(endpoint.line), Int(endpoint.column), rule + endpointMark, index))
        }
      }
    }
    // A suppression comment's line too (`rule` -2 marks it).
    for index in result.suppressions.indices {
      places.append((result.suppressions[index].line, result.suppressions[index].column, -2, index))
    }
    guard !places.isEmpty else { return }
    var snippets = Snippets(bytes: bytes, tree: tree, sensitivity: context.schema.sensitivity, secrets: result.secrets)
    for place in places.sorted(by: { $0.line < $1.line }) {
      let snippet = snippets.line(place.line, column: place.column)
      if place.rule == -2 {
        result.suppressions[place.index].snippet = snippet
      } else if place.rule < 0 {
        result.findings[place.index].snippet = snippet
      } else {
        let rule = place.rule >= endpointMark ? place.rule - endpointMark : place.rule
        if result.claims[rule][place.index].snippets == nil { result.claims[rule][place.index].snippets = ClaimSnippets() }
        if place.rule >= endpointMark {
          result.claims[rule][place.index].snippets?.endpoint = snippet
        } else {
          result.claims[rule][place.index].snippets?.place = snippet
        }
      }
    }
  }

  /// A file's claims in report order: by line and column, a tie (one value behind two
  /// aliases) in reading order. Usually already so: then the same array, not a copy.
  static func inReportOrder(_ claims: [Claim]) -> [Claim] {
    let sorted = claims.indices.dropFirst().allSatisfy {
      (claims[$0 - 1].place.line, claims[$0 - 1].place.column) <= (claims[$0].place.line, claims[$0].place.column)
    }
    if sorted { return claims }
    let order = claims.indices.sorted {
      (claims[$0].place.line, claims[$0].place.column, $0) < (claims[$1].place.line, claims[$1].place.column, $1)
    }
    return order.map { claims[$0] }
  }

  /// At most `limits.findings` findings of one file, the first in report order, then one
  /// finding of the limit rule that says how many more there were (`alsoDropped` of them
  /// dropped before, in the file stage).
  static func capped(_ findings: [Finding], _ merchant: MerchantRules, alsoDropped: Int = 0) -> [Finding] {
    let limits = merchant.limits
    guard findings.count > limits.findings || alsoDropped > 0 else { return findings }
    var kept = Array(findings.inOrder().prefix(limits.findings))
    let dropped = findings.count - kept.count + alsoDropped
    guard let limitRule = merchant.limitRule, let last = kept.last ?? findings.last else { return kept }
    var note = Finding(
      rule: limitRule.id, severity: limitRule.severity,
      message: "\(dropped) more findings in this file are not shown: the limit is \(limits.findings) a file (\(limits.raise("findings")))",
      location: last.location)
    note.document = last.document
    note.store = last.store
    note.environment = last.environment
    kept.append(note)
    return kept
  }

  /// How many findings the file stage keeps of one file: the limit and room for those that
  /// suppressions and a baseline take away, so that memory stays bounded by the limit.
  static func ceiling(_ limits: Limits) -> Int {
    limits.findings > Int.max / 4 ? Int.max : limits.findings * 2 + 10_000
  }
}
