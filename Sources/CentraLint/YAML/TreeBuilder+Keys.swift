/// The checks a finished mapping gets: duplicate keys, and values of sensitive keys to mark.
extension TreeBuilder {
  /// Up to this many pairs a pairwise comparison is cheaper than hashing.
  private static let pairwiseLimit = 24

  mutating func inspectKeys(of mapping: Int) {
    let node = tree.nodes[mapping]
    let first = Int(node.start), pairs = Int(node.count) / 2
    // Large mappings (a registry of every MID) remember the first key of each hash; an equal
    // hash is confirmed against that key, so however many duplicates there are, each costs
    // one comparison (a true hash collision, which is rare, looks back through the others).
    var firstOfHash: [UInt64: Int] = [:]
    var seen: UInt64 = 0
    if pairs > Self.pairwiseLimit { firstOfHash.reserveCapacity(pairs) }
    for pair in 0..<pairs {
      let keyAt = Int(tree.children[first + 2 * pair])
      let key = tree.resolved(keyAt)
      guard key >= 0, tree.nodes[key].kind == .scalar else {
        tree.nodes[mapping].flags |= YAMLNode.needsCarefulReading
        continue
      }
      let keyNode = tree.nodes[key]
      if keyNode.style == .plain, keyNode.count == 2,
         tree.text[Int(keyNode.start)] == 0x3C, tree.text[Int(keyNode.start) + 1] == 0x3C {
        tree.nodes[mapping].flags |= YAMLNode.needsCarefulReading  // a merge key
      }
      if sensitivity.judgesKeys, isSensitive(key) {
        let value = tree.children[first + 2 * pair + 1]
        tree.sensitivePairs.append((Int32(keyAt), value))
        markSensitive(Int(value))
      }
      var earlier: Int?
      if pairs > Self.pairwiseLimit {
        let hash = tree.textHash(key)
        guard let known = firstOfHash[hash] else {
          firstOfHash[hash] = keyAt
          continue
        }
        let target = tree.resolved(known)
        earlier = tree.sameText(target, key) ? known : earlierKey(equalTo: key, before: pair, in: first)
      } else {
        // A 64-bit filter on length and first byte: most keys differ there, and skip the search.
        let head = keyNode.count > 0 ? UInt64(tree.text[Int(keyNode.start)]) : 0
        let bit = UInt64(1) << ((UInt64(keyNode.count) &* 31 &+ head) & 63)
        if seen & bit == 0 {
          seen |= bit
          continue
        }
        earlier = earlierKey(equalTo: key, before: pair, in: first)
      }
      if let earlier {
        tree.nodes[mapping].flags |= YAMLNode.needsCarefulReading
        reportDuplicate(keyAt, first: earlier)
      }
    }
  }

  /// The first key before pair `limit` with the same text as `key`.
  private func earlierKey(equalTo key: Int, before limit: Int, in first: Int) -> Int? {
    for other in 0..<limit {
      let candidateAt = Int(tree.children[first + 2 * other])
      let candidate = tree.resolved(candidateAt)
      if candidate >= 0, tree.nodes[candidate].kind == .scalar, tree.sameText(candidate, key) { return candidateAt }
    }
    return nil
  }

  private mutating func reportDuplicate(_ key: Int, first: Int) {
    let name = Quote.clipped(tree.string(key))
    let original = tree.nodes[first], duplicate = tree.nodes[key]
    tree.problems.append(YAMLProblem(
      kind: .duplicateKey(key: name, firstLine: Int(original.line), firstColumn: Int(original.column)),
      message: Self.duplicateMessage(name, firstLine: Int(original.line)),
      line: Int(duplicate.line), column: Int(duplicate.column), document: tree.documents.count, keyNode: key,
      end: (Int(duplicate.endLine), Int(duplicate.endColumn))))
  }

  static func duplicateMessage(_ name: String, firstLine: Int) -> String {
    "duplicate key '\(name)' (first at line \(firstLine)); the later value is used"
  }

  func isSensitive(_ key: Int) -> Bool {
    let node = tree.nodes[key]
    guard node.count > 0 else { return false }
    return tree.text.withUnsafeBufferPointer { text in
      sensitivity.isSensitiveKey(UnsafeBufferPointer(rebasing: text[node.range]))
    }
  }

  /// Marks a sensitive key's value: the node, everything in it, and every node an alias there
  /// stands for, so that each use of a scalar sensitive anywhere is sensitive. A marked node's
  /// whole content is marked, so no node is visited twice.
  mutating func markSensitive(_ value: Int) {
    var stack = [value]
    while let index = stack.popLast() {
      guard index >= 0, tree.nodes[index].flags & YAMLNode.sensitive == 0 else { continue }
      tree.nodes[index].flags |= YAMLNode.sensitive
      let node = tree.nodes[index]
      switch node.kind {
      case .alias:
        stack.append(node.target)
      case .sequence, .mapping:
        // Only a closed collection knows its children; an open one (an alias to it from
        // inside) marks them when it closes (`markChildrenSensitive`).
        for child in tree.children(of: index) { stack.append(Int(child)) }
      case .scalar:
        tree.sensitiveNodes.append(index)
      }
    }
  }
}

extension TreeBuilder {
  /// Marks the children of a collection that was marked while it was open.
  mutating func markChildrenSensitive(_ collection: Int) {
    for child in tree.children(of: collection) {
      markSensitive(Int(child))
    }
  }
}
