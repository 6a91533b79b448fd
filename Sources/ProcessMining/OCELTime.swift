import LogFormat

/// An instant as the export writes it: RFC 3339 in UTC, to the second
/// (`2025-02-28T17:00:00Z`). UTC rather than the log's offset because a reader may drop an
/// offset instead of applying it (pm4py 2.7's JSON reader does), and UTC reads the same either
/// way; the `occurred_at` attribute keeps the time as the log states it.
public struct OCELTime: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// Seconds since 1970-01-01T00:00:00Z.
    public let secondsSinceEpoch: Int64

    /// The instant `secondsSinceEpoch`.
    public init(secondsSinceEpoch: Int64) {
        self.secondsSinceEpoch = secondsSinceEpoch
    }

    /// The time of an event: the first instant of its `occurred_at` (a year, a month or a day
    /// begins at midnight in the log's zone, `zoneOffsetSeconds` east of UTC; an instant is
    /// itself).
    public init(occurred: OccurredAt, zoneOffsetSeconds: Int) {
        self.init(secondsSinceEpoch: occurred.startSeconds(zoneOffsetSeconds: zoneOffsetSeconds))
    }

    /// The time OCEL 2.0 gives an object's initial attribute values: 1970-01-01T00:00:00Z.
    public static let initial = OCELTime(secondsSinceEpoch: 0)

    public static func < (a: OCELTime, b: OCELTime) -> Bool { a.secondsSinceEpoch < b.secondsSinceEpoch }

    public var description: String {
        let s = secondsSinceEpoch
        let days = s >= 0 ? s / 86_400 : (s - 86_399) / 86_400
        let rest = Int(s - days * 86_400)
        let (y, m, d) = CivilTime.civilFromDays(days)
        return "\(Self.pad(y, 4))-\(Self.pad(m, 2))-\(Self.pad(d, 2))T\(Self.pad(rest / 3600, 2)):\(Self.pad(rest / 60 % 60, 2)):\(Self.pad(rest % 60, 2))Z"
    }

    private static func pad(_ n: Int, _ width: Int) -> String {
        let digits = String(n)
        return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
    }
}
