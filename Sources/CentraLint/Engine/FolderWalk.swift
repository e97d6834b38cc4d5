/// Finds the files to check below a folder: every `*.yaml` and `*.yml`, sorted, each real
/// folder visited once (so a symbolic link loop ends), hidden entries skipped.
struct FolderWalk {
  /// A file to check, named as the user will see it.
  struct Entry {
    var display: String
    var path: String
  }

  private(set) var files: [Entry] = []
  /// Messages about what was passed over (special files, unreadable folders).
  private(set) var skipped: [String] = []
  private var visited: Set<FileSystem.Identity> = []

  /// Walks `root`, shown as `display`.
  mutating func walk(_ root: String, display: String) {
    var queue = [(path: root, display: display)]
    while let folder = queue.popLast() {
      guard let identity = FileSystem.identity(folder.path), visited.insert(identity).inserted else { continue }
      let names: [String]
      do {
        names = try FileSystem.entries(folder.path)
      } catch {
        skipped.append("\(error)")
        continue
      }
      var subfolders: [(path: String, display: String)] = []
      for name in names.sorted() where !name.hasPrefix(".") {
        let path = Self.join(folder.path, name), shown = Self.join(folder.display, name)
        switch FileSystem.kind(path) {
        case .directory:
          subfolders.append((path, shown))
        case .file where name.hasSuffix(".yaml") || name.hasSuffix(".yml"):
          files.append(Entry(display: shown, path: path))
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
