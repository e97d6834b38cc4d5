/// Klarna's facts, read from `rules/data/`: endpoints, the countries of each region, locales.
public struct KlarnaTables: Sendable {
  /// One Klarna API endpoint; a class, so that every plugin that names it shares it. A value
  /// written otherwise than the label (`eu`, a URL) is a spelling of it: the same endpoint,
  /// which messages quote as written.
  public final class Endpoint: Sendable, Equatable {
    /// Centra's label, such as `EU TEST`.
    public let label: String
    /// `EU`, `NA` or `OC`.
    public let region: String
    /// `live` or `playground`.
    public let environment: String
    /// The API base URL.
    public let url: String
    /// The value as written in the export (trimmed); the label for the table's own.
    public let written: String
    /// Its place in the table, shared by its spellings.
    public let index: Int
    /// `scheme://host` of its URL in lower case, worked out once: a value written as a URL is
    /// compared with it.
    let origin: [UInt8]?

    init(label: String, region: String, environment: String, url: String, index: Int, written: String? = nil) {
      self.label = label
      self.region = region
      self.environment = environment
      self.url = url
      self.index = index
      self.written = written ?? label
      origin = KlarnaTables.origin(Array(url.utf8)[...])
    }

    /// The same endpoint as written otherwise (itself when it is written as its label).
    func spelled(_ text: String) -> Endpoint {
      text == written ? self : Endpoint(label: label, region: region, environment: environment, url: url, index: index, written: text)
    }

    public static func == (a: Endpoint, b: Endpoint) -> Bool { a === b || a.index == b.index }

    /// Whether it is a playground (test) endpoint.
    public var isPlayground: Bool { environment == "playground" }
  }

  public var endpoints: [Endpoint]
  /// Region of every Klarna country (upper-case code → region).
  public var countryRegions: [String: String]
  /// Every region, in the file's order.
  public var regions: [String]
  /// Klarna locales (as written, `sv-SE`) by that form and their lower-case form.
  public var locales: [String: String]
  /// Country codes people write for a Klarna country (`UK`), upper case, and the ISO code
  /// meant (`GB`): `regions.yaml`'s `aliases`.
  public var countryAliases: [String: String] = [:]

  /// The endpoint a `klarnaEndpoint` value names: a label ignoring case, or a URL compared by
  /// scheme and host (a trailing `/` or path is ignored).
  public func endpoint(_ value: String) -> Endpoint? {
    endpoint(ArraySlice(value.utf8))
  }

  /// The endpoint the bytes name: its label (ignoring case and blanks around), or a URL with
  /// its scheme and host. Without making a String: this runs for every plugin of a fleet.
  func endpoint(_ bytes: ArraySlice<UInt8>) -> Endpoint? {
    let word = ExportReader.trimmed(bytes)
    let byLabel = endpoints.first { endpoint in
      endpoint.label.utf8.count == word.count
        && zip(endpoint.label.utf8, word).allSatisfy { ExportReader.lower($0) == ExportReader.lower($1) }
    }
    if let byLabel { return byLabel }
    guard let origin = Self.origin(word) else { return nil }
    return endpoints.first { $0.origin == origin }
  }

  /// `scheme://host` in lower case, or nil when the bytes are not a URL with a host. Cased
  /// on ASCII only: an origin with other bytes matches no endpoint of the table, whose URLs
  /// are ASCII, unless Unicode's lower case makes it ASCII (the Kelvin sign is a `k`), which
  /// String's `lowercased` decides.
  static func origin(_ url: ArraySlice<UInt8>) -> [UInt8]? {
    guard let separator = Self.firstRange(of: [0x3A, 0x2F, 0x2F], in: url) else { return nil }
    let scheme = url[..<separator.lowerBound]
    let host = url[separator.upperBound...].prefix { $0 != 0x2F && $0 != 0x3F && $0 != 0x23 }
    if scheme.contains(where: { $0 >= 0x80 }) || host.contains(where: { $0 >= 0x80 }) {
      let scheme = String(decoding: scheme, as: UTF8.self).lowercased(), host = String(decoding: host, as: UTF8.self).lowercased()
      guard !scheme.isEmpty, !host.isEmpty, !host.contains(" ") else { return nil }
      return Array((scheme + "://" + host).utf8)
    }
    guard !scheme.isEmpty, !host.isEmpty, !host.contains(0x20) else { return nil }
    return scheme.map(ExportReader.lower) + [0x3A, 0x2F, 0x2F] + host.map(ExportReader.lower)
  }

  private static func firstRange(of needle: [UInt8], in bytes: ArraySlice<UInt8>) -> Range<Int>? {
    guard bytes.count >= needle.count else { return nil }
    for start in bytes.startIndex...(bytes.endIndex - needle.count) where bytes[start] == needle[0] {
      if bytes[start..<(start + needle.count)].elementsEqual(needle) { return start..<(start + needle.count) }
    }
    return nil
  }

  /// The region that serves a two-letter country, or nil when Klarna serves it nowhere.
  public func region(ofCountry code: String) -> String? {
    let utf8 = code.utf8
    if utf8.count == 2, let first = utf8.first, let last = utf8.last {
      let a = first & 0xDF, b = last & 0xDF  // upper case
      if a >= 65, a <= 90, b >= 65, b <= 90 {
        let index = regionByCode[Int(a - 65) * 26 + Int(b - 65)]
        return index < 0 ? nil : regions[Int(index)]
      }
    }
    return countryRegions[code.uppercased()]
  }

  /// Region index (into `regions`) by two-letter code, A…Z × A…Z; -1 for none.
  var regionByCode = [Int8](filling: -1, count: 26 * 26)

  /// Reads endpoints, regions and locales from their data files.
  static func load(endpoints: DataNode, regions: DataNode, locales: DataNode) throws -> KlarnaTables {
    var tables = KlarnaTables(endpoints: [], countryRegions: [:], regions: [], locales: [:])
    guard let list = try endpoints.field("endpoints") else { throw endpoints.error("expected 'endpoints'") }
    tables.endpoints = try list.items("endpoints").enumerated().map { index, item in
      func text(_ key: String) throws -> String {
        guard let value = try item.field(key) else { throw item.error("an endpoint needs '\(key)'") }
        return try value.string(key)
      }
      return Endpoint(label: try text("label"), region: try text("region").uppercased(),
                      environment: try text("environment").lowercased(), url: try text("url"), index: index)
    }
    guard let regionMap = try regions.field("regions") else { throw regions.error("expected 'regions'") }
    for (region, _, countries) in try regionMap.pairs("regions") {
      tables.regions.append(region.uppercased())
      for code in try countries.strings("countries") {
        tables.countryRegions[code.uppercased()] = region.uppercased()
        let letters = Array(code.uppercased().utf8)
        if letters.count == 2, letters.allSatisfy({ $0 >= 65 && $0 <= 90 }) {
          tables.regionByCode[Int(letters[0] - 65) * 26 + Int(letters[1] - 65)] = Int8(tables.regions.count - 1)
        }
      }
    }
    if let aliases = try regions.field("aliases") {
      for (code, _, meant) in try aliases.pairs("aliases") {
        tables.countryAliases[code.uppercased()] = try meant.string("the code '\(code)' means").uppercased()
      }
    }
    guard let localeMap = try locales.field("locales") else { throw locales.error("expected 'locales'") }
    for (_, _, list) in try localeMap.pairs("locales") {
      for locale in try list.strings("locales") {
        let parts = locale.split(separator: "-")
        guard parts.count == 2, parts[1].utf8.count == 2 else {
          throw list.error("a locale is 'language-COUNTRY' such as sv-SE, not '\(locale)'")
        }
        // By its written and its lower-case form: most exports write it as the table does.
        tables.locales[locale] = locale
        tables.locales[locale.lowercased()] = locale
      }
    }
    return tables
  }
}

extension StringProtocol {
  /// The text without leading and trailing spaces, tabs and line breaks.
  func trimmingBlanks() -> String {
    var whole = String(self)
    // The blanks are ASCII, so the text is cut on its bytes (cutting its scalars instantiated
    // generic types at run time: a tenth of a pre-commit run's start).
    let trimmed = whole.withUTF8 { bytes -> String? in
      var start = 0, end = bytes.count
      while start < end, Self.isBlankByte(bytes[start]) { start += 1 }
      while end > start, Self.isBlankByte(bytes[end - 1]) { end -= 1 }
      guard start > 0 || end < bytes.count else { return nil }
      return String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self)
    }
    return trimmed ?? whole
  }

  static func isBlankByte(_ byte: UInt8) -> Bool {
    byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D
  }
}
