/// What `.centra-lint.yaml` (or `--config FILE`) sets.
public struct Configuration: Sendable, Equatable {
  /// One entry of `overrides`: the rule settings for the files its globs match (SPEC §3).
  public struct Override: Sendable, Equatable {
    /// The globs, relative to the config's folder.
    public var files: [Glob]
    public var settings: [String: RuleSetting]
  }

  /// The MID registry, relative to the working folder (already joined with the config's folder).
  public var midRegistry: String?
  /// The store's image sizes, for `image-size-when-images-enabled`.
  public var imageSizes: [String]?
  /// The lowest severity that fails the run; nil when the config does not say.
  public var failOn: FailOn?
  /// Per-rule settings.
  public var settings: [String: RuleSetting] = [:]
  public var limits = Limits()
  /// The globs of the merchant's export files (SPEC §1), relative to the config's folder; nil
  /// when the config has no `exports`.
  public var exports: [Glob]?
  /// `overrides`, applied in order to the files they match.
  public var overrides: [Override] = []
  /// `baseline`, relative to the working folder (joined with the config's folder).
  public var baseline: String?
  /// The rules of `ruleFolders`, read with the built-in schema and tables (SPEC §3).
  public var ownRules = OwnRules.none
  /// The config file, when one was read, as the user sees it (relative to the working folder
  /// when it was found there or above).
  public var file: String?

  /// No config file.
  public init() {}

  /// The config file name looked for from the working folder upwards.
  public static let fileName = ".centra-lint.yaml"

  /// The keys a config may have, for messages and suggestions.
  public static let keys = ["midRegistry", "imageSizes", "failOn", "rules", "limits", "exports", "baseline", "ruleFolders", "overrides"]

  /// The folder the config's paths are relative to, as a prefix ("" for the working folder).
  public var folder: String {
    guard let file, let slash = file.lastIndex(of: "/") else { return "" }
    return String(file[...slash])
  }

  /// The first `.centra-lint.yaml` in `folder` or a parent of it, as a path relative to
  /// `folder` (`.centra-lint.yaml`, `../.centra-lint.yaml`, …) so that reports stay short.
  public static func discover(from folder: String) -> String? {
    var current = folder
    var up = ""
    while true {
      if FileSystem.kind(FolderWalk.join(current, fileName)) == .file { return up + fileName }
      guard let slash = current.lastIndex(of: "/"), current != "/" else { return nil }
      current = slash == current.startIndex ? "/" : String(current[..<slash])
      up += "../"
    }
  }

  /// Reads a config file; paths in it are relative to its folder. An empty or comment-only
  /// file is a config with no keys.
  public static func load(_ path: String, rules: RuleSet) throws -> Configuration {
    var config = Configuration()
    config.file = path
    config.limits.configFile = path
    let bytes = try FileSystem.read(path, limit: Limits.configSize)
    guard bytes.count <= Limits.configSize else {
      throw LintError.unreadablePath(path, reason: "the config is larger than \(Limits.configSize / 1024) KiB, the most that is read")
    }
    guard let root = try DataFile.parseIfAny(bytes, file: path, sensitivity: rules.schema.dataSensitivity), !root.isNull else { return config }
    let folder = config.folder
    let pairs = try root.pairs("the config")
    // Two steps (SPEC §3): the rule folders first, so that `rules` and `overrides` may name
    // their rules.
    if let folders = pairs.last(where: { $0.key == "ruleFolders" })?.value {
      config.ownRules = try OwnRules.load(folders, relativeTo: folder, builtIn: rules)
    }
    let known = Set(rules.rules.map(\.id) + config.ownRules.rules.map(\.id))
    func ruleSettings(_ value: DataNode, _ what: String) throws -> [String: RuleSetting] {
      var settings: [String: RuleSetting] = [:]
      for (id, idNode, setting) in try value.pairs(what) {
        guard known.contains(id) else {
          let hint = Suggestion.nearest(to: id, in: Array(known)).map { "; did you mean '\($0)'?" } ?? ""
          throw idNode.error("unknown rule '\(idNode.quoted(id))'\(hint)")
        }
        let text = try setting.string("the setting of rule '\(id)'")
        guard let parsed = RuleSetting(anyCase: text) else {
          throw setting.error("the setting of rule '\(id)' must be error, warning, info or off, not '\(setting.quoted(text))'")
        }
        settings[id] = parsed
      }
      return settings
    }
    func globs(_ value: DataNode, _ what: String) throws -> [Glob] {
      let items = value.isNull ? [] : try value.items(what)
      var globs: [Glob] = []
      for item in items {
        let text = try item.string("each entry of '\(what)'")
        let parsed = Glob.parse(text)
        guard let glob = parsed.glob else { throw item.error("the \(what) glob '\(item.quoted(text))' \(parsed.problem ?? "is not valid")") }
        globs.append(glob)
      }
      guard !globs.isEmpty else { throw value.error("'\(what)' must list at least one glob, such as exports/**/*.yaml") }
      return globs
    }
    for (key, keyNode, value) in pairs {
      switch key {
      case "midRegistry":
        let file = try value.string(key)
        config.midRegistry = file.hasPrefix("/") ? file : folder + file
      case "baseline":
        let file = try value.string(key)
        config.baseline = file.hasPrefix("/") ? file : folder + file
      case "ruleFolders": break  // read above
      case "imageSizes": config.imageSizes = try value.strings(key)
      case "failOn":
        let text = try value.string(key)
        guard let level = FailOn(anyCase: text) else { throw value.error("failOn must be \(FailOn.choices), not '\(value.quoted(text))'") }
        config.failOn = level
      case "rules":
        config.settings = try ruleSettings(value, "rules")
      case "overrides":
        for item in value.isNull ? [] : try value.items("overrides") {
          var files: [Glob]?, settings: [String: RuleSetting]?
          for (entryKey, entryKeyNode, entry) in try item.pairs("each entry of 'overrides'") {
            switch entryKey {
            case "files": files = try globs(entry, "files")
            case "rules": settings = try ruleSettings(entry, "rules")
            default:
              throw entryKeyNode.error("unknown key '\(entryKeyNode.quoted(entryKey))' in an entry of 'overrides' (the keys are files, rules)")
            }
          }
          guard let files else { throw item.error("each entry of 'overrides' needs 'files' (a list of globs)") }
          guard let settings else { throw item.error("each entry of 'overrides' needs 'rules' (rule id: error, warning, info or off)") }
          config.overrides.append(Override(files: files, settings: settings))
        }
      case "limits":
        for (name, nameNode, number) in try value.pairs("limits") {
          guard let setting = Limits.settings.first(where: { $0.key == name }) else {
            let names = Limits.settings.map(\.key)
            let hint = Suggestion.nearest(to: name, in: names).map { "did you mean '\($0)'? " } ?? ""
            throw nameNode.error("unknown limit '\(nameNode.quoted(name))' (\(hint)limits are \(names.joined(separator: ", ")))")
          }
          config.limits[keyPath: setting.path] = try number.limit("limits.\(name)")
        }
      case "exports":
        config.exports = try globs(value, "exports")
      default:
        let hint = Suggestion.nearest(to: key, in: keys).map { "did you mean '\($0)'? " } ?? ""
        throw keyNode.error("unknown key '\(keyNode.quoted(key))' in the config (\(hint)the keys are \(keys.joined(separator: ", ")))")
      }
    }
    return config
  }
}

/// A word of the config or the command line (a severity, `off`, `never`) in any case (SPEC §3:
/// `Off`, `WARNING`).
protocol WordInAnyCase: RawRepresentable where RawValue == String {}

extension WordInAnyCase {
  init?(anyCase text: String) { self.init(rawValue: text.lowercased()) }
}

extension FailOn: WordInAnyCase {}
extension RuleSetting: WordInAnyCase {}

/// The lowest severity that makes the exit status 1 (`--fail-on`, `failOn`).
public enum FailOn: String, Sendable, Equatable {
  case error, warning, info, never

  /// The words it takes, for messages.
  static let choices = "error, warning, info or never"

  /// The severity that fails the run; nil for never.
  public var threshold: Severity? {
    switch self {
    case .error: return .error
    case .warning: return .warning
    case .info: return .info
    case .never: return nil
    }
  }
}

/// What the config says of one rule: a severity, or off.
public enum RuleSetting: String, Sendable, Equatable {
  case error, warning, info, off

  /// The severity it sets; nil for off.
  public var severity: Severity? { Severity(rawValue: rawValue) }
}
