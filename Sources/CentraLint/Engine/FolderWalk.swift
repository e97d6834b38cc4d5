/// Finds the files to check below a folder: every `*.yaml` and `*.yml`, sorted, each real
/// folder visited once (so a symbolic link loop ends), hidden entries skipped.
struct FolderWalk {
  /// A file to check, named as the user will see it.
  struct Entry {
    var display: String
    var path: String
    /// The file's identity, to leave out the registry and the config.
    var identity: FileSystem.Identity?
  }

  private(set) var files: [Entry] = []
  /// Messages about what was passed over (special files, unreadable folders).
  private(set) var skipped: [String] = []
  private var visited: Set<FileSystem.Identity> = []

  /// The files found, handed over (the walk keeps none).
  mutating func takeFiles() -> [Entry] {
    defer { files = [] }
    return files
  }

  /// Walks `root`, shown as `display`.
  mutating func walk(_ root: String, display: String) {
    var queue = [(path: root, display: display)]
    while let folder = queue.popLast() {
      guard let identity = FileSystem.identity(folder.path), visited.insert(identity).inserted else { continue }
      let entries: [FileSystem.FolderEntry]
      do {
        entries = try FileSystem.folderEntries(folder.path)
      } catch {
        skipped.append("\(error)")
        continue
      }
      var subfolders: [(path: String, display: String)] = []
      for entry in entries.sorted(by: { $0.name < $1.name }) where !entry.name.hasPrefix(".") {
        let name = entry.name
        let path = Self.join(folder.path, name), shown = Self.join(folder.display, name)
        // readdir tells plain files and folders apart; links and the rest need a stat.
        switch entry.kind ?? FileSystem.kind(path) {
        case .directory:
          subfolders.append((path, shown))
        case .file where name.hasSuffix(".yaml") || name.hasSuffix(".yml"):
          let identity = entry.kind == .file ? FileSystem.Identity(device: identity.device, inode: entry.inode) : FileSystem.identity(path)
          files.append(Entry(display: shown, path: path, identity: identity))
        case .special where name.hasSuffix(".yaml") || name.hasSuffix(".yml"):
          skipped.append("skipped '\(shown)': not a regular file")
        case .missing where name.hasSuffix(".yaml") || name.hasSuffix(".yml"):
          skipped.append("skipped '\(shown)': a symbolic link to nothing")
        default:
          break
        }
      }
      queue.append(contentsOf: subfolders.reversed())
    }
  }

  static func join(_ folder: String, _ name: String) -> String {
    folder.hasSuffix("/") ? folder + name : folder + "/" + name
  }
}
