import EventLog

/// A civil date (`YYYY-MM-DD`) in the log's time zone, as days since 1970-01-01.
public struct CivilDate: Sendable, Hashable, Comparable, TextValue {
    /// Days since 1970-01-01.
    public let days: Int64

    /// The date `days` after 1970-01-01.
    public init(days: Int64) { self.days = days }

    /// Parses `YYYY-MM-DD` (a real calendar date, year ≥ 1900), or nil.
    public init?(_ text: some StringProtocol) {
        let b = Array(text.utf8)
        guard b.count == 10, b[4] == UInt8(ascii: "-"), b[7] == UInt8(ascii: "-"),
            let y = CivilTime.digits(b, 0, 4), let m = CivilTime.digits(b, 5, 2), let d = CivilTime.digits(b, 8, 2),
            y >= 1900, (1...12).contains(m), d >= 1, d <= CivilTime.daysInMonth(year: y, month: m)
        else { return nil }
        days = CivilTime.daysFromCivil(year: y, month: m, day: d)
    }

    /// The first day of an `occurred_at` period in the log's zone (`zoneOffsetSeconds` east of
    /// UTC): the date itself, the first of the month or year, or the local date of an instant.
    public init(firstDayOf occurred: OccurredAt, zoneOffsetSeconds: Int) {
        let start = occurred.startSeconds(zoneOffsetSeconds: zoneOffsetSeconds) + Int64(zoneOffsetSeconds)
        days = start >= 0 ? start / 86_400 : (start - 86_399) / 86_400
    }

    /// (year, month, day).
    public var components: (year: Int, month: Int, day: Int) { CivilTime.civilFromDays(days) }

    public var description: String {
        let (y, m, d) = components
        return "\(pad(y, 4))-\(pad(m, 2))-\(pad(d, 2))"
    }

    public static func < (a: CivilDate, b: CivilDate) -> Bool { a.days < b.days }

    /// Parses the text this type writes: `YYYY-MM-DD` with any year from 0 up (dates computed from
    /// input can leave 1900...9999: a due date 9,999 years on, a +14:00 instant on 1900-01-01).
    public init?(text: String) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[1].count == 2, parts[2].count == 2, parts[0].count >= 4, parts[0].count <= 6,
            parts.allSatisfy({ $0.allSatisfy(\.isASCII) }), let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2]),
            y >= 0, (1...12).contains(m), d >= 1, d <= CivilTime.daysInMonth(year: y, month: m)
        else { return nil }
        days = CivilTime.daysFromCivil(year: y, month: m, day: d)
    }
}

private func pad(_ n: Int, _ width: Int) -> String {
    let s = String(n)
    return s.count >= width ? s : String(repeating: "0", count: width - s.count) + s
}
