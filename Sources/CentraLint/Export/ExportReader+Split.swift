import Dispatch

/// Reading the plugin list in order, or in two halves at once for a big export.
extension ExportReader {
  mutating func readPlugins(_ items: ArraySlice<Int32>, from first: Int) {
    for (offset, item) in items.enumerated() where !stopped {
      readPlugin(Int(item), index: first + offset, via: tree.nodes[Int(item)].kind == .alias ? Int(item) : nil)
    }
  }

  /// Reads the two halves of a long plugin list at once, then joins them in order. Plugins are
  /// independent; only the alias budget is shared, so when a half stops on it (or together they
  /// pass it) the second half is read again in order after the first, as one thread would.
  mutating func readPluginsInTwo(_ items: ArraySlice<Int32>) {
    let middle = items.startIndex + items.count / 2
    var halves = [self, self]
    for index in halves.indices {
      halves[index].document.plugins = []
      halves[index].document.issues = []
    }
    halves.withUnsafeMutableBufferPointer { buffer in
      nonisolated(unsafe) let readers = buffer
      DispatchQueue.concurrentPerform(iterations: 2) { half in
        let range = half == 0 ? items.startIndex..<middle : middle..<items.endIndex
        readers[half].readPlugins(items[range], from: range.lowerBound - items.startIndex)
      }
    }
    let extra = (halves[0].aliasesFollowed - aliasesFollowed) + (halves[1].aliasesFollowed - aliasesFollowed)
    document.plugins += halves[0].document.plugins
    document.issues += halves[0].document.issues
    if halves[0].stopped {
      stopped = true
      return
    }
    if halves[1].stopped || aliasesFollowed + extra > limits.aliases {
      aliasesFollowed = halves[0].aliasesFollowed
      readPlugins(items[middle...], from: middle - items.startIndex)
      return
    }
    aliasesFollowed += extra
    document.plugins += halves[1].document.plugins
    document.issues += halves[1].document.issues
  }
}
