import XCTest
@testable import CentraLint

final class FieldPathTests: XCTestCase {
  func testPathsAreWrittenAsReportsShowThem() {
    XCTAssertEqual(FieldPath.plugin(2).text, "plugins[2]")
    XCTAssertEqual(FieldPath.plugin(2).field("restrictions.countries").item(1).text, "plugins[2].restrictions.countries[1]")
    XCTAssertEqual(FieldPath("").field("environment").text, "environment")
    XCTAssertEqual(FieldPath("").item(0).field("secret").text, "[0].secret")
  }

  func testAPathIsReadBackForItsPlugin() {
    let path = FieldPath.plugin(12).field("uri")
    XCTAssertEqual(path.pluginIndex, 12)
    XCTAssertEqual(path.pluginRest, ".uri")
    XCTAssertEqual(path.inPlugin(3).text, "plugins[3].uri")
    XCTAssertEqual(FieldPath.plugin(4).pluginRest, "")
    XCTAssertNil(FieldPath("environment").pluginIndex)
    XCTAssertNil(FieldPath("pluginsX[1]").pluginRest)
    XCTAssertEqual(FieldPath("store").inPlugin(1).text, "store")
  }
}
