import XCTest
@testable import CentraLint

/// The rules that compare a store's plugins with each other (`klarna-plugins-overlap`) and a
/// store's environments with production (`environments-agree`): every finding at its place,
/// nothing across stores or merchants, secrets never shown, cost linear in the plugins.
final class StoreComparisonTests: XCTestCase {
  /// The rule's findings, the same whichever way the run keeps what the claims need: every
  /// plugin's fields kept, none or one kept (the claims keep only their messages' texts, and
  /// production is read again once every file is read: `KeptFields`), on one thread or two;
  /// and, for a rule that compares files, with the first file read only for the cross-file
  /// rules (a pre-commit run given the others) where it has no finding.
  private func findings(
    _ rule: String, _ files: [(String, String)], findingsLimit: Int? = nil, everyWay: Bool = true, rules: RuleSet = Support.rules
  ) throws -> [String] {
    var configuration = Configuration()
    if let findingsLimit { configuration.limits.findings = findingsLimit }
    let inputs = files.map { LintInput(display: $0.0, source: .bytes(Array($0.1.utf8))) }
    func run(kept: Int, parallelism: Int, others: Int = 0) throws -> [String] {
      var engine = Engine(rules: rules, configuration: configuration, registry: nil)
      engine.parallelism = parallelism
      engine.keptFieldsAtMost = kept
      return try engine.lint(Array(inputs[others...]), others: Array(inputs[..<others])).findings.filter { $0.rule == rule }.map {
        "\($0.location.file):\($0.location.line):\($0.location.column) \($0.message)"
          + $0.related.map { " | \($0.location.line):\($0.location.column) \($0.message)" }.joined()
      }
    }
    let found = try run(kept: .max, parallelism: 1)
    guard everyWay else { return found }
    for (kept, parallelism) in [(0, 1), (0, 2), (.max, 2), (1, 2)] {
      XCTAssertEqual(try run(kept: kept, parallelism: parallelism), found, "keeping \(kept) plugins' fields, \(parallelism) threads")
    }
    if files.count > 1, !found.contains(where: { $0.hasPrefix(files[0].0 + ":") }) {
      for kept in [0, Int.max] {
        XCTAssertEqual(try run(kept: kept, parallelism: 2, others: 1), found, "\(files[0].0) read for the cross-file rules only")
      }
    }
    return found
  }

  private static func klarna(_ uri: String, _ restrictions: String = "", status: String = "Active") -> String {
    "  - { type: Klarna Payments, name: \(uri), status: \(status), uri: \(uri)\(restrictions.isEmpty ? "" : ", restrictions: { \(restrictions) }") }\n"
  }

  // MARK: klarna-plugins-overlap

  func testOverlapInEveryDimensionAndDisjointInAny() throws {
    let dimensions = ["markets", "pricelists", "countries", "languages"]
    for dimension in dimensions {
      let value = dimension == "countries" ? "SE" : "a"
      let other = dimension == "countries" ? "NO" : "b"
      // Disjoint in one dimension: no shopper fits both.
      let disjoint = "plugins:\n" + Self.klarna("k1", "\(dimension): [\(value)]") + Self.klarna("k2", "\(dimension): [\(other)]")
      XCTAssertEqual(try findings("klarna-plugins-overlap", [("e.yaml", disjoint)]), [], dimension)
      // Sharing a value (ignoring case), the others open: one finding at the later plugin's key.
      let shared = "plugins:\n" + Self.klarna("k1", "\(dimension): [\(value), \(other)]") + Self.klarna("k2", "\(dimension): [\(other.lowercased())]")
      let found = try findings("klarna-plugins-overlap", [("e.yaml", shared)])
      XCTAssertEqual(found.count, 1, dimension)
      XCTAssertTrue(found[0].hasPrefix("e.yaml:3:65 Active Klarna plugin 'k2' can serve the same shoppers as 'k1'"), found[0])
      XCTAssertTrue(found[0].contains("both take \(dimension) \(other)"), "in the run's first spelling: \(found[0])")
      XCTAssertTrue(found[0].contains("| 2:65 an earlier Active Klarna plugin it overlaps"), found[0])
    }
    // Disjoint in one dimension is enough, however much the others share.
    let oneDisjoint = "plugins:\n" + Self.klarna("k1", "markets: [m], countries: [SE], languages: [sv]")
      + Self.klarna("k2", "markets: [m], countries: [SE], languages: [en]")
    XCTAssertEqual(try findings("klarna-plugins-overlap", [("e.yaml", oneDisjoint)]), [])
    // An empty list is every value, like no list.
    let empty = "plugins:\n" + Self.klarna("k1", "countries: []") + Self.klarna("k2", "countries: [SE]")
    XCTAssertEqual(try findings("klarna-plugins-overlap", [("e.yaml", empty)]).count, 1)
  }

  func testOverlapPlacesAndWhatIsNeverCompared() throws {
    let block = """
      plugins:
        - { type: Klarna Payments, name: k1, status: Active, uri: k1 }
        - type: Klarna Payments
          status: Active
          uri: k2
          restrictions:
            countries: [SE]
        - { type: Klarna Payments, name: k3, status: Active, uri: k3 }
        - { type: Klarna Payments, name: k4, status: Inactive, uri: k4 }
        - { type: Adyen Drop-In, uri: k5 }
        - { type: Klarna Payments, name: k6, status: Active, uri: k6, restrictions: { countries: SE } }

      """
    XCTAssertEqual(try findings("klarna-plugins-overlap", [("e.yaml", block)]), [
      "e.yaml:6:5 Active Klarna plugin 'k2' can serve the same shoppers as 'k1' in exports that name no store or environment (add 'store:' and 'environment:' to tell copies apart): 'k1' lists no countries; neither restricts markets, pricelists or languages | 2:61 an earlier Active Klarna plugin it overlaps",
      "e.yaml:8:61 Active Klarna plugin 'k3' can serve the same shoppers as 'k1' and 'k2' in exports that name no store or environment (add 'store:' and 'environment:' to tell copies apart): neither restricts markets, pricelists, countries or languages | 2:61 an earlier Active Klarna plugin it overlaps | 6:5 an earlier Active Klarna plugin it overlaps",
    ])
    // Another store, another environment, another merchant's: never compared.
    let production = "store: Retail\nenvironment: production\nplugins:\n" + Self.klarna("k1")
    let staging = "store: Retail\nenvironment: staging\nplugins:\n" + Self.klarna("k2")
    let outlet = "store: Outlet\nenvironment: production\nplugins:\n" + Self.klarna("k3")
    XCTAssertEqual(try findings("klarna-plugins-overlap", [("a.yaml", production), ("b.yaml", staging), ("c.yaml", outlet)]), [])
    // One store across two files: compared.
    XCTAssertEqual(try findings("klarna-plugins-overlap", [("a.yaml", production), ("b.yaml", production.replacingOccurrences(of: "k1", with: "k9"))]).count, 1)
  }

  func testOverlapNamesTenAndSaysThereAreMore() throws {
    let export = "plugins:\n" + (1...13).map { Self.klarna("k\($0)") }.joined()
    let found = try findings("klarna-plugins-overlap", [("e.yaml", export)])
    XCTAssertEqual(found.count, 12)
    XCTAssertTrue(found[11].contains("as 'k1', 'k2', 'k3' and more than 7 others"), found[11])
    XCTAssertEqual(found[11].components(separatedBy: " | ").count, 11, "ten related places")
    XCTAssertTrue(found[4].contains("as 'k1', 'k2', 'k3' and 2 more"), found[4])
  }

  /// A store with plugins in several files: each plugin's finding names the earlier ones of
  /// every file and shows their values, whatever each file kept.
  func testOverlapAcrossFilesNamesAndShowsEveryFilesPlugins() throws {
    let head = "store: Retail\nenvironment: production\nplugins:\n"
    // Named otherwise than their URIs: a message that fell back to the URI would show.
    func klarna(_ uri: String, _ restrictions: String) -> String {
      "  - { type: Klarna Payments, name: Klarna \(uri), status: Active, uri: \(uri), restrictions: { \(restrictions) } }\n"
    }
    // Disjoint within each file; every plugin of b.yaml overlaps one of a.yaml; c.yaml's
    // second overlaps its first and a.yaml's first.
    let a = head + klarna("alpha", "countries: [SE, NO], markets: [Nordics]") + klarna("beta", "countries: [DE]")
    let b = head + klarna("gamma", "countries: [no], markets: [nordics, Baltics]") + klarna("delta", "countries: [DE, AT], markets: [DACH]")
    let c = head + klarna("eps", "countries: [FI]") + klarna("zeta", "countries: [FI, SE]")
    XCTAssertEqual(try findings("klarna-plugins-overlap", [("a.yaml", a), ("b.yaml", b), ("c.yaml", c)]), [
      "b.yaml:4:78 Active Klarna plugin 'Klarna gamma' can serve the same shoppers as 'Klarna alpha' in store 'Retail' (production): both take markets Nordics; both take countries NO; neither restricts pricelists or languages | 4:78 an earlier Active Klarna plugin it overlaps",
      "b.yaml:5:78 Active Klarna plugin 'Klarna delta' can serve the same shoppers as 'Klarna beta' in store 'Retail' (production): 'Klarna beta' lists no markets; both take countries DE; neither restricts pricelists or languages | 5:76 an earlier Active Klarna plugin it overlaps",
      "c.yaml:5:76 Active Klarna plugin 'Klarna zeta' can serve the same shoppers as 'Klarna alpha' and 'Klarna eps' in store 'Retail' (production): 'Klarna zeta' lists no markets; both take countries SE; neither restricts pricelists or languages | 4:78 an earlier Active Klarna plugin it overlaps | 4:74 an earlier Active Klarna plugin it overlaps",
    ])
  }

  /// Past the room for kept fields a claim packs what its messages show after its hashes
  /// (`OverlapCheck.Shown`): names and values of every length in bytes (across the four a
  /// number holds), not ASCII, empty and absent; each as the plugin writes it.
  func testWhatAClaimPacksIsWhatItsPluginShows() throws {
    let export = """
      plugins:
        - { type: Klarna Payments, name: "Ö", status: Active, uri: k1, restrictions: { markets: [a, bb, ccc, dddd, eeeee, ffffff], pricelists: ["Прайс", "€uro 🇸🇪", ""], countries: [SE] } }
        - { type: Klarna Payments, status: Active, uri: k2, restrictions: { markets: [A, BB, CCC, DDDD, EEEEE], pricelists: ["прайс", "€URO 🇸🇪"], countries: [se] } }
        - { type: Klarna Payments, name: "", status: Active, uri: k3, restrictions: { markets: [eeeee], pricelists: ["€uro 🇸🇪"], languages: [sv] } }
        - { type: Klarna Payments, name: Seven77, status: Active, uri: k4, restrictions: { markets: [ffffff], pricelists: ["", "x"], countries: [SE], languages: ["sv"] } }

      """
    XCTAssertEqual(try findings("klarna-plugins-overlap", [("e.yaml", export)]), [
      "e.yaml:3:55 Active Klarna plugin 'k2' can serve the same shoppers as 'Ö' in exports that name no store or environment (add 'store:' and 'environment:' to tell copies apart): both take markets a, bb, ccc, dddd, eeeee; both take pricelists Прайс, €uro 🇸🇪; both take countries SE; neither restricts languages | 2:66 an earlier Active Klarna plugin it overlaps",
      "e.yaml:4:65 Active Klarna plugin 'k3' can serve the same shoppers as 'Ö' and 'k2' in exports that name no store or environment (add 'store:' and 'environment:' to tell copies apart): both take markets eeeee; both take pricelists €uro 🇸🇪; 'k3' lists no countries; 'Ö' lists no languages | 2:66 an earlier Active Klarna plugin it overlaps | 3:55 an earlier Active Klarna plugin it overlaps",
      "e.yaml:5:70 Active Klarna plugin 'Seven77' can serve the same shoppers as 'Ö' in exports that name no store or environment (add 'store:' and 'environment:' to tell copies apart): both take markets ffffff; both take pricelists ; both take countries SE; 'Ö' lists no languages | 2:66 an earlier Active Klarna plugin it overlaps",
    ])
  }

  /// A message names at most five shared values (in the earlier plugin's spelling and order,
  /// then "and more"), and none of a list that is secret in either plugin (here a credential's
  /// list brought in by an alias): that list is compared, never shown.
  func testOverlapShowsFiveSharedValuesAndNoneOfASecretList() throws {
    let many = "plugins:\n" + Self.klarna("k1", "markets: [a, b, c, d, e, f, g], countries: [SE, NO]")
      + Self.klarna("k2", "markets: [G, f, e, d, c, b, a], countries: [no]")
    let found = try findings("klarna-plugins-overlap", [("e.yaml", many)])
    XCTAssertEqual(found.count, 1)
    XCTAssertTrue(found[0].contains("both take markets a, b, c, d, e and more; both take countries NO;"), found[0])
    let secret = "apiToken: &t [Nordics, tok3n]\nplugins:\n" + Self.klarna("k1", "markets: *t") + Self.klarna("k2", "markets: [nordics]")
    let hidden = try findings("klarna-plugins-overlap", [("e.yaml", secret)])
    XCTAssertEqual(hidden.count, 1)
    XCTAssertTrue(hidden[0].contains("both take markets (hidden);"), hidden[0])
    XCTAssertFalse(hidden[0].contains("Nordics") || hidden[0].contains("tok3n"), hidden[0])
  }

  /// 20,000 plugins of one store: every one with no list, or each its own country (the
  /// shapes that would be quadratic compared pair by pair) finish, with the right counts.
  func testOverlapCostIsLinearInTheStore() throws {
    let open = "plugins:\n" + (1...20_000).map { Self.klarna("k\($0)") }.joined()
    XCTAssertEqual(try findings("klarna-plugins-overlap", [("e.yaml", open)], findingsLimit: 1_000_000, everyWay: false).count, 19_999)
    let codes = (0..<26 * 26).map { String(UnicodeScalar(65 + $0 / 26)!) + String(UnicodeScalar(65 + $0 % 26)!) }
    let grid = "plugins:\n" + (0..<20_000).map { Self.klarna("k\($0)", "countries: [\(codes[$0 % codes.count])], markets: [m\($0 / codes.count)]") }.joined()
    XCTAssertEqual(try findings("klarna-plugins-overlap", [("e.yaml", grid)], findingsLimit: 1_000_000, everyWay: false), [])
  }

  /// Random stores of 100 plugins (past the size where earlier plugins are indexed): the
  /// plugins with a finding are exactly those that overlap an earlier one, pair by pair.
  /// Findings past a file's cap are never made by a cross-file rule, only counted: the report is
  /// what capping every finding gives (the first in report order, the note's count), with other
  /// rules' findings before and after them, and suppression comments, baselines and no cap at
  /// all (where nothing is dropped early) alike.
  func testACrossFileRulesFindingsPastTheCapAreCountedNotMade() throws {
    var export = "store: S\nplugins:\n"
    for index in 0..<60 {
      export += Self.klarna("k\(index)", "countries: [SE]")
      // Other findings between them: an Inactive plugin every seventh.
      if index % 7 == 3 { export += Self.klarna("i\(index)", status: "Inactive") }
    }
    func run(_ text: String, limit: Int, caps: Bool = true, baseline: Baseline? = nil) throws -> [String] {
      var configuration = Configuration()
      configuration.limits.findings = limit
      // Overlaps nearly all that is found: each plugin's missing fields are off.
      configuration.settings["missing-field"] = .off
      var engine = Engine(rules: Support.rules, configuration: configuration, registry: nil)
      engine.capsFindings = caps
      engine.baseline = baseline
      engine.today = Day("2026-12-02")!
      return try engine.lint([LintInput(display: "e.yaml", source: .bytes(Array(text.utf8)))]).findings
        .map { "\($0.location.line):\($0.location.column) \($0.rule) \($0.message) \($0.fingerprint ?? "")" }
    }
    let suppressed = export.replacingOccurrences(
      of: "uri: k50, restrictions: { countries: [SE] } }", with: "uri: k50, restrictions: { countries: [SE] } } # centra-lint: ignore klarna-plugins-overlap -- a test")
    XCTAssertNotEqual(suppressed, export)
    for text in [export, suppressed] {
      let all = try run(text, limit: 1_000, caps: false)
      XCTAssertEqual(Set(all.map { $0.split(separator: " ")[1] }), ["klarna-plugins-overlap", "plugin-status-active"])
      XCTAssertGreaterThan(all.count, 60)
      for limit in [1, 5, 20, 40] {
        for baseline in [nil, Baseline(entries: [], file: "b.yaml")] {
          let capped = try run(text, limit: limit, baseline: baseline)
          XCTAssertEqual(Array(capped.prefix(limit)), Array(all.prefix(limit)), "limit \(limit)")
          XCTAssertEqual(capped.count, limit + 1, "limit \(limit)")
          XCTAssertTrue(capped[limit].contains("\(all.count - limit) more findings in this file are not shown"), capped[limit])
        }
      }
    }
  }

  func testOverlapAgreesWithComparingEveryPair() throws {
    // Seeded: the same stores on every run and machine.
    var generator = MutationTests.Random(state: 20_261_203)
    let pools = ["markets": ["a", "b", "c", "d", "e", "f"], "pricelists": ["p", "q", "r", "s"], "countries": ["SE", "NO", "DK", "FI", "DE", "AT", "NL", "BE"], "languages": ["sv", "en", "de", "fi"]]
    for round in 0..<5 {
      var plugins: [(uri: String, lists: [String: Set<String>])] = []
      var export = "plugins:\n"
      for index in 0..<100 {
        var lists: [String: Set<String>] = [:], written: [String] = []
        for (dimension, pool) in pools.sorted(by: { $0.key < $1.key }) where Int.random(in: 0..<10, using: &generator) > 0 {
          // Short lists, and in odd rounds a long one in every fifth plugin (repeats, spelt in
          // either case).
          let chosen = (0..<Int.random(in: 1...(round % 2 == 1 && index % 5 == 0 ? 24 : 2), using: &generator)).map { _ in
            let value = pool.randomElement(using: &generator)!
            return Bool.random(using: &generator) ? value.uppercased() : value.lowercased()
          }
          lists[dimension] = Set(chosen.map { $0.lowercased() })
          written.append("\(dimension): [\(chosen.joined(separator: ", "))]")
        }
        plugins.append(("k\(index)", lists))
        export += Self.klarna("k\(index)", written.joined(separator: ", "))
      }
      func overlap(_ a: [String: Set<String>], _ b: [String: Set<String>]) -> Bool {
        pools.keys.allSatisfy { dimension in
          guard let x = a[dimension], let y = b[dimension] else { return true }
          return !x.isDisjoint(with: y)
        }
      }
      let expected = plugins.indices.filter { later in (0..<later).contains { overlap(plugins[$0].lists, plugins[later].lists) } }.map { "'\(plugins[$0].uri)'" }
      let found = try findings("klarna-plugins-overlap", [("e.yaml", export)]).map { String($0.split(separator: " ")[4]) }
      XCTAssertEqual(found.sorted(), expected.sorted(), "round \(round)")
      XCTAssertFalse(expected.isEmpty || expected.count == 99, "round \(round): some plugins overlap, some do not")
    }
  }

  func testValuesAreComparedIgnoringCaseAsStringsAre() {
    // Texts that are equal ignoring case, as Swift compares Strings (the ASCII ones hashed by
    // the word in place, the others lowered first), hash alike; any other pair differs.
    let long = String(repeating: "Nordic-Market-", count: 5)
    let texts = [
      "", "a", "A", "ab", "aB", "\u{0}", "a\u{0}", "@", "[", "`", "{", "Z", "z", "0123456", "01234567", "012345678",
      long, long.uppercased(), long + "x", "K", "k", "\u{212A}", "é", "e\u{301}", "É", "E\u{301}", "straße", "STRASSE",
      "SE", "se", "sE", "S", "E", "ÅLAND", "åland", "中国", "🇸🇪",
    ]
    for a in texts {
      for b in texts {
        XCTAssertEqual(
          OverlapCheck.hash(a) == OverlapCheck.hash(b), a.lowercased() == b.lowercased(),
          "'\(a.unicodeScalars.map { String($0.value, radix: 16) })' and '\(b.unicodeScalars.map { String($0.value, radix: 16) })'")
      }
    }
  }

  // MARK: environments-agree

  private static let production = """
    store: Retail
    environment: Production
    plugins:
      - { type: Klarna Payments, name: Klarna EU, status: Active, uri: klarna-eu, directCapture: Yes, sendProductImages: Yes, productImageSize: 200x200, secret: "${KLARNA}", eStoreId: K1, klarnaEndpoint: EU, restrictions: { countries: [SE, NO] } }
      - { type: Adyen Drop-In, uri: adyen }

    """

  func testDriftInSettingsPluginsAndRestrictions() throws {
    let staging = """
      store: retail
      environment: staging
      plugins:
        - { type: Klarna Payments, name: Klarna EU, status: Active, uri: KLARNA-EU, directCapture: No, sendProductImages: yes, secret: "${KLARNA_TEST}", eStoreId: PK1, klarnaEndpoint: EU TEST, restrictions: { countries: [no, se, DK] } }

      """
    XCTAssertEqual(try findings("environments-agree", [("prod.yaml", Self.production), ("staging.yaml", staging)]), [
      "staging.yaml:3:1 store 'retail' (staging) lacks plugin 'adyen' (URI 'adyen'), which production has | 5:33 the plugin in production",
      "staging.yaml:4:68 plugin 'Klarna EU' in store 'retail' (staging) differs from production in productImageSize: not set here, '200x200' in production | 4:141 production's value: '200x200'",
      "staging.yaml:4:94 plugin 'Klarna EU' in store 'retail' (staging) differs from production in directCapture: No here, Yes in production | 4:94 production's value: Yes",
      "staging.yaml:4:215 plugin 'Klarna EU' in store 'retail' (staging) differs from production in restrictions.countries: [no, se, DK] here, [SE, NO] in production | 4:232 production's value: [SE, NO]",
    ])
    // The copy given first: production is read (last) before a copy is known, and read again.
    XCTAssertEqual(
      try findings("environments-agree", [("staging.yaml", staging), ("prod.yaml", Self.production)]),
      try findings("environments-agree", [("prod.yaml", Self.production), ("staging.yaml", staging)]))
  }

  func testWhatIsNeverADrift() throws {
    // Per-environment fields, secrets (by key or by value), spellings of one meaning, plugins
    // only the copy has, stores without production, environments not named.
    let staging = """
      store: Retail
      environment: staging
      plugins:
        - { type: klarna payments, name: Klarna EU, status: active, uri: klarna-eu, directCapture: true, sendProductImages: YES, productImageSize: 200x200, secret: klarna_test_xyz, eStoreId: PK1, klarnaEndpoint: EU TEST, testMode: Yes, restrictions: { countries: [no, se] } }
        - { type: Adyen Drop-In, uri: adyen, apiPassword: hunter2 }
        - { type: Stripe, uri: stripe-test }

      """
    XCTAssertEqual(try findings("environments-agree", [("prod.yaml", Self.production), ("staging.yaml", staging)]), [])
    let unnamed = staging.replacingOccurrences(of: "environment: staging\n", with: "")
    XCTAssertEqual(try findings("environments-agree", [("prod.yaml", Self.production), ("x.yaml", unnamed)]), [])
    let otherStore = staging.replacingOccurrences(of: "store: Retail", with: "store: Outlet")
      .replacingOccurrences(of: "directCapture: true", with: "directCapture: No")
    XCTAssertEqual(try findings("environments-agree", [("prod.yaml", Self.production), ("x.yaml", otherStore)]), [])
  }

  /// A plugin's claim packs what it compares (`AgreementCheck.Record`), not its fields: each
  /// kind of value (texts across the four bytes a number holds and not ASCII, yes/no, choices,
  /// endpoints, lists, a list with a NUL in an item), its place (through an alias too), a
  /// repeated key's last value, a name that differs only in its Unicode form; what it finds is
  /// what the plugins' fields say, whichever way the run keeps them.
  func testWhatAnAgreementClaimPacksIsWhatItsPluginHolds() throws {
    let production = """
      store: S
      environment: production
      plugins:
        - type: Klarna Payments
          status: Active
          name: "Kl\u{E9} one"
          uri: k1
          nameInFrontend: Klarna
          defaultLocale: sv-SE
          sendProductImages: Yes
          productImageSize: standard
          klarnaEndpoint: EU
          restrictions:
            markets: [M1, "M\\0 2"]
            countries: [SE, NO]
            pricelists: [Default]
        - { type: Klarna Payments, status: Inactive, name: two, uri: K2, nameInFrontend: "Прайс €uro 🇸🇪", defaultLocale: en-GB }
        - { type: Adyen, uri: adyen, name: Ady }

      """
    let staging = """
      store: S
      environment: staging
      plugins:
        - type: klarna payments
          status: Active
          name: "Kle\u{301} one"
          uri: " K1 "
          nameInFrontend: &f Klarna2
          frontendPrefix: *f
          defaultLocale: sv-se
          sendProductImages: "No"
          productImageSize: *f
          klarnaEndpoint: eu
          restrictions:
            markets: [m1, "M\\0 3"]
            countries: [SE, DK]
            pricelists: [Default, Other]
        - { type: Klarna Payments, status: Active, name: two, name: three, uri: k2, nameInFrontend: "Прайс €uro 🇸🇪!", defaultLocale: en-US }

      """
    let drift = [
      "s.yaml:3:1 store 'S' (staging) lacks plugin 'adyen' (URI 'adyen'), which production has | 18:25 the plugin in production",
      "s.yaml:8:24 plugin 'Klé one' in store 'S' (staging) differs from production in nameInFrontend: 'Klarna2' here, 'Klarna' in production | 8:21 production's value: 'Klarna'",
      "s.yaml:8:24 plugin 'Klé one' in store 'S' (staging) differs from production in productImageSize: 'Klarna2' here, 'standard' in production | 11:23 production's value: 'standard' | 12:23 the value comes in through this alias",
      "s.yaml:10:20 plugin 'Klé one' in store 'S' (staging) differs from production in defaultLocale: 'sv-se' here, 'sv-SE' in production | 9:20 production's value: 'sv-SE'",
      "s.yaml:11:24 plugin 'Klé one' in store 'S' (staging) differs from production in sendProductImages: No here, Yes in production | 10:24 production's value: Yes",
      "s.yaml:16:18 plugin 'Klé one' in store 'S' (staging) differs from production in restrictions.countries: [SE, DK] here, [SE, NO] in production | 15:18 production's value: [SE, NO]",
      "s.yaml:17:19 plugin 'Klé one' in store 'S' (staging) differs from production in restrictions.pricelists: [Default, Other] here, [Default] in production | 16:19 production's value: [Default]",
      "s.yaml:18:38 plugin 'three' in store 'S' (staging) differs from production in status: Active here, Inactive in production | 17:38 production's value: Inactive",
      "s.yaml:18:63 plugin 'three' in store 'S' (staging) differs from production in name: 'three' here, 'two' in production | 17:54 production's value: 'two'",
      "s.yaml:18:95 plugin 'three' in store 'S' (staging) differs from production in nameInFrontend: 'Прайс €uro 🇸🇪!' here, 'Прайс €uro 🇸🇪' in production | 17:84 production's value: 'Прайс €uro 🇸🇪'",
      "s.yaml:18:128 plugin 'three' in store 'S' (staging) differs from production in defaultLocale: 'en-US' here, 'en-GB' in production | 17:116 production's value: 'en-GB'",
    ]
    XCTAssertEqual(try findings("environments-agree", [("p.yaml", production), ("s.yaml", staging)]), drift)
    XCTAssertEqual(try findings("environments-agree", [("s.yaml", staging), ("p.yaml", production)]), drift)
    // With the endpoint compared (it is set per environment in the rule file as shipped): an
    // endpoint by its entry, however it is spelled.
    let folder = try Scratch("agree-endpoint")
    for name in try FileManager.default.contentsOfDirectory(atPath: Support.packageRoot + "/rules") where name.hasSuffix(".yaml") {
      let text = try String(contentsOfFile: Support.packageRoot + "/rules/" + name, encoding: .utf8)
      try folder.write("rules/" + name, name == "environments-agree.yaml" ? text.replacingOccurrences(of: "eStoreId, klarnaEndpoint,", with: "eStoreId,") : text)
    }
    try FileManager.default.copyItem(atPath: Support.packageRoot + "/rules/data", toPath: folder.path + "/rules/data")
    let rules = try RuleSet.load(folder.path + "/rules")
    let otherEndpoint = staging.replacingOccurrences(of: "klarnaEndpoint: eu", with: "klarnaEndpoint: EU TEST")
    XCTAssertEqual(try findings("environments-agree", [("p.yaml", production), ("s.yaml", staging)], rules: rules), drift)
    var otherDrift = drift
    otherDrift.insert(
      "s.yaml:13:21 plugin 'Klé one' in store 'S' (staging) differs from production in klarnaEndpoint: 'EU TEST' here, 'EU' in production | 12:21 production's value: 'EU'",
      at: 5)
    XCTAssertEqual(try findings("environments-agree", [("p.yaml", production), ("s.yaml", otherEndpoint)], rules: rules), otherDrift)
  }

  func testSensitiveValuesAreNeverShown() throws {
    let secret = "klarna_live_" + String(repeating: "Qz9", count: 12)
    let production = "store: R\nenvironment: production\nplugins:\n  - { type: Klarna Payments, name: K, status: Active, uri: k, nameInFrontend: \(secret) }\n"
    let staging = "store: R\nenvironment: staging\nplugins:\n  - { type: Klarna Payments, name: K, status: Active, uri: k, nameInFrontend: Pay later }\n"
    let found = try findings("environments-agree", [("p.yaml", production), ("s.yaml", staging)])
    XCTAssertFalse(found.joined().contains("Qz9"), found.joined())
    XCTAssertEqual(found, [])
  }

  func testOneEnvironmentIsAllItsDocuments() throws {
    // The copy's plugins are in two documents of two files: nothing lacks; the finding of a
    // plugin it lacks is at its first document's `plugins` key.
    let first = "store: Retail\nenvironment: staging\nplugins:\n  - { type: Adyen Drop-In, uri: adyen }\n"
    let second = "store: Retail\nenvironment: staging\nplugins:\n  - { type: Klarna Payments, name: Klarna EU, status: Active, uri: klarna-eu, directCapture: Yes, sendProductImages: Yes, productImageSize: 200x200, restrictions: { countries: [SE, NO] } }\n"
    XCTAssertEqual(try findings("environments-agree", [("prod.yaml", Self.production), ("a.yaml", first), ("b.yaml", second)]), [])
    XCTAssertEqual(try findings("environments-agree", [("prod.yaml", Self.production), ("a.yaml", first)]), [
      "a.yaml:3:1 store 'Retail' (staging) lacks plugin 'Klarna EU' (URI 'klarna-eu'), which production has | 4:68 the plugin in production",
    ])
  }

  func testProductionInStreamsAndFiles() throws {
    // Store X's copy is in production's file (its plugins kept); store Y's is in another file
    // (production read again when its file keeps no fields), and Y has production in two files:
    // the first plugin of a URI, in report order, is the reference.
    let streams = """
      store: X
      environment: production
      plugins:
        - { type: Klarna Payments, name: KX, status: Active, uri: kx, directCapture: Yes }
      ---
      store: X
      environment: staging
      plugins:
        - { type: Klarna Payments, name: KX, status: Active, uri: kx, directCapture: No }
      ---
      store: Y
      environment: production
      plugins:
        - { type: Adyen Drop-In, uri: adyen }
        - { type: Klarna Payments, name: KY, status: Active, uri: ky, directCapture: Yes }

      """
    let laterProduction = "store: Y\nenvironment: production\nplugins:\n  - { type: Klarna Payments, name: KY2, status: Active, uri: KY, directCapture: No, sendProductImages: No }\n"
    let staging = "store: Y\nenvironment: staging\nplugins:\n  - { type: Klarna Payments, name: KY, status: Active, uri: ky, directCapture: No, sendProductImages: No }\n"
    XCTAssertEqual(try findings("environments-agree", [("a.yaml", streams), ("b.yaml", laterProduction), ("c.yaml", staging)]), [
      "a.yaml:9:80 plugin 'KX' in store 'X' (staging) differs from production in directCapture: No here, Yes in production | 4:80 production's value: Yes",
      "c.yaml:3:1 store 'Y' (staging) lacks plugin 'adyen' (URI 'adyen'), which production has | 14:33 the plugin in production",
      "c.yaml:4:80 plugin 'KY' in store 'Y' (staging) differs from production in directCapture: No here, Yes in production | 15:80 production's value: Yes",
      "c.yaml:4:103 plugin 'KY' in store 'Y' (staging) differs from production in sendProductImages: No here, not set in production | 15:61 production's value: not set",
    ])
  }

  func testTheReferenceIsFirstInReportOrderWhenProductionIsReadAgain() throws {
    // The second plugin's URI is written (through a merge key) above the first's: in report
    // order it is production's first plugin of that URI, read again or not. The copy is given
    // first, so production is read before any copy is known.
    let production = """
      store: S
      environment: production
      base: &b { type: Klarna Payments, status: Active, uri: klarna-x, directCapture: No }
      plugins:
        - { type: Klarna Payments, status: Active, uri: klarna-x, directCapture: Yes }
        - <<: *b

      """
    let staging = "store: S\nenvironment: staging\nplugins:\n  - { type: Klarna Payments, status: Active, uri: klarna-x, directCapture: Store Setting }\n"
    XCTAssertEqual(try findings("environments-agree", [("staging.yaml", staging), ("prod.yaml", production)]), [
      "staging.yaml:4:76 plugin 'klarna-x' in store 'S' (staging) differs from production in directCapture: Store Setting here, No in production | 3:81 production's value: No",
    ])
  }

  func testACopysSourceLineDoesNotDependOnWhatProductionKept() throws {
    // Past the findings limit a file's claims get no source line (`Engine.attachSnippets`): a
    // copy's claims come first, whether production's plugins are kept (a claim each) or not.
    let filler = "store: Filler\nenvironment: production\nplugins:\n" + (1...12).map { "  - { type: Adyen Drop-In, uri: fill-\($0) }\n" }.joined()
    let export = filler + """
      ---
      store: S
      environment: production
      plugins:
        - { type: Klarna Payments, status: Active, uri: k1, name: One }
      ---
      store: S
      environment: staging
      plugins:
        - { type: Klarna Payments, status: Active, uri: k1 }

      """
    var snippets: [String] = []
    for kept in [0, Int.max] {
      var configuration = Configuration()
      // Room for the file's ten findings (nine are `missing-field`), not for its claims.
      configuration.limits.findings = 10
      var engine = Engine(rules: Support.rules, configuration: configuration, registry: nil)
      engine.keptFieldsAtMost = kept
      let found = try engine.lint([LintInput(display: "e.yaml", source: .bytes(Array(export.utf8)))]).findings.filter { $0.rule == "environments-agree" }
      XCTAssertEqual(found.count, 1)
      snippets.append(found.first?.snippet.map { "\($0)" } ?? "none")
    }
    XCTAssertNotEqual(snippets[0], "none")
    XCTAssertEqual(snippets[0], snippets[1])
  }
}
