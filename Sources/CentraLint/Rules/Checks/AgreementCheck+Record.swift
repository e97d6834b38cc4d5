extension AgreementCheck {
  /// What a plugin claim of `environments-agree` keeps of its plugin, packed into the claim's
  /// `numbers` (one allocation a plugin; its fields are not kept: a store's copies held every
  /// field of every plugin to the end, about 2 KiB a plugin: the benchmark's multi-document
  /// exports peaked at 134 MiB with this rule alone, 80 without it; packed, 106): its URI and
  /// name as a message may show them (its key and label), and for a Klarna Payments plugin each
  /// compared field's value as read and its place.
  ///
  /// Layout: the header (the URI's and the name's length in bytes, -1: none shown), then each
  /// field kept (`fieldSize` numbers, and `viaSize` more for a value an alias brought), then the
  /// bytes of the URI, the name and each field's value in turn, four to a number. A list's bytes
  /// are its items', each after the first behind a NUL.
  struct Record {
    /// What a compared field holds.
    enum Tag: Int32 {
      /// Never compared nor shown: sensitive, invalid, a section, a list with a NUL in an item.
      case hidden = 0
      case text = 1, yes = 2, no = 3, choice = 4
      /// `extra`: the endpoint's entry in the table; the bytes: how it is written.
      case endpoint = 5
      /// `extra`: how many items.
      case items = 6
    }

    /// The numbers before the fields: the URI's and the name's length, how many fields are kept
    /// and where their bytes start.
    private static let header = 4
    /// A field's numbers: its position among the compared fields, tag and whether an alias
    /// brought it (one number), where its bytes start and end, its `extra`, its line, column,
    /// end line and end column; then the alias's line and column when there is one.
    private static let fieldSize = 8, viaSize = 2

    let numbers: [Int32]

    init(_ numbers: [Int32]) { self.numbers = numbers }

    /// Room to pack a file's plugins in, kept from plugin to plugin: by compared position,
    /// where its field is among the plugin's (-1: none), and its tag (-1: none as read).
    struct Room {
      fileprivate var at: [Int], tags: [Int32]

      init(compared count: Int) {
        at = Array(filling: -1, count: count)
        tags = Array(filling: -1, count: count)
      }
    }

    /// The record of a plugin's fields: `compared` gives each slot's place among the compared
    /// fields (-1: not compared), `count` how many there are (none for a plugin that is not
    /// Klarna Payments). Only fields with a value as read are kept, in the order compared; a
    /// compared field's last occurrence counts (as a plugin's fields are read), the URI's and
    /// the name's first (`FieldList.shownText`). Sized first, then written in place: one
    /// allocation.
    static func pack(
      _ fields: FieldList, uriSlot: Int, nameSlot: Int, compared: [Int], count: Int, in room: inout Room
    ) -> [Int32] {
      fields.storage.withUnsafeBufferPointer { buffer -> [Int32] in
        // Through the pointer: the buffer's subscript copies each field (`FieldValue`).
        let base = buffer.baseAddress
        var uri = -1, name = -1
        for position in 0..<count { room.at[position] = -1 }
        for index in buffer.indices {
          let slot = Int(base![index].slot)
          if slot == uriSlot, uri < 0 { uri = index }
          if slot == nameSlot, name < 0 { name = index }
          if count > 0, slot < compared.count, compared[slot] >= 0 { room.at[compared[slot]] = index }
        }
        func shown(_ index: Int) -> String? {
          guard index >= 0, !base![index].sensitive, case .text(let text) = base![index].value else { return nil }
          return text
        }
        let uriText = shown(uri), nameText = shown(name)
        // Each field's tag, and the numbers and bytes they take.
        var size = header, bytes = (uriText?.utf8.count ?? 0) + (nameText?.utf8.count ?? 0), kept: Int32 = 0
        for position in 0..<count {
          room.tags[position] = -1
          guard room.at[position] >= 0 else { continue }
          let field = base! + room.at[position]
          var tag = Tag.hidden
          if !field.pointee.sensitive {
            switch field.pointee.value {
            case .absent: continue
            case .text(let text):
              tag = .text
              bytes += text.utf8.count
            case .yesNo(let yes): tag = yes ? .yes : .no
            case .choice(let choice):
              tag = .choice
              bytes += choice.utf8.count
            case .endpoint(let endpoint):
              tag = .endpoint
              bytes += endpoint.written.utf8.count
            case .items(let items):
              // A NUL in an item would read as two items: such a list is not compared.
              let nul = items.contains { item in
                var text = item.text
                return text.withUTF8 { ByteScan.contains(0, in: $0) }
              }
              if !nul {
                tag = .items
                bytes += items.reduce(items.count - 1) { $0 + $1.text.utf8.count }
              }
            case .section, .invalid: break
            }
          }
          room.tags[position] = tag.rawValue
          kept += 1
          size += fieldSize + (field.pointee.viaLine != 0 ? viaSize : 0)
        }
        let start = size
        size += (bytes + 3) / 4
        var packed = [Int32](filling: 0, count: size)
        packed.withUnsafeMutableBufferPointer { numbers in
          let raw = UnsafeMutableRawPointer(numbers.baseAddress! + start)
          var written = 0
          func write(_ text: String) { PackedText.write(text, to: raw, at: &written) }
          numbers[0] = Int32(uriText?.utf8.count ?? -1)
          numbers[1] = Int32(nameText?.utf8.count ?? -1)
          numbers[2] = kept
          numbers[3] = Int32(start)
          if let uriText { write(uriText) }
          if let nameText { write(nameText) }
          var entry = header
          for position in 0..<count where room.tags[position] >= 0 {
            let field = base! + room.at[position], tag = Tag(rawValue: room.tags[position])!
            let via = field.pointee.viaLine != 0
            numbers[entry] = Int32(position) | tag.rawValue << 16 | (via ? 1 << 24 : 0)
            numbers[entry + 1] = Int32(written)
            var extra: Int32 = 0
            if tag != .hidden {
              switch field.pointee.value {
              case .text(let text): write(text)
              case .choice(let choice): write(choice)
              case .endpoint(let endpoint):
                extra = Int32(endpoint.index)
                write(endpoint.written)
              case .items(let items):
                extra = Int32(items.count)
                for (index, item) in items.enumerated() {
                  if index > 0 {
                    raw.storeBytes(of: 0, toByteOffset: written, as: UInt8.self)
                    written += 1
                  }
                  write(item.text)
                }
              default: break
              }
            }
            numbers[entry + 2] = Int32(written)
            numbers[entry + 3] = extra
            (numbers[entry + 4], numbers[entry + 5]) = (field.pointee.line, field.pointee.column)
            (numbers[entry + 6], numbers[entry + 7]) = (field.pointee.endLine, field.pointee.endColumn)
            if via { (numbers[entry + 8], numbers[entry + 9]) = (field.pointee.viaLine, field.pointee.viaColumn) }
            entry += fieldSize + (via ? viaSize : 0)
          }
        }
        return packed
      }
    }

    /// The URI as written, when it may be shown.
    var uri: String? { numbers[0] < 0 ? nil : text(0..<Int(numbers[0])) }
    /// The name as written, when it may be shown.
    var name: String? {
      let start = max(0, Int(numbers[0]))
      return numbers[1] < 0 ? nil : text(start..<start + Int(numbers[1]))
    }

    /// Where each compared field's numbers are, into `at` (by position; -1: none as read).
    func locate(into at: inout [Int32]) {
      for position in at.indices { at[position] = -1 }
      var entry = Self.header
      for _ in 0..<Int(numbers[2]) {
        at[Int(numbers[entry] & 0xFFFF)] = Int32(entry)
        entry += Self.fieldSize + (numbers[entry] >> 24 != 0 ? Self.viaSize : 0)
      }
    }

    /// The tag of the field at `entry` (`locate`; nil: none as read).
    func tag(_ entry: Int32) -> Tag? { entry < 0 ? nil : Tag(rawValue: numbers[Int(entry)] >> 16 & 0xFF) }
    private func range(_ entry: Int32) -> Range<Int> { Int(numbers[Int(entry) + 1])..<Int(numbers[Int(entry) + 2]) }
    private func extra(_ entry: Int32) -> Int32 { numbers[Int(entry) + 3] }

    /// Where the bytes start, in bytes from the start of `numbers`.
    private var bytesStart: Int { 4 * Int(numbers[3]) }

    private func text(_ range: Range<Int>) -> String { PackedText.read(numbers, range.lowerBound + bytesStart..<range.upperBound + bytesStart) }

    /// The place of the field at `entry` (`locate`), at `slot`.
    func place(_ entry: Int32, slot: Int) -> Place {
      let entry = Int(entry)
      var place = Place(line: numbers[entry + 4], column: numbers[entry + 5], slot: Int32(slot))
      (place.endLine, place.endColumn) = (numbers[entry + 6], numbers[entry + 7])
      if numbers[entry] >> 24 != 0 { (place.viaLine, place.viaColumn) = (numbers[entry + 8], numbers[entry + 9]) }
      return place
    }

    /// Whether a field of two records (at `mine` and `theirs`: `locate`) agrees as read, before
    /// any text is made of it: none in both, or the same values, an endpoint by its entry, a
    /// list's items in the same order.
    static func agreeAsRead(_ a: Record, _ mine: Int32, _ b: Record, _ theirs: Int32) -> Bool {
      guard let tag = a.tag(mine), let other = b.tag(theirs) else { return mine < 0 && theirs < 0 }
      guard tag == other, a.extra(mine) == b.extra(theirs) else { return false }
      switch tag {
      case .hidden, .yes, .no, .endpoint: return true
      case .text, .choice, .items:
        let x = a.range(mine), y = b.range(theirs)
        guard x.count == y.count else { return false }
        return a.numbers.withUnsafeBytes { first in
          b.numbers.withUnsafeBytes { second in
            let p = first.baseAddress! + a.bytesStart + x.lowerBound, q = second.baseAddress! + b.bytesStart + y.lowerBound
            return ByteScan.equal(
              UnsafeBufferPointer(start: p.assumingMemoryBound(to: UInt8.self), count: x.count),
              UnsafeBufferPointer(start: q.assumingMemoryBound(to: UInt8.self), count: y.count))
          }
        }
      }
    }

    /// The field at `entry` (`locate`) as compared: empty when there is none as read, `!` when
    /// it is not compared (hidden, or secret by its value), else `kind`'s letter and the value
    /// (an endpoint's entry number, a NUL, and how it is written; a list's items, each after a
    /// NUL).
    func entry(_ entry: Int32, _ kind: Kind) -> String {
      guard let tag = tag(entry) else { return "" }
      let mark = String(kind.rawValue)
      let text = text(range(entry))
      switch tag {
      case .hidden: return "!"
      case .text: return AgreementCheck.secretShaped(text) ? "!" : mark + text.trimmingBlanks()
      case .yes: return mark + "Yes"
      case .no: return mark + "No"
      case .choice: return mark + text
      case .endpoint: return mark + "\(extra(entry))\u{0}" + text
      case .items:
        let items = text.split(separator: "\u{0}", omittingEmptySubsequences: false)
        guard !items.contains(where: { AgreementCheck.secretShaped(String($0)) }) else { return "!" }
        return items.reduce(mark) { $0 + "\u{0}" + $1 }
      }
    }
  }
}
