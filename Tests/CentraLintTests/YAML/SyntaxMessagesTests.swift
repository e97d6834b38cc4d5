import XCTest
@testable import CentraLint

/// libyaml's commonest errors read as a person would want them, at the character that is wrong,
/// with libyaml's words kept as detail.
final class SyntaxMessagesTests: XCTestCase {
  private func syntax(_ bytes: [UInt8]) throws -> Finding {
    let findings = try Support.lint(bytes).filter { $0.rule == "yaml-syntax" }
    XCTAssertEqual(findings.count, 1)
    return try XCTUnwrap(findings.first)
  }

  private func syntax(_ text: String) throws -> Finding { try syntax(Array(text.utf8)) }

  func testATabInTheIndentation() throws {
    let finding = try syntax("plugins:\n\t- type: Klarna Payments\n")
    XCTAssertTrue(finding.message.hasPrefix("a tab indents this line: YAML indents with spaces only"), finding.message)
    XCTAssertTrue(finding.message.contains("(libyaml: "), "libyaml's text is kept")
    XCTAssertEqual([finding.location.line, finding.location.column], [2, 1])
    let inItem = try syntax("plugins:\n  - type: Klarna\n\tstatus: Active\n")
    XCTAssertTrue(inItem.message.hasPrefix("a tab indents this line"), inItem.message)
  }

  func testALatin1ByteIsNamedWhereItIs() throws {
    for (bytes, column) in [(Array("name: ".utf8) + [0xE9, 0x74, 0xE9, 0x0A], 7), (Array("name: Caf".utf8) + [0xE9, 0x20, 0x62, 0x0A], 10),
                            (Array("name: ".utf8) + [0xC3, 0xA9, 0x80, 0x0A], 8)] {
      let finding = try syntax(bytes)
      XCTAssertTrue(finding.message.hasPrefix("the file is not UTF-8 here (byte 0x"), finding.message)
      XCTAssertFalse(finding.message.contains("#x"), "libyaml's byte is the one after: not named")
      XCTAssertEqual([finding.location.line, finding.location.column], [1, column], finding.message)
    }
  }

  func testLinesThatDoNotLineUp() throws {
    XCTAssertTrue(try syntax("plugins:\n  - type: Klarna Payments\n     status: Active\n").message
      .hasPrefix("this line is indented more than the line above"))
    XCTAssertTrue(try syntax("plugins:\n  - type: Klarna Payments\n   - type: Adyen\n").message
      .hasPrefix("this line does not line up with the list above it"))
    XCTAssertTrue(try syntax("store: a: b\n").message.hasPrefix("a value cannot hold ': ' on the line of its key"))
    XCTAssertTrue(try syntax("store: @x\n").message.hasPrefix("'@' cannot start a value here; put the value in quotes"))
  }
}
