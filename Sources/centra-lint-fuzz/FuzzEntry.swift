// The fuzz target: a whole lint of each input, in every format, checked by `Harness.violation`.
//
// Built by `scripts/fuzz` with -DFUZZING as a libFuzzer entry point. Built plainly (as every
// `swift build` does) it replays files instead: `centra-lint-fuzz FILE...`, to reproduce a crash.
#if canImport(Glibc)
import Glibc
#endif
import CentraLint
import CentraLintTestSupport

let fuzzRules: RuleSet = {
  let folder = RuleSet.folder(executable: "/proc/self/exe", environment: getenv("CENTRA_LINT_RULES").map { String(cString: $0) })
  do { return try RuleSet.load(folder: folder) } catch { fatalError("cannot load the rules: \(error)") }
}()

func complain(_ text: String) {
  let line = Array("centra-lint-fuzz: \(text)\n".utf8)
  _ = line.withUnsafeBytes { write(2, $0.baseAddress, $0.count) }
}

func check(_ bytes: [UInt8]) {
  if let problem = Harness.readersDisagree(bytes) {
    complain("the subset reader disagrees with libyaml: \(problem)")
    abort()
  }
  if let problem = Harness.registryHalvesDisagree(bytes, rules: fuzzRules) {
    complain("a MID registry read in halves: \(problem)")
    abort()
  }
  if let problem = Harness.violation(in: Harness.outputs(of: bytes, rules: fuzzRules))
    ?? Harness.probeViolation(in: Harness.probedOutputs(of: bytes, rules: fuzzRules)) {
    complain(problem)
    abort()
  }
}

#if FUZZING
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOne(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
  check(size == 0 ? [] : Array(UnsafeBufferPointer(start: data, count: size)))
  return 0
}
#else
@main
enum Replay {
  static func main() {
    var count = 0
    for path in CommandLine.arguments.dropFirst() {
      do {
        check(try FileSystem.read(path))
        count += 1
      } catch {
        complain("\(error)")
        exit(2)
      }
    }
    print("replayed \(count) inputs: no crash, no secret shown")
  }
}
#endif
