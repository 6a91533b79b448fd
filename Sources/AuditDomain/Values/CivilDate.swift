import EventLog
import LogFormat

/// A civil date (`YYYY-MM-DD`) in the log's time zone, as days since 1970-01-01.
public struct CivilDate: Sendable, Hashable, Comparable, TextValue {
    /// Days since 1970-01-01.
    public let days: Int64

    /// The date `days` after 1970-01-01.
    public init(days: Int64) { self.days = days }

    /// Parses `YYYY-MM-DD` (a real calendar date, year ≥ 1900), or nil.
    public init?(_ text: some StringProtocol) {
        // Read in place (a date is a small string, kept inline): a replay parses two or three
        // dates per event, and copying the bytes into an array was an allocation each.
        var s = String(text)
        guard let days = s.withUTF8({ Self.days(ofDate: UnsafeRawBufferPointer($0)) }) else { return nil }
        self.days = days
    }

    /// Parses `YYYY-MM-DD` in UTF-8 `bytes` as ``init(_:)`` parses text, or nil.
    init?(utf8 bytes: UnsafeRawBufferPointer) {
        guard let days = Self.days(ofDate: bytes) else { return nil }
        self.days = days
    }

    /// The days since 1970-01-01 of the `YYYY-MM-DD` date in `b` (a real calendar date, year ≥
    /// 1900), or nil.
    private static func days(ofDate b: UnsafeRawBufferPointer) -> Int64? {
        guard b.count == 10, b[4] == UInt8(ascii: "-"), b[7] == UInt8(ascii: "-"),
            let y = CivilTime.digits(b, 0, 4), let m = CivilTime.digits(b, 5, 2), let d = CivilTime.digits(b, 8, 2),
            y >= 1900, (1...12).contains(m), d >= 1, d <= CivilTime.daysInMonth(year: y, month: m)
        else { return nil }
        return CivilTime.daysFromCivil(year: y, month: m, day: d)
    }

    /// The first day of an `occurred_at` period in the log's zone (`zoneOffsetSeconds` east of
    /// UTC): the date itself, the first of the month or year, or the local date of an instant.
    public init(firstDayOf occurred: OccurredAt, zoneOffsetSeconds: Int) {
        let start = occurred.startSeconds(zoneOffsetSeconds: zoneOffsetSeconds) + Int64(zoneOffsetSeconds)
        days = start >= 0 ? start / 86_400 : (start - 86_399) / 86_400
    }

    /// The date, in the log's zone (`zoneOffsetSeconds` east of UTC), of `instant`.
    public init(of instant: Instant, zoneOffsetSeconds: Int) {
        let seconds = instant.millisecondsSinceEpoch / 1000 + Int64(zoneOffsetSeconds)
        days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
    }

    /// The last day of an `occurred_at` period in the log's zone (`zoneOffsetSeconds` east of
    /// UTC): the date itself, the last of the month or year, or the local date of an instant.
    public init(lastDayOf occurred: OccurredAt, zoneOffsetSeconds: Int) {
        let last = occurred.endSeconds(zoneOffsetSeconds: zoneOffsetSeconds) - 1 + Int64(zoneOffsetSeconds)
        days = last >= 0 ? last / 86_400 : (last - 86_399) / 86_400
    }

    /// (year, month, day).
    public var components: (year: Int, month: Int, day: Int) { CivilTime.civilFromDays(days) }

    public var description: String {
        let (y, m, d) = components
        guard (0...9999).contains(y) else { return "\(pad(y, 4))-\(pad(m, 2))-\(pad(d, 2))" }
        // The common case, written byte by byte into the String (ten bytes are kept inline, with
        // no allocation): projections and reports print many dates.
        return String(unsafeUninitializedCapacity: 10) { Self.writeText(year: y, month: m, day: d, count: 10, into: $0) }
    }

    /// Appends the first `count` bytes (4, 7 or 10: the year, the month, the date) of
    /// ``description``'s `YYYY-MM-DD`, for a year of 0...9999; false (nothing appended) for
    /// another year. For writers of many dates (a projection record holds a dozen), which then
    /// make no String.
    @discardableResult
    func appendText(to out: inout [UInt8], count: Int) -> Bool {
        let (y, m, d) = components
        guard (0...9999).contains(y) else { return false }
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 10) { buffer in
            let n = Self.writeText(year: y, month: m, day: d, count: count, into: buffer)
            out.append(contentsOf: UnsafeBufferPointer(rebasing: buffer[..<n]))
        }
        return true
    }

    /// Writes the first `count` bytes (4, 7 or 10) of `YYYY-MM-DD` for a year of 0...9999 into
    /// `buffer` (at least 10 bytes); returns how many it wrote.
    private static func writeText(year y: Int, month m: Int, day d: Int, count: Int, into buffer: UnsafeMutableBufferPointer<UInt8>) -> Int {
        precondition(buffer.count >= 10 && (0...9999).contains(y), "a date's text is ten bytes, of a four-digit year")
        func digit(_ n: Int) -> UInt8 { UInt8(ascii: "0") + UInt8(n % 10) }
        buffer[0] = digit(y / 1000)
        buffer[1] = digit(y / 100)
        buffer[2] = digit(y / 10)
        buffer[3] = digit(y)
        guard count > 4 else { return 4 }
        buffer[4] = UInt8(ascii: "-")
        buffer[5] = digit(m / 10)
        buffer[6] = digit(m)
        guard count > 7 else { return 7 }
        buffer[7] = UInt8(ascii: "-")
        buffer[8] = digit(d / 10)
        buffer[9] = digit(d)
        return 10
    }

    public static func < (a: CivilDate, b: CivilDate) -> Bool { a.days < b.days }

    /// Parses the text this type writes: `YYYY-MM-DD` with any year from 0 up (dates computed from
    /// input can leave 1900...9999: a due date 9,999 years on, a +14:00 instant on 1900-01-01).
    public init?(text: String) {
        let b = Array(text.utf8)
        if b.count == 10, b[4] == UInt8(ascii: "-"), b[7] == UInt8(ascii: "-"),
            let y = CivilTime.digits(b, 0, 4), let m = CivilTime.digits(b, 5, 2), let d = CivilTime.digits(b, 8, 2)
        {
            guard (1...12).contains(m), d >= 1, d <= CivilTime.daysInMonth(year: y, month: m) else { return nil }
            days = CivilTime.daysFromCivil(year: y, month: m, day: d)
            return
        }
        // Years of five or six digits: digits only (no sign).
        let parts = b.split(separator: UInt8(ascii: "-"), omittingEmptySubsequences: false)
        guard parts.count == 3, parts[1].count == 2, parts[2].count == 2, parts[0].count >= 4, parts[0].count <= 6,
            parts.allSatisfy({ $0.allSatisfy { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") } }),
            let y = CivilTime.digits(Array(parts[0]), 0, parts[0].count), let m = CivilTime.digits(b, parts[0].count + 1, 2),
            let d = CivilTime.digits(b, parts[0].count + 4, 2), (1...12).contains(m), d >= 1, d <= CivilTime.daysInMonth(year: y, month: m)
        else { return nil }
        days = CivilTime.daysFromCivil(year: y, month: m, day: d)
    }
}

private func pad(_ n: Int, _ width: Int) -> String {
    let s = String(n)
    return s.count >= width ? s : String(repeating: "0", count: width - s.count) + s
}
