import Testing
@testable import CentraLint

/// The `exports` globs: `*`, `?`, `**`, hidden names, and what is refused.
struct GlobTests {
  private func glob(_ text: String) -> Glob { Glob.parse(text).glob! }

  /// Whether `pattern` matches `path`, a path relative to the config's folder.
  private func matches(_ pattern: String, _ path: String) -> Bool {
    let glob = glob(pattern)
    var names = path.split(separator: "/").map(String.init)
    guard names.starts(with: glob.base) else { return false }
    names.removeFirst(glob.base.count)
    return glob.matches(names.joined(separator: "/"))
  }

  @Test func starAndQuestionMarkStayWithinOneName() {
    #expect(matches("exports/*.yaml", "exports/na.yaml"))
    #expect(matches("exports/*.yaml", "exports/.yaml") == false, "a leading dot needs a written dot")
    #expect(matches("exports/*.yaml", "exports/eu/na.yaml") == false)
    #expect(matches("exports/??.yaml", "exports/na.yaml"))
    #expect(matches("exports/??.yaml", "exports/n.yaml") == false)
    #expect(matches("exports/?.yaml", "exports/é.yaml"), "? is one character, not one byte")
    #expect(matches("exports/*-prod*.yaml", "exports/eu-production.yaml"))
    #expect(matches("exports/*-prod*.yaml", "exports/eu-staging.yaml") == false)
    #expect(matches("*", "a.yaml"))
    #expect(matches("a*b*c*d", "aXbXcXd") && !matches("a*b*c*d", "aXbXcX"))
  }

  @Test func doubleStarSpansFoldersNoneIncluded() {
    #expect(matches("exports/**/*.yaml", "exports/na.yaml"))
    #expect(matches("exports/**/*.yaml", "exports/eu/se/na.yaml"))
    #expect(matches("**/*.yaml", "deep/er/x.yaml"))
    #expect(matches("exports/**/prod/*.yaml", "exports/prod/a.yaml"))
    #expect(matches("exports/**/prod/*.yaml", "exports/x/y/prod/a.yaml"))
    #expect(matches("exports/**/prod/*.yaml", "exports/x/y/staging/a.yaml") == false)
    #expect(matches("**/*.yaml", ".git/x.yaml") == false, "** does not enter hidden folders")
    #expect(matches("**/**/**/*.yaml", "a/b.yaml"))
  }

  @Test func literalFoldersLeadTheWalk() {
    #expect(glob("exports/eu/*.yaml").base == ["exports", "eu"])
    #expect(glob("./exports/**/*.yaml").base == ["exports"])
    #expect(glob("../shared/*.yaml").base == ["..", "shared"])
    #expect(glob("na.yaml").base == [], "the file name is matched, never a folder")
    #expect(matches("exports/na.yaml", "exports/na.yaml"))
  }

  @Test func patternsThatNameNoFileAreRefused() {
    #expect(Glob.parse("/abs/*.yaml").glob == nil)
    #expect(Glob.parse("exports/**").glob == nil)
    #expect(Glob.parse("exports/").glob == nil)
    #expect(Glob.parse("exports/a**.yaml").glob == nil)
  }

  @Test func manyStarsCostTheirNumberNotAnExponent() {
    // A backtracking matcher takes exponential time here; ours is linear in each star.
    let name = String(repeating: "a", count: 2_000)
    #expect(Glob.matches(Array(name.unicodeScalars), Array((String(repeating: "*a", count: 40) + "b").unicodeScalars)) == false)
    #expect(matches(String(repeating: "**/", count: 30) + "x.yaml", String(repeating: "d/", count: 100) + "x.yaml"))
  }
}
