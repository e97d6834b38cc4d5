/// The checks a finished mapping gets: duplicate keys, and values of sensitive keys to mask.
extension TreeBuilder {
  /// Below this many pairs a pairwise comparison is cheaper than hashing.
  private static let pairwiseLimit = 12

  mutating func inspectKeys(of mapping: Int) {
    let node = tree.nodes[mapping]
    let first = Int(node.a), pairs = Int(node.b) / 2
    var seen: [UInt64: [Int]] = [:]
    for pair in 0..<pairs {
      let key = tree.resolved(Int(tree.children[first + 2 * pair]))
      guard key >= 0, tree.nodes[key].kind == .scalar else { continue }
      if isSensitive(key) { markSensitive(Int(tree.children[first + 2 * pair + 1])) }
      var earlier: Int?
      if pairs <= Self.pairwiseLimit {
        for other in 0..<pair {
          let candidate = tree.resolved(Int(tree.children[first + 2 * other]))
          if candidate >= 0, tree.nodes[candidate].kind == .scalar, tree.sameText(candidate, key) {
            earlier = Int(tree.children[first + 2 * other])
            break
          }
        }
      } else {
        let hash = hashText(key)
        earlier = seen[hash]?.first { tree.sameText(tree.resolved($0), key) }
        seen[hash, default: []].append(Int(tree.children[first + 2 * pair]))
      }
      if let earlier { reportDuplicate(Int(tree.children[first + 2 * pair]), first: earlier) }
    }
  }

  private mutating func reportDuplicate(_ key: Int, first: Int) {
    let name = Quote.clipped(tree.string(key))
    let original = tree.nodes[first], duplicate = tree.nodes[key]
    tree.problems.append(YAMLProblem(
      kind: .duplicateKey(key: name, firstLine: Int(original.line), firstColumn: Int(original.column)),
      message: "duplicate key '\(name)' (first at line \(original.line)); the later value is used",
      line: Int(duplicate.line), column: Int(duplicate.column)))
  }

  private func hashText(_ index: Int) -> UInt64 {
    let node = tree.nodes[index]
    var hash: UInt64 = 0xcbf2_9ce4_8422_2325
    for offset in Int(node.a)..<Int(node.a + node.b) {
      hash = (hash ^ UInt64(tree.text[offset])) &* 0x100_0000_01b3
    }
    return hash
  }

  private func isSensitive(_ key: Int) -> Bool {
    let node = tree.nodes[key]
    guard node.b > 0, node.b <= 64 else { return false }
    var lower: [UInt8] = []
    lower.reserveCapacity(Int(node.b))
    for byte in tree.text[Int(node.a)..<Int(node.a + node.b)] {
      lower.append(byte >= 65 && byte <= 90 ? byte + 32 : byte)
    }
    for needle in sensitiveKeys where needle.count <= lower.count {
      for start in 0...(lower.count - needle.count)
      where lower[start..<(start + needle.count)].elementsEqual(needle) {
        return true
      }
    }
    return false
  }

  private mutating func markSensitive(_ value: Int) {
    tree.sensitiveNodes.append(value)
    let target = tree.resolved(value)
    if target >= 0, target != value { tree.sensitiveNodes.append(target) }
  }
}
