// swift-tools-version:6.0
import PackageDescription

let package = Package(
  name: "centra-lint",
  products: [
    .executable(name: "centra-lint", targets: ["centra-lint"]),
    .library(name: "CentraLint", targets: ["CentraLint"]),
  ],
  targets: [
    .systemLibrary(
      name: "CLibYAML",
      pkgConfig: "yaml-0.1",
      providers: [.apt(["libyaml-dev"])]
    ),
    .target(
      name: "CentraLint", dependencies: ["CLibYAML"],
      // Exclusivity is still checked in debug builds (and so by the tests); a release build
      // skips the run-time check on every access to a class's stored property.
      swiftSettings: [.unsafeFlags(["-enforce-exclusivity=unchecked"], .when(configuration: .release))]
    ),
    .executableTarget(
      name: "centra-lint", dependencies: ["CentraLint"],
      // A pre-commit hook starts the tool on every commit: with the Swift runtime linked in,
      // the dynamic loader has a third of the symbols to bind (start-up 6 -> 4 ms here).
      linkerSettings: [.unsafeFlags(["-static-stdlib"], .when(configuration: .release))]
    ),
    // What the tests and the fuzzer share (the whole-lint harness and its invariants); not
    // part of the shipped library.
    .target(name: "CentraLintTestSupport", dependencies: ["CentraLint"]),
    .executableTarget(name: "centra-lint-fuzz", dependencies: ["CentraLint", "CentraLintTestSupport"]),
    .testTarget(
      name: "CentraLintTests",
      dependencies: ["CentraLint", "CentraLintTestSupport", "centra-lint"],
      exclude: ["Fixtures", "FuzzCorpus", "Reports", "AuditFleet", "SchemaCases"]
    ),
  ],
  swiftLanguageModes: [.v6]
)
