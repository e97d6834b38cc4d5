/// Suppression comments (SPEC §6): read in the file stage from the file's marker comments
/// (`CommentIndex`), applied after the cross-file findings are in (`Diagnostics`), so they
/// cover `plugin-uri-unique` too.
struct Suppression: Sendable {
  /// What a comment covers.
  enum Kind: String, Sendable, CaseIterable {
    case ignore, ignorePlugin = "ignore-plugin", ignoreFile = "ignore-file"
  }

  /// Where the comment is: its `#`, and the end of its line.
  var line: Int, column: Int, endColumn: Int
  /// The document it is in, for the store and environment of its findings.
  var document: Int?
  var kind: Kind?
  var rules: [String] = []
  var until: Day?
  /// Why the rules' findings are suppressed, as written (redacted with the rest of the run).
  var reason = ""
  /// The lines it covers (nil: none); `wholeFile` for `ignore-file`.
  var lines: ClosedRange<Int>?
  var wholeFile = false
  /// For `ignore-plugin`: the plugin (its document and index), whose findings it covers also
  /// where they are reported outside its lines (a value merged in from an anchor).
  var plugin: (document: Int, index: Int)?
  /// Why it is not valid; empty when it is.
  var problems: [String] = []
  /// Its masked source line, for the text report.
  var snippet: Finding.Snippet?
  /// In a document that a syntax error stopped (which gets no finding but `yaml-syntax`): it
  /// is neither judged nor reported unused.
  var inBrokenDocument = false

  /// Whether it suppresses anything: valid, not expired, and not in a document a syntax error
  /// broke (where what looks like a comment may be data).
  func isActive(today: Day) -> Bool {
    problems.isEmpty && !inBrokenDocument && !(until.map { $0 < today } ?? false)
  }

  /// Reads a file's marker comments. `known` tells for every rule of the file's merchant
  /// whether it may be suppressed; `plugins` and `tree` place an `ignore-plugin`.
  static func read(
    _ comments: [CommentIndex.Comment], known: [String: Bool], plugins: ArraySlice<Plugin>, tree: YAMLTree?,
    documents: [YAMLDocumentInfo], broken: Set<Int>
  ) -> [Suppression] {
    // The plugins by the lines their items start on, made at the first `ignore-plugin`.
    var byLine: [Int32: Plugin]?
    func plugin(at line: Int) -> Plugin? {
      if byLine == nil {
        var lines: [Int32: Plugin] = [:]
        for plugin in plugins {
          if lines[plugin.itemLine] == nil { lines[plugin.itemLine] = plugin }
          if lines[Int32(plugin.location.line)] == nil { lines[Int32(plugin.location.line)] = plugin }
        }
        byLine = lines
      }
      return byLine![Int32(clamping: line)]
    }
    // A plugin's last line, once per plugin however many comments name it.
    var lastLines: [Int32: Int] = [:]
    func lastLine(of plugin: Plugin) -> Int {
      if let known = lastLines[plugin.node] { return known }
      let line = Self.lastLine(of: Int(plugin.node), in: tree)
      lastLines[plugin.node] = line
      return line
    }
    /// The last document starting on or before a line (documents are in file order).
    func document(at line: Int) -> Int? {
      let after = documents.partitionPoint { $0.line <= line }
      return after > 0 ? after - 1 : nil
    }
    return comments.map { comment in
      var suppression = Suppression(line: comment.line, column: comment.column, endColumn: comment.endColumn)
      // A comment above the first document's content belongs to it.
      suppression.document = document(at: comment.line) ?? (documents.isEmpty ? nil : 0)
      // Past the last document that ended (where a syntax error stopped the parser), or in a
      // document a syntax error broke, nothing is known of plugins.
      suppression.inBrokenDocument = suppression.document.map(broken.contains) ?? !broken.isEmpty
        || (tree?.unfinishedFrom.map { comment.line >= $0 } ?? false)
      suppression.read(comment, known: known)
      guard suppression.problems.isEmpty else { return suppression }
      switch suppression.kind {
      case .ignore?:
        suppression.lines = comment.target.map { $0...$0 }
      case .ignorePlugin?:
        // The plugin whose list item starts on that line (its mapping, or an alias to one).
        if let target = comment.target, let plugin = plugin(at: target) {
          suppression.lines = target...max(target, lastLine(of: plugin))
          suppression.plugin = (plugin.document, plugin.index)
        } else if suppression.inBrokenDocument {
          suppression.lines = comment.target.map { $0...$0 }
        } else {
          suppression.problems.append("is neither at the end of a plugin's first line nor alone on a line just before it")
        }
      case .ignoreFile?:
        if comment.ownLine {
          suppression.wholeFile = true
        } else {
          suppression.problems.append("must stand alone on its line (ignore-file covers the whole file)")
        }
      case nil: break
      }
      return suppression
    }
  }

  /// Reads `KIND RULE[,RULE…] [until YYYY-MM-DD] -- REASON`.
  private mutating func read(_ comment: CommentIndex.Comment, known: [String: Bool]) {
    var text = Substring(comment.text.trimmingBlanks())
    let word = text.prefix { $0 != " " && $0 != "\t" }
    guard Kind(rawValue: String(word)) != nil, comment.marker == "centra-lint:" else {
      if let kind = Kind(rawValue: word.lowercased()) {
        problems.append("must be written in lower case: '# centra-lint: \(kind.rawValue) …'")
        return
      }
      let hint = Suggestion.nearest(to: String(word), in: Kind.allCases.map(\.rawValue)).map { "did you mean '\($0)'? " } ?? ""
      problems.append("is not one of ignore, ignore-plugin, ignore-file (\(hint)'\(Quote.clipped(String(word)))' was written)")
      return
    }
    kind = Kind(rawValue: String(word))
    text = text.dropFirst(word.count)
    var head = text
    if let dashes = text.firstRange(of: "--") {
      head = text[..<dashes.lowerBound]
      reason = String(text[dashes.upperBound...]).trimmingBlanks()
    } else if let dash = text.firstIndex(where: { $0 == "—" || $0 == "–" }) {
      problems.append("separates its reason with '\(text[dash])'; write ' -- ' (two hyphens) before the reason")
      return
    }
    let words = head.split(whereSeparator: { $0 == " " || $0 == "\t" })
    var ruleWords = words[...]
    if let untilAt = words.firstIndex(of: "until") {
      ruleWords = words[..<untilAt]
      let dates = words[(untilAt + 1)...]
      if dates.count == 1, let day = Day(dates.first!) {
        until = day
      } else {
        problems.append(dates.isEmpty
          ? "gives 'until' without a date; write until YYYY-MM-DD"
          : "gives 'until \(Quote.clipped(dates.joined(separator: " ")))', which is not a date; write until YYYY-MM-DD")
      }
    }
    // Each id once (a comment may repeat one; its findings and problems are told once).
    var seen = Set<String>()
    let ids = ruleWords.joined(separator: " ").split(separator: ",").map { String($0).trimmingBlanks() }
      .filter { !$0.isEmpty && seen.insert($0).inserted }
    if ids.isEmpty { problems.append("names no rule") }
    for id in ids {
      if problems.count > 3 {
        problems.append("")  // counted below, not worded
        continue
      }
      if id.contains(" ") {
        problems.append("names '\(Quote.clipped(id))': separate rule ids with commas")
      } else if let suppressible = known[id] {
        if suppressible { rules.append(id) } else { problems.append("names \(id), which cannot be suppressed") }
      } else {
        let hint = Suggestion.nearest(to: id, in: Array(known.keys)).map { "; did you mean '\($0)'?" } ?? ""
        problems.append("names the unknown rule '\(Quote.clipped(id))'\(hint)")
      }
    }
    // A reason says something: blanks of any kind alone are none.
    if !reason.unicodeScalars.contains(where: { $0.properties.isAlphabetic || $0.properties.numericType != nil }) {
      problems.append("gives no reason (write one after ' -- ')")
    }
    // What is wrong, told once each, the first few: a comment naming a thousand rules costs
    // its length, not its length squared in messages.
    if problems.count > 3 { problems = Array(problems.prefix(3)) + ["has \(problems.count - 3) more problems"] }
  }

  /// The last line with content of a node: a block collection ends where its last child
  /// does (libyaml ends it at the next token, which may be lines later).
  static func lastLine(of index: Int, in tree: YAMLTree?) -> Int {
    guard let tree, index >= 0, index < tree.nodes.count else { return 0 }
    var last = 0
    var stack = [index]
    var visited = 0
    while let next = stack.popLast(), visited < tree.nodes.count {
      visited += 1
      let node = tree.nodes[next]
      switch node.kind {
      case .mapping where node.style == .blockCollection, .sequence where node.style == .blockCollection:
        last = max(last, Int(node.line))
        stack.append(contentsOf: tree.children(of: next).map(Int.init))
      default:
        let end = Int(node.endLine)
        last = max(last, node.endColumn <= 1 && end > Int(node.line) ? end - 1 : end)
      }
    }
    return last
  }
}

/// The active comments of a file by the rules they name, and what may be suppressed: the one
/// answer to "which comments silence these findings", asked by the file stage's ceiling and by
/// `Diagnostics.suppress`. Answered for all of a file's findings at once, in time
/// O((findings + comments) log), however many comments cover one line or one plugin.
struct SuppressionIndex {
  let comments: [Suppression]
  /// The rules of the file's merchant, by id: whether each may be suppressed.
  let known: [String: Bool]
  /// The comments (by index) that suppress something, in order.
  let active: [Int]
  private var byRule: [String: [Int]] = [:]

  init(_ comments: [Suppression], known: [String: Bool], today: Day) {
    self.comments = comments
    self.known = known
    active = comments.indices.filter { comments[$0].isActive(today: today) }
    for index in active { for rule in Set(comments[index].rules) { byRule[rule, default: []].append(index) } }
  }

  /// What the comments do to a file's findings: for each finding the first active comment that
  /// covers it (nil: none, or its rule may not be suppressed), and for each comment the rules of
  /// which it covers a finding (every comment that covers one is used, not only the first).
  func assign(_ findings: [Finding]) -> (first: [Int?], used: [Set<String>]) {
    var first = [Int?](filling: nil, count: findings.count)
    var used = [Set<String>](filling: [], count: comments.count)
    var findingsByRule: [String: [Int]] = [:]
    for (index, finding) in findings.enumerated() where known[finding.rule] == true && byRule[finding.rule] != nil {
      findingsByRule[finding.rule, default: []].append(index)
    }
    struct PluginKey: Hashable { let document: Int, index: Int }
    func pluginKey(of finding: Finding) -> PluginKey? {
      guard let document = finding.document, let path = finding.path, let index = FieldPath(path).pluginIndex else { return nil }
      return PluginKey(document: document, index: index)
    }
    for (rule, members) in findingsByRule {
      let named = byRule[rule]!
      // The comments of the rule by how they cover, the first of each kind kept where only the
      // first matters.
      var wholeFile: Int?
      var ranges: [(lines: ClosedRange<Int>, comment: Int)] = []
      var plugins: [PluginKey: Int] = [:]
      for comment in named {
        let suppression = comments[comment]
        if suppression.wholeFile, wholeFile == nil { wholeFile = comment }
        if let lines = suppression.lines { ranges.append((lines, comment)) }
        if let plugin = suppression.plugin {
          let key = PluginKey(document: plugin.document, index: plugin.index)
          if plugins[key] == nil { plugins[key] = comment }
        }
      }
      // Which comments are used: a whole-file one by any finding; a range by a finding on one
      // of its lines (found by halving the sorted lines); a plugin by one of its findings.
      let lines = members.map { findings[$0].location.line }.sorted()
      let findingPlugins = Set(members.compactMap { pluginKey(of: findings[$0]) })
      for comment in named {
        let suppression = comments[comment]
        var covers = suppression.wholeFile
        if !covers, let range = suppression.lines {
          let first = lines.partitionPoint { $0 < range.lowerBound }
          covers = first < lines.count && lines[first] <= range.upperBound
        }
        if !covers, let plugin = suppression.plugin {
          covers = findingPlugins.contains(PluginKey(document: plugin.document, index: plugin.index))
        }
        if covers { used[comment].insert(rule) }
      }
      // The first covering comment of each finding: a sweep over the findings by line, with
      // the ranges begun so far in a heap by comment (those that ended are dropped as they
      // come to its top: lines only grow).
      ranges.sort { $0.lines.lowerBound < $1.lines.lowerBound }
      var open = MinimumHeap()
      var next = 0
      for member in members.sorted(by: { findings[$0].location.line < findings[$1].location.line }) {
        let finding = findings[member]
        let line = finding.location.line
        while next < ranges.count, ranges[next].lines.lowerBound <= line {
          open.insert(ranges[next].comment, until: ranges[next].lines.upperBound)
          next += 1
        }
        while let top = open.top, top.until < line { open.removeTop() }
        let candidates = [wholeFile, open.top?.comment, pluginKey(of: finding).flatMap { plugins[$0] }]
        first[member] = candidates.compactMap { $0 }.min()
      }
    }
    return (first, used)
  }

  /// Comments with the last line they cover, the lowest comment on top.
  private struct MinimumHeap {
    private var items: [(comment: Int, until: Int)] = []
    var top: (comment: Int, until: Int)? { items.first }

    mutating func insert(_ comment: Int, until: Int) {
      items.append((comment, until))
      var child = items.count - 1
      while child > 0 {
        let parent = (child - 1) / 2
        guard items[child].comment < items[parent].comment else { break }
        items.swapAt(child, parent)
        child = parent
      }
    }

    mutating func removeTop() {
      items.swapAt(0, items.count - 1)
      items.removeLast()
      var parent = 0
      while true {
        let left = 2 * parent + 1, right = left + 1
        var smallest = parent
        if left < items.count, items[left].comment < items[smallest].comment { smallest = left }
        if right < items.count, items[right].comment < items[smallest].comment { smallest = right }
        guard smallest != parent else { return }
        items.swapAt(parent, smallest)
        parent = smallest
      }
    }
  }
}

/// The check of `invalid-suppression`, `unused-suppression` and `expired-suppression`: the
/// comments are judged after every other finding is in (`Diagnostics.suppress`), which renders
/// the rule file's message (`{problem}`, `{rule}`, `{until}`, `{rules}`).
struct SuppressionCheck: Check {
  let message: Template
  func run(_ file: CheckedFile, _ context: CheckContext, _ sink: inout FindingSink) {}
}
