/// A place in an export as findings name it (`plugins[2].restrictions.countries[1]`, SPEC §4's
/// `path`): built here, and read back here, nowhere else. A field's name may hold dots (a field
/// of a section is `restrictions.countries`); a key that is not known is written as it is.
public struct FieldPath: Sendable, Hashable, CustomStringConvertible {
  /// The path as reports write it.
  public let text: String

  /// A path from its text (a root key such as `plugins` or `environment`, or one read back).
  public init(_ text: String) { self.text = text }

  /// `plugins[N]`.
  public static func plugin(_ index: Int) -> FieldPath { FieldPath("plugins[\(index)]") }

  /// The field `name` under this path (`name` alone under the root, the empty path).
  public func field(_ name: String) -> FieldPath { FieldPath(text.isEmpty ? name : "\(text).\(name)") }

  /// The `index`th item of the list at this path.
  public func item(_ index: Int) -> FieldPath { FieldPath("\(text)[\(index)]") }

  public var description: String { text }

  /// The index of the plugin the path is in (`plugins[N]…`), if it is in one.
  public var pluginIndex: Int? {
    guard pluginRest != nil else { return nil }
    return Int(text.dropFirst(Self.pluginsOpen.count).prefix { $0 != "]" })
  }

  /// What follows `plugins[N]` (`.uri`, empty for the plugin itself); nil outside a plugin.
  public var pluginRest: Substring? {
    guard text.hasPrefix(Self.pluginsOpen), let close = text.firstIndex(of: "]") else { return nil }
    return text[text.index(after: close)...]
  }

  /// The same place in plugin `index` (a value read once for every plugin an alias brings it to).
  public func inPlugin(_ index: Int) -> FieldPath {
    guard let rest = pluginRest else { return self }
    return FieldPath("plugins[\(index)]" + rest)
  }

  private static let pluginsOpen = "plugins["
}
