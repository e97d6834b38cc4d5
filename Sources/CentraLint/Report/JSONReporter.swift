/// The report for programs: SPEC §4, version 1.
enum JSONReporter: Reporter {
  /// The report as pretty-printed JSON with a final newline.
  static func report(_ input: ReportInput) -> String {
    let findings = input.findings, summary = input.summary, toolVersion = input.toolVersion
    // Written as bytes into one buffer: a fleet's report has thousands of findings, and
    // appending Strings piece by piece was the slowest part of the run's serial tail.
    var out = JSON.Writer(capacity: 256 + findings.count * 320)
    out.raw("{\n  \"version\": 1,\n  \"tool\": { \"name\": \"centra-lint\", \"version\": ")
    out.string(toolVersion)
    out.raw(" },\n  \"findings\": [")
    write(findings, to: &out)
    out.raw(findings.isEmpty ? "],\n" : "\n  ],\n")
    write(summary, to: &out)
    out.raw("\n}\n")
    return out.text
  }

  /// From this many findings the report is written on every core (a fleet of 30,000 small
  /// exports with 11,622 findings: 135 M instructions on one thread).
  static let parallelFrom = 2048

  /// The findings as the items of a list whose `[` is written, each on its own lines after a
  /// line end (and a comma after the first), without the list's end. Many findings (a fleet's)
  /// are written in parts on every core and joined in order; a few (a pre-commit run's) on
  /// this thread, which starts no other.
  static func write(_ findings: [Finding], to out: inout JSON.Writer) {
    out.items(findings.count, inParts: findings.count >= parallelFrom) { index, out in
      out.raw(index == 0 ? "\n" : ",\n")
      write(findings[index], to: &out)
    }
  }

  /// The summary member, without a line end.
  static func write(_ summary: Summary, to out: inout JSON.Writer) {
    out.raw("  \"summary\": { \"files\": ")
    out.number(summary.files)
    out.raw(", \"plugins\": ")
    out.number(summary.plugins)
    out.raw(", \"errors\": ")
    out.number(summary.errors)
    out.raw(", \"warnings\": ")
    out.number(summary.warnings)
    out.raw(", \"infos\": ")
    out.number(summary.infos)
    out.raw(", \"stores\": ")
    out.number(summary.stores)
    out.raw(", \"suppressed\": ")
    out.number(summary.suppressed)
    out.raw(", \"baselined\": ")
    out.number(summary.baselined)
    out.raw(", \"skipped\": ")
    out.number(summary.skipped)
    out.raw(" }")
  }

  /// One finding as an object, indented as an item of the top-level `findings`, without a
  /// line end.
  static func write(_ finding: Finding, to out: inout JSON.Writer) {
    out.raw("    {\n      \"rule\": ")
    out.string(finding.rule)
    out.raw(",\n      \"severity\": ")
    out.string(finding.severity.rawValue)
    out.raw(",\n      \"message\": ")
    out.string(finding.message)
    out.raw(",\n      \"file\": ")
    out.string(finding.location.file)
    out.raw(",\n      \"line\": ")
    out.number(finding.location.line)
    out.raw(",\n      \"column\": ")
    out.number(finding.location.column)
    out.field(",\n      \"path\": ", finding.path)
    out.field(",\n      \"plugin\": ", finding.plugin)
    out.raw(",\n      \"related\": [")
    for (at, related) in finding.related.enumerated() {
      out.raw(at == 0 ? "{ \"file\": " : ", { \"file\": ")
      out.string(related.location.file)
      out.raw(", \"line\": ")
      out.number(related.location.line)
      out.raw(", \"column\": ")
      out.number(related.location.column)
      out.raw(", \"message\": ")
      out.string(related.message)
      out.raw(" }")
    }
    out.raw("]")
    if let document = finding.document {
      out.raw(",\n      \"document\": ")
      out.number(document)
    }
    out.field(",\n      \"store\": ", finding.store)
    out.field(",\n      \"environment\": ", finding.environment)
    out.field(",\n      \"fingerprint\": ", finding.fingerprint)
    if let end = finding.end {
      out.raw(",\n      \"endLine\": ")
      out.number(end.line)
      out.raw(", \"endColumn\": ")
      out.number(end.column)
    }
    if let fix = finding.fix {
      out.raw(",\n      \"fix\": { \"replacement\": ")
      out.string(fix.replacement)
      out.raw(", \"title\": ")
      out.string(fix.title)
      out.raw(" }")
    }
    out.raw("\n    }")
  }
}

/// JSON text.
enum JSON {
  /// Builds JSON text as UTF-8 bytes.
  struct Writer {
    private var bytes: [UInt8] = []

    init(capacity: Int) { bytes.reserveCapacity(capacity) }

    var text: String { String(decoding: bytes, as: UTF8.self) }

    mutating func raw(_ text: String) { bytes.append(contentsOf: text.utf8) }

    /// Writes `count` items in order, each by `item` (given its index). With `inParts`, in four
    /// parts on every core, joined in order: for many items, where writing them on one thread
    /// is the tail of a run.
    mutating func items(_ count: Int, inParts: Bool, _ item: @Sendable (Int, inout Writer) -> Void) {
      guard inParts, count > 1 else {
        for index in 0..<count { item(index, &self) }
        return
      }
      let parts = 4, size = (count + parts - 1) / parts
      for part in Parallel.map(parts, { part in
        var out = Writer(capacity: 0)
        for index in min(part * size, count)..<min((part + 1) * size, count) { item(index, &out) }
        return out
      }) {
        bytes.append(contentsOf: part.bytes)
      }
    }

    /// `key` (the text before the value) and a quoted value, when there is one: an optional
    /// key is left out, not null.
    mutating func field(_ key: StaticString, _ value: String?) {
      guard let value else { return }
      raw(key)
      string(value)
    }

    mutating func raw(_ text: StaticString) {
      bytes.append(contentsOf: UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
    }

    mutating func number(_ value: Int) { bytes.append(contentsOf: String(value).utf8) }

    /// A quoted, escaped string: `"`, `\` and control characters (`\n`, `\r`, `\t` by name,
    /// the others and DEL as `\u00xx`); the `[` of a `##[` as `\u005b` (the same string, and
    /// never an Actions runner command where the report is printed to a CI log: `Printable`);
    /// everything else, UTF-8 included, as it is (a Swift String holds no lone surrogate).
    mutating func string(_ text: String) {
      bytes.append(0x22)
      var text = text
      text.withUTF8 { utf8 in
        var start = 0
        for (at, byte) in utf8.enumerated()
        where byte < 0x20 || byte == 0x22 || byte == 0x5C || byte == 0x7F || (byte == 0x5B && at >= 2 && utf8[at - 1] == 0x23 && utf8[at - 2] == 0x23) {
          bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[start..<at]))
          start = at + 1
          switch byte {
          case 0x22: bytes.append(contentsOf: [0x5C, 0x22])
          case 0x5C: bytes.append(contentsOf: [0x5C, 0x5C])
          case 0x0A: bytes.append(contentsOf: [0x5C, 0x6E])
          case 0x0D: bytes.append(contentsOf: [0x5C, 0x72])
          case 0x09: bytes.append(contentsOf: [0x5C, 0x74])
          default:
            let hex = Array("0123456789abcdef".utf8)
            bytes.append(contentsOf: [0x5C, 0x75, 0x30, 0x30, hex[Int(byte >> 4)], hex[Int(byte & 0xF)]])
          }
        }
        bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[start...]))
      }
      bytes.append(0x22)
    }
  }
}
