import EventLog
import LogFormat

/// An ISO 8601 date duration (`P1Y`, `P6M`, `P15D`, `P1Y2M10D`, `P2W`): calendar years and
/// months, and days (weeks count as seven days).
public struct ISODuration: Sendable, Hashable, TextValue {
    /// Calendar years.
    public let years: Int
    /// Calendar months.
    public let months: Int
    /// Days, weeks included.
    public let days: Int
    /// The text as given.
    public let text: String

    /// Parses `P[nY][nM][nW][nD]` with at least one part, each at most 9999; nil otherwise.
    public init?(_ text: String) {
        var b = Array(text.utf8)[...]
        guard b.first == UInt8(ascii: "P"), b.count >= 3 else { return nil }
        b = b.dropFirst()
        var parts: [UInt8: Int] = [:]
        var lastOrder = -1
        let order: [UInt8: Int] = [UInt8(ascii: "Y"): 0, UInt8(ascii: "M"): 1, UInt8(ascii: "W"): 2, UInt8(ascii: "D"): 3]
        while !b.isEmpty {
            var n = 0
            var digits = 0
            while let c = b.first, c >= UInt8(ascii: "0"), c <= UInt8(ascii: "9") {
                n = n * 10 + Int(c - UInt8(ascii: "0"))
                digits += 1
                b = b.dropFirst()
                guard digits <= 4 else { return nil }
            }
            guard digits > 0, let unit = b.first, let rank = order[unit], rank > lastOrder else { return nil }
            lastOrder = rank
            parts[unit] = n
            b = b.dropFirst()
        }
        years = parts[UInt8(ascii: "Y")] ?? 0
        months = parts[UInt8(ascii: "M")] ?? 0
        days = (parts[UInt8(ascii: "W")] ?? 0) * 7 + (parts[UInt8(ascii: "D")] ?? 0)
        self.text = text
    }

    /// `date` plus `times` of this duration, computed in one step from `date` (so month-end
    /// clamping does not drift, and any number of periods works).
    public func added(to date: CivilDate, times: Int) -> CivilDate {
        let (y, m, d) = date.components
        let totalMonths = y * 12 + (m - 1) + (years * 12 + months) * times
        let ny = Int((Double(totalMonths) / 12).rounded(.down))
        let nm = totalMonths - ny * 12 + 1
        let nd = min(d, CivilTime.daysInMonth(year: ny, month: nm))
        return CivilDate(days: CivilTime.daysFromCivil(year: ny, month: nm, day: nd) + Int64(days) * Int64(times))
    }

    /// `date` minus this duration (years and months first, clamped to the month's end, then days).
    public func subtracted(from date: CivilDate) -> CivilDate {
        let (y, m, d) = date.components
        let totalMonths = y * 12 + (m - 1) - (years * 12 + months)
        let ny = Int((Double(totalMonths) / 12).rounded(.down))
        let nm = totalMonths - ny * 12 + 1
        let nd = min(d, CivilTime.daysInMonth(year: ny, month: nm))
        return CivilDate(days: CivilTime.daysFromCivil(year: ny, month: nm, day: nd) - Int64(days))
    }

    /// Whether the duration is zero.
    public var isZero: Bool { years == 0 && months == 0 && days == 0 }

    /// `date` plus this duration: years and months first, the day clamped to the end of a
    /// shorter month (2026-01-31 + P1M = 2026-02-28), then the days.
    public func added(to date: CivilDate) -> CivilDate {
        let (y, m, d) = date.components
        let totalMonths = y * 12 + (m - 1) + years * 12 + months
        let ny = totalMonths / 12
        let nm = totalMonths % 12 + 1
        let nd = min(d, CivilTime.daysInMonth(year: ny, month: nm))
        return CivilDate(days: CivilTime.daysFromCivil(year: ny, month: nm, day: nd) + Int64(days))
    }

    public var description: String { text }

    public init?(text: String) { self.init(text) }
}
