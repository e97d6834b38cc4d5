import XCTest
@testable import CentraLint
@testable import CentraLintTestSupport

/// Issue 13 §3, the masking side: each class of leak a red team found, a canary in each
/// position, through every format (`Harness.outputs`, as `SecretCanaryTests` runs them).
final class MaskingTests: XCTestCase {
  private func assertHidden(_ bytes: [UInt8], _ name: String, file: StaticString = #filePath, line: UInt = #line) {
    let outputs = Harness.outputs(of: bytes, rules: Support.rules)
    if let problem = Harness.violation(in: outputs) { XCTFail("\(name): \(problem)", file: file, line: line) }
    for output in outputs where output.contains(SecretCanaryTests.mark) {
      XCTFail("\(name) shows a canary:\n\(String(decoding: bytes, as: UTF8.self))\n---\n\(output)", file: file, line: line)
      return
    }
  }

  private func assertHidden(_ text: String, _ name: String, file: StaticString = #filePath, line: UInt = #line) {
    assertHidden(Array(text.utf8), name, file: file, line: line)
  }

  private let plugin = "plugins:\n  - type: Klarna Payments\n"

  /// Text the parser did not finish: every value there is masked, whatever its layout. Each
  /// case stops the parser on the canary's line (`x: y: z`), or leaves a construct open there.
  func testUnfinishedTextMasksEveryValueWhateverItsLayout() {
    let cases = [
      "apostrophe in a key": plugin + "    merchant's: a\n    secret: C4N4RYa: y\n",
      "apostrophe in an earlier value": plugin + "    name: Bob's\n    secret: C4N4RYb: y\n",
      "a JSON key": "plugins:\n  - {\"type\": \"Klarna Payments\", \"secret\":C4N4RYc, x:: y\n",
      "a JSON key, closed": "plugins:\n  - {\"type\": \"Klarna Payments\", \"secret\":C4N4RYc}: y\n",
      "a sequence at the key's indent": plugin + "    secret:\n    - C4N4RYd: y: z\n",
      "an explicit key": plugin + "    ? secret\n    : C4N4RYe: y: z\n",
      "an explicit key, the value below": plugin + "    ? secret\n    :\n      C4N4RYf: y: z\n",
      "an explicit flow key": plugin + "    ? [secret]\n    : C4N4RYg: y: z\n",
      "an anchor used later as the secret": plugin + "    name: &n C4N4RYh: y\n    secret: *n\n",
      "an anchored collection": plugin + "    x: &n { status: C4N4RYi, a: [ }\n    secret: *n\n",
      "a key that is an alias": "k: &k secret\n" + plugin + "    *k : C4N4RYj: y\n",
      "a secret written after the stop": plugin + "    status: Nope: y\n    secret: C4N4RYk\n    token: C4N4RYk2\n",
      "a comment": plugin + "    status: x: y # password C4N4RYl\n",
      "an open quote": plugin + "    secret: 'C4N4RYm\n      C4N4RYm2\n",
      "a quote opened in a key": plugin + "    'secret: C4N4RYn\n",
      "a nested secret": plugin + "    credentials:\n      user: C4N4RYo: y\n",
      "a misspelt key": plugin + "    apiPasword: C4N4RYp: y\n",
      "a flow value left open": plugin + "    secret: [a, b,\n C4N4RYq: ]\n",
      "a harmless field's value anchored": plugin + "    status: &s C4N4RYr\n    x: [\n    secret: *s\n",
    ]
    for (name, text) in cases.sorted(by: { $0.key < $1.key }) { assertHidden(text, name) }
  }

  /// A link to /proc/self/environ: a NUL stops the parser on the first line, which holds the
  /// whole environment.
  func testTheEnvironmentBehindANulIsMasked() {
    var bytes = Array("PATH=/bin".utf8) + [0] + Array("SECRET=C4N4RYenv".utf8) + [0]
    bytes += Array("HOME=/root".utf8) + [0] + Array("TOKEN=C4N4RYtwo".utf8) + [0]
    assertHidden(bytes, "environ")
    assertHidden(Array("secret: C4N4RYbefore".utf8) + [0] + Array("\n".utf8), "NUL after a secret")
  }

  /// Where the parser did not finish, a line keeps its keys, the punctuation and the values of
  /// fields that are not sensitive, so it can still be read.
  func testAnUnfinishedLineKeepsKeysPunctuationAndHarmlessValues() throws {
    let text = plugin + "    status: Active\n    secret: hunter22\n    uri: [x: y\n"
    let findings = try Support.lint(text, snippets: true)
    let syntax = try XCTUnwrap(findings.first { $0.rule == "yaml-syntax" })
    XCTAssertEqual(syntax.snippet?.text, "    uri: [*: *", "\(findings)")
    var engine = Engine(rules: Support.rules, configuration: Configuration(), registry: nil)
    engine.withSnippets = true
    let broken = plugin + "    status: Active\n    name: &n Shop\n    secret: hunter22 x: y\n"
    let lines = try engine.lint([LintInput(display: "x.yaml", source: .bytes(Array(broken.utf8)))]).findings.compactMap(\.snippet?.text)
    XCTAssertEqual(lines, ["    secret: **********: *"])  // `hunter22 x` is one plain scalar
    // What the parser read before it stopped: the values of known fields that are not
    // sensitive show, an anchored one does not (an alias past the stop may make it a secret).
    let flow = "plugins: [ { type: Klarna Payments, status: Active, secret: hunter2, name: &a Shop, uri: [ } ]\n"
    let shown = try Support.lint(flow, snippets: true).compactMap(\.snippet?.text)
    XCTAssertEqual(shown, ["plugins: [ { type: Klarna Payments, status: Active, secret: *******, name: &* ****, uri: [ } ]"])
  }

  /// In a file that parsed, only the secrets' spans are masked: what follows a secret on a
  /// flow line is shown, and the caret points at it.
  func testAParsedLineMasksOnlyTheSecretsSpans() throws {
    let text = "plugins:\n  - { type: Klarna Payments, secret: \"${S}\", uri: x, status: Nope, token: t1, passwd: p2, apiKey: k3, privateKey: k4 }\n"
    let findings = try Support.lint(text, snippets: true)
    let status = try XCTUnwrap(findings.first { $0.rule == "invalid-value" })
    let snippet = try XCTUnwrap(status.snippet)
    XCTAssertEqual(snippet.text, "  - { type: Klarna Payments, secret: ******, uri: x, status: Nope, token: **, passwd: **, apiKey: **, privateKey: ** }")
    let caret = snippet.text.index(snippet.text.startIndex, offsetBy: snippet.caretColumn - 1)
    XCTAssertTrue(snippet.text[caret...].hasPrefix("Nope"), snippet.text)
  }

  /// Masking grows: misspelt credential words, values inside a credential key, URL passwords.
  func testMaskingCoversMisspellingsNestedValuesAndURLPasswords() {
    let cases = [
      "apiPasword": plugin + "    status: Nope\n    apiPasword: C4N4RYa\n",
      "mySecert": plugin + "    status: Nope\n    mySecert: C4N4RYb\n",
      "acces_key": plugin + "    status: Nope\n    acces_key: C4N4RYc\n",
      "access.key": plugin + "    status: Nope\n    access.key: C4N4RYd\n",
      "Api Key": plugin + "    status: Nope\n    Api Key: C4N4RYe\n",
      "inside a list": plugin + "    status: Nope\n    credentials: [ C4N4RYf, { a: C4N4RYg } ]\n",
      "a URL": plugin + "    status: Nope\n    sendProductUrls: Yes\n    frontendPrefix: http://user:C4N4RYh@shop.example/x\n",
      "a URL elsewhere": plugin + "    status: Nope\n    note: see https://u:C4N4RYi@db.example and https://v:C4N4RYj@x.example/\n",
    ]
    for (name, text) in cases.sorted(by: { $0.key < $1.key }) { assertHidden(text, name) }
  }

  func testAMessageQuotingAURLHidesItsPassword() throws {
    let text = plugin + "    sendProductUrls: Yes\n    frontendPrefix: http://user:PASS1234@shop.example\n"
    let findings = try Support.lint(text, snippets: true)
    let prefix = try XCTUnwrap(findings.first { $0.rule == "product-url-prefix" })
    XCTAssertTrue(prefix.message.contains("http://user:(hidden)@shop.example"), prefix.message)
    XCTAssertFalse(prefix.snippet?.text.contains("PASS1234") ?? true, "\(prefix)")
    let outputs = Harness.outputs(of: Array(text.utf8), rules: Support.rules)
    for output in outputs { XCTAssertFalse(output.contains("PASS1234"), output) }
  }

  /// Once a scalar is a secret, its text is hidden wherever else the file or run shows it.
  func testASecretsTextIsHiddenEverywhereElse() {
    let cases = [
      "another scalar": plugin + "    secret: C4N4RYsame\n    status: C4N4RYsame\n",
      "a key": plugin + "    secret: C4N4RYkey\n    C4N4RYkey: 1\n",
      "a duplicate key": "x: { token: C4N4RYdup }\nC4N4RYdup: 1\nC4N4RYdup: 2\nplugins: []\n",
      "a store name": "store: C4N4RYstore\nenvironment: staging\nx: { token: C4N4RYstore }\n" + plugin + "    status: Nope\n",
      "inside another value": plugin + "    secret: C4N4RYpart\n    status: \"is C4N4RYpart\"\n",
      "an aliased duplicate key": "t: { token: &s C4N4RYalias }\n" + plugin + "    status: Nope\n    *s : 1\n    *s : 2\n",
      "inside a credential mapping": plugin + "    status: Nope\n    secret: { C4N4RYin: 1, C4N4RYin: 2 }\n",
      "inside a password mapping": plugin + "    status: Nope\n    password:\n      C4N4RYpw: 1\n      C4N4RYpw: 2\n",
    ]
    for (name, text) in cases.sorted(by: { $0.key < $1.key }) { assertHidden(text, name) }
  }

  func testRegistryAndConfigErrorsAskTheSameDefinition() throws {
    let tables = Support.rules.tables, sensitivity = Support.rules.schema.dataSensitivity
    let registries = [
      "secret: &s C4N4RYmid\nmids:\n  *s : { region: EU }\n  *s : { region: EU }\n",
      "mids:\n  K1: { region: EU, password: { C4N4RYk: 1, C4N4RYk: 2 } }\n",
      "mids:\n  K1: { region: EU, token: C4N4RYsame }\n  C4N4RYsame: { region: XX }\n",
      "mids:\n  K1: { region: 'https://u:C4N4RYurl@x' }\n",
    ]
    for text in registries {
      XCTAssertThrowsError(try MIDRegistry.parse(Array(text.utf8), file: "mids.yaml", tables: tables, sensitivity: sensitivity)) { error in
        XCTAssertFalse("\(error)".contains(SecretCanaryTests.mark), "\(error)")
        XCTAssertFalse((error as? LintError)?.description.contains(SecretCanaryTests.mark) ?? false, "\(error)")
      }
    }
    let configs = ["secret: { C4N4RYc: 1, C4N4RYc: 2 }\n", "token: C4N4RYd\nC4N4RYd: 1\nC4N4RYd: 2\n", "x: { password: [ &p C4N4RYe ] }\n*p : 1\n*p : 2\n"]
    for text in configs {
      XCTAssertThrowsError(try DataFile.parse(Array(text.utf8), file: "c.yaml", sensitivity: sensitivity).field("failOn")?.string("x")) { error in
        XCTAssertFalse((error as? LintError)?.description.contains(SecretCanaryTests.mark) ?? true, "\(error)")
      }
    }
  }

  func testSensitivityAnswersURLPasswordsAndMisspelling() {
    let url = "see http://user:PASS@shop.example/x"
    let range = Sensitivity.urlPasswordRange(in: url)
    XCTAssertEqual(range.map { String(url[$0]) }, "PASS")
    XCTAssertNil(Sensitivity.urlPasswordRange(in: "https://shop.example:8443/a?x=b@c"))
    XCTAssertNil(Sensitivity.urlPasswordRange(in: "https://shop.example/a:b@c"))
    XCTAssertNil(Sensitivity.urlPasswordRange(in: "mailto:a@b.c"))
    XCTAssertEqual(Sensitivity.urlPasswordRange(in: "https://u:p/w@h").map { String("https://u:p/w@h"[$0]) }, "p/w")
    let sensitivity = Support.rules.schema.sensitivity
    for key in ["apiPasword", "mySecert", "db_passwrod", "acessKey", "X-Api-Key", "client.secret", "privat_key", "credentails"] {
      XCTAssertTrue(sensitivity.isSensitiveKey(key), key)
    }
    for key in ["status", "uri", "name", "type", "eStoreId", "sendProductUrls", "tokn", "description", "restrictions"] {
      XCTAssertFalse(sensitivity.isSensitiveKey(key), key)
    }
  }

  /// A URL's password that the parser decodes (an escaped `@`, `:` or `//`) is masked in the
  /// source line, as the rule that flags it reads it; the value, key or not, is masked whole.
  func testAURLPasswordBehindEscapesIsMaskedInSourceLines() {
    let plugin = "store: S\nplugins:\n  - type: Adyen\n    status: Active\n    name: x\n    uri: u\n"
    for (name, value) in [
      ("an escaped @", #""https://user:C4N4RYsecret\x40host/""#), ("a \\u escape", #""https://user:C4N4RYs\u0040host/""#),
      ("an escaped colon", #""https://user\x3aC4N4RYs@host/""#), ("escaped slashes", #""https:\x2f\x2fuser:C4N4RYs@host/""#),
      ("a quoted fold", "\"https://user:C4N4RYs\\\n      @host/\""),
    ] {
      assertHidden(plugin + "    webhook: \(value)\n", name)
      assertHidden(plugin + "    name: \(value)\n", name + ", under name")
      assertHidden(plugin + "    \(value): 1\n", name + ", as a key")
    }
  }

  /// A value is cut for a message after its URL passwords are hidden, however far its `@` is.
  func testAURLPasswordPastWhatAMessageShowsIsHidden() {
    for count in [10, 45, 200, 400] {
      let password = String(repeating: "C4N4RY", count: count)
      assertHidden("plugins:\n  - type: Klarna Payments\n    status: \"https://u:\(password)@h/\"\n", "a password of \(count * 6) bytes")
      assertHidden("plugins:\n  - type: Klarna Payments\n    uri: a\n    name: https://u:\(password)@h/\n  - type: Klarna Payments\n    uri: a\n", "in a plugin's name, \(count * 6) bytes")
    }
  }
}
