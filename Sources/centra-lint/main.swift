#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CentraLint

// A closed pipe (`centra-lint … | head -1`) must end the run quietly, not kill it with a signal.
signal(SIGPIPE, SIG_IGN)

var environment: [String: String] = [:]
var pointer = environ
while let entry = pointer.pointee {
  let pair = String(cString: entry)
  if let equals = pair.firstIndex(of: "=") {
    environment[String(pair[..<equals])] = String(pair[pair.index(after: equals)...])
  }
  pointer += 1
}

nonisolated(unsafe) var closed: Set<Int32> = []

/// Writes everything, or stops quietly for good once the reader has gone (EPIPE).
func writeAll(_ descriptor: Int32, _ text: String) {
  var bytes = Array(text.utf8)[...]
  while !bytes.isEmpty, !closed.contains(descriptor) {
    let written = bytes.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
    if written < 0, errno == EINTR { continue }
    if written <= 0 {
      closed.insert(descriptor)
      return
    }
    bytes = bytes.dropFirst(written)
  }
}

let tool = CommandLineTool(
  environment: environment,
  standardOutputIsTerminal: isatty(1) == 1,
  executablePath: "/proc/self/exe",
  readStandardInput: { limit in try FileSystem.readAll(0, name: "<stdin>", limit: limit) },
  writeOutput: { writeAll(1, $0) },
  writeError: { writeAll(2, $0) })
// The arguments as bytes: a file name that is not UTF-8 must still open.
let arguments = (1..<Int(CommandLine.argc)).map { index in
  Array(UnsafeBufferPointer(start: CommandLine.unsafeArgv[index], count: strlen(CommandLine.unsafeArgv[index]!)))
    .map { UInt8(bitPattern: $0) }
}
exit(tool.run(raw: arguments))
