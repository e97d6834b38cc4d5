/// A path pattern of the config (`exports`), relative to the config's folder: `*` is any run of
/// characters within one name, `?` one character, and `**` as a whole name any number of
/// folders, none included. `/` separates names; `*` and `?` never match a name's leading `.`,
/// so hidden files and folders are named only by a pattern that writes the dot. Names are
/// compared ignoring case, as the folder walk compares extensions: `*.yaml` names `NA.YAML`.
public struct Glob: Sendable, Equatable {
  /// The pattern as written.
  public let text: String
  /// The folders that lead the pattern without a wildcard (where a walk for it starts).
  let base: [String]
  /// The names after `base`, each a list of scalars; `**` is kept as the name `**`.
  let rest: [[Unicode.Scalar]]

  /// Reads a pattern; nil with the reason when it cannot name a file below a folder.
  public static func parse(_ text: String) -> (glob: Glob?, problem: String?) {
    if text.hasPrefix("/") { return (nil, "is an absolute path; write it relative to the config's folder") }
    if text.hasSuffix("/") { return (nil, "names a folder; name its files, as in \(text)**/*.yaml") }
    var names = text.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
    names.removeAll { $0 == "." }
    guard let last = names.last, last != "**" else { return (nil, "names no file (it ends in a folder)") }
    if names.contains(where: { $0.contains("**") && $0 != "**" }) {
      return (nil, "uses '**' inside a name; '**' stands alone between slashes, as in exports/**/*.yaml")
    }
    let base = names.prefix { !$0.contains("*") && !$0.contains("?") }
    // The file name itself is matched, never taken as a folder.
    let baseCount = min(base.count, names.count - 1)
    return (Glob(text: text, base: Array(names.prefix(baseCount)), rest: names.dropFirst(baseCount).map { Array($0.lowercased().unicodeScalars) }), nil)
  }

  private init(text: String, base: [String], rest: [[Unicode.Scalar]]) {
    self.text = text
    self.base = base
    self.rest = rest
  }

  /// Where a match stands after some names: `reached[i]` when the pattern's first `i` names
  /// match them. A walk keeps one per folder and stops where none is left.
  struct State: Hashable {
    fileprivate var reached: [Bool]
    /// No name below can match: the walk need not go in.
    var isDead: Bool { !reached.contains(true) }
  }

  /// The state before any name.
  var start: State {
    var reached = [Bool](filling: false, count: rest.count + 1)
    reached[0] = true
    closeOverAnyFolders(&reached)
    return State(reached: reached)
  }

  /// The folders where a walk for this glob starts, below the config's folder: `base` up to
  /// its last `..` (a walk goes down only).
  var root: [String] { Array(base.prefix(base.lastIndex(of: "..").map { $0 + 1 } ?? 0)) }

  /// The names a walk from `root` matches: the rest of `base`, exactly as a path names its
  /// folders, then `rest` (in lower case, compared ignoring case).
  var namesBelowRoot: [GlobSet.Name] {
    base.dropFirst(root.count).map { GlobSet.Name(scalars: Array($0.unicodeScalars), exact: true) }
      + rest.map { GlobSet.Name(scalars: $0, exact: false) }
  }

  /// A name as patterns compare it: in lower case.
  static func folded(_ name: [Unicode.Scalar]) -> [Unicode.Scalar] {
    name.allSatisfy({ $0.value < 0x80 && !($0.value >= 0x41 && $0.value <= 0x5A) })
      ? name : Array(String(String.UnicodeScalarView(name)).lowercased().unicodeScalars)
  }

  /// The state after one more name. The cost is the pattern's names, whatever the number of `**`.
  func step(_ state: State, _ name: [Unicode.Scalar]) -> State {
    let name = Self.folded(name)
    var next = [Bool](filling: false, count: rest.count + 1)
    for index in rest.indices where state.reached[index] {
      if rest[index] == Self.anyFolders {
        if name.first != "." { next[index] = true }  // `**` takes this folder too
      } else if Self.matches(name, rest[index]) {
        next[index + 1] = true
      }
    }
    closeOverAnyFolders(&next)
    return State(reached: next)
  }

  /// Whether the names so far are a whole match.
  func accepts(_ state: State) -> Bool { state.reached[rest.count] }

  /// Whether a path below `base`, given name by name, matches.
  func matches(_ names: [[Unicode.Scalar]]) -> Bool {
    accepts(names.reduce(start, step))
  }

  /// Whether a path below `base`, written with `/`, matches.
  func matches(_ path: String) -> Bool {
    matches(path.split(separator: "/").map { Array($0.unicodeScalars) })
  }

  static let anyFolders: [Unicode.Scalar] = ["*", "*"]

  /// `**` may stand for no folder: reaching it reaches the name after it too.
  private func closeOverAnyFolders(_ reached: inout [Bool]) {
    for index in rest.indices where reached[index] && rest[index] == Self.anyFolders { reached[index + 1] = true }
  }

  /// One name against one pattern name: `*` and `?` wildcards, backtracking to the last `*`
  /// only (linear for each `*`).
  static func matches(_ name: [Unicode.Scalar], _ pattern: [Unicode.Scalar]) -> Bool {
    if name.first == ".", pattern.first != "." { return false }
    var n = 0, p = 0
    var star: Int?, resume = 0
    while n < name.count {
      if p < pattern.count, pattern[p] == "?" || (pattern[p] != "*" && pattern[p] == name[n]) {
        n += 1
        p += 1
      } else if p < pattern.count, pattern[p] == "*" {
        star = p
        resume = n
        p += 1
      } else if let star {
        p = star + 1
        resume += 1
        n = resume
      } else {
        return false
      }
    }
    while p < pattern.count, pattern[p] == "*" { p += 1 }
    return p == pattern.count
  }
}
