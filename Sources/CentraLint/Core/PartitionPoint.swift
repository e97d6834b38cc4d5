extension RandomAccessCollection where Index == Int {
  /// Where the first part of an ordered collection ends: `isBefore` holds for every element
  /// before the returned index and for none from it (`endIndex` when it holds for all).
  /// Found by halves; the one bisection of the code base (sorted lines, spans, documents,
  /// hashes).
  @inline(__always)
  func partitionPoint(_ isBefore: (Element) -> Bool) -> Int {
    var low = startIndex, high = endIndex
    while low < high {
      let middle = low + (high - low) / 2
      if isBefore(self[middle]) { low = middle + 1 } else { high = middle }
    }
    return low
  }
}
