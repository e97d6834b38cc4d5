/// What `.centra-lint.yaml` (or `--config FILE`) sets.
public struct Configuration: Sendable, Equatable {
  /// The MID registry, relative to the working folder (already joined with the config's folder).
  public var midRegistry: String?
  /// The store's image sizes, for `image-size-when-images-enabled`.
  public var imageSizes: [String]?
  /// The lowest severity that fails the run, or nil for never.
  public var failOn: Severity?? = nil
  /// Per-rule severity; nil turns the rule off.
  public var severities: [String: Severity?] = [:]
  public var limits = Limits()
  /// The config file, when one was read.
  public var file: String?

  /// No config file.
  public init() {}

  /// The config file name looked for from the working folder upwards.
  public static let fileName = ".centra-lint.yaml"

  /// The first `.centra-lint.yaml` in `folder` or a parent of it.
  public static func discover(from folder: String) -> String? {
    var current = folder
    while true {
      let candidate = FolderWalk.join(current, fileName)
      if FileSystem.kind(candidate) == .file { return candidate }
      guard let slash = current.lastIndex(of: "/"), current != "/" else { return nil }
      current = slash == current.startIndex ? "/" : String(current[..<slash])
    }
  }

  /// Reads a config file; paths in it are relative to its folder.
  public static func load(_ path: String, rules: RuleSet) throws -> Configuration {
    let root = try DataFile.load(path)
    var config = Configuration()
    config.file = path
    let folder = path.lastIndex(of: "/").map { String(path[...$0]) } ?? ""
    if root.isNull { return config }
    for (key, keyNode, value) in try root.pairs("the config") {
      switch key {
      case "midRegistry":
        let file = try value.string(key)
        config.midRegistry = file.hasPrefix("/") ? file : folder + file
      case "imageSizes": config.imageSizes = try value.strings(key)
      case "failOn":
        let text = try value.string(key)
        guard let level = parseFailOn(text) else { throw value.error("failOn must be error, warning, info or never") }
        config.failOn = level
      case "rules":
        for (id, idNode, setting) in try value.pairs("rules") {
          guard rules.rule(id) != nil else {
            let hint = Suggestion.nearest(to: id, in: rules.rules.map(\.id)).map { "; did you mean '\($0)'?" } ?? ""
            throw idNode.error("unknown rule '\(id)'\(hint)")
          }
          let text = try setting.string("the setting of rule '\(id)'")
          if text == "off" {
            config.severities[id] = .some(nil)
          } else if let severity = Severity(rawValue: text) {
            config.severities[id] = severity
          } else {
            throw setting.error("the setting of rule '\(id)' must be error, warning, info or off")
          }
        }
      case "limits":
        for (name, nameNode, number) in try value.pairs("limits") {
          guard let setting = Limits.settings.first(where: { $0.key == name }) else {
            throw nameNode.error("unknown limit '\(name)' (\(Limits.settings.map(\.key).joined(separator: ", ")))")
          }
          let amount = try number.int("limits.\(name)")
          guard amount > 0 else { throw number.error("limits.\(name) must be above 0") }
          config.limits[keyPath: setting.path] = amount
        }
      default:
        throw keyNode.error("unknown key '\(key)' in the config (midRegistry, imageSizes, failOn, rules, limits)")
      }
    }
    return config
  }

  /// `error`, `warning`, `info` → that severity; `never` → nil; anything else → not parsed.
  public static func parseFailOn(_ text: String) -> Severity?? {
    if text == "never" { return .some(nil) }
    return Severity(rawValue: text).map { .some($0) }
  }
}
