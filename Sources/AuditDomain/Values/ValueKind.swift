import EventLog
import LogFormat

/// The kinds of string value a payload holds (Schemas/README.md, "Value kinds"), each with its
/// rule and canonical form.
public enum ValueKind: Sendable {
    /// Organisation id: `[a-z0-9-]+` with an optional `province:` prefix.
    case slug
    /// Province: `[a-z0-9-]+`.
    case province
    /// Task, report, meeting, inspection, assignment or recommendation id.
    case id
    /// A document's identity key.
    case docKey
    /// A requirement id within its document.
    case reqID
    /// `<doc_key>#<req_id>`.
    case reqRef
    /// `YYYY-MM-DD`.
    case date
    /// ISO 8601 date duration.
    case duration
    /// ISO 8601 repeating interval.
    case schedule
    /// Decimal number as a string (`"0.60"`).
    case decimal
    /// A UUID (canonical: lower case).
    case eventID
    /// A lower-case code word (`[a-z_]+`): positions, deliverables.
    case code
    /// A congress term `2022–2027` (en dash or hyphen).
    case term
    /// A report period key (`2026`, `2026-H1`, `2026-Q3`, `2026-03`, `adhoc`).
    case periodKey
    /// Non-empty text.
    case text
    /// A type of the catalogue.
    case eventType

    /// What a value of this kind looks like, for error messages.
    public var expectation: String {
        switch self {
        case .slug: "a slug ([a-z0-9-]+, optional province: prefix, e.g. hoi-chu-thap-do)"
        case .province: "a province slug ([a-z0-9-]+, e.g. ha-tinh)"
        case .id: "an id ([A-Za-z0-9] then [A-Za-z0-9._:-], at most 100 bytes)"
        case .docKey: "a document key (non-empty, no '#', no control characters, at most 200 bytes)"
        case .reqID: "a requirement id such as R2.3"
        case .reqRef: "a requirement reference <doc_key>#<req_id>"
        case .date: "a date YYYY-MM-DD"
        case .duration: "an ISO 8601 duration such as P15D, P6M or P1Y"
        case .schedule: "a repeating interval such as R/2026-01-01/P1Y"
        case .decimal: "a decimal number in a string, such as \"0.60\""
        case .eventID: "a UUID such as 0190f4c2-7b1e-7c3a-9d2e-5a6b7c8d9e0f"
        case .code: "a lower-case code ([a-z_]+)"
        case .term: "a term such as 2022–2027"
        case .periodKey: "a period key such as 2026, 2026-H1, 2026-Q3, 2026-03 or adhoc"
        case .text: "non-empty text"
        case .eventType: "an event type of the catalogue (see Schemas/README.md)"
        }
    }

    /// The canonical form of `s`, or nil if `s` is not of this kind.
    public func canonical(_ s: String) -> String? {
        switch self {
        case .slug:
            guard s.utf8.count <= 100 else { return nil }
            let parts = s.split(separator: ":", omittingEmptySubsequences: false)
            guard parts.count <= 2, parts.allSatisfy({ !$0.isEmpty && $0.utf8.allSatisfy(isSlugByte) }) else { return nil }
            return s
        case .province:
            return s.utf8.count <= 100 && !s.isEmpty && s.utf8.allSatisfy(isSlugByte) ? s : nil
        case .id:
            guard let first = s.utf8.first, s.utf8.count <= 100, isAlnum(first),
                s.utf8.allSatisfy({ isAlnum($0) || $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "_") || $0 == UInt8(ascii: ":") || $0 == UInt8(ascii: "-") })
            else { return nil }
            return s
        case .docKey:
            guard !s.isEmpty, s.utf8.count <= 200, !s.contains("#"), s.first != " ", s.last != " ",
                !s.unicodeScalars.contains(where: { $0.value < 0x20 || (0x7F...0x9F).contains($0.value) })
            else { return nil }
            return s
        case .reqID:
            guard let first = s.utf8.first, s.utf8.count <= 50, isAlnum(first),
                s.utf8.allSatisfy({ isAlnum($0) || $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "_") || $0 == UInt8(ascii: "-") })
            else { return nil }
            return s
        case .reqRef:
            guard let hash = s.lastIndex(of: "#"), ValueKind.docKey.canonical(String(s[..<hash])) != nil,
                ValueKind.reqID.canonical(String(s[s.index(after: hash)...])) != nil
            else { return nil }
            return s
        case .date:
            return CivilDate(s) != nil ? s : nil
        case .duration:
            return ISODuration(s) != nil ? s : nil
        case .schedule:
            return RepeatingInterval(s) != nil ? s : nil
        case .decimal:
            let parts = s.split(separator: ".", omittingEmptySubsequences: false)
            guard (1...2).contains(parts.count), parts.allSatisfy({ !$0.isEmpty && $0.utf8.allSatisfy(isDigit) }),
                parts[0] == "0" || parts[0].first != "0", s.utf8.count <= 30
            else { return nil }
            return s
        case .eventID:
            return EventID.canonical(s)
        case .code:
            return !s.isEmpty && s.utf8.count <= 64 && s.utf8.allSatisfy({ ($0 >= 0x61 && $0 <= 0x7A) || $0 == UInt8(ascii: "_") }) ? s : nil
        case .term:
            let t = String(s.map { $0 == "\u{2013}" ? "-" : $0 })
            let parts = t.split(separator: "-", omittingEmptySubsequences: false)
            guard parts.count == 2, parts.allSatisfy({ $0.utf8.count == 4 && $0.utf8.allSatisfy(isDigit) }), parts[0] <= parts[1]
            else { return nil }
            return s
        case .periodKey:
            if s == "adhoc" { return s }
            let b = Array(s.utf8)
            guard b.count >= 4, b[0..<4].allSatisfy(isDigit) else { return nil }
            if b.count == 4 { return s }
            guard b[4] == UInt8(ascii: "-") else { return nil }
            let rest = String(s.dropFirst(5))
            if ["H1", "H2", "Q1", "Q2", "Q3", "Q4"].contains(rest) { return s }
            if let m = Int(rest), rest.count == 2, (1...12).contains(m) { return s }
            return nil
        case .text:
            return s.isEmpty ? nil : s
        case .eventType:
            return EventCatalogue.kinds[s] != nil ? s : nil
        }
    }
}

private func isDigit(_ b: UInt8) -> Bool { b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9") }
private func isAlnum(_ b: UInt8) -> Bool { isDigit(b) || (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) }
private func isSlugByte(_ b: UInt8) -> Bool { isDigit(b) || (b >= 0x61 && b <= 0x7A) || b == UInt8(ascii: "-") }
