import Foundation
import XCTest
@testable import CentraLint

/// `centra-lint schema` (SPEC §9): made from the rules' data, checked in as
/// `docs/export.schema.json`, and accepting each value exactly where the tool's reading does.
/// (`scripts/validate-schema` in CI validates exports with a JSON Schema validator from PyPI
/// and compares its errors with the tool's findings.)
final class JSONSchemaTests: XCTestCase {
  private static func descriptions(_ text: String? = nil) throws -> JSONSchema.Descriptions {
    let path = Support.packageRoot + "/rules/data/descriptions.yaml"
    let node = try text.map { try DataFile.parse(Array($0.utf8), file: path) } ?? DataFile.load(path)
    return try JSONSchema.Descriptions.load(node, schema: Support.rules.schema)
  }

  private var document: JSONValue { JSONSchema.document(Support.rules.schema, Support.rules.tables, try! Self.descriptions()) }

  func testTheCheckedInCopyIsWhatTheToolPrints() throws {
    let run = try Binary.run(["schema"], in: Support.packageRoot)
    XCTAssertEqual(run.status, 0, run.error)
    let copy = try String(contentsOfFile: Support.packageRoot + "/docs/export.schema.json", encoding: .utf8)
    XCTAssertEqual(run.output, copy, "docs/export.schema.json is stale: regenerate it with 'centra-lint schema > docs/export.schema.json'")
    // JSON that reads back as what was written.
    XCTAssertEqual(try JSONValue.parse(Array(run.output.utf8)), document)
    // A config is not read: a broken one in the folder does not matter.
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("schema-\(UUID().uuidString)").path
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: folder) }
    try "rules: [".write(toFile: folder + "/.centra-lint.yaml", atomically: true, encoding: .utf8)
    XCTAssertEqual(try Binary.run(["schema"], in: folder).output, copy)
    XCTAssertEqual(try Binary.run(["schema", "x.yaml"], in: folder).status, 2, "schema takes no paths")
  }

  func testEveryFieldIsDescribedAndEveryKlarnaKeyIsKnown() throws {
    // Every field of the schema has a description (the built-in file loads), and a file that
    // drifted from the schema is an error that names what drifted.
    let real = try String(contentsOfFile: Support.packageRoot + "/rules/data/descriptions.yaml", encoding: .utf8)
    _ = try Self.descriptions(real)
    let drifted = [
      real.replacingOccurrences(of: "    restrictions.languages:", with: "    restrictions.language:"),
      real.replacingOccurrences(of: "\n    testMode: ", with: "\n    # testMode: "),
      real.replacingOccurrences(of: "  plugins: ", with: "  # plugins: "),
      real.replacingOccurrences(of: "  Klarna Payments:", with: "  Klarna Checkout:"),
    ]
    for (text, named) in zip(drifted, ["restrictions.language", "testMode", "plugins", "Klarna Checkout"]) {
      XCTAssertNotEqual(text, real)
      XCTAssertThrowsError(try Self.descriptions(text), named) { XCTAssertTrue("\($0)".contains(named), "\($0)") }
    }
    for field in ["status", "restrictions", "restrictions.countries"] {
      let klarna = try XCTUnwrap(document["definitions"]?["klarnaPayments"]?["properties"])
      let value = field == "restrictions.countries" ? klarna["restrictions"]?["properties"]?["countries"] : klarna[field]
      XCTAssertNotNil(value?["description"]?.string, field)
    }
    let klarna = try XCTUnwrap(document["definitions"]?["klarnaPayments"])
    XCTAssertEqual(klarna["additionalProperties"], .bool(false))
    XCTAssertEqual(klarna["properties"]?["restrictions"]?["additionalProperties"], .bool(false))
    XCTAssertEqual(document["definitions"]?["plugin"]?["additionalProperties"], .bool(true))
    XCTAssertEqual(klarna["required"]?.array?.compactMap(\.string), ["type", "status", "name", "nameInFrontend", "uri", "secret", "eStoreId", "klarnaEndpoint"])
  }

  /// Each pattern accepts a text exactly when the tool reads it as valid: checked on the
  /// spellings people write and their near misses.
  func testPatternsAcceptWhatTheToolReads() throws {
    let klarna = try XCTUnwrap(document["definitions"]?["klarnaPayments"]?["properties"])
    func matches(_ pattern: String, _ text: String) throws -> Bool {
      // By Unicode scalar, as ECMA 262 regular expressions (with the u flag) match.
      try Regex(pattern).matchingSemantics(.unicodeScalar).firstMatch(in: text) != nil
    }
    let blanks = ["", " ", "  \t", "\n"]
    let words = ["Yes", "yes", "YES", "No", "no", "true", "False", "Store Setting", "store setting", "STORE SETTING", "on", "off",
                 "y", "n", "1", "0", "Yess", "Store  Setting", "Store_Setting", "Active", "active", "Inactive", "Enabled", "disabled"]
    for word in words {
      for around in blanks {
        let text = around + word + around
        let bytes = ArraySlice(text.utf8)
        let yesNo = ExportReader.yesNo(bytes) != nil
        XCTAssertEqual(try matches(XCTUnwrap(klarna["testMode"]?["pattern"]?.string), text), yesNo, "testMode '\(text)'")
        XCTAssertEqual(try matches(XCTUnwrap(klarna["directCapture"]?["pattern"]?.string), text),
                       yesNo || ExportReader.choice(bytes, in: ["Store Setting"]) != nil, "directCapture '\(text)'")
        XCTAssertEqual(try matches(XCTUnwrap(klarna["status"]?["pattern"]?.string), text),
                       ExportReader.choice(bytes, in: ["Active", "Inactive"]) != nil, "status '\(text)'")
      }
    }
    let endpoints = ["EU", "eu test", "NA TEST", "OC", "EU  TEST", "EUTEST", "US", "https://api.klarna.com/", "https://api.klarna.com",
                     "HTTPS://API-NA.KLARNA.COM/path?q=1", "https://api.playground.klarna.com#x", "http://api.klarna.com/",
                     "https://api.klarna.com.evil.example/", "https://user@api.klarna.com/", "https://api.klarna.com:443/",
                     "https://api-us.klarna.com/", "api.klarna.com", " https://api-oc.playground.klarna.com/v1 ",
                     "https://api.klarna.com\\x", "https://api.klarna.com/\n"]
    // (The Kelvin sign, which the tool lowers to a `k`, is in SchemaCases for scripts/validate-schema:
    // Swift's Regex compares it with `K` canonically, as no JSON Schema validator does.)
    let endpointPattern = try XCTUnwrap(klarna["klarnaEndpoint"]?["pattern"]?.string)
    for endpoint in endpoints {
      XCTAssertEqual(try matches(endpointPattern, endpoint), Support.rules.tables.endpoint(endpoint) != nil, "klarnaEndpoint '\(endpoint)'")
    }
    let countries = try XCTUnwrap(klarna["restrictions"]?["properties"]?["countries"]?["items"]?["pattern"]?.string)
    for country in ["SE", "se", " no ", "S", "SWE", "", "S1", "ÅL"] {
      XCTAssertEqual(try matches(countries, country), ExportReader.isCountryCode(country.trimmingBlanks()), "country '\(country)'")
    }
    let typePattern = try XCTUnwrap(document["definitions"]?["plugin"]?["allOf"]?.array?.first?["if"]?["properties"]?["type"]?["pattern"]?.string)
    for type in ["Klarna Payments", "klarna_payments", "KLARNA-PAYMENTS", " Klarna\tPayments ", "KlarnaPayments", "Klarna Payment", "Klarna Checkout", "Klarna Payments 2", "KLARNA_PAYMENTS"] {
      XCTAssertEqual(try matches(typePattern, type), Support.rules.schema.pluginType(type)?.label == "Klarna Payments", "type '\(type)'")
    }
  }
}
