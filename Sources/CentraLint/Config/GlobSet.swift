/// Many globs matched in one walk (SPEC §1: globs cost one walk of the tree however many there
/// are). Each glob's names are laid end to end; a place is one name of one glob, and a state is
/// the set of places reached, as `Glob.State` is for one glob. Places move on independently,
/// so a folder reached again need only be walked for the places it has not had yet.
struct GlobSet {
  /// One name of a glob: `exact` for a folder of its literal start, compared as the path
  /// would be; else a pattern name in lower case.
  struct Name {
    var scalars: [Unicode.Scalar]
    var exact: Bool
  }

  private enum Kind { case exact, literal, wildcard, anyFolders, end }

  /// Per place: the pattern name there, and what kind of name it is.
  private var names: [[Unicode.Scalar]] = []
  private var kinds: [Kind] = []
  /// Per glob: its first place.
  private var firsts: [Int32] = []

  /// Lays out `globs` (each its names below its walk's root, in lower case).
  init(_ globs: [[Name]]) {
    for glob in globs {
      firsts.append(Int32(names.count))
      for name in glob {
        names.append(name.scalars)
        let wild = name.scalars.contains("*") || name.scalars.contains("?")
        kinds.append(name.exact ? .exact : name.scalars == Glob.anyFolders ? .anyFolders : wild ? .wildcard : .literal)
      }
      names.append([])
      kinds.append(.end)
    }
  }

  /// The state before any name, for the globs at `indices`.
  func start(_ indices: [Int]) -> [Int32] { closed(indices.map { firsts[$0] }) }

  /// Whether a state has a whole match.
  func accepts(_ state: [Int32]) -> Bool { state.contains { kinds[Int($0)] == .end } }

  /// Whether a name below can still match: a walk need not go into a folder otherwise.
  func goesOn(_ state: [Int32]) -> Bool { state.contains { kinds[Int($0)] != .end } }

  /// A state made ready to step many names: literal names found by a lookup, so that a
  /// folder of thousands of files against thousands of literal globs costs their sum.
  struct Stepper {
    fileprivate var exact: [[Unicode.Scalar]: [Int32]] = [:]
    fileprivate var literal: [[Unicode.Scalar]: [Int32]] = [:]
    /// Wildcard names by their first scalar when it is literal (`n*.yaml` under `n`): a
    /// name is tried only against those that can match its start, and those that start with
    /// `*` or `?`.
    fileprivate var wildcardByFirst: [Unicode.Scalar: [Int32]] = [:]
    fileprivate var wildcard: [Int32] = []
    fileprivate var anyFolders: [Int32] = []
  }

  /// `state`, ready to step.
  func stepper(_ state: [Int32]) -> Stepper {
    var stepper = Stepper()
    for place in state {
      switch kinds[Int(place)] {
      case .exact: stepper.exact[names[Int(place)], default: []].append(place)
      case .literal: stepper.literal[names[Int(place)], default: []].append(place)
      case .wildcard:
        let first = names[Int(place)][0]
        if first == "*" || first == "?" { stepper.wildcard.append(place) } else { stepper.wildcardByFirst[first, default: []].append(place) }
      case .anyFolders: stepper.anyFolders.append(place)
      case .end: break
      }
    }
    return stepper
  }

  /// The state after one more name: the cost is the places that can take it.
  func step(_ stepper: Stepper, _ name: [Unicode.Scalar]) -> [Int32] {
    var next: [Int32] = (stepper.exact[name] ?? []).map { $0 + 1 }
    let name = Glob.folded(name)
    if name.first != "." { next += stepper.anyFolders }  // `**` takes this folder too
    next += (stepper.literal[name] ?? []).map { $0 + 1 }
    for place in stepper.wildcard where Glob.matches(name, names[Int(place)]) { next.append(place + 1) }
    if let first = name.first, let places = stepper.wildcardByFirst[first] {
      for place in places where Glob.matches(name, names[Int(place)]) { next.append(place + 1) }
    }
    return closed(next)
  }

  /// `**` may stand for no folder: reaching it reaches the name after it too. Sorted, unique.
  private func closed(_ places: [Int32]) -> [Int32] {
    var result: [Int32] = []
    for place in places {
      var at = place
      result.append(at)
      while kinds[Int(at)] == .anyFolders {
        at += 1
        result.append(at)
      }
    }
    return Array(Set(result)).sorted()
  }
}
