/// Dates as people write them, to the precision recorded: in Vietnamese `15/03/2024`,
/// `tháng 03/2024`, `năm 2024`, `quý I/2024`, `6 tháng đầu năm 2024`; in English the ISO 8601
/// forms the log stores (`2024-03-15`, `2024-03`, `2024`), which no English reader misreads.
public enum DateText {
    /// A date of the log (`YYYY-MM-DD`, `YYYY-MM` or `YYYY`) in `language`; other text unchanged.
    public static func date(_ iso: String, _ language: Language) -> String {
        guard language == .vi else { return iso }
        let u = Array(iso.utf8)
        switch u.count {
        case 10 where digits(u, 0..<4) && u[4] == 0x2D && digits(u, 5..<7) && u[7] == 0x2D && digits(u, 8..<10):
            return "\(text(u, 8..<10))/\(text(u, 5..<7))/\(text(u, 0..<4))"
        case 7 where digits(u, 0..<4) && u[4] == 0x2D && digits(u, 5..<7):
            return "tháng \(text(u, 5..<7))/\(text(u, 0..<4))"
        case 4 where digits(u, 0..<4):
            return "năm \(iso)"
        default:
            return iso
        }
    }

    /// A date without its word (`15/03/2024`, `03/2024`, `2024`): for table cells and axes.
    public static func short(_ iso: String, _ language: Language) -> String {
        guard language == .vi else { return iso }
        let u = Array(iso.utf8)
        if u.count == 7, digits(u, 0..<4), u[4] == 0x2D, digits(u, 5..<7) { return "\(text(u, 5..<7))/\(text(u, 0..<4))" }
        if u.count == 4, digits(u, 0..<4) { return iso }
        return date(iso, language)
    }

    /// A reporting period's key (`2024`, `2024-H1`, `2024-Q3`, `2024-03`) in `language`: in
    /// Vietnamese `năm 2024`, `6 tháng đầu năm 2024`, `quý III/2024`, `tháng 03/2024`; other
    /// keys have each date in them rewritten (``inText(_:_:)``).
    public static func period(_ key: String, _ language: Language) -> String {
        let u = Array(key.utf8)
        guard language == .vi else { return key }
        if u.count == 7, digits(u, 0..<4), u[4] == 0x2D {
            let year = text(u, 0..<4)
            switch (u[5], u[6]) {
            case (0x48, 0x31): return "6 tháng đầu năm \(year)"
            case (0x48, 0x32): return "6 tháng cuối năm \(year)"
            case (0x51, 0x31...0x34): return "quý \(["I", "II", "III", "IV"][Int(u[6] - 0x31)])/\(year)"
            default: break
            }
        }
        if u.count == 7 || u.count == 4 { return date(key, language) }
        return inText(key, language)
    }

    /// An RFC 3339 UTC timestamp of the log (`2024-03-15T10:04:05.123Z`) as a date and time to the
    /// minute with its zone (`15/03/2024 10:04 UTC`); other text unchanged.
    public static func timestamp(_ stamp: String, _ language: Language) -> String {
        let u = Array(stamp.utf8)
        guard u.count >= 17, u[10] == 0x54, u[13] == 0x3A, digits(u, 11..<13), digits(u, 14..<16) else { return stamp }
        let day = date(text(u, 0..<10), language)
        return "\(day) \(text(u, 11..<16)) UTC"
    }

    /// A business time as the log stores it (`occurred_at`): a date at any precision, an instant
    /// with its offset (`2021-07-26T23:30:00+06:00` → `26/07/2021 23:30 (+06:00)`), or a period
    /// `start/end`, each part written as ``date(_:_:)`` does.
    public static func occurred(_ text: String, _ language: Language) -> String {
        if let slash = text.firstIndex(of: "/"), !text.contains("T") || text.split(separator: "/").count == 2 {
            let parts = text.split(separator: "/", maxSplits: 1).map { occurred(String($0), language) }
            if parts.count == 2, text[text.index(after: slash)...].first?.isNumber == true { return parts[0] + "–" + parts[1] }
        }
        let u = Array(text.utf8)
        guard u.count >= 16, u[10] == 0x54, digits(u, 11..<13), u[13] == 0x3A, digits(u, 14..<16) else { return date(text, language) }
        var zone = ""
        if u.last == 0x5A { zone = "UTC" } else if let sign = u[16...].lastIndex(where: { $0 == 0x2B || $0 == 0x2D }) {
            zone = String(decoding: u[sign...], as: UTF8.self)
        }
        let day = date(String(decoding: u[0..<10], as: UTF8.self), language)
        return "\(day) \(String(decoding: u[11..<16], as: UTF8.self))" + (zone.isEmpty ? "" : " (\(zone))")
    }

    /// `text` with each `YYYY-MM-DD` in it written as ``date(_:_:)`` does.
    public static func inText(_ text: String, _ language: Language) -> String {
        guard language == .vi else { return text }
        let u = Array(text.utf8)
        guard u.count >= 10 else { return text }
        var out: [UInt8] = []
        out.reserveCapacity(u.count)
        var i = 0
        while i < u.count {
            if i + 10 <= u.count, digits(u, i..<(i + 4)), u[i + 4] == 0x2D, digits(u, (i + 5)..<(i + 7)), u[i + 7] == 0x2D,
                digits(u, (i + 8)..<(i + 10)), i == 0 || !isDigit(u[i - 1]), i + 10 == u.count || !isDigit(u[i + 10])
            {
                out += Array(date(String(decoding: u[i..<(i + 10)], as: UTF8.self), language).utf8)
                i += 10
            } else {
                out.append(u[i])
                i += 1
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    private static func isDigit(_ b: UInt8) -> Bool { (0x30...0x39).contains(b) }
    private static func digits(_ u: [UInt8], _ r: Range<Int>) -> Bool { u[r].allSatisfy(isDigit) }
    private static func text(_ u: [UInt8], _ r: Range<Int>) -> String { String(decoding: u[r], as: UTF8.self) }
}
