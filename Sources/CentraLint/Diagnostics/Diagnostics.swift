import Dispatch

/// What happens to a run's findings after the checks, in one place and in this order (DESIGN
/// "One pipeline after the checks"): rule settings per path (in the file stage and the
/// cross-file sinks, by each file's rule table), then here: suppressions, redaction, sort,
/// fingerprints, the baseline, the cap per file. Reporters never sort.
enum Diagnostics {
  /// What the stages need to know of one reported file.
  struct FileSetup {
    /// Its rule table (its merchant's, with the overrides that match it).
    let table: Engine.MerchantRules
    /// Its suppression comments.
    let suppressions: [Suppression]
    /// Its documents' store names, for the findings made about its comments.
    let documents: [DocumentNames]
    /// The baseline that applies to it, if any.
    let baseline: Baseline?
    /// Its name, for findings about its comments.
    let fileName: String
    /// Findings dropped before, counted in the note: past the file stage's ceiling
    /// (`Engine.ceiling`), and the cross-file rules' past the cap (`FindingSink.rooms`).
    let droppedBefore: Int
  }

  /// The run's findings once through the stages.
  struct Finished {
    /// What is reported: sorted, fingerprinted, capped per file.
    var findings: [Finding] = []
    /// What suppression comments silenced, with their reasons (for SARIF), sorted and fingerprinted.
    var suppressed: [Finding] = []
    /// How many findings a baseline held back.
    var baselined = 0
    /// The fingerprints the baselines held back, to tell which entries no longer occur.
    var baselineSeen: Set<String> = []
  }

  /// The findings of a run, through the stages. `groups` holds each file's findings, the files in
  /// report order; `setup` gives a group's table, comments and baseline. Files are finished in
  /// parallel: a fingerprint's inputs hold the file, so no two files share a repeat count.
  static func finish(
    _ groups: [[Finding]], hiding secrets: SecretTexts, parallel: Bool, today: Day, caps: Bool = true, setup: (Int) -> FileSetup
  ) -> Finished {
    let setups = groups.indices.map(setup)
    let work: @Sendable (Int) -> Finished = { index in
      let setup = setups[index]
      var (kept, silenced) = setup.suppressions.isEmpty
        ? (groups[index], [])
        : suppress(groups[index], setup, today: today)
      // Redaction first: what it hides never decides an order or a fingerprint.
      kept = kept.map { $0.redacted(hiding: secrets) }
      silenced = silenced.map { $0.redacted(hiding: secrets) }
      var part = Fingerprint.assign(kept.inOrder(inFile: true))
      if !silenced.isEmpty {
        // Numbered after the reported ones: suppressing a finding never renumbers another.
        let all = Fingerprint.assign(part + silenced.inOrder(inFile: true))
        silenced = Array(all[part.count...])
      }
      var finished = Finished(suppressed: silenced)
      if let baseline = setup.baseline {
        // What cannot be suppressed cannot be baselined either (an expired exception, a file
        // that is not YAML): it is reported whatever the baseline says.
        let keys = baseline.keys(of: part, in: setup.fileName)
        var kept: [Finding] = []
        for (finding, key) in zip(part, keys) {
          if setup.table.known[finding.rule] == true, baseline.contains(key) {
            finished.baselined += 1
            finished.baselineSeen.insert(key)
          } else {
            kept.append(finding)
          }
        }
        part = kept
      }
      // The cap is last (DESIGN's order): suppressed and baselined findings do not use it up,
      // and it keeps a prefix of the report order, so the fingerprints it keeps are the ones a
      // run without it gives.
      if caps, part.count > setup.table.limits.findings || setup.droppedBefore > 0 {
        part = Engine.capped(part, setup.table, alsoDropped: setup.droppedBefore)
        // The note of how many more there were is the only one of its kind in the file.
        if let note = part.last, note.fingerprint == nil { part[part.count - 1] = Fingerprint.assign([note])[0] }
      }
      finished.findings = part
      return finished
    }
    let finished = Parallel.map(groups.count, inParallel: parallel, work)
    var result = Finished()
    result.findings = finished.flatMap(\.findings)
    result.suppressed = finished.flatMap(\.suppressed)
    for part in finished {
      result.baselined += part.baselined
      result.baselineSeen.formUnion(part.baselineSeen)
    }
    return result
  }

  /// Applies a file's suppression comments (SPEC §6): the findings they silence, with their
  /// reasons, and the findings the comments themselves are (`invalid-`, `expired-`,
  /// `unused-suppression`, each at its severity for the file, none when it is off there).
  static func suppress(_ findings: [Finding], _ setup: FileSetup, today: Day) -> (kept: [Finding], silenced: [Finding]) {
    let table = setup.table
    let comments = setup.suppressions
    let lookup = SuppressionIndex(comments, known: table.known, today: today)
    let active = lookup.active
    var kept: [Finding] = [], silenced: [Finding] = []
    /// Silences each finding a comment covers (with the first one's reason), keeps the others;
    /// returns which rules each comment silenced.
    func sort(_ findings: [Finding]) -> [Set<String>] {
      let (first, used) = lookup.assign(findings)
      for (finding, comment) in zip(findings, first) {
        if let comment {
          var silent = finding
          silent.justification = comments[comment].reason
          silenced.append(silent)
        } else {
          kept.append(finding)
        }
      }
      return used
    }
    var used = sort(findings)
    let file = setup.fileName
    func add(_ rule: String, _ values: Fills, at comment: Suppression) -> Finding? {
      guard let active = table.rules.first(where: { $0.id == rule }), let severity = active.check as? SuppressionCheck else { return nil }
      var sink = FindingSink(rule: rule, severity: active.severity, file: file, schema: table.context.schema, documents: setup.documents)
      sink.add(severity.message.render(values), at: SourceLocation(file: file, line: comment.line, column: comment.column),
               document: comment.document, snippet: comment.snippet,
               end: SourceLocation(file: file, line: comment.line, column: comment.endColumn))
      return sink.findings.first
    }
    var made: [Finding] = []
    for (index, comment) in comments.enumerated() {
      // A document a syntax error broke gets no finding but that one (SPEC §2).
      if comment.inBrokenDocument { continue }
      if !comment.problems.isEmpty {
        if let finding = add("invalid-suppression", ["problem": comment.problems.joined(separator: "; it ")], at: comment) { made.append(finding) }
      } else if let until = comment.until, until < today {
        if let finding = add("expired-suppression", ["until": until.description, "rules": comment.rules.joined(separator: ", ")], at: comment) {
          made.append(finding)
        }
      } else {
        // A rule that is off for the file has no findings to match: that is no reason to call
        // its suppression unused.
        for rule in comment.rules where !used[index].contains(rule) && table.severity(of: rule) != nil && rule != "unused-suppression" {
          if let finding = add("unused-suppression", ["rule": rule], at: comment) { made.append(finding) }
        }
      }
    }
    // An `unused-suppression` may be suppressed in its turn; one that names it and silences
    // nothing is unused itself (and reported: nothing suppresses that one).
    let usedOnUnused = sort(made.filter { $0.rule == "unused-suppression" })
    kept += made.filter { $0.rule != "unused-suppression" }
    for index in used.indices { used[index].formUnion(usedOnUnused[index]) }
    for index in active where comments[index].rules.contains("unused-suppression") && !used[index].contains("unused-suppression")
      && table.severity(of: "unused-suppression") != nil {
      if let finding = add("unused-suppression", ["rule": "unused-suppression"], at: comments[index]) { kept.append(finding) }
    }
    return (kept, silenced)
  }
}
