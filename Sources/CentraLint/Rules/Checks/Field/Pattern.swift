/// The regular expression of a `pattern` check, matched in time linear in the value: compiled
/// to a Thompson automaton and run as a set of states (as RE2 and Go's `regexp` do), so no
/// pattern of a rule file can make one value cost more than its length times the pattern's size.
/// A backtracking engine (Swift's `Regex`) takes exponential time on `^(\d+)*$` and quadratic
/// time on an unanchored `[a-z]*1`; this one cannot.
///
/// The syntax is the common core of PCRE and Swift's regexes, matched on Unicode scalars:
/// literals, `.` (any scalar but a line feed), classes `[a-z]`, `[^…]`, `\d \w \s` and their
/// negations, `^` and `$` (the value's start and end, as in Swift), `\A \z \Z`, `\b \B` (PCRE's:
/// between a word character and a non-word one, where Swift's follows UAX #29), groups
/// `(…)`, `(?:…)`, `(?<name>…)`, alternatives `|`, quantifiers `* + ?` and `{n}`, `{n,}`, `{,m}`,
/// `{n,m}` (a lazy `?` after one is accepted: a search only asks whether there is a match), and
/// the flag `(?i)` or `(?i:…)` to ignore case. What a linear matcher cannot do (back-references,
/// look-around, possessive quantifiers) is refused with its reason at load.
struct Pattern: Sendable {
  /// Why a pattern was refused, and at which character (0-based, in Unicode scalars).
  struct Invalid: Error, Equatable {
    let reason: String
    let offset: Int
  }

  /// A set of scalars: ranges, shorthand classes, negation; compared folded when ignoring case.
  struct ScalarSet: Sendable {
    /// The members written as scalars and ranges: the standard library's `RangeSet` merges
    /// them and finds a scalar by halving, so a class of thousands of members costs a step its
    /// logarithm, not its size.
    var members = RangeSet<UInt32>()
    var shorthands: [(Shorthand, negated: Bool)] = []
    var negated = false
    var ignoresCase = false

    func contains(_ scalar: Unicode.Scalar) -> Bool {
      func has(_ scalar: Unicode.Scalar) -> Bool {
        members.contains(scalar.value) || shorthands.contains { $0.0.contains(scalar) != $0.negated }
      }
      var found = has(scalar)
      if !found, ignoresCase {
        for other in Pattern.caseVariants(of: scalar) where other != scalar && has(other) {
          found = true
          break
        }
      }
      return found != negated
    }
  }

  enum Shorthand: Sendable {
    case digit, word, space
    func contains(_ scalar: Unicode.Scalar) -> Bool {
      switch self {
      case .digit: return scalar.properties.numericType == .decimal
      case .word: return scalar == "_" || scalar.properties.isAlphabetic || scalar.properties.numericType == .decimal
      case .space: return scalar.properties.isWhitespace
      }
    }
  }

  enum Assertion: Sendable {
    case start, end, endOrFinalNewline, wordBoundary, notWordBoundary
  }

  enum Instruction: Sendable {
    case scalar(Unicode.Scalar, ignoresCase: Bool)
    case any
    case set(Int)
    case assert(Assertion)
    /// Continue at both (epsilon moves).
    case split(Int, Int)
    case jump(Int)
    case match
  }

  let program: [Instruction]
  let sets: [ScalarSet]

  /// The most instructions a pattern compiles to (a repetition `{n,m}` copies its body): what
  /// one scalar of a value can cost.
  static let sizeLimit = 2_000
  /// The largest count a `{n,m}` may give.
  static let countLimit = 1_000
  /// The deepest nesting of groups.
  static let depthLimit = 100

  init(_ text: String) throws(Invalid) {
    var parser = Parser(scalars: Array(text.unicodeScalars))
    let tree = try parser.parseAll()
    var compiler = Compiler()
    try compiler.emit(tree, at: parser.scalars.count)
    compiler.program.append(.match)
    program = compiler.program
    sets = parser.sets
  }

  // MARK: Matching

  /// Whether the pattern matches somewhere in `text`.
  func matches(in text: String) -> Bool {
    let scalars = Array(text.unicodeScalars)
    var current = StateSet(capacity: program.count), next = StateSet(capacity: program.count)
    var stack: [Int] = []
    for position in 0...scalars.count {
      let before = position > 0 ? scalars[position - 1] : nil
      let here = position < scalars.count ? scalars[position] : nil
      // A search: a new attempt starts at every position.
      if add(0, to: &current, stack: &stack, before: before, here: here, at: position, of: scalars) { return true }
      guard let here else { break }
      next.clear()
      let after = position + 1 < scalars.count ? scalars[position + 1] : nil
      for state in current.members {
        let moves: Bool
        switch program[state] {
        case .scalar(let expected, let ignoresCase):
          moves = here == expected || (ignoresCase && Self.caseVariants(of: here).contains(expected))
        case .any: moves = here != "\n"
        case .set(let index): moves = sets[index].contains(here)
        default: moves = false
        }
        if moves, add(state + 1, to: &next, stack: &stack, before: here, here: after, at: position + 1, of: scalars) { return true }
      }
      swap(&current, &next)
    }
    return false
  }

  /// Adds a state and every state its epsilon moves reach to `set`; true when one is the match.
  private func add(
    _ start: Int, to set: inout StateSet, stack: inout [Int], before: Unicode.Scalar?, here: Unicode.Scalar?,
    at position: Int, of scalars: [Unicode.Scalar]
  ) -> Bool {
    stack.append(start)
    while let state = stack.popLast() {
      guard set.insert(state) else { continue }
      switch program[state] {
      case .match:
        stack.removeAll(keepingCapacity: true)
        return true
      case .jump(let target): stack.append(target)
      case .split(let first, let second):
        stack.append(second)
        stack.append(first)
      case .assert(let assertion):
        if holds(assertion, before: before, here: here, at: position, of: scalars) { stack.append(state + 1) }
      case .scalar, .any, .set: break
      }
    }
    return false
  }

  private func holds(_ assertion: Assertion, before: Unicode.Scalar?, here: Unicode.Scalar?, at position: Int, of scalars: [Unicode.Scalar]) -> Bool {
    func isWord(_ scalar: Unicode.Scalar?) -> Bool { scalar.map(Shorthand.word.contains) ?? false }
    switch assertion {
    case .start: return position == 0
    case .end: return position == scalars.count
    case .endOrFinalNewline: return position == scalars.count || (position == scalars.count - 1 && here == "\n")
    case .wordBoundary: return isWord(before) != isWord(here)
    case .notWordBoundary: return isWord(before) == isWord(here)
    }
  }

  /// The other cases of a scalar, by its simple case mappings (one scalar each).
  static func caseVariants(of scalar: Unicode.Scalar) -> [Unicode.Scalar] {
    if scalar.isASCII {
      let value = scalar.value
      if (65...90).contains(value) { return [scalar, Unicode.Scalar(value + 32)!] }
      if (97...122).contains(value) { return [scalar, Unicode.Scalar(value - 32)!] }
      return [scalar]
    }
    var variants = [scalar]
    for mapping in [scalar.properties.lowercaseMapping, scalar.properties.uppercaseMapping] {
      let mapped = mapping.unicodeScalars
      if mapped.count == 1, let only = mapped.first, !variants.contains(only) { variants.append(only) }
    }
    return variants
  }

  /// The states of one step, each once, in the order added (a sparse set: clearing is O(1)).
  private struct StateSet {
    var members: [Int] = []
    var marks: [Int]
    var generation = 1
    init(capacity: Int) { marks = Array(filling: 0, count: capacity) }
    mutating func insert(_ state: Int) -> Bool {
      if marks[state] == generation { return false }
      marks[state] = generation
      members.append(state)
      return true
    }
    mutating func clear() {
      members.removeAll(keepingCapacity: true)
      generation += 1
    }
  }

  // MARK: Reading

  indirect enum Node {
    case empty
    case scalar(Unicode.Scalar, ignoresCase: Bool)
    case any
    case set(Int)
    case assert(Assertion)
    case sequence([Node])
    case either([Node])
    case repeated(Node, min: Int, max: Int?)
  }

  private struct Parser {
    let scalars: [Unicode.Scalar]
    var index = 0
    var sets: [ScalarSet] = []
    var ignoresCase = false
    /// Groups open at the index: reading and compiling recurse into them.
    var depth = 0

    init(scalars: [Unicode.Scalar]) { self.scalars = scalars }

    func fail(_ reason: String, at offset: Int? = nil) -> Invalid { Invalid(reason: reason, offset: offset ?? index) }

    mutating func parseAll() throws(Invalid) -> Node {
      let node = try alternatives()
      if index < scalars.count { throw fail("a ')' closes no group") }
      return node
    }

    var peek: Unicode.Scalar? { index < scalars.count ? scalars[index] : nil }

    /// Alternatives up to a `)` or the end; a flag set inside a group ends with it.
    mutating func alternatives() throws(Invalid) -> Node {
      let flags = ignoresCase
      defer { ignoresCase = flags }
      var branches = [try sequence()]
      while peek == "|" {
        index += 1
        branches.append(try sequence())
      }
      return branches.count == 1 ? branches[0] : .either(branches)
    }

    mutating func sequence() throws(Invalid) -> Node {
      var items: [Node] = []
      while let scalar = peek, scalar != "|", scalar != ")" {
        let start = index
        guard let atom = try atom() else { continue }
        items.append(try quantified(atom, from: start))
      }
      return items.count == 1 ? items[0] : .sequence(items)
    }

    func isQuantifier(at position: Int) -> Bool {
      guard position < scalars.count else { return false }
      switch scalars[position] {
      case "*", "+", "?": return true
      case "{": return counts(at: position) != nil
      default: return false
      }
    }

    /// `{n}`, `{n,}` or `{n,m}` at `position`: the counts and where it ends; nil when the brace
    /// is a literal (as in PCRE).
    func counts(at position: Int) -> (min: Int, max: Int?, end: Int)? {
      var cursor = position + 1
      /// A decimal number at the cursor (saturating), nil when there is no digit.
      func number() -> Int? {
        let start = cursor
        var value = 0
        while cursor < scalars.count, ("0"..."9").contains(scalars[cursor]) {
          value = min(value * 10 + Int(scalars[cursor].value) - 48, Int(Int32.max))
          cursor += 1
        }
        return cursor == start ? nil : value
      }
      // `{,m}` is `{0,m}` (as in Swift and PCRE2); `{,}` and `{}` are literal text.
      let low = number()
      var high = low
      if cursor < scalars.count, scalars[cursor] == "," {
        cursor += 1
        high = number()
        guard low != nil || high != nil else { return nil }
      }
      guard low != nil || high != nil else { return nil }
      guard cursor < scalars.count, scalars[cursor] == "}" else { return nil }
      return (low ?? 0, high, cursor + 1)
    }

    mutating func quantified(_ atom: Node, from start: Int) throws(Invalid) -> Node {
      var node = atom, repeated = false
      while let scalar = peek {
        let bounds: (min: Int, max: Int?)
        switch scalar {
        case "*": bounds = (0, nil); index += 1
        case "+": bounds = (1, nil); index += 1
        case "?": bounds = (0, 1); index += 1
        case "{":
          guard let counts = counts(at: index) else { return node }
          if let high = counts.max, counts.min > high { throw fail("the repetition {\(counts.min),\(high)} has its minimum above its maximum") }
          if counts.min > Pattern.countLimit || (counts.max ?? 0) > Pattern.countLimit {
            throw fail("a repetition count is at most \(Pattern.countLimit)")
          }
          bounds = (counts.min, counts.max)
          index = counts.end
        default: return node
        }
        if peek == "?" { index += 1 } else if peek == "+" {
          throw fail("a possessive quantifier ('\(scalar)+') is not supported: write the repetition without the '+'")
        }
        if repeated { throw fail("a repetition cannot be repeated directly: put it in a group, as in (a+)*", at: index - 1) }
        node = .repeated(node, min: bounds.min, max: bounds.max)
        repeated = true
      }
      return node
    }

    /// One atom; nil for a flag group, which changes the flags and matches nothing.
    mutating func atom() throws(Invalid) -> Node? {
      let scalar = scalars[index]
      index += 1
      switch scalar {
      case "(": return try group(openedAt: index - 1)
      case "[": return try set(openedAt: index - 1)
      case ".": return .any
      case "^": return .assert(.start)
      case "$": return .assert(.end)
      case "\\": return try escape()
      case "*", "+", "?": throw fail("'\(scalar)' has nothing to repeat", at: index - 1)
      case "{":
        if counts(at: index - 1) != nil { throw fail("'{' has nothing to repeat", at: index - 1) }
        return literal(scalar)
      default: return literal(scalar)
      }
    }

    func literal(_ scalar: Unicode.Scalar) -> Node {
      .scalar(scalar, ignoresCase: ignoresCase && Pattern.caseVariants(of: scalar).count > 1)
    }

    mutating func group(openedAt open: Int) throws(Invalid) -> Node? {
      depth += 1
      defer { depth -= 1 }
      if depth > Pattern.depthLimit { throw fail("groups are nested more than \(Pattern.depthLimit) deep", at: open) }
      if peek == "?" {
        index += 1
        switch peek {
        case ":": index += 1
        case "<" where index + 1 < scalars.count && (scalars[index + 1] == "=" || scalars[index + 1] == "!"),
             "=", "!":
          throw fail("look-around ('(?=', '(?!', '(?<=', '(?<!') is not supported", at: open)
        case "<", "P", "'":
          // A named group: its name, then its body.
          if peek == "P" { index += 1 }
          let close: Unicode.Scalar = peek == "'" ? "'" : ">"
          index += 1
          while let scalar = peek, scalar != close { index += 1 }
          guard peek == close else { throw fail("a group's name is not closed", at: open) }
          index += 1
        default:
          // Flags: `(?i)` for the rest of the group, `(?i:…)` for its body, `-i` to end it.
          var on = true, flags = ignoresCase
          while let scalar = peek, scalar != ")", scalar != ":" {
            switch scalar {
            case "i": flags = on
            case "-": on = false
            default: throw fail("the flag '\(scalar)' is not supported (only 'i', to ignore case)")
            }
            index += 1
          }
          guard let end = peek else { throw fail("a group is not closed", at: open) }
          index += 1
          if end == ")" {
            ignoresCase = flags
            return nil
          }
          let outer = ignoresCase
          ignoresCase = flags
          let body = try alternatives()
          ignoresCase = outer
          guard peek == ")" else { throw fail("a group is not closed", at: open) }
          index += 1
          return body
        }
      }
      let body = try alternatives()
      guard peek == ")" else { throw fail("a group is not closed", at: open) }
      index += 1
      return body
    }

    mutating func escape() throws(Invalid) -> Node {
      guard let scalar = peek else { throw fail("the pattern ends in a lone '\\'", at: index - 1) }
      index += 1
      switch scalar {
      case "A": return .assert(.start)
      case "z": return .assert(.end)
      case "Z": return .assert(.endOrFinalNewline)
      case "b": return .assert(.wordBoundary)
      case "B": return .assert(.notWordBoundary)
      default:
        switch try escapedMember(scalar) {
        case .scalar(let value): return literal(value)
        case .shorthand(let shorthand, let negated):
          var set = ScalarSet()
          set.shorthands = [(shorthand, negated)]
          sets.append(set)
          return .set(sets.count - 1)
        }
      }
    }

    enum Member { case scalar(Unicode.Scalar), shorthand(Shorthand, negated: Bool) }

    /// What an escape stands for, in a class or outside one; `scalar` follows the backslash.
    mutating func escapedMember(_ scalar: Unicode.Scalar) throws(Invalid) -> Member {
      switch scalar {
      case "d": return .shorthand(.digit, negated: false)
      case "D": return .shorthand(.digit, negated: true)
      case "w": return .shorthand(.word, negated: false)
      case "W": return .shorthand(.word, negated: true)
      case "s": return .shorthand(.space, negated: false)
      case "S": return .shorthand(.space, negated: true)
      case "n": return .scalar("\n")
      case "t": return .scalar("\t")
      case "r": return .scalar("\r")
      case "f": return .scalar("\u{0C}")
      case "v": return .scalar("\u{0B}")
      case "e": return .scalar("\u{1B}")
      case "0": return .scalar("\0")
      case "x", "u":
        var digits = ""
        if peek == "{" {
          index += 1
          while let next = peek, next != "}" { digits.unicodeScalars.append(next); index += 1 }
          guard peek == "}" else { throw fail("'\\\(scalar){' is not closed") }
          index += 1
        } else {
          let count = scalar == "x" ? 2 : 4
          while digits.unicodeScalars.count < count, let next = peek { digits.unicodeScalars.append(next); index += 1 }
        }
        guard digits.count <= 8, let value = UInt32(digits, radix: 16), let code = Unicode.Scalar(value) else {
          throw fail("'\\\(scalar)\(digits)' is not a Unicode scalar in hexadecimal")
        }
        return .scalar(code)
      case "1"..."9": throw fail("back-references ('\\\(scalar)') are not supported", at: index - 2)
      default:
        if scalar.properties.isAlphabetic || scalar.properties.numericType != nil {
          throw fail("the escape '\\\(scalar)' is not supported", at: index - 2)
        }
        return .scalar(scalar)
      }
    }

    mutating func set(openedAt open: Int) throws(Invalid) -> Node {
      var set = ScalarSet()
      var members: [Range<UInt32>] = []
      set.ignoresCase = ignoresCase
      if peek == "^" {
        set.negated = true
        index += 1
      }
      var first = true
      while let scalar = peek, scalar != "]" || first {
        first = false
        index += 1
        if scalar == "[", peek == ":" { throw fail("POSIX classes ('[:alpha:]') are not supported: write the ranges, as in [a-zA-Z]", at: index - 1) }
        var low: Unicode.Scalar
        if scalar == "\\" {
          guard let escaped = peek else { break }
          index += 1
          switch try escapedMember(escaped) {
          case .shorthand(let shorthand, let negated):
            set.shorthands.append((shorthand, negated))
            continue
          case .scalar(let value): low = value
          }
        } else {
          low = scalar
        }
        // A range, unless the '-' is last.
        if peek == "-", index + 1 < scalars.count, scalars[index + 1] != "]" {
          index += 1
          var high = scalars[index]
          index += 1
          if high == "\\" {
            guard let escaped = peek else { break }
            index += 1
            guard case .scalar(let value) = try escapedMember(escaped) else { throw fail("a range cannot end in a class such as '\\d'") }
            high = value
          }
          if high.value < low.value { throw fail("the range \(low)-\(high) is out of order") }
          members.append(low.value..<(high.value + 1))
        } else {
          members.append(low.value..<(low.value + 1))
        }
      }
      guard peek == "]" else { throw fail("a class '[' is not closed", at: open) }
      index += 1
      set.members = RangeSet(members)  // sorted and merged at once, not member by member
      sets.append(set)
      return .set(sets.count - 1)
    }
  }

  private struct Compiler {
    var program: [Instruction] = []

    /// How many instructions a node compiles to, saturating just past the limit (nested
    /// repetitions multiply).
    func size(_ node: Node) -> Int {
      let most = Pattern.sizeLimit + 1
      switch node {
      case .empty: return 0
      case .scalar, .any, .set, .assert: return 1
      case .sequence(let items): return items.reduce(0) { min($0 + size($1), most) }
      case .either(let branches): return min(branches.reduce(0) { min($0 + size($1), most) } + 2 * (branches.count - 1), most)
      case .repeated(let body, let low, let high):
        let one = size(body)
        // The mandatory copies, then optional ones (a split each) or a loop.
        return min(one * low + (high.map { ($0 - low) * (one + 1) } ?? (one + 2)), most)
      }
    }

    mutating func emit(_ node: Node, at end: Int) throws(Invalid) {
      let needed = size(node)
      guard needed + 1 <= Pattern.sizeLimit else {
        throw Invalid(reason: "it compiles to \(needed) steps, more than the \(Pattern.sizeLimit) a pattern may have: write its repetitions with smaller counts", offset: end)
      }
      emit(node)
    }

    private mutating func emit(_ node: Node) {
      switch node {
      case .empty: break
      case .scalar(let scalar, let ignoresCase): program.append(.scalar(scalar, ignoresCase: ignoresCase))
      case .any: program.append(.any)
      case .set(let index): program.append(.set(index))
      case .assert(let assertion): program.append(.assert(assertion))
      case .sequence(let items): for item in items { emit(item) }
      case .either(let branches):
        var jumps: [Int] = []
        for (position, branch) in branches.enumerated() {
          if position < branches.count - 1 {
            let split = program.count
            program.append(.split(split + 1, -1))
            emit(branch)
            jumps.append(program.count)
            program.append(.jump(-1))
            program[split] = .split(split + 1, program.count)
          } else {
            emit(branch)
          }
        }
        for jump in jumps { program[jump] = .jump(program.count) }
      case .repeated(let body, let low, let high):
        for _ in 0..<low { emit(body) }
        if let high {
          // Each optional copy may be skipped to the end.
          var splits: [Int] = []
          for _ in low..<high {
            splits.append(program.count)
            program.append(.split(program.count + 1, -1))
            emit(body)
          }
          for split in splits { program[split] = .split(split + 1, program.count) }
        } else {
          let loop = program.count
          program.append(.split(loop + 1, -1))
          emit(body)
          program.append(.jump(loop))
          program[loop] = .split(loop + 1, program.count)
        }
      }
    }
  }
}
