#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The few file operations the tool needs, on POSIX calls (no Foundation at start-up).
public enum FileSystem {
  /// What a path is.
  public enum Kind: Equatable, Sendable { case file, directory, special, missing }

  /// A file's identity, to visit each real file or folder once.
  public struct Identity: Hashable, Sendable {
    let device: UInt64
    let inode: UInt64
  }

  /// The kind of `path`, following symbolic links.
  public static func kind(_ path: String) -> Kind { kind(FilePath(path)) }

  /// The kind of `path`, following symbolic links.
  public static func kind(_ path: FilePath) -> Kind { status(path).kind }

  /// The kind and identity of `path`, following symbolic links, or why it has none: a path
  /// that cannot be stat'ed for another reason than not existing (a folder on the way that may
  /// not be searched, say) is not missing, and says so.
  static func status(_ path: FilePath) -> (kind: Kind, identity: Identity?, error: String?) {
    var info = stat()
    guard path.withCString({ stat($0, &info) }) == 0 else {
      let code = errno
      return (.missing, nil, code == ENOENT || code == ENOTDIR ? nil : String(cString: strerror(code)))
    }
    let identity = Identity(device: UInt64(info.st_dev), inode: UInt64(info.st_ino))
    switch info.st_mode & S_IFMT {
    case S_IFREG: return (.file, identity, nil)
    case S_IFDIR: return (.directory, identity, nil)
    default: return (.special, identity, nil)
    }
  }

  /// The identity of `path`, following symbolic links.
  public static func identity(_ path: String) -> Identity? { identity(FilePath(path)) }

  /// The identity of `path`, following symbolic links.
  public static func identity(_ path: FilePath) -> Identity? { status(path).identity }

  /// A regular file's size in bytes; nil for anything else, or when it cannot be read.
  public static func size(_ path: String) -> Int? {
    var info = stat()
    guard path.withCString({ stat($0, &info) }) == 0, info.st_mode & S_IFMT == S_IFREG else { return nil }
    return Int(info.st_size)
  }

  /// The text of the last failed call's `errno`.
  static func lastError() -> String { String(cString: strerror(errno)) }

  /// Reads a whole file. With `limit`, stops after `limit + 1` bytes so a huge file costs nothing.
  public static func read(_ path: String, limit: Int? = nil) throws -> [UInt8] {
    try read(FilePath(path), limit: limit)
  }

  /// Reads a whole file. With `limit`, stops after `limit + 1` bytes so a huge file costs nothing.
  public static func read(_ path: FilePath, limit: Int? = nil) throws -> [UInt8] {
    // O_NONBLOCK: a FIFO swapped in for a file must not hang the run; fstat then refuses it.
    let descriptor = path.withCString { open($0, O_RDONLY | O_CLOEXEC | O_NONBLOCK) }
    guard descriptor >= 0 else { throw LintError.unreadablePath(path.text, reason: lastError()) }
    defer { close(descriptor) }
    var info = stat()
    guard fstat(descriptor, &info) == 0 else { throw LintError.unreadablePath(path.text, reason: lastError()) }
    guard info.st_mode & S_IFMT == S_IFREG else {
      throw LintError.unreadablePath(path.text, reason: "not a regular file")
    }
    return try readAll(descriptor, name: path.text, sizeHint: Int(info.st_size), limit: limit)
  }

  /// Reads a descriptor to its end (standard input, say); with `limit`, stops after `limit + 1`
  /// bytes (a `limit` of `Int.max` reads everything).
  public static func readAll(_ descriptor: Int32, name: String, sizeHint: Int = 0, limit: Int? = nil) throws -> [UInt8] {
    // A limit of Int.max is no limit: one more byte than that cannot be asked for.
    let cap = limit.map { $0 == .max ? .max : $0 + 1 } ?? Int.max
    var bytes = [UInt8](filling: 0, count: min(max(sizeHint, 0), cap - 1) + 1)
    var count = 0
    while count < cap {
      if count == bytes.count { bytes.append(contentsOf: repeatElement(0, count: min(bytes.count, cap - count))) }
      let got = bytes.withUnsafeMutableBytes { buffer in
        Glibc.read(descriptor, buffer.baseAddress! + count, min(buffer.count - count, cap - count))
      }
      if got < 0 {
        if errno == EINTR { continue }
        throw LintError.unreadablePath(name, reason: lastError())
      }
      if got == 0 { break }
      count += got
    }
    bytes.removeSubrange(count...)
    return bytes
  }

  /// What a descriptor has to read now, at most `limit` bytes (a stream read as it comes: the
  /// language server's standard input); nil at its end or when it cannot be read.
  public static func readSome(_ descriptor: Int32, limit: Int = 64 << 10) -> [UInt8]? {
    var bytes = [UInt8](filling: 0, count: limit)
    while true {
      let got = bytes.withUnsafeMutableBytes { Glibc.read(descriptor, $0.baseAddress!, $0.count) }
      if got < 0, errno == EINTR { continue }
      guard got > 0 else { return nil }
      bytes.removeSubrange(got...)
      return bytes
    }
  }

  /// The identity of an open descriptor; with `regularOnly`, nil unless it is a regular file
  /// (standard input read from a file, say).
  public static func identity(descriptor: Int32, regularOnly: Bool = true) -> Identity? {
    var info = stat()
    guard fstat(descriptor, &info) == 0, !regularOnly || info.st_mode & S_IFMT == S_IFREG else { return nil }
    return Identity(device: UInt64(info.st_dev), inode: UInt64(info.st_ino))
  }

  /// An entry of a folder: its name, and what `readdir` says it is (so that a walk over
  /// thousands of files needs no `stat` for the plain ones).
  struct FolderEntry {
    /// The name's bytes (not always UTF-8).
    var name: [UInt8]
    /// Known without a `stat`: a regular file or a folder; nil for links and the unknown.
    var kind: Kind?
    var inode: UInt64
  }

  /// The names in a folder (as text), without `.` and `..`.
  static func entries(_ path: String) throws -> [String] {
    try folderEntries(FilePath(path)).map { String(decoding: $0.name, as: UTF8.self) }
  }

  /// The entries of a folder, without `.` and `..`.
  static func folderEntries(_ path: FilePath) throws -> [FolderEntry] {
    guard let folder = path.withCString({ opendir($0) }) else { throw LintError.unreadablePath(path.text, reason: lastError()) }
    defer { closedir(folder) }
    var entries: [FolderEntry] = []
    while true {
      errno = 0
      guard let entry = readdir(folder) else {
        // A folder that fails half way is unreadable, not shorter.
        if errno != 0 { throw LintError.unreadablePath(path.text, reason: lastError()) }
        break
      }
      let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
        Array(raw.prefix { $0 != 0 })
      }
      guard name != [0x2E], name != [0x2E, 0x2E] else { continue }
      let kind: Kind?
      switch Int32(entry.pointee.d_type) {
      case Int32(DT_REG): kind = .file
      case Int32(DT_DIR): kind = .directory
      default: kind = nil
      }
      entries.append(FolderEntry(name: name, kind: kind, inode: UInt64(entry.pointee.d_ino)))
    }
    return entries
  }
}

extension FileSystem {
  /// The absolute path with every link resolved, or nil.
  public static func realPath(_ path: String) -> String? {
    guard let resolved = realpath(path, nil) else { return nil }
    defer { free(resolved) }
    return String(cString: resolved)
  }
}
