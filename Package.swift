// swift-tools-version:6.0
import PackageDescription

// Exclusivity is still checked in debug builds (and so by the tests); a release build skips the
// run-time check on every access to a class's stored property. It also reaches each generic
// type's metadata through its accessor, not by a mangled name that the runtime demangles and
// checks against every conformance record of the binary on first use (a third of a pre-commit
// run's instructions: docs/performance.md).
let release: [SwiftSetting] = [
  .unsafeFlags(
    ["-enforce-exclusivity=unchecked", "-Xfrontend", "-disable-concrete-type-metadata-mangled-name-accessors"],
    .when(configuration: .release))
]

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
      swiftSettings: release
    ),
    .executableTarget(
      name: "centra-lint", dependencies: ["CentraLint"], swiftSettings: release,
      // A pre-commit hook starts the tool on every commit: a static executable (the Swift
      // runtime, Dispatch, libyaml and the C library linked in) has nothing for the dynamic
      // loader to do (start-up 11.1 -> 7.2 ms here, against 6 -> 4 for the runtime alone), and
      // runs on any Linux of its architecture.
      linkerSettings: [.unsafeFlags(["-static-executable"], .when(platforms: [.linux], configuration: .release))]
    ),
    // What the tests and the fuzzer share (the whole-lint harness and its invariants); not
    // part of the shipped library.
    .target(name: "CentraLintTestSupport", dependencies: ["CentraLint"]),
    .executableTarget(name: "centra-lint-fuzz", dependencies: ["CentraLint", "CentraLintTestSupport"]),
    // Compiles rules/ into the library (`scripts/embed-rules`); not shipped.
    .executableTarget(name: "embed-rules", dependencies: ["CentraLint"]),
    .testTarget(
      name: "CentraLintTests",
      dependencies: ["CentraLint", "CentraLintTestSupport", "centra-lint"],
      exclude: ["Fixtures", "FuzzCorpus", "Reports", "AuditFleet", "SchemaCases"]
    ),
  ],
  swiftLanguageModes: [.v6]
)
