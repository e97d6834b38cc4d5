/// What a config says of each rule for the files it governs (SPEC §3, `rules` and `overrides`):
/// the one answer to "is this rule on here, and how serious is it", asked by the engine, the
/// reports, `rules` and `explain` alike.
extension Configuration {
  /// The severity of `rule` for this config's files; nil when the config turns it off.
  public func severity(of rule: RuleDefinition) -> Severity? {
    settings[rule.id].map(\.severity) ?? rule.severity
  }

  /// The severity of `rule` for a file that the overrides at `overrides` (indices into
  /// `overrides`, as `overrides(matching:)` gives them) match: the config's setting, then each
  /// of them in order.
  func severity(of rule: RuleDefinition, overrides matched: [Int]) -> Severity? {
    var severity = severity(of: rule)
    for index in matched {
      if let setting = overrides[index].settings[rule.id] { severity = setting.severity }
    }
    return severity
  }

  /// Whether `rule` runs for some of this config's files.
  public func runs(_ rule: RuleDefinition) -> Bool {
    severity(of: rule) != nil || overrides.contains { $0.settings[rule.id].map { $0 != .off } ?? false }
  }

  /// Whether the config sets `rule` otherwise than its default (off included).
  public func changes(_ rule: RuleDefinition) -> Bool { severity(of: rule) != rule.severity }

  /// The overrides (by index) whose globs match a file, named as the run shows it (relative to
  /// the working folder, or absolute).
  public func overrides(matching display: String) -> [Int] {
    guard !overrides.isEmpty, let relative = pathBelowFolder(display) else { return [] }
    return overrides.indices.filter { index in overrides[index].files.contains { $0.matches(pathBelowFolder: relative) } }
  }

  /// A file's path below this config's folder, or nil when it is not below it.
  func pathBelowFolder(_ display: String) -> String? { Self.path(display, below: folder) }

  /// A file's path (as the run names it) below a folder (`""` for the working folder, else
  /// ending in `/`), or nil when it is not below it.
  static func path(_ display: String, below folder: String) -> String? {
    func clean(_ path: String) -> String {
      path.split(separator: "/", omittingEmptySubsequences: true).filter { $0 != "." }.joined(separator: "/")
    }
    if !display.hasPrefix("/"), !folder.hasPrefix("/"), !display.split(separator: "/").contains(".."),
       !folder.split(separator: "/").contains("..") {
      let path = clean(display), base = clean(folder)
      if base.isEmpty { return path }
      return path.hasPrefix(base + "/") ? String(path.dropFirst(base.count + 1)) : nil
    }
    // Absolute or climbing spellings: compare where they really are.
    let slash = display.lastIndex(of: "/")
    let parent = slash.map { $0 == display.startIndex ? "/" : String(display[..<$0]) } ?? "."
    guard let fileFolder = FileSystem.realPath(parent), let configFolder = FileSystem.realPath(folder.isEmpty ? "." : folder) else { return nil }
    let name = String(display[(slash.map { display.index(after: $0) } ?? display.startIndex)...])
    if fileFolder == configFolder { return name }
    let prefix = configFolder.hasSuffix("/") ? configFolder : configFolder + "/"
    return fileFolder.hasPrefix(prefix) ? String(fileFolder.dropFirst(prefix.count)) + "/" + name : nil
  }
}

extension Glob {
  /// Whether a path below the config's folder (names joined with `/`) matches the glob.
  func matches(pathBelowFolder path: String) -> Bool {
    let names = path.split(separator: "/").map(String.init)
    guard names.count > base.count, names.prefix(base.count).elementsEqual(base) else { return false }
    return matches(names.dropFirst(base.count).map { Array($0.unicodeScalars) })
  }
}
