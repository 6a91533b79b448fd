import EventLog
import LogFormat

extension Period {
    /// The months a period key's part after the year names: H1/H2, Q1...Q4 or a month `MM`.
    private static let spans: [String: (first: Int, last: Int)] = [
        "H1": (1, 6), "H2": (7, 12), "Q1": (1, 3), "Q2": (4, 6), "Q3": (7, 9), "Q4": (10, 12),
    ]

    /// The dates a period key stands for (`2026-Q2`: 2026-04-01 to 2026-06-30; `2026`: the
    /// year; `2026-H1`/`H2`: the half; `2026-03`: the month), or nil for `adhoc` (any dates) and
    /// for text that is not a period key.
    public static func dates(ofKey key: String) -> (start: CivilDate, end: CivilDate)? {
        guard key != "adhoc", ValueKind.periodKey.canonical(key) != nil, let year = Int(key.prefix(4)) else { return nil }
        let rest = key.dropFirst(5)
        let months: (first: Int, last: Int)
        if rest.isEmpty {
            months = (1, 12)
        } else if let span = spans[String(rest)] {
            months = span
        } else if let month = Int(rest) {
            months = (month, month)
        } else {
            return nil
        }
        let start = CivilDate(days: CivilTime.daysFromCivil(year: year, month: months.first, day: 1))
        let end = CivilDate(
            days: CivilTime.daysFromCivil(year: year, month: months.last, day: CivilTime.daysInMonth(year: year, month: months.last)))
        return (start, end)
    }
}
