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

  /// A cell of CSV (RFC 4180): what may not reach a person as `?` (`Printable`), quoted when
  /// it holds a comma or a quote (a quote doubled), and prefixed with `'` when it starts with
  /// `=`, `+`, `-`, `@`, TAB or CR, so that a spreadsheet never runs input as a formula (SPEC §10).
  static func csv(_ text: String) -> String {
    var cell = Printable.escaped(text)
    if let first = cell.utf8.first, [0x3D, 0x2B, 0x2D, 0x40, 0x09, 0x0D].contains(first) { cell = "'" + cell }
    guard cell.utf8.contains(where: { $0 == 0x2C || $0 == 0x22 || $0 == 0x0D || $0 == 0x0A }) else { return cell }
    var result = "\""
    for character in cell.unicodeScalars {
      if character == "\"" { result += "\"" }
      result.unicodeScalars.append(character)
    }
    return result + "\""
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
