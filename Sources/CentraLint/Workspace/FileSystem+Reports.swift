#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writing a report file, and knowing which file a report path lands in (SPEC §3).
extension FileSystem {
  /// Writes a report to `path` as the user asked: a regular file (or a new one) through a
  /// temporary file beside it and a rename, so no reader ever sees half a report; through a
  /// link (also one whose target does not exist yet) at the file it names, so the link stays;
  /// a device or a pipe (`/dev/stdout`, `/dev/null`) by writing into it, never by renaming a
  /// file over it. Anything not written in full throws.
  public static func writeReport(_ bytes: [UInt8], to path: String) throws {
    let target = linkTarget(path)
    var info = stat()
    guard stat(target, &info) == 0 else {
      // Still a link after every link was followed: a loop, which a rename must not replace.
      if lstat(target, &info) == 0, info.st_mode & S_IFMT == S_IFLNK {
        throw LintError.output(path, reason: "it is a link that leads back to itself; point it at a file or remove it")
      }
      return try writeAtomically(bytes, to: target, name: path)  // a new file
    }
    switch info.st_mode & S_IFMT {
    case S_IFREG:
      try writeAtomically(bytes, to: realPath(target) ?? target, name: path)
    case S_IFDIR:
      throw LintError.output(path, reason: "it is a folder; give a file in it")
    default:
      let descriptor = open(target, O_WRONLY | O_CLOEXEC)
      guard descriptor >= 0 else { throw LintError.output(path, reason: lastError()) }
      try writeAll(bytes, to: descriptor, name: path)
      guard close(descriptor) == 0 else { throw LintError.output(path, reason: lastError()) }
    }
  }

  /// `path` itself when it leads to something (the kernel follows its links, also magic ones
  /// such as `/dev/stdout`); else, for a link whose target does not exist yet, the path of
  /// that target, so that writing there keeps the link. After 40 links (the kernel's own
  /// bound) it stops: opening the path then says why.
  static func linkTarget(_ path: String) -> String {
    var current = path
    for _ in 0..<40 {
      var info = stat()
      guard stat(current, &info) != 0, lstat(current, &info) == 0, info.st_mode & S_IFMT == S_IFLNK else { return current }
      var buffer = [CChar](filling: 0, count: Int(PATH_MAX) + 1)
      let count = readlink(current, &buffer, buffer.count - 1)
      guard count > 0 else { return current }
      let target = String(decoding: buffer[..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
      let slash = current.lastIndex(of: "/")
      current = target.hasPrefix("/") || slash == nil ? target : String(current[...slash!]) + target
    }
    return current
  }

  /// One text for every spelling of the file a report to `path` lands in: its identity when
  /// it exists; else the real path of its folder and its name, so that `r.json`, `./r.json`,
  /// an absolute path, `sub/../r.json`, a link to the folder and a dangling link to it match.
  static func reportPlace(_ path: String) -> String {
    let target = linkTarget(path)
    if let identity = identity(target) { return "file \(identity.device):\(identity.inode)" }
    let slash = target.lastIndex(of: "/")
    let folder = slash.map { $0 == target.startIndex ? "/" : String(target[..<$0]) } ?? "."
    let name = slash.map { String(target[target.index(after: $0)...]) } ?? target
    guard let real = realPath(folder) else { return "path \(target)" }
    return "path \(real == "/" ? "" : real)/\(name)"
  }

  private static func writeAll(_ bytes: [UInt8], to descriptor: Int32, name: String) throws {
    var written = 0
    while written < bytes.count {
      let done = bytes.withUnsafeBytes { write(descriptor, $0.baseAddress! + written, bytes.count - written) }
      if done < 0, errno == EINTR { continue }
      guard done > 0 else { throw LintError.output(name, reason: done < 0 ? lastError() : "nothing could be written") }
      written += done
    }
  }

  /// Writes `bytes` to `path` through a temporary file beside it and a rename, so no reader
  /// ever sees half a report; errors name the path as the user gave it (`name`).
  static func writeAtomically(_ bytes: [UInt8], to path: String, name: String) throws {
    let slash = path.lastIndex(of: "/")
    let folder = slash.map { String(path[...$0]) } ?? ""
    var template = Array("\(folder).centra-lint-XXXXXX".utf8CString)
    let descriptor = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
    guard descriptor >= 0 else {
      let missing = errno == ENOENT && !folder.isEmpty
      throw LintError.output(name, reason: missing ? "the folder '\(folder)' does not exist; create it or give another file" : lastError())
    }
    let temporary = template.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
    do {
      try writeAll(bytes, to: descriptor, name: name)
    } catch {
      close(descriptor)
      unlink(temporary)
      throw error
    }
    fchmod(descriptor, 0o644)
    guard close(descriptor) == 0, rename(temporary, path) == 0 else {
      let reason = lastError()
      unlink(temporary)
      throw LintError.output(name, reason: reason)
    }
  }
}
