/// What the tree learns once the events end: where the text was left unfinished, which values
/// there are known harmless, and which duplicate keys name a secret.
extension TreeBuilder {
  /// The tree, with every duplicate key that is sensitive (marked, or holding a sensitive
  /// value's text, or unknown in a document left unfinished) hidden in its problem.
  mutating func finish() -> YAMLTree {
    guard tree.problems.contains(where: { $0.keyNode >= 0 }) else { return tree }
    let secrets = tree.secretTexts()
    for index in tree.problems.indices {
      let problem = tree.problems[index]
      guard problem.keyNode >= 0, case .duplicateKey(_, let line, let column) = problem.kind else { continue }
      var hidden = tree.isSensitive(problem.keyNode)
      hidden = hidden || tree.scalarBytes(problem.keyNode).withUnsafeBufferPointer { !secrets.ranges(in: $0).isEmpty }
      if !hidden, let from = tree.unfinishedFrom, problem.line >= from {
        hidden = tree.scalarBytes(problem.keyNode).withUnsafeBufferPointer { !sensitivity.isKnownKey($0) }
      }
      guard hidden else { continue }
      tree.problems[index].kind = .duplicateKey(key: Sensitivity.hidden, firstLine: line, firstColumn: column)
      tree.problems[index].message = Self.duplicateMessage(Sensitivity.hidden, firstLine: line)
    }
    return tree
  }

  /// The parser stops here: the text from the start of the open document on is unfinished.
  /// The pairs its open mappings have so far are judged as a closed mapping's are (so a secret
  /// there is known as one), and its harmless values are found.
  mutating func markUnfinished() {
    guard tree.unfinishedFrom == nil else { return }
    tree.unfinishedFrom = lastDocumentEnd
    let open = openCollections
    var openChildren: [Int: ArraySlice<Int32>] = [:]
    for (depth, node) in open.enumerated() {
      let children = childrenSoFar(ofOpen: depth)
      openChildren[Int(node)] = children
      if tree.nodes[Int(node)].flags & YAMLNode.sensitive != 0 {
        for child in children { markSensitive(Int(child)) }
      } else if tree.nodes[Int(node)].kind == .mapping, sensitivity.judgesKeys {
        var at = children.startIndex
        while at + 1 < children.endIndex {
          let key = tree.resolved(Int(children[at]))
          if key >= 0, tree.nodes[key].kind == .scalar, isSensitive(key) { markSensitive(Int(children[at + 1])) }
          at += 2
        }
      }
    }
    guard documentOpen, documentRoot >= 0 else { return }
    findHarmless(from: Int(documentRoot), openChildren: openChildren)
  }

  /// The values of the open document known to be harmless: a scalar value of a known field
  /// that is not sensitive, in no collection that is sensitive, anchored or under a key that
  /// is not known harmless, itself neither anchored nor shaped like a secret.
  private mutating func findHarmless(from root: Int, openChildren: [Int: ArraySlice<Int32>]) {
    var stack: [(node: Int, tainted: Bool)] = [(root, false)]
    while let (node, taintedAbove) = stack.popLast() {
      let flags = tree.nodes[node].flags
      let tainted = taintedAbove || flags & (YAMLNode.sensitive | YAMLNode.anchored) != 0
      let kind = tree.nodes[node].kind
      guard kind == .mapping || kind == .sequence else { continue }
      let children = openChildren[node] ?? tree.children(of: node)
      if kind == .sequence {
        for child in children { stack.append((Int(child), tainted)) }
        continue
      }
      var at = children.startIndex
      while at + 1 < children.endIndex {
        let key = Int(children[at]), value = Int(children[at + 1])
        at += 2
        let harmlessKey = tree.nodes[key].kind == .scalar && tree.nodes[key].flags & YAMLNode.anchored == 0
          && tree.scalarBytes(key).withUnsafeBufferPointer { sensitivity.isKnownKey($0) && !sensitivity.isSensitiveKey($0) }
        let below = tainted || !harmlessKey
        if !below, tree.nodes[value].kind == .scalar, tree.nodes[value].flags & (YAMLNode.sensitive | YAMLNode.anchored) == 0,
           tree.scalarBytes(value).withUnsafeBufferPointer({ !Sensitivity.holdsSecretShape($0) }) {
          tree.harmless.append(value)
        }
        stack.append((value, below))
      }
    }
  }
}
