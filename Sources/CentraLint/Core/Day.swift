#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A calendar date (proleptic Gregorian, UTC): a suppression's `until` and today (SPEC §6).
public struct Day: Comparable, Sendable, CustomStringConvertible {
  public let year: Int, month: Int, day: Int

  /// Reads `YYYY-MM-DD`; nil for any other text or a date that does not exist (`2027-02-30`).
  public init?(_ text: Substring) {
    let bytes = Array(text.utf8)
    guard bytes.count == 10, bytes[4] == 0x2D, bytes[7] == 0x2D else { return nil }
    func number(_ range: Range<Int>) -> Int? {
      var value = 0
      for byte in bytes[range] {
        guard byte >= 0x30, byte <= 0x39 else { return nil }
        value = value * 10 + Int(byte - 0x30)
      }
      return value
    }
    guard let year = number(0..<4), let month = number(5..<7), let day = number(8..<10),
          (1...12).contains(month), day >= 1, day <= Self.days(inMonth: month, of: year) else { return nil }
    self.year = year
    self.month = month
    self.day = day
  }

  /// The UTC date of a moment in seconds since 1970.
  public init(secondsSince1970 seconds: Int64) {
    // Howard Hinnant's days-to-civil.
    let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
    let z = days + 719_468
    let era = (z >= 0 ? z : z - 146_096) / 146_097
    let dayOfEra = z - era * 146_097
    let yearOfEra = (dayOfEra - dayOfEra / 1_460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
    let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
    let shifted = (5 * dayOfYear + 2) / 153
    day = Int(dayOfYear - (153 * shifted + 2) / 5 + 1)
    month = Int(shifted < 10 ? shifted + 3 : shifted - 9)
    year = Int(yearOfEra + era * 400) + (month <= 2 ? 1 : 0)
  }

  /// Today: the UTC date of `SOURCE_DATE_EPOCH` when it is set to a number of seconds (for
  /// reproducible runs and tests), else of the clock.
  /// A `SOURCE_DATE_EPOCH` that is not a number is an error: a reproducible run must not fall
  /// back to the clock unnoticed.
  public static func today(environment: [String: String]) throws -> Day {
    if let text = environment["SOURCE_DATE_EPOCH"], !text.isEmpty {
      // Years 1 to 9999: a date this tool can write, and no overflow on the way.
      guard let seconds = Int64(text.trimmingBlanks()), (-62_135_596_800...253_402_300_799).contains(seconds) else {
        throw LintError.invalidSetup("SOURCE_DATE_EPOCH is '\(Quote.clipped(text))', not a number of seconds since 1970 within the years 1 to 9999 (it sets the day suppression comments' 'until' dates are compared with); give one or unset it")
      }
      return Day(secondsSince1970: seconds)
    }
    return Day(secondsSince1970: Int64(time(nil)))
  }

  static func days(inMonth month: Int, of year: Int) -> Int {
    switch month {
    case 2: return year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) ? 29 : 28
    case 4, 6, 9, 11: return 30
    default: return 31
    }
  }

  public static func < (a: Day, b: Day) -> Bool { (a.year, a.month, a.day) < (b.year, b.month, b.day) }

  public var description: String {
    func two(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
    let digits = String(year)
    return String(repeating: "0", count: max(0, 4 - digits.count)) + digits + "-" + two(month) + "-" + two(day)
  }
}
