// Writes `Sources/CentraLint/Rules/BuiltInRules+Files.swift` from a rules folder: the built-in
// rules compiled into the binary (`CompiledRules`). Run by `scripts/embed-rules`.
#if canImport(Glibc)
import Glibc
#endif
import CentraLint

func fail(_ text: String) -> Never {
  let line = Array("embed-rules: \(text)\n".utf8)
  _ = line.withUnsafeBytes { write(2, $0.baseAddress, $0.count) }
  exit(2)
}

let arguments = CommandLine.arguments
guard arguments.count == 2 else { fail("usage: embed-rules RULES-FOLDER > Sources/CentraLint/Rules/BuiltInRules+Files.swift") }
do {
  print(try CompiledRules.source(folder: arguments[1]), terminator: "")
} catch {
  fail("\(error)")
}
