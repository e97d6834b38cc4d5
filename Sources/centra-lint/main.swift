#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CentraLint

// A closed pipe (`centra-lint … | head -1`) must not kill the run with a signal: the write
// fails with EPIPE instead, and the run ends with exit 2 (SPEC §3).
signal(SIGPIPE, SIG_IGN)

// A standard stream started closed (`>&-`) would otherwise be the descriptor of the next file
// opened, and a report or a temporary file could end up in each other: /dev/null holds the
// place, and a report to a closed standard output fails.
let closedAtStart = (0...2).filter { fcntl($0, F_GETFD) < 0 && errno == EBADF }
for descriptor in closedAtStart { _ = open("/dev/null", descriptor == 0 ? O_RDONLY : O_WRONLY) }

// Split on the bytes: finding the `=` among a String's Characters was two fifths of the
// instructions of `--version` with 35 variables set (a CI job sets a hundred or more).
var environment: [String: String] = [:]
var pointer = environ
while let entry = pointer.pointee {
  let pair = UnsafeBufferPointer(start: UnsafeRawPointer(entry).assumingMemoryBound(to: UInt8.self), count: strlen(entry))
  if let equals = pair.firstIndex(of: UInt8(ascii: "=")) {
    environment[String(decoding: UnsafeBufferPointer(rebasing: pair[..<equals]), as: UTF8.self)] =
      String(decoding: UnsafeBufferPointer(rebasing: pair[(equals + 1)...]), as: UTF8.self)
  }
  pointer += 1
}

/// Writes everything to standard output, or says why it could not and what to do.
func writeOutput(_ text: String) throws {
  guard !closedAtStart.contains(1) else {
    throw LintError.standardOutput(reason: "it is closed; give the report a file with --output FILE")
  }
  var bytes = Array(text.utf8)[...]
  while !bytes.isEmpty {
    let written = bytes.withUnsafeBytes { write(1, $0.baseAddress, $0.count) }
    if written < 0, errno == EINTR { continue }
    if written < 0, errno == EPIPE {
      throw LintError.standardOutput(reason: "its reader closed it before the end (broken pipe)")
    }
    if written <= 0 {
      let reason = written < 0 ? String(cString: strerror(errno)) : "nothing could be written"
      throw LintError.standardOutput(reason: "\(reason); write the report to a file with --output FILE")
    }
    bytes = bytes.dropFirst(written)
  }
}

nonisolated(unsafe) var errorsClosed = false

/// Writes a message to standard error; once that fails, there is nowhere left to say so.
func writeError(_ text: String) {
  var bytes = Array(text.utf8)[...]
  while !bytes.isEmpty, !errorsClosed {
    let written = bytes.withUnsafeBytes { write(2, $0.baseAddress, $0.count) }
    if written < 0, errno == EINTR { continue }
    if written <= 0 {
      errorsClosed = true
      return
    }
    bytes = bytes.dropFirst(written)
  }
}

var tool = CommandLineTool(
  environment: environment,
  standardOutputIsTerminal: isatty(1) == 1,
  executablePath: "/proc/self/exe",
  readStandardInput: { limit in
    guard !closedAtStart.contains(0) else { throw LintError.unreadablePath("<stdin>", reason: "standard input is closed") }
    return try FileSystem.readAll(0, name: "<stdin>", limit: limit)
  },
  writeOutput: { try writeOutput($0) },
  writeError: { writeError($0) })
// The arguments as bytes: a file name that is not UTF-8 must still open.
let arguments = (1..<Int(CommandLine.argc)).map { index in
  Array(UnsafeBufferPointer(start: CommandLine.unsafeArgv[index], count: strlen(CommandLine.unsafeArgv[index]!)))
    .map { UInt8(bitPattern: $0) }
}
tool.endsProcess = true
tool.standardErrorIsTerminal = isatty(2) == 1
exit(tool.run(raw: arguments))
