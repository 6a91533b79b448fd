import EventLog
import LogFormat

/// A business date at the precision it was recorded: a year (`1991`), a month (`2021-07`) or
/// a day (`2021-07-15`; an instant is recorded as its local day). Shown and encoded at that
/// precision, never as the first day of the year or month; compared by its first day.
public struct RecordedDate: Sendable, Hashable, Comparable, TextValue {
    /// How precisely the date is known.
    public enum Precision: Sendable, Hashable {
        case year, month, day
    }

    /// The first day the date may be.
    public let first: CivilDate
    /// Year, month or day.
    public let precision: Precision

    /// The day `day`.
    public init(_ day: CivilDate) {
        first = day
        precision = .day
    }

    /// The date of an event whose `occurred_at` text is `occurredAt` and whose first day (in
    /// the log's zone) is `firstDay`: a year or a month when the text is one (`1991`,
    /// `2021-07`; its first day is then the first of that year or month), else that day.
    public init(firstDay: CivilDate, occurredAt: String) {
        switch occurredAt.utf8.count {
        case 4:
            precision = .year
            first = CivilDate(days: CivilTime.daysFromCivil(year: firstDay.components.year, month: 1, day: 1))
        case 7:
            precision = .month
            let (year, month, _) = firstDay.components
            first = CivilDate(days: CivilTime.daysFromCivil(year: year, month: month, day: 1))
        default:
            precision = .day
            first = firstDay
        }
    }

    /// Parses `YYYY`, `YYYY-MM` or a date as ``CivilDate`` writes it.
    public init?(text: String) {
        if text.utf8.count == 4, let year = Int(text), year >= 0 {
            first = CivilDate(days: CivilTime.daysFromCivil(year: year, month: 1, day: 1))
            precision = .year
        } else if text.utf8.count == 7, let day = CivilDate(text: text + "-01") {
            first = day
            precision = .month
        } else if let day = CivilDate(text: text) {
            first = day
            precision = .day
        } else {
            return nil
        }
    }

    /// The number of bytes of ``description`` for a year of 0...9999: 4, 7 or 10.
    var textCount: Int {
        switch precision {
        case .year: 4
        case .month: 7
        case .day: 10
        }
    }

    public var description: String {
        let text = first.description
        switch precision {
        case .year: return String(text.prefix(4))
        case .month: return String(text.prefix(7))
        case .day: return text
        }
    }

    public static func < (a: RecordedDate, b: RecordedDate) -> Bool { a.first < b.first }
}
