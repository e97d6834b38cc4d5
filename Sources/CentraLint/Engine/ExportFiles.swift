/// The files that a config's `exports` name (SPEC §1 "The exports of a merchant"): each glob is
/// walked from its literal folders below the config's folder, going only into folders where a
/// match is still possible (so `exports/**/*.yaml` never enters `.git`).
enum ExportFiles {
  /// Every regular file a glob matches, each once (by identity), sorted by name; folders that
  /// cannot be read are errors, as an unreadable file is.
  static func find(_ globs: [Glob], in folder: FilePath, display: String) -> (files: [FolderWalk.Entry], errors: [LintError]) {
    var files: [FolderWalk.Entry] = []
    var errors: [LintError] = []
    var seen: Set<FileSystem.Identity> = []
    for glob in globs {
      var start = (path: folder, display: display)
      for name in glob.base {
        start = (start.path.appending(Array(name.utf8)), FolderWalk.join(start.display, name))
      }
      guard FileSystem.kind(start.path) == .directory else { continue }  // a glob may match nothing yet
      // A folder reached again in another state of the pattern (through a link, say) is walked
      // again: what may match below it differs.
      var visited: Set<Visit> = []
      var queue = [(path: start.path, display: start.display, state: glob.start)]
      while let current = queue.popLast() {
        let status = FileSystem.status(current.path)
        guard let identity = status.identity else {
          errors.append(.unreadablePath(current.display, reason: status.error ?? "it disappeared during the walk"))
          continue
        }
        guard visited.insert(Visit(folder: identity, state: current.state)).inserted else { continue }
        let entries: [FileSystem.FolderEntry]
        do {
          entries = try FileSystem.folderEntries(current.path)
        } catch {
          errors.append((error as? LintError)?.named(current.display) ?? .unreadablePath(current.display, reason: "\(error)"))
          continue
        }
        var subfolders: [(path: FilePath, display: String, state: Glob.State)] = []
        for entry in entries.sorted(by: { $0.name.lexicographicallyPrecedes($1.name) }) {
          let state = glob.step(current.state, Array(String(decoding: entry.name, as: UTF8.self).unicodeScalars))
          guard !state.isDead else { continue }
          let path = current.path.appending(entry.name)
          let shown = FolderWalk.join(current.display, String(decoding: entry.name, as: UTF8.self))
          var kind = entry.kind
          if kind == nil {
            let linked = FileSystem.status(path)
            if let error = linked.error { errors.append(.unreadablePath(shown, reason: error)) }
            kind = linked.kind
          }
          if kind == .directory {
            subfolders.append((path, shown, state))
          } else if kind == .file, glob.accepts(state) {
            let identity = entry.kind == .file ? FileSystem.Identity(device: identity.device, inode: entry.inode) : FileSystem.identity(path)
            if let identity, seen.insert(identity).inserted {
              files.append(FolderWalk.Entry(display: shown, path: path, identity: identity))
            }
          }
        }
        queue.append(contentsOf: subfolders.reversed())
      }
    }
    files.sort { $0.display.utf8.lexicographicallyPrecedes($1.display.utf8) }
    return (files, errors)
  }

  private struct Visit: Hashable {
    var folder: FileSystem.Identity
    var state: Glob.State
  }
}
