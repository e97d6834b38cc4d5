/// What `.centra-lint.yaml` (or `--config FILE`) sets.
public struct Configuration: Sendable, Equatable {
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
  /// The config file, when one was read, as the user sees it (relative to the working folder
  /// when it was found there or above).
  public var file: String?

  /// No config file.
  public init() {}

  /// The config file name looked for from the working folder upwards.
  public static let fileName = ".centra-lint.yaml"

  /// The keys a config may have, for messages and suggestions.
  public static let keys = ["midRegistry", "imageSizes", "failOn", "rules", "limits", "exports"]

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
    for (key, keyNode, value) in try root.pairs("the config") {
      switch key {
      case "midRegistry":
        let file = try value.string(key)
        config.midRegistry = file.hasPrefix("/") ? file : folder + file
      case "imageSizes": config.imageSizes = try value.strings(key)
      case "failOn":
        let text = try value.string(key)
        guard let level = FailOn(anyCase: text) else { throw value.error("failOn must be \(FailOn.choices), not '\(value.quoted(text))'") }
        config.failOn = level
      case "rules":
        for (id, idNode, setting) in try value.pairs("rules") {
          guard rules.rule(id) != nil else {
            let hint = Suggestion.nearest(to: id, in: rules.rules.map(\.id)).map { "; did you mean '\($0)'?" } ?? ""
            throw idNode.error("unknown rule '\(idNode.quoted(id))'\(hint)")
          }
          let text = try setting.string("the setting of rule '\(id)'")
          guard let parsed = RuleSetting(anyCase: text) else {
            throw setting.error("the setting of rule '\(id)' must be error, warning, info or off, not '\(setting.quoted(text))'")
          }
          config.settings[id] = parsed
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
        let items = value.isNull ? [] : try value.items("exports")
        var globs: [Glob] = []
        for item in items {
          let text = try item.string("each entry of 'exports'")
          let parsed = Glob.parse(text)
          guard let glob = parsed.glob else { throw item.error("the exports glob '\(item.quoted(text))' \(parsed.problem ?? "is not valid")") }
          globs.append(glob)
        }
        guard !globs.isEmpty else { throw value.error("'exports' must list at least one glob, such as exports/**/*.yaml") }
        config.exports = globs
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
