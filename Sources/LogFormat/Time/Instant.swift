/// A UTC instant with millisecond precision: the type of `recorded_at`.
public struct Instant: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// Milliseconds since 1970-01-01T00:00:00Z.
    public let millisecondsSinceEpoch: Int64

    /// Creates an instant from milliseconds since the Unix epoch.
    public init(millisecondsSinceEpoch: Int64) {
        self.millisecondsSinceEpoch = millisecondsSinceEpoch
    }

    public static func < (a: Instant, b: Instant) -> Bool { a.millisecondsSinceEpoch < b.millisecondsSinceEpoch }

    /// `YYYY-MM-DDTHH:MM:SS.sssZ`, the stored form of `recorded_at`.
    public var description: String {
        let ms = millisecondsSinceEpoch
        let days = ms >= 0 ? ms / 86_400_000 : (ms - 86_399_999) / 86_400_000
        let rest = ms - days * 86_400_000
        let (y, m, d) = CivilTime.civilFromDays(days)
        let hh = Int(rest / 3_600_000), mm = Int(rest / 60_000 % 60), ss = Int(rest / 1000 % 60), fff = Int(rest % 1000)
        return "\(CivilTime.pad(y, 4))-\(CivilTime.pad(m, 2))-\(CivilTime.pad(d, 2))T"
            + "\(CivilTime.pad(hh, 2)):\(CivilTime.pad(mm, 2)):\(CivilTime.pad(ss, 2)).\(CivilTime.pad(fff, 3))Z"
    }

    /// Whether `text` is an instant exactly as ``description`` writes it
    /// (`YYYY-MM-DDTHH:MM:SS.sssZ`, a real date and time), checked without parsing it into a
    /// value: the form every stored `recorded_at` must have.
    public static func isCanonicalText(_ text: String) -> Bool {
        var text = text
        return text.withUTF8 { isCanonicalText(utf8: UnsafeRawBufferPointer($0)) }
    }

    /// Whether the UTF-8 bytes `b` are an instant exactly as ``description`` writes it.
    public static func isCanonicalText(utf8 b: UnsafeRawBufferPointer) -> Bool {
        Instant(canonicalUTF8: b) != nil
    }

    /// The instant whose text `b` is exactly as ``description`` writes it (a real date and
    /// time), or nil: read straight from the bytes of a stored `recorded_at`.
    public init?(canonicalUTF8 b: UnsafeRawBufferPointer) {
        guard b.count == 24, b[4] == UInt8(ascii: "-"), b[7] == UInt8(ascii: "-"), b[10] == UInt8(ascii: "T"),
            b[13] == UInt8(ascii: ":"), b[16] == UInt8(ascii: ":"), b[19] == UInt8(ascii: "."), b[23] == UInt8(ascii: "Z")
        else { return nil }
        guard let y = CivilTime.digits(b, 0, 4), let mo = CivilTime.digits(b, 5, 2), let d = CivilTime.digits(b, 8, 2),
            let hh = CivilTime.digits(b, 11, 2), let mi = CivilTime.digits(b, 14, 2), let ss = CivilTime.digits(b, 17, 2),
            let fff = CivilTime.digits(b, 20, 3),
            (1...12).contains(mo), d >= 1, d <= CivilTime.daysInMonth(year: y, month: mo), hh < 24, mi < 60, ss < 60
        else { return nil }
        let seconds = CivilTime.daysFromCivil(year: y, month: mo, day: d) * 86_400 + Int64(hh * 3600 + mi * 60 + ss)
        millisecondsSinceEpoch = seconds * 1000 + Int64(fff)
    }

    /// Parses an RFC 3339 instant: `YYYY-MM-DDTHH:MM:SS[.fraction](Z|±HH:MM)`. Fractions beyond
    /// milliseconds are truncated. Returns nil for anything else.
    public init?(rfc3339 text: String) {
        let b = Array(text.utf8)
        guard b.count >= 20, let y = CivilTime.digits(b, 0, 4), b[4] == UInt8(ascii: "-"),
            let mo = CivilTime.digits(b, 5, 2), b[7] == UInt8(ascii: "-"), let d = CivilTime.digits(b, 8, 2),
            b[10] == UInt8(ascii: "T") || b[10] == UInt8(ascii: "t") || b[10] == UInt8(ascii: " "),
            let hh = CivilTime.digits(b, 11, 2), b[13] == UInt8(ascii: ":"), let mi = CivilTime.digits(b, 14, 2),
            b[16] == UInt8(ascii: ":"), let ss = CivilTime.digits(b, 17, 2)
        else { return nil }
        guard (1...12).contains(mo), (1...CivilTime.daysInMonth(year: y, month: mo)).contains(d),
            hh < 24, mi < 60, ss < 60
        else { return nil }
        var i = 19
        var millis = 0
        if i < b.count, b[i] == UInt8(ascii: ".") {
            i += 1
            var scale = 100
            let start = i
            while i < b.count, b[i] >= UInt8(ascii: "0"), b[i] <= UInt8(ascii: "9") {
                millis += Int(b[i] - UInt8(ascii: "0")) * scale
                scale /= 10
                i += 1
            }
            guard i > start else { return nil }
        }
        guard let offset = Self.parseOffset(b, i, allowZ: true), offset.end == b.count else { return nil }
        let days = CivilTime.daysFromCivil(year: y, month: mo, day: d)
        let seconds = days * 86_400 + Int64(hh * 3600 + mi * 60 + ss) - Int64(offset.seconds)
        self.millisecondsSinceEpoch = seconds * 1000 + Int64(millis)
    }

    /// Parses `Z` or `±HH:MM` at `i`; returns the offset in seconds east of UTC and the end index.
    static func parseOffset(_ b: [UInt8], _ i: Int, allowZ: Bool) -> (seconds: Int, end: Int)? {
        b.withUnsafeBytes { parseOffset($0, i, allowZ: allowZ) }
    }

    /// Parses `Z` or `±HH:MM` at `i` of `b`, as above.
    static func parseOffset(_ b: UnsafeRawBufferPointer, _ i: Int, allowZ: Bool) -> (seconds: Int, end: Int)? {
        guard i < b.count else { return nil }
        if allowZ, b[i] == UInt8(ascii: "Z") || b[i] == UInt8(ascii: "z") { return (0, i + 1) }
        guard b[i] == UInt8(ascii: "+") || b[i] == UInt8(ascii: "-"), let oh = CivilTime.digits(b, i + 1, 2),
            i + 3 < b.count, b[i + 3] == UInt8(ascii: ":"), let om = CivilTime.digits(b, i + 4, 2), oh <= 14, om < 60
        else { return nil }
        let sign = b[i] == UInt8(ascii: "-") ? -1 : 1
        return (sign * (oh * 3600 + om * 60), i + 6)
    }
}
