/// A Vietnamese document number, parsed by the grammar of Schemas/README.md ("number"): Party style
/// `382-TB/TU` (number, type, issuer) or State style `68/NQ-CP`, `30/2020/NĐ-CP`, `45/UBND-VP`,
/// `202/2025/QH15` (number, optional year, optional type, issuer).
public struct DocumentNumber: Sendable, Hashable, CustomStringConvertible {
    /// Which numbering system the text follows.
    public enum Style: String, Sendable, Hashable, Codable, CaseIterable {
        case party, state, other
    }

    /// `party` or `state` (never `other`: free text is not a parsed number).
    public let style: Style
    /// The number as written, zero padding kept (`08`).
    public let number: String
    /// The year of a State normative number (`2020` in `30/2020/NĐ-CP`).
    public let year: String?
    /// The type abbreviation (`TB`, `QĐi`, `NĐ`), nil for a State công văn or a law.
    public let typeAbbr: String?
    /// The issuer, its segments joined by `-` (`TU`, `TWĐTN-VP`, `UBND-VP`).
    public let issuer: String

    /// The canonical text: no `Số` prefix, no spaces, `-` for an en dash.
    public var description: String {
        switch style {
        case .party: return "\(number)-\(typeAbbr ?? "")/\(issuer)"
        case .state, .other:
            var s = number + "/"
            if let year { s += year + "/" }
            if let typeAbbr { s += typeAbbr + "-" }
            return s + issuer
        }
    }

    /// The State type abbreviations of Nghị định 30/2020/NĐ-CP and the normative types.
    static let stateTypes: Set<String> = [
        "NQ", "QĐ", "CT", "QC", "QyĐ", "TC", "TB", "HD", "CTr", "KH", "PA", "ĐA", "DA", "BC", "BB", "TTr", "HĐ", "CĐ",
        "BGN", "BTT", "GUQ", "GM", "GGT", "GNP", "PG", "PC", "PB", "NĐ", "TT", "TTLT", "NQLT", "VBHN", "SY", "TrS", "SL",
    ]

    /// Parses `text` (already NFC), trying the Party grammar first; nil if neither fits.
    public init?(_ text: String) {
        var s = Substring(text.trimmingSpaces)
        for prefix in ["Số", "số"] where s.hasPrefix(prefix) {
            s = s.dropFirst(prefix.count)
            if s.first == ":" { s = s.dropFirst() }
            s = s.drop { $0 == " " }
            break
        }
        let t = String(s).replacingEnDash
        if let p = Self.party(t) { self = p } else if let st = Self.state(t) { self = st } else { return nil }
    }

    private init(style: Style, number: String, year: String?, typeAbbr: String?, issuer: String) {
        self.style = style
        self.number = number
        self.year = year
        self.typeAbbr = typeAbbr
        self.issuer = issuer
    }

    /// `num ws "-" ws ptype ws "/" ws issuer`.
    private static func party(_ t: String) -> DocumentNumber? {
        var c = Cursor(t)
        guard let num = c.digits(max: 5) else { return nil }
        c.spaces()
        guard c.take("-") else { return nil }
        c.spaces()
        guard let type = c.word(first: isUpper, rest: { isUpper($0) || isLower($0) }, max: 6) else { return nil }
        c.spaces()
        guard c.take("/") else { return nil }
        c.spaces()
        guard let issuer = c.issuer(rest: { isUpper($0) || $0.isASCIIDigit }), c.atEnd else { return nil }
        return DocumentNumber(style: .party, number: num, year: nil, typeAbbr: type, issuer: issuer)
    }

    /// `num ws "/" ws [year ws "/" ws] [stype ws "-" ws] issuer`.
    private static func state(_ t: String) -> DocumentNumber? {
        var c = Cursor(t)
        guard let num = c.digits(max: 5) else { return nil }
        c.spaces()
        guard c.take("/") else { return nil }
        c.spaces()
        var year: String?
        var probe = c
        if let y = probe.digits(max: 4), y.count == 4, y.hasPrefix("19") || y.hasPrefix("20") {
            probe.spaces()
            if probe.take("/") {
                probe.spaces()
                year = y
                c = probe
            }
        }
        var type: String?
        probe = c
        if let w = probe.word(first: isUpper, rest: { isUpper($0) || isLower($0) }, max: 4), stateTypes.contains(w) {
            probe.spaces()
            if probe.take("-") {
                probe.spaces()
                type = w
                c = probe
            }
        }
        let segmentRest: (Character) -> Bool = { isUpper($0) || isLower($0) || $0.isASCIIDigit }
        guard let issuer = c.issuer(rest: segmentRest), c.atEnd else { return nil }
        return DocumentNumber(style: .state, number: num, year: year, typeAbbr: type, issuer: issuer)
    }
}

private func isUpper(_ c: Character) -> Bool { ("A"..."Z").contains(c) || c == "Đ" }
private func isLower(_ c: Character) -> Bool { ("a"..."z").contains(c) || c == "đ" }

extension Character {
    fileprivate var isASCIIDigit: Bool { ("0"..."9").contains(self) }
}

extension String {
    fileprivate var trimmingSpaces: Substring {
        guard let first = firstIndex(where: { $0 != " " }), let last = lastIndex(where: { $0 != " " }) else { return "" }
        return self[first...last]
    }

    fileprivate var replacingEnDash: String { String(map { $0 == "\u{2013}" ? "-" : $0 }) }
}

/// A position in the text being parsed.
private struct Cursor {
    let chars: [Character]
    var i = 0

    init(_ text: String) { chars = Array(text) }

    var atEnd: Bool { i == chars.count }

    mutating func spaces() { while i < chars.count, chars[i] == " " { i += 1 } }

    mutating func take(_ c: Character) -> Bool {
        guard i < chars.count, chars[i] == c else { return false }
        i += 1
        return true
    }

    mutating func digits(max: Int) -> String? {
        let start = i
        while i < chars.count, chars[i].isASCIIDigit, i - start < max { i += 1 }
        if i < chars.count, chars[i].isASCIIDigit { i = start; return nil }
        return i > start ? String(chars[start..<i]) : nil
    }

    mutating func word(first: (Character) -> Bool, rest: (Character) -> Bool, max: Int) -> String? {
        guard i < chars.count, first(chars[i]) else { return nil }
        let start = i
        i += 1
        while i < chars.count, rest(chars[i]) { i += 1 }
        guard i - start <= max else { i = start; return nil }
        return String(chars[start..<i])
    }

    /// `seg { ws "-" ws seg }`, with `seg = upper { rest }`.
    mutating func issuer(rest: (Character) -> Bool) -> String? {
        var segments: [String] = []
        while true {
            guard i < chars.count, isUpper(chars[i]) else { return nil }
            let start = i
            i += 1
            while i < chars.count, rest(chars[i]) { i += 1 }
            segments.append(String(chars[start..<i]))
            var probe = self
            probe.spaces()
            guard probe.take("-") else { break }
            probe.spaces()
            self = probe
        }
        return segments.joined(separator: "-")
    }
}
