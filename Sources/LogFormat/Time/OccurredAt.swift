/// Business time as a document states it, in one of four forms whose form is its precision:
/// `YYYY`, `YYYY-MM`, `YYYY-MM-DD` (civil dates in the log's time zone) or
/// `YYYY-MM-DDTHH:MM[:SS]±HH:MM` (an instant with its offset; `Z` is accepted for `+00:00`).
public struct OccurredAt: Sendable, Hashable, CustomStringConvertible {
    /// How precisely the time is known.
    public enum Precision: Sendable, Hashable {
        case year, month, day, instant
    }

    /// The text exactly as stored.
    public let text: String
    /// Which of the four forms it is.
    public let precision: Precision
    /// Start of the period in local civil time as (days since epoch, seconds into the day), and
    /// for instants the UTC offset in seconds.
    let startDay: Int64
    let startSecondOfDay: Int
    let utcOffsetSeconds: Int?

    public var description: String { text }

    /// Parses `text`, or returns a message saying what is wrong with it.
    public static func parse(_ text: String) -> Result<OccurredAt, OccurredAtError> {
        var utf8 = text
        return utf8.withUTF8 { parse(UnsafeRawBufferPointer($0)) { text } }
    }

    /// Whether the UTF-8 bytes `utf8` are an occurred_at that ``parse(_:)`` accepts, without
    /// making a String of them (`verify` checks one per entry).
    public static func isValid(utf8: UnsafeRawBufferPointer) -> Bool {
        if case .success = parse(utf8, text: { "" }) { return true }
        return false
    }

    /// Parses the bytes `b`; `text()` gives the text to keep in the value and to quote in errors.
    private static func parse(_ b: UnsafeRawBufferPointer, text: () -> String) -> Result<OccurredAt, OccurredAtError> {
        let formats = "use YYYY, YYYY-MM, YYYY-MM-DD or YYYY-MM-DDTHH:MM[:SS]+07:00"
        guard b.count >= 4, let year = CivilTime.digits(b, 0, 4) else {
            return .failure(.init("\(echoed(text())) is not a date: \(formats)"))
        }
        guard year >= 1900 else { return .failure(.init("year \(year) is before 1900")) }
        if b.count == 4 {
            return .success(.init(text: text(), precision: .year, day: CivilTime.daysFromCivil(year: year, month: 1, day: 1)))
        }
        guard b.count >= 7, b[4] == UInt8(ascii: "-"), let month = CivilTime.digits(b, 5, 2) else {
            return .failure(.init("\(echoed(text())) is not a date: \(formats)"))
        }
        guard (1...12).contains(month) else { return .failure(.init("\(echoed(text())) has no month \(month)")) }
        if b.count == 7 {
            return .success(.init(text: text(), precision: .month, day: CivilTime.daysFromCivil(year: year, month: month, day: 1)))
        }
        guard b.count >= 10, b[7] == UInt8(ascii: "-"), let day = CivilTime.digits(b, 8, 2) else {
            return .failure(.init("\(echoed(text())) is not a date: \(formats)"))
        }
        guard day >= 1, day <= CivilTime.daysInMonth(year: year, month: month) else {
            return .failure(.init("\(echoed(text())) is not a real date"))
        }
        let days = CivilTime.daysFromCivil(year: year, month: month, day: day)
        if b.count == 10 { return .success(.init(text: text(), precision: .day, day: days)) }
        guard b[10] == UInt8(ascii: "T"), let hh = CivilTime.digits(b, 11, 2), b.count > 13, b[13] == UInt8(ascii: ":"),
            let mi = CivilTime.digits(b, 14, 2)
        else { return .failure(.init("\(echoed(text())) is not a date: \(formats)")) }
        var i = 16
        var ss = 0
        if i < b.count, b[i] == UInt8(ascii: ":") {
            guard let s = CivilTime.digits(b, i + 1, 2) else {
                return .failure(.init("\(echoed(text())) has bad seconds"))
            }
            ss = s
            i += 3
        }
        guard hh < 24, mi < 60, ss < 60 else { return .failure(.init("\(echoed(text())) is not a real time of day")) }
        guard let offset = Instant.parseOffset(b, i, allowZ: true), offset.end == b.count else {
            return .failure(.init("\(echoed(text())) needs a UTC offset such as +07:00"))
        }
        return .success(
            OccurredAt(text: text(), precision: .instant, startDay: days, startSecondOfDay: hh * 3600 + mi * 60 + ss,
                       utcOffsetSeconds: offset.seconds))
    }

    private init(text: String, precision: Precision, day: Int64) {
        self.init(text: text, precision: precision, startDay: day, startSecondOfDay: 0, utcOffsetSeconds: nil)
    }

    private init(text: String, precision: Precision, startDay: Int64, startSecondOfDay: Int, utcOffsetSeconds: Int?) {
        self.text = text
        self.precision = precision
        self.startDay = startDay
        self.startSecondOfDay = startSecondOfDay
        self.utcOffsetSeconds = utcOffsetSeconds
    }

    /// The first instant of the period, in seconds since the epoch; civil dates are read in a
    /// zone `zoneOffsetSeconds` east of UTC.
    public func startSeconds(zoneOffsetSeconds: Int) -> Int64 {
        startDay * 86_400 + Int64(startSecondOfDay) - Int64(utcOffsetSeconds ?? zoneOffsetSeconds)
    }
}

extension OccurredAt {
    /// The first instant after the period, in seconds since the epoch (exclusive end).
    public func endSeconds(zoneOffsetSeconds: Int) -> Int64 {
        let start = startSeconds(zoneOffsetSeconds: zoneOffsetSeconds)
        switch precision {
        case .instant: return start + 1
        case .day: return start + 86_400
        case .month, .year:
            let (y, m, _) = CivilTime.civilFromDays(startDay)
            let next = precision == .year
                ? CivilTime.daysFromCivil(year: y + 1, month: 1, day: 1)
                : CivilTime.daysFromCivil(year: m == 12 ? y + 1 : y, month: m == 12 ? 1 : m + 1, day: 1)
            return start + (next - startDay) * 86_400
        }
    }
}

/// Why an `occurred_at` text was refused.
public struct OccurredAtError: Error, Sendable, Equatable {
    /// What is wrong, for a person.
    public let message: String
    init(_ message: String) { self.message = message }
}
