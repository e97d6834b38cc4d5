/// Escaping for the markup formats, one function each: what came from input is text there,
/// never markup, and never a control character.
enum Markup {
  /// Text for XML and HTML, in content and in attribute values: `& < > " '` as entities; what
  /// may not reach a person or is not allowed in XML 1.0 as `?` (`Printable`).
  static func xml(_ text: String) -> String {
    // Most text is plain printable ASCII: returned as it is, without a copy.
    if text.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F && $0 != 0x26 && $0 != 0x3C && $0 != 0x3E && $0 != 0x22 && $0 != 0x27 }) {
      return text
    }
    var result = ""
    result.reserveCapacity(text.utf8.count)
    for scalar in Printable.escaped(text).unicodeScalars {
      switch scalar {
      case "&": result += "&amp;"
      case "<": result += "&lt;"
      case ">": result += "&gt;"
      case "\"": result += "&quot;"
      case "'": result += "&#39;"
      case "\u{FFFE}", "\u{FFFF}": result += "?"
      default: result.unicodeScalars.append(scalar)
      }
    }
    return result
  }

  /// Text for Markdown (GitHub's flavour), never at a line's start (it always follows `| ` or
  /// `### `), also inside a table cell: what could make markup inside a line is escaped with a
  /// backslash, `<`, `>` and `&` as entities.
  static func markdown(_ text: String) -> String {
    var result = ""
    for scalar in Printable.escaped(text).unicodeScalars {
      switch scalar {
      case "\\", "`", "*", "_", "[", "]", "|", "~", "$":
        result += "\\" + String(scalar)
      case "<": result += "&lt;"
      case ">": result += "&gt;"
      case "&": result += "&amp;"
      default: result.unicodeScalars.append(scalar)
      }
    }
    return result
  }
}
