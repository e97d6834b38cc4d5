/// The files that a config's `exports` name (SPEC §1 "The exports of a merchant"): one walk
/// below the config's folder for every glob together (`GlobSet`), going only into folders where
/// a match is still possible (so `exports/**/*.yaml` never enters `.git`). A glob that starts
/// with `..` walks from there, one walk for each such start.
///
/// The walk is bounded by the tree: a folder already on the path being walked (through a link)
/// is not entered again, and a folder reached again by another path is walked only for the
/// places of the globs it has not had yet. A folder it must search but cannot is an error.
struct ExportFiles {
  private let set: GlobSet
  private(set) var files: [FolderWalk.Entry] = []
  private(set) var errors: [LintError] = []
  private var seen: Set<FileSystem.Identity> = []
  /// Per folder, the places it was walked for.
  private var walked: [FileSystem.Identity: Set<Int32>] = [:]

  private init(_ set: GlobSet) { self.set = set }

  /// Every regular file a glob matches, each once (by identity), sorted by name; folders that
  /// cannot be read are errors, as an unreadable file is.
  static func find(_ globs: [Glob], in folder: FilePath, display: String) -> (files: [FolderWalk.Entry], errors: [LintError]) {
    var walk = ExportFiles(GlobSet(globs.map(\.namesBelowRoot)))
    var roots: [[String]] = []
    for glob in globs where !roots.contains(glob.root) { roots.append(glob.root) }
    for root in roots {
      var start = (path: folder, display: display)
      for name in root { start = (start.path.appending(Array(name.utf8)), FolderWalk.join(start.display, name)) }
      let status = FileSystem.status(start.path)
      if let error = status.error { walk.errors.append(.unreadablePath(start.display, reason: error)) }
      guard status.kind == .directory else { continue }  // a glob may match nothing yet
      walk.walk(start.path, display: start.display, state: walk.set.start(globs.indices.filter { globs[$0].root == root }))
    }
    walk.files.sort { ByteScan.precedes($0.display, $1.display) }
    return (walk.files, walk.errors)
  }

  private struct Folder {
    var path: FilePath
    var display: String
    var state: [Int32]
  }

  /// A folder being walked: its subfolders still to go into (no recursion on input).
  private struct Frame {
    var identity: FileSystem.Identity
    var subfolders: [Folder]
    var next = 0
  }

  private mutating func walk(_ root: FilePath, display: String, state: [Int32]) {
    var stack: [Frame] = []
    var onPath: Set<FileSystem.Identity> = []
    if let frame = enter(Folder(path: root, display: display, state: state), onPath: onPath) {
      stack.append(frame)
      onPath.insert(frame.identity)
    }
    while let top = stack.last {
      guard top.next < top.subfolders.count else {
        onPath.remove(top.identity)
        stack.removeLast()
        continue
      }
      stack[stack.count - 1].next += 1
      if let frame = enter(top.subfolders[top.next], onPath: onPath) {
        stack.append(frame)
        onPath.insert(frame.identity)
      }
    }
  }

  /// Lists one folder: its matching files are kept, its subfolders where a match may still be
  /// returned to be walked; nil when it is not to be walked (a loop, or nothing new).
  private mutating func enter(_ folder: Folder, onPath: Set<FileSystem.Identity>) -> Frame? {
    let status = FileSystem.status(folder.path)
    guard let identity = status.identity else {
      errors.append(.unreadablePath(folder.display, reason: status.error ?? "it disappeared during the walk"))
      return nil
    }
    guard !onPath.contains(identity) else { return nil }
    let done = walked[identity, default: []]
    let state = folder.state.filter { !done.contains($0) }
    guard !state.isEmpty else { return nil }
    walked[identity, default: []].formUnion(state)
    let entries: [FileSystem.FolderEntry]
    do {
      entries = try FileSystem.folderEntries(folder.path)
    } catch {
      errors.append((error as? LintError)?.named(folder.display) ?? .unreadablePath(folder.display, reason: "\(error)"))
      return nil
    }
    let stepper = set.stepper(state)
    var subfolders: [Folder] = []
    for entry in entries.sorted(by: { ByteScan.precedes($0.name, $1.name) }) {
      let next = set.step(stepper, Array(String(decoding: entry.name, as: UTF8.self).unicodeScalars))
      guard !next.isEmpty else { continue }
      let path = folder.path.appending(entry.name)
      let shown = FolderWalk.join(folder.display, String(decoding: entry.name, as: UTF8.self))
      var kind = entry.kind
      if kind == nil {
        let linked = FileSystem.status(path)
        if let error = linked.error { errors.append(.unreadablePath(shown, reason: error)) }
        kind = linked.kind
      }
      if kind == .directory, set.goesOn(next) {
        subfolders.append(Folder(path: path, display: shown, state: next))
      } else if kind == .file, set.accepts(next) {
        let file = entry.kind == .file ? FileSystem.Identity(device: identity.device, inode: entry.inode) : FileSystem.identity(path)
        if let file, seen.insert(file).inserted {
          files.append(FolderWalk.Entry(display: shown, path: path, identity: file))
        }
      }
    }
    return Frame(identity: identity, subfolders: subfolders)
  }
}
