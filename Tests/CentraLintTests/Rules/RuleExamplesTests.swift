import XCTest
@testable import CentraLint

/// Every example in every rule file: an invalid one must trigger its rule, a valid one must not.
final class RuleExamplesTests: XCTestCase {
  func testEveryRuleFileHasExamplesOfBothKinds() {
    XCTAssertEqual(Support.rules.rules.count, 16)
    for rule in Support.rules.rules {
      XCTAssertTrue(rule.examples.contains(where: \.triggers), "\(rule.id) has no invalid example")
      XCTAssertTrue(rule.examples.contains { !$0.triggers }, "\(rule.id) has no valid example")
    }
  }

  func testEveryExampleBehavesAsItsRuleFileSays() throws {
    for rule in Support.rules.rules {
      for (index, example) in rule.examples.enumerated() {
        let findings = try Support.lint(example.export, registry: example.midRegistry, imageSizes: example.imageSizes)
          .filter { $0.rule == rule.id }
        if example.triggers {
          XCTAssertFalse(findings.isEmpty, "\(rule.id): invalid example \(index) gave no finding")
        } else {
          XCTAssertEqual(findings.map(Support.line), [], "\(rule.id): valid example \(index) gave findings")
        }
      }
    }
  }

  func testTheSpecRuleIdsAndSeveritiesAreAsFixed() {
    let expected: [String: Severity] = [
      "yaml-syntax": .error, "yaml-limit": .error, "duplicate-key": .error, "missing-field": .error,
      "invalid-value": .error, "unknown-field": .warning, "plugin-status-active": .error,
      "plugin-uri-unique": .error, "endpoint-region-matches-mid": .error, "test-mode-consistent": .error,
      "image-size-when-images-enabled": .error, "endpoint-serves-countries": .error,
      "locale-matches-region": .warning, "product-url-prefix": .warning, "secret-is-reference": .error,
      "environment-named": .warning,
    ]
    XCTAssertEqual(Dictionary(uniqueKeysWithValues: Support.rules.rules.map { ($0.id, $0.severity) }), expected)
  }

  func testHTTPSURLsAreToldApartOnTheirBytes() {
    for good in ["https://shop.example.com", "HTTPS://Shop.example.com/product", "  https://x.example/ "] {
      XCTAssertTrue(RequiredWhenCheck.isHTTPSURL(good), good)
    }
    for bad in ["http://shop.example.com", "https://", "https:///path", "https://?q", "https://#x",
                "https://shop example.com", "https://shop\texample.com", "ftp://x", "", "https:/x.example"] {
      XCTAssertFalse(RequiredWhenCheck.isHTTPSURL(bad), bad)
    }
  }
}
