/// Escaping for the markup formats, one function each: what came from input is text there,
/// never markup, and never a control character.
enum Markup {
  /// Text for XML and HTML, in content and in attribute values: `& < > " '` as entities; what
  /// may not reach a person or is not allowed in XML 1.0 as `?` (`Printable`).
  static func xml(_ text: String) -> String {
    // Most text is plain printable ASCII: returned as it is, without a copy.
    if text.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F && $0 != 0x26 && $0 != 0x3C && $0 != 0x3E && $0 != 0x22 && $0 != 0x27 }),
       !Printable.holdsRunnerCommand(text.utf8) {
      return text
    }
    // Made as bytes: appending to a String's scalars took hundreds of instructions a scalar,
    // and a message's quotes send nearly every one here.
    var result: [UInt8] = []
    result.reserveCapacity(text.utf8.count + 16)
    for scalar in Printable.escaped(text).unicodeScalars {
      switch scalar {
      case "&": result += "&amp;".utf8
      case "<": result += "&lt;".utf8
      case ">": result += "&gt;".utf8
      case "\"": result += "&quot;".utf8
      case "'": result += "&#39;".utf8
      case "\u{FFFE}", "\u{FFFF}": result.append(UInt8(ascii: "?"))
      default: result += scalar.utf8
      }
    }
    return String(decoding: result, as: UTF8.self)
  }

  /// Text in a SARIF message (`message.text`), where `[text](id)` is a link that GitHub shows:
  /// `\`, `[` and `]` from input are escaped with a backslash (SARIF §3.11.6), so input never
  /// makes a link, and only the reporter's own related-place links are links.
  static func sarif(_ text: String) -> String {
    guard text.utf8.contains(where: { $0 == 0x5B || $0 == 0x5D || $0 == 0x5C }) else { return text }
    return text.replacing("\\", with: "\\\\").replacing("[", with: "\\[").replacing("]", with: "\\]")
  }

  /// Text from input in Markdown (GitHub's flavour): a code span, so nothing in it is markup,
  /// HTML or a link (GitHub links a bare URL or e-mail address even when its characters are
  /// escaped); what may not reach a person as `?` (`Printable`). In a table cell (`inTable`) a
  /// `|` is escaped, which GitHub unescapes there, code span or not.
  static func markdownCode(_ text: String, inTable: Bool = true) -> String {
    var body = Printable.escaped(text)
    guard !body.isEmpty else { return "" }
    var longest = 0, run = 0
    for byte in body.utf8 {
      run = byte == 0x60 ? run + 1 : 0
      longest = max(longest, run)
    }
    if inTable { body = body.replacing("|", with: "\\|") }
    // A code span drops one space at each end when both are there, and a backquote at an
    // end would join the fence: a space each side keeps the text as it is.
    if body.hasPrefix("`") || body.hasSuffix("`") || body.hasPrefix(" ") && body.hasSuffix(" ") { body = " " + body + " " }
    let fence = String(repeating: "`", count: longest + 1)
    return fence + body + fence
  }

  /// A rule file's text, wrapped at a fixed width there, as paragraphs: the lines of a
  /// paragraph joined by spaces, paragraphs apart by a blank line (a viewer such as GitHub's
  /// code scanning wraps the text itself, and a line break mid-sentence shows as one).
  static func paragraphs(_ text: String) -> String {
    text.split(separator: "\n", omittingEmptySubsequences: false)
      .split { $0.allSatisfy { $0 == " " } }
      .map { $0.map { $0.trimmingBlanks() }.joined(separator: " ") }
      .joined(separator: "\n\n")
  }

  /// A cell of CSV (RFC 4180): what may not reach a person as `?` (`Printable`), quoted when
  /// it holds a comma or a quote (a quote doubled) or starts with `:`, and prefixed with `'` when it starts with
  /// `=`, `+`, `-`, `@`, TAB or CR, so that a spreadsheet never runs input as a formula (SPEC §10).
  static func csv(_ text: String) -> String {
    var cell = Printable.escaped(text)
    if let first = cell.utf8.first, [0x3D, 0x2B, 0x2D, 0x40, 0x09, 0x0D].contains(first) { cell = "'" + cell }
    // Quoted also when it starts with `:`: a row printed to a CI log never starts with `::`.
    guard cell.utf8.first == 0x3A || cell.utf8.contains(where: { $0 == 0x2C || $0 == 0x22 || $0 == 0x0D || $0 == 0x0A }) else {
      return cell
    }
    // The quotes doubled on the bytes (a quote is one byte, and no byte of another character).
    var result: [UInt8] = [0x22]
    result.reserveCapacity(cell.utf8.count + 8)
    for byte in cell.utf8 {
      if byte == 0x22 { result.append(0x22) }
      result.append(byte)
    }
    result.append(0x22)
    return String(decoding: result, as: UTF8.self)
  }

  /// Names for XML (`xml`), each unique after escaping: two files whose names differ only in a
  /// control character (`a\u{1}.yaml`, `a\u{2}.yaml`) would both be `a?.yaml`, and a consumer
  /// that keys by name (GitLab's test report) would drop one; a repeat gets ` (2)`, ` (3)`, ….
  static func uniqueXML(_ names: [String]) -> [String] { unique(names.map(xml)) }

  /// Names made unique in order: a repeat gets ` (2)`, ` (3)`, … (a suffix that is itself
  /// taken moves on), each name looked at a bounded number of times on the whole.
  static func unique(_ names: [String]) -> [String] {
    var taken: Set<String> = [], next: [String: Int] = [:]
    return names.map { name in
      if taken.insert(name).inserted { return name }
      var repeats = next[name, default: 2], unique = "\(name) (\(repeats))"
      while !taken.insert(unique).inserted {
        repeats += 1
        unique = "\(name) (\(repeats))"
      }
      next[name] = repeats + 1
      return unique
    }
  }

  /// Text for Markdown (GitHub's flavour), never at a line's start (it always follows `| ` or
  /// `### `), also inside a table cell: what could make markup inside a line is escaped with a
  /// backslash, `<`, `>` and `&` as entities.
  static func markdown(_ text: String) -> String {
    // Made as bytes: appending to a String's scalars took hundreds of instructions a scalar.
    var result: [UInt8] = []
    result.reserveCapacity(text.utf8.count + 16)
    for scalar in Printable.escaped(text).unicodeScalars {
      switch scalar {
      case "\\", "`", "*", "_", "[", "]", "|", "~", "$":
        result.append(UInt8(ascii: "\\"))
        result += scalar.utf8
      case "<": result += "&lt;".utf8
      case ">": result += "&gt;".utf8
      case "&": result += "&amp;".utf8
      default: result += scalar.utf8
      }
    }
    return String(decoding: result, as: UTF8.self)
  }
}
