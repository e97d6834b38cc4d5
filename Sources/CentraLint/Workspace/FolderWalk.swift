/// Finds the files to check below a folder: every `*.yaml` and `*.yml` (extensions compared
/// ignoring case), sorted by their bytes, each real folder visited once (so a symbolic link
/// loop ends), hidden entries skipped.
struct FolderWalk {
  /// A file to check, named as the user will see it.
  struct Entry {
    var display: String
    var path: FilePath
    /// The file's identity: a file reached twice is read once.
    var identity: FileSystem.Identity?
  }

  private(set) var files: [Entry] = []
  /// Messages about what was passed over (special files, links to nothing).
  private(set) var skipped: [String] = []
  /// Folders that could not be read: the run cannot be complete (exit status 2).
  private(set) var errors: [LintError] = []
  /// Whether a link to a folder is walked into (a plain run); an audit's merchant walk keeps to
  /// the merchant's own folder, so that a file belongs to one merchant.
  var followsFolderLinks = true

  /// The files found, handed over (the walk keeps none).
  mutating func takeFiles() -> [Entry] {
    defer { files = [] }
    return files
  }

  /// Whether a file name ends in `.yaml` or `.yml`, in any case.
  static func isYAML(_ name: [UInt8]) -> Bool {
    func ends(_ suffix: StaticString) -> Bool {
      let count = suffix.utf8CodeUnitCount
      guard name.count > count else { return false }
      for index in 0..<count where name[name.count - count + index] | 0x20 != suffix.utf8Start[index] { return false }
      return true
    }
    return ends(".yaml") || ends(".yml")
  }

  /// Walks `root`, shown as `display`; returns how many YAML files it found below it.
  @discardableResult
  mutating func walk(_ root: FilePath, display: String) -> Int {
    let before = files.count
    // Per root: a folder that another root reached too still counts for this one.
    var visited: Set<FileSystem.Identity> = []
    var queue = [(path: root, display: display)]
    while let folder = queue.popLast() {
      let status = FileSystem.status(folder.path)
      guard let identity = status.identity else {
        errors.append(.unreadablePath(folder.display, reason: status.error ?? "it disappeared during the walk"))
        continue
      }
      guard visited.insert(identity).inserted else { continue }
      let entries: [FileSystem.FolderEntry]
      do {
        entries = try FileSystem.folderEntries(folder.path)
      } catch let error as LintError {
        errors.append(error.named(folder.display))
        continue
      } catch {
        errors.append(.unreadablePath(folder.display, reason: "\(error)"))
        continue
      }
      var subfolders: [(path: FilePath, display: String)] = []
      // Usually the name shown is the path itself: then both share one String.
      let shownAsPath = folder.display == folder.path.text
      for entry in Self.byName(entries) where entry.name.first != 0x2E {
        let path = folder.path.appending(entry.name)
        let shown = shownAsPath ? path.text : Self.join(folder.display, String(decoding: entry.name, as: UTF8.self))
        let yaml = Self.isYAML(entry.name)
        // readdir tells plain files and folders apart; links and the rest need a stat.
        if let kind = entry.kind {
          if kind == .directory { subfolders.append((path, shown)) }
          if kind == .file, yaml {
            files.append(Entry(display: shown, path: path, identity: FileSystem.Identity(device: identity.device, inode: entry.inode)))
          }
          continue
        }
        let linked = FileSystem.status(path)
        switch linked.kind {
        case .directory where followsFolderLinks: subfolders.append((path, shown))
        case .directory: skipped.append("skipped '\(shown)': a link to a folder (an audit keeps to each merchant's own folder)")
        case .file where yaml: files.append(Entry(display: shown, path: path, identity: linked.identity))
        case .special where yaml: skipped.append("skipped '\(shown)': not a regular file")
        case .missing where yaml && linked.error == nil: skipped.append("skipped '\(shown)': a symbolic link to nothing")
        case .missing where linked.error != nil: errors.append(.unreadablePath(shown, reason: linked.error!))
        default: break
        }
      }
      queue.append(contentsOf: subfolders.reversed())
    }
    return files.count - before
  }

  /// A folder's entries in the order of their names' bytes. The names are copied into one
  /// buffer and their positions sorted there: sorting the entries themselves moved them and
  /// counted references to their names at every step (117 M of a 30,000-file folder's 205 M
  /// instructions).
  static func byName(_ entries: [FileSystem.FolderEntry]) -> [FileSystem.FolderEntry] {
    var bytes: [UInt8] = []
    var spans: [(start: Int, count: Int)] = []
    spans.reserveCapacity(entries.count)
    for entry in entries {
      spans.append((bytes.count, entry.name.count))
      bytes.append(contentsOf: entry.name)
    }
    var order = Array(entries.indices)
    bytes.withUnsafeBufferPointer { bytes in
      spans.withUnsafeBufferPointer { spans in
        order.sort { a, b in
          ByteScan.precedes(
            UnsafeBufferPointer(rebasing: bytes[spans[a].start..<spans[a].start + spans[a].count]),
            UnsafeBufferPointer(rebasing: bytes[spans[b].start..<spans[b].start + spans[b].count]))
        }
      }
    }
    return order.map { entries[$0] }
  }

  static func join(_ folder: String, _ name: String) -> String {
    folder.isEmpty ? name : folder.hasSuffix("/") ? folder + name : folder + "/" + name
  }
}

extension LintError {
  /// The same error about a path, with the path as the user wrote it.
  func named(_ display: String) -> LintError {
    if case .unreadablePath(_, let reason) = self { return .unreadablePath(display, reason: reason) }
    return self
  }
}
