import XCTest
@testable import CentraLint

/// `secret-is-reference` (SPEC §2): precise about what is a literal credential, at the value.
final class SecretReferenceTests: XCTestCase {
  private func places(_ text: String) throws -> [String] {
    try Support.lint(text).filter { $0.rule == "secret-is-reference" }.map { "\($0.location.line):\($0.location.column) \($0.path ?? "-")" }
  }

  func testEveryKindOfCredentialIsFoundAtItsValue() throws {
    let text = """
      notes: klarna_live_abc123
      plugins:
        - type: Adyen Drop-In
          uri: adyen
          secret: hunter2
          apiKey: "1234"
          X-Api-Key: abc
          client_secret: abc
          adyenPassword: abc
          pass_wd: abc
          access.key: abc
          Private Key: abc
          webhook: https://shop:hunter2@hooks.example/a
          credentials: { user: shop, key: abc }
          tokens: [abc]
      """
    XCTAssertEqual(try places(text), [
      "1:8 notes", "5:13 plugins[0].secret", "6:13 plugins[0].apiKey", "7:16 plugins[0].X-Api-Key",
      "8:20 plugins[0].client_secret", "9:20 plugins[0].adyenPassword", "10:14 plugins[0].pass_wd",
      "11:17 plugins[0].access.key", "12:18 plugins[0].Private Key", "13:14 plugins[0].webhook",
      "14:26 plugins[0].credentials.user", "14:37 plugins[0].credentials.key",
    ])
  }

  func testReferencesPlaceholdersAndWordsThatAreNoCredentialsPass() throws {
    let text = """
      plugins:
        - type: Adyen
          uri: a
          secret: ${ADYEN_SECRET}
          password: "********"
          passwordPolicy: strict
          tokenization: Yes
          secretName: prod-key
          apiKey: ~
          token: 1234
          pinToken: true
          webhook: https://shop:${HOOK_PASSWORD}@hooks.example/a
          frontendPrefix: https://shop.example/x?a=b:c
          accessToken: "***"
      """
    XCTAssertEqual(try places(text), [])
  }

  func testAnAnchoredValueIsOneFindingWhereItIsWritten() throws {
    let text = "defaults: &d\n  apiPassword: hunter22\nplugins:\n  - { type: Adyen, uri: a, <<: *d }\n  - { type: Adyen, uri: b, <<: *d }\n"
    let findings = try Support.lint(text).filter { $0.rule == "secret-is-reference" }
    XCTAssertEqual(findings.map { "\($0.location.line):\($0.location.column)" }, ["2:16"])
    XCTAssertEqual(findings.first?.related.map(\.location.line), [4, 5])
    let aliased = try places("pw: &p hunter2\nplugins:\n  - { type: Adyen, uri: a, secret: *p }\n")
    XCTAssertEqual(aliased, ["1:8 plugins[0].secret"], "at the value where it is written, once; the path names the key it is a credential for")
  }

  func testTheMessageNamesTheKeyNeverTheValue() throws {
    let finding = try Support.lint("plugins:\n  - { type: Adyen, uri: a, password: hunter2 }\n").first { $0.rule == "secret-is-reference" }
    XCTAssertEqual(finding?.message, "the value of 'password' in plugin 'a' is written as a literal, not a ${NAME} reference")
  }

  /// The scan asks the tree's sensitivity first (a credential key is a sensitive key), so this
  /// must hold for every spelling the rule knows.
  func testEveryCredentialKeyIsASensitiveKey() {
    let sensitivity = Support.rules.schema.sensitivity
    for key in ["secret", "password", "passwd", "token", "credential", "credentials", "apikey", "privatekey",
                "accesskey", "secretkey", "X-Api-Key", "client_secret", "adyenPassword", "Private Key", "access.key",
                "API_KEY", "pass_wd", "my-Token", "aws.secret.key"] {
      let credential = Array(key.utf8).withUnsafeBufferPointer(CredentialScan.endsWithCredentialWord)
      XCTAssertTrue(credential, key)
      XCTAssertTrue(sensitivity.isSensitiveKey(key), key)
    }
    for key in ["passwordPolicy", "tokenization", "secretName", "status", "uri"] {
      XCTAssertFalse(Array(key.utf8).withUnsafeBufferPointer(CredentialScan.endsWithCredentialWord), key)
    }
  }
}

/// Findings carry their end and, for a likely typo, a structured fix (DESIGN: ranges and code
/// actions need them).
final class FindingRangeTests: XCTestCase {
  func testAnUnknownKeyHasItsRangeAndTheSuggestionAsAFix() throws {
    let findings = try Support.lint("plugins:\n  - type: Klarna Payments\n    testmode: Yes\n    \"sendProductImage\": Yes\n")
    let typo = try XCTUnwrap(findings.first { $0.rule == "unknown-field" && $0.location.line == 3 })
    XCTAssertEqual(typo.end.map { "\($0.line):\($0.column)" }, "3:13")
    XCTAssertEqual(typo.fix, Finding.Fix(replacement: "testMode", title: "rename to 'testMode'"))
    XCTAssertTrue(typo.message.hasSuffix("did you mean 'testMode'?"), "the text still shows it")
    let quoted = try XCTUnwrap(findings.first { $0.rule == "unknown-field" && $0.location.line == 4 })
    XCTAssertNil(quoted.fix, "a quoted key is not renamed by a plain replacement")
  }

  func testAnInvalidValueCoversTheValue() throws {
    let finding = try XCTUnwrap(try Support.lint("plugins:\n  - { type: Klarna Payments, status: Enabled }\n").first { $0.rule == "invalid-value" })
    XCTAssertEqual("\(finding.location.line):\(finding.location.column)-\(finding.end!.line):\(finding.end!.column)", "2:38-2:45")
  }

  func testFieldAndCrossFileFindingsCoverTheirValue() throws {
    let text = "plugins:\n  - { type: Klarna Payments, uri: shop-a, status: Inactive }\n  - { type: Klarna Payments, uri: 'shop-a' }\n"
    let findings = try Support.lint(text)
    func span(_ rule: String) throws -> String {
      let finding = try XCTUnwrap(findings.first { $0.rule == rule }, rule)
      return "\(finding.location.line):\(finding.location.column)-\(finding.end!.line):\(finding.end!.column)"
    }
    XCTAssertEqual(try span("plugin-status-active"), "2:51-2:59")
    XCTAssertEqual(try span("plugin-uri-unique"), "3:35-3:43")  // the quotes are the value's
  }

  func testADuplicateKeyCoversTheLaterKey() throws {
    let finding = try XCTUnwrap(try Support.lint("plugins:\n  - type: Klarna Payments\n    status: Active\n    \"status\": Inactive\n").first { $0.rule == "duplicate-key" })
    XCTAssertEqual("\(finding.location.line):\(finding.location.column)-\(finding.end!.line):\(finding.end!.column)", "4:5-4:13")
  }
}
