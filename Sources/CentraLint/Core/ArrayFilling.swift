extension Array {
  /// `count` copies of `value`: what `Array(repeating:count:)` makes, allocated through code the
  /// compiler specializes for `Element`. The one way this package makes an array of a given
  /// size (`.ci/run` refuses the other two).
  ///
  /// Why: `Array(repeating:count:)` and `Array(unsafeUninitializedCapacity:initializingWith:)`
  /// allocate in a standard-library function that is kept out of line and generic
  /// (`_allocateBufferUninitialized`, `@inline(never)`), so every call asks the Swift runtime
  /// for the storage class of `Element` by its generic arguments: about 900 instructions an
  /// array in this static binary, a third of what klarna-plugins-overlap cost a plugin
  /// (docs/performance.md). `reserveCapacity` and `append(contentsOf:)` are inlinable: the
  /// storage class is then reached through its cached accessor.
  init(filling value: Element, count: Int) {
    self.init()
    reserveCapacity(count)
    append(contentsOf: repeatElement(value, count: count))
  }
}
