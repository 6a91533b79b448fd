import Foundation
import TestSupport
import Testing

@testable import AuditDomain
@testable import LogFormat

/// The projection records' JSON codec: the bytes Foundation's `JSONEncoder` wrote before
/// (`.convertToSnakeCase`, `[.sortedKeys, .withoutEscapingSlashes]`), so existing tables and
/// `--format json` output do not change; exact round trips; dictionary keys never converted.
@Suite struct SnakeCaseJSONTests {
    static let foundationEncoder: JSONEncoder = {
        let e = JSONEncoder()
        e.keyEncodingStrategy = .convertToSnakeCase
        e.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return e
    }()

    static let foundationDecoder: JSONDecoder = {
        let d = JSONDecoder()
        d.keyDecodingStrategy = .convertFromSnakeCase
        return d
    }()

    /// Encodes `value` with both encoders and expects the same bytes.
    static func expectSameBytes<T: Encodable>(_ value: T, _ comment: @autoclosure () -> String = "") throws {
        let foundation = [UInt8](try foundationEncoder.encode(value))
        let ours = try SnakeCaseJSONEncoder().encode(value)
        #expect(ours == foundation, "\(T.self) \(comment())\nFoundation: \(String(decoding: foundation, as: UTF8.self))\nours:       \(String(decoding: ours, as: UTF8.self))")
    }

    /// Expects `value` to read back equal, and its bytes to read back to the same bytes (so text
    /// that is canonically equivalent but not identical would show).
    static func expectRoundTrip<T: Codable & Equatable>(_ value: T) throws {
        let bytes = try SnakeCaseJSONEncoder().encode(value)
        let back = try SnakeCaseJSONDecoder().decode(T.self, from: bytes)
        #expect(back == value, "\(String(decoding: bytes, as: UTF8.self))")
        #expect(try SnakeCaseJSONEncoder().encode(back) == bytes)
    }

    @Test("random records of all five types encode to Foundation's bytes and round-trip")
    func randomRecords() throws {
        var g = RecordGenerator(seed: 20_261_101)
        for i in 0..<400 {
            let org = g.organization()
            let doc = g.document()
            let task = g.task()
            let assignment = g.assignment()
            let rec = g.recommendation()
            try Self.expectSameBytes(org, "#\(i)")
            try Self.expectSameBytes(doc, "#\(i)")
            try Self.expectSameBytes(task, "#\(i)")
            try Self.expectSameBytes(assignment, "#\(i)")
            try Self.expectSameBytes(rec, "#\(i)")
            try Self.expectRoundTrip(org)
            try Self.expectRoundTrip(doc)
            try Self.expectRoundTrip(task)
            try Self.expectRoundTrip(assignment)
            try Self.expectRoundTrip(rec)
        }
    }

    @Test("records Foundation wrote decode to what Foundation decodes")
    func readsFoundationBytes() throws {
        var g = RecordGenerator(seed: 7)
        for _ in 0..<200 {
            let org = g.organization()
            let data = try Self.foundationEncoder.encode(org)
            #expect(try SnakeCaseJSONDecoder().decode(OrganizationRecord.self, from: [UInt8](data)) == org)
            let doc = g.document()
            #expect(try SnakeCaseJSONDecoder().decode(DocumentRecord.self, from: [UInt8](try Self.foundationEncoder.encode(doc))) == doc)
        }
    }

    @Test("a representative organisation: every optional set, then every optional nil")
    func representativeOrganization() throws {
        let day = CivilDate("2024-03-01")!
        let stamp = Stamp(day: day, seq: 42)
        let full = OrganizationRecord(
            orgId: "hoi-nong-dan-ha-tinh", name: Stamped("Hội Nông dân \"tỉnh\" Hà Tĩnh\\ / Đoàn\n\t\u{1}", stamp),
            nameHistory: [Stamped("Hội Nông dân", Stamp(day: CivilDate("2020-01-01")!, seq: 1)), Stamped("Hội ND", stamp)],
            formerNames: ["Hội Nông dân"], kind: Stamped(.hqc, stamp), level: Stamped(.province, stamp),
            province: Stamped("ha-tinh", stamp), dacThu: Stamped(true, stamp), giaoNhiemVu: Stamped(false, stamp),
            parent: Stamped(nil, stamp), registered: RecordedDate(day), status: Stamped(.active, stamp), successors: ["a", "b"], predecessors: ["c"],
            monitoring: [.init(assignmentId: "m1", monitor: "btv-tu", role: MonitoringRole.allCases[0], since: day, until: nil)],
            lastReport: .init(reportId: "r1", recipient: "btv-tu", periodKey: "2024-Q1", on: day, seq: 7),
            lastInspection: .init(inspectionId: "i1", inspector: "ubkt", kind: InspectionKind.allCases[0], on: day, rating: "tốt", seq: 8),
            membership: .init(asOf: day, members: 573, eligible: 1000, rate: "0.5730", seq: 9),
            congress: Stamped(.init(term: "2024-2029", congressNo: 5, heldOn: day, nextDue: CivilDate("2029-03-01")), stamp),
            leaders: ["chu_tich": Stamped("Nguyễn Văn A", stamp), "pho_chu_tich": Stamped(nil, stamp)],
            leadership: ["chu_tich": [.init(person: "Nguyễn Văn A", change: .elected, stamp: stamp)]],
            openTasks: ["t1"], openRecommendations: ["r1"], lastSeq: 42)
        try Self.expectSameBytes(full)
        try Self.expectRoundTrip(full)
        // Foundation reads its own bytes of it back too (its String-keyed leaders survive).
        #expect(try Self.foundationDecoder.decode(OrganizationRecord.self, from: try Self.foundationEncoder.encode(full)) == full)
        let bare = OrganizationRecord(
            orgId: "x", name: Stamped("X", stamp), kind: Stamped(.hqc, stamp), level: Stamped(.province, stamp),
            province: Stamped("ha-tinh", stamp), dacThu: nil, giaoNhiemVu: nil, parent: nil, registered: RecordedDate(firstDay: day, occurredAt: "2024"),
            status: Stamped(.dissolved, stamp), lastReport: nil, lastInspection: nil, membership: nil, congress: nil, lastSeq: 1)
        try Self.expectSameBytes(bare)
        try Self.expectRoundTrip(bare)
        let text = try SnakeCaseJSONEncoder().encodeText(bare)
        #expect(!text.contains("dac_thu") && !text.contains("last_report") && text.contains(#""name_history":[]"#))
        #expect(try SnakeCaseJSONEncoder().encodeText(full).contains(#""parent":{"stamp":{"day":"2024-03-01","seq":42},"value":null}"#))
    }

    @Test("what the other query outputs print (history items, free-form JSON, bare strings) matches Foundation")
    func otherPrintedValues() throws {
        var g = RecordGenerator(seed: 99)
        for i in 0..<100 {
            let item = OrganizationHistory.Item(
                seq: Int64(i), occurredAt: "2024-01-0\(i % 9 + 1)", recordedAt: "2026-01-15T03:00:00Z", type: "organization.renamed",
                subject: g.slug(), eventId: "0190f4c2-7b1e-7c3a-9d2e-00000000000\(i % 10)", orgs: [g.slug(), g.slug()],
                correctedBy: i % 3 == 0 ? [] : [Int64(i + 1)], retractedBy: i % 4 == 0 ? Int64(i + 2) : nil, payload: g.json(depth: 0))
            try Self.expectSameBytes(item)
            try Self.expectSameBytes(g.text())
            try Self.expectSameBytes(g.json(depth: 0))
        }
        try Self.expectSameBytes(["not_applicable": 3, "satisfied": 10, "violated": 0])
        try Self.expectSameBytes([Int64]())
        try Self.expectSameBytes(Int64(-9_007_199_254_740_991))
    }

    @Test("every character below U+0080 and some beyond are escaped as Foundation escapes them")
    func escaping() throws {
        var all = ""
        for b in UInt8(1)..<0x80 { all.unicodeScalars.append(Unicode.Scalar(b)) }
        all += "é/ệ\u{2028}\u{2029}\u{FEFF}\u{7F}😀e\u{301}"
        try Self.expectSameBytes(all)
        try Self.expectSameBytes(["k": all])
        #expect(try SnakeCaseJSONDecoder().decode(String.self, from: try SnakeCaseJSONEncoder().encode(all)).utf8.elementsEqual(all.utf8))
    }

    @Test("key conversion is Foundation's convertToSnakeCase")
    func keyConversion() throws {
        for (key, name) in [("orgId", "org_id"), ("nameHistory", "name_history"), ("dacThu", "dac_thu"), ("periodKey", "period_key"),
                            ("myURLValue", "my_url_value"), ("x1Y", "x1_y"), ("_lead", "_lead"), ("trail_", "trail_"), ("a", "a")] {
            #expect(SnakeCaseKeys.snakeCase(key) == name)
        }
        var rng = SplitMix(seed: 3)
        let alphabet = Array("aAbBxXyZ019_")
        for _ in 0..<2000 {
            let key = String((0..<(1 + Int(rng.next() % 10))).map { _ in alphabet[Int(rng.next() % UInt64(alphabet.count))] })
            let data = try Self.foundationEncoder.encode(DynamicKeys(keys: [key]))
            let members = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Int])
            #expect(members.keys.first == SnakeCaseKeys.snakeCase(key), "\(key)")
        }
        #expect(SnakeCaseKeys.snakeCase("") == nil && SnakeCaseKeys.snakeCase("ä") == nil && SnakeCaseKeys.snakeCase("a-b") == nil)
        // The other way (for `allKeys`): Foundation's convertFromSnakeCase, on names of letter words.
        let words = ["org", "id", "url", "name", "history", "a", "x"]
        for _ in 0..<500 {
            let parts = (0..<(1 + Int(rng.next() % 4))).map { _ in words[Int(rng.next() % UInt64(words.count))] }
            let name = String(repeating: "_", count: Int(rng.next() % 2)) + parts.joined(separator: "_") + String(repeating: "_", count: Int(rng.next() % 2))
            let read = try Self.foundationDecoder.decode(KeysSeen.self, from: Data("{\"\(name)\":1}".utf8))
            #expect(read.keys == [SnakeCaseKeys.camelCase(name)], "\(name)")
        }
    }

    @Test("dictionary keys: Foundation keeps String keys but converts enum keys, and cannot read those back; ours never converts")
    func dictionaryKeys() throws {
        // What Foundation does today (the characterisation this codec was written against):
        // String keys are written and read as they are; keys of a CodingKeyRepresentable enum go
        // through the key strategies, so `chu_tich` is read back as `chuTich` and refused.
        let camel = Leaders.StringKeyed(leaders: ["chu_tich": 1, "phoChuTich": 2])
        #expect(String(decoding: try Self.foundationEncoder.encode(camel), as: UTF8.self) == #"{"leaders":{"chu_tich":1,"phoChuTich":2}}"#)
        let read = try Self.foundationDecoder.decode(Leaders.StringKeyed.self, from: Data(#"{"leaders":{"chu_tich":1,"pho_chu_tich":2}}"#.utf8))
        #expect(read.leaders == ["chu_tich": 1, "pho_chu_tich": 2])
        let leaders = Leaders(leaders: ["chu_tich": 1, "pho_chu_tich": 2, "uy_vien_10": 3, "uy_vien_9": 4, "_x": 5],
                              byRole: [.chu_tich: 1, .pho_chu_tich: 2])
        let foundation = [UInt8](try Self.foundationEncoder.encode(leaders))
        #expect(throws: DecodingError.self) { try Self.foundationDecoder.decode(Leaders.self, from: Data(foundation)) }

        // Ours: the same bytes, read back with the keys as they are.
        let ours = try SnakeCaseJSONEncoder().encode(leaders)
        #expect(ours == foundation)
        #expect(String(decoding: ours, as: UTF8.self)
            == #"{"by_role":{"chu_tich":1,"pho_chu_tich":2},"leaders":{"_x":5,"chu_tich":1,"pho_chu_tich":2,"uy_vien_10":3,"uy_vien_9":4}}"#)
        #expect(try SnakeCaseJSONDecoder().decode(Leaders.self, from: ours) == leaders)
        // A key that could not be read back is refused rather than converted.
        let error = #expect(throws: SnakeCaseJSONError.self) { try SnakeCaseJSONEncoder().encode(camel) }
        #expect(error?.path == "leaders.phoChuTich")
    }

    @Test("hand-written Codable (nested containers, super-encoders, integer keys) matches Foundation and reads back")
    func handWritten() throws {
        let value = Shapes(count: 3, labels: ["b", "a"], byNumber: [10: "mười", 9: "chín"], note: nil, inner: ["x_y": [1, 2]])
        try Self.expectSameBytes(value)
        try Self.expectSameBytes(Shapes(count: -1, labels: [], byNumber: [:], note: "có \"ghi chú\"", inner: [:]))
        #expect(try SnakeCaseJSONDecoder().decode(Shapes.self, from: try SnakeCaseJSONEncoder().encode(value)) == value)
        let misuse = #expect(throws: SnakeCaseJSONError.self) { try SnakeCaseJSONEncoder().encode(OutOfOrder()) }
        #expect(misuse?.message == "a container was written to after it had closed")
    }

    @Test("errors name the type, the member path and the problem")
    func errors() throws {
        let decoder = SnakeCaseJSONDecoder()
        let missing = #expect(throws: SnakeCaseJSONError.self) {
            try decoder.decode(Stamped<String>.self, from: #"{"stamp":{"day":"2024-01-01"},"value":"x"}"#)
        }
        #expect(missing?.path == "stamp.seq" && missing?.operation == .decoding && missing?.typeName == "Stamped<String>")
        let wrongKind = #expect(throws: SnakeCaseJSONError.self) {
            try decoder.decode([Stamped<Int64>].self, from: #"[{"stamp":{"day":"2024-01-01","seq":1},"value":"x"}]"#)
        }
        #expect(wrongKind?.path == "[0].value" && wrongKind?.message == "expected an integer, found a string")
        let badDate = #expect(throws: SnakeCaseJSONError.self) { try decoder.decode(Stamp.self, from: #"{"day":"2024-13-01","seq":1}"#) }
        #expect(badDate?.path == "day")
        let badJSON = #expect(throws: SnakeCaseJSONError.self) { try decoder.decode(Stamp.self, from: #"{"day":"2024-01-01","seq":1.5}"#) }
        #expect(badJSON?.path == "seq")
        #expect(throws: SnakeCaseJSONError.self) { try decoder.decode(Stamp.self, from: #"{"day":"2024-01-01","seq":1}x"#) }
        let encoder = SnakeCaseJSONEncoder()
        let float = #expect(throws: SnakeCaseJSONError.self) { try encoder.encode(["a": [1.5]]) }
        #expect(float?.path == "a[0]" && float?.operation == .encoding)
        let big = #expect(throws: SnakeCaseJSONError.self) { try encoder.encode(Stamp(day: CivilDate(days: 0), seq: Int64.max)) }
        #expect(big?.path == "seq")
        let nul = #expect(throws: SnakeCaseJSONError.self) { try encoder.encode(Stamped("a\u{0}b", Stamp(day: CivilDate(days: 0), seq: 1))) }
        #expect(nul?.path == "value")
        let clash = #expect(throws: SnakeCaseJSONError.self) { try encoder.encode(Clash(aB: 1, a_b: 2)) }
        #expect(clash?.message == "two members are named a_b")
    }
}

/// Encodes one member per key, under the key as given (for comparing key conversions).
private struct DynamicKeys: Encodable {
    let keys: [String]

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: AnyCodingKey.self)
        for key in keys { try c.encode(1, forKey: AnyCodingKey(stringValue: key)) }
    }
}

/// The keys a decoder offers, as `allKeys` gives them.
private struct KeysSeen: Decodable {
    let keys: [String]

    init(from decoder: any Decoder) throws {
        keys = try decoder.container(keyedBy: AnyCodingKey.self).allKeys.map(\.stringValue)
    }
}

/// Dictionaries keyed by positions, as strings and as a `CodingKeyRepresentable` enum.
private struct Leaders: Codable, Equatable {
    enum Role: String, Codable, CodingKeyRepresentable { case chu_tich, pho_chu_tich }

    struct StringKeyed: Codable, Equatable {
        var leaders: [String: Int]
    }

    var leaders: [String: Int]
    var byRole: [Role: Int]
}

/// Codable written by hand with the less common container calls.
private struct Shapes: Codable, Equatable {
    var count: Int
    var labels: [String]
    var byNumber: [Int: String]
    var note: String?
    var inner: [String: [Int]]

    enum CodingKeys: String, CodingKey { case count, details, byNumber, note, base }
    enum DetailKeys: String, CodingKey { case labelList, innerMap }

    init(count: Int, labels: [String], byNumber: [Int: String], note: String?, inner: [String: [Int]]) {
        (self.count, self.labels, self.byNumber, self.note, self.inner) = (count, labels, byNumber, note, inner)
    }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(count, forKey: .count)
        var details = c.nestedContainer(keyedBy: DetailKeys.self, forKey: .details)
        var list = details.nestedUnkeyedContainer(forKey: .labelList)
        for label in labels { try list.encode(label) }
        var pair = list.nestedUnkeyedContainer()
        try pair.encode(count)
        try pair.encodeNil()
        try details.encode(inner, forKey: .innerMap)
        try c.encode(byNumber, forKey: .byNumber)
        try c.encodeIfPresent(note, forKey: .note)
        var base = c.superEncoder(forKey: .base).singleValueContainer()
        try base.encode("base")
    }

    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        count = try c.decode(Int.self, forKey: .count)
        let details = try c.nestedContainer(keyedBy: DetailKeys.self, forKey: .details)
        var list = try details.nestedUnkeyedContainer(forKey: .labelList)
        var labels: [String] = []
        while !list.isAtEnd {
            if let label = try? list.decode(String.self) { labels.append(label) } else { _ = try list.nestedUnkeyedContainer() }
        }
        self.labels = labels
        inner = try details.decode([String: [Int]].self, forKey: .innerMap)
        byNumber = try c.decode([Int: String].self, forKey: .byNumber)
        note = try c.decodeIfPresent(String.self, forKey: .note)
        guard try c.superDecoder(forKey: .base).singleValueContainer().decode(String.self) == "base" else {
            throw DecodingError.dataCorrupted(.init(codingPath: c.codingPath, debugDescription: "no base"))
        }
        #expect(Set(c.allKeys.map(\.stringValue)).isSuperset(of: ["count", "details", "byNumber"]))
    }
}

/// Writes to a nested container after writing to its parent again.
private struct OutOfOrder: Encodable {
    enum Keys: String, CodingKey { case a, b, c }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Keys.self)
        var nested = c.nestedContainer(keyedBy: Keys.self, forKey: .a)
        try nested.encode(1, forKey: .c)
        try c.encode(2, forKey: .b)
        try nested.encode(3, forKey: .a)
    }
}

/// Two keys with one snake_case name.
private struct Clash: Encodable {
    var aB: Int
    var a_b: Int
}

/// Random records, with text that needs escaping, Vietnamese, and nil and non-nil optionals.
struct RecordGenerator {
    var rng: SplitMix
    /// Whether dates may fall in years outside 0...9999, which encoders write but the records'
    /// text does not read back (no input date is there).
    let farDates: Bool

    init(seed: UInt64, farDates: Bool = false) {
        rng = SplitMix(seed: seed)
        self.farDates = farDates
    }

    mutating func below(_ n: Int) -> Int { Int(rng.next() % UInt64(n)) }
    mutating func chance(_ n: Int) -> Bool { below(n) == 0 }
    mutating func maybe<T>(_ make: (inout RecordGenerator) -> T) -> T? { chance(3) ? nil : make(&self) }
    mutating func list<T>(_ max: Int, _ make: (inout RecordGenerator) -> T) -> [T] { (0..<below(max + 1)).map { _ in make(&self) } }
    mutating func pick<E: CaseIterable>(_ type: E.Type) -> E { let all = Array(E.allCases); return all[below(all.count)] }

    static let pieces = [
        "Hội", "Nông dân", "Việt Nam", "Đoàn", "chữ thập đỏ", "Người cao tuổi", "tỉnh Hà Tĩnh", "Khuyến học", "x", " ", "a\"b",
        "c\\d", "e/f", "</script>", "\t", "\n", "\r", "\u{1}", "\u{8}", "\u{C}", "\u{1F}", "\u{7F}", "😀", "\u{2028}", "ệ",
        "e\u{301}", "Ω", "100%", "{}", "[]", ":,", "\u{FEFF}",
    ]

    mutating func text() -> String { (0..<(1 + below(5))).map { _ in Self.pieces[below(Self.pieces.count)] }.joined() }
    mutating func slug() -> String { ["btv-tu", "hoi-nong-dan", "so-noi-vu", "hoi-\(below(1000))", "ubkt"][below(5)] }
    mutating func code() -> String { ["chu_tich", "pho_chu_tich", "tong_thu_ky", "uy_vien_1", "uy_vien_10", "uy_vien_9", "a", "_x", "k1_"][below(9)] }
    /// A date in 2019–2027 or, with ``farDates``, one time in twenty of a year outside 0...9999.
    mutating func date() -> CivilDate {
        farDates && below(20) == 0 ? CivilDate(days: [-800_000, -719_529, 2_932_897, 3_500_000][below(4)]) : CivilDate(days: Int64(18_000 + below(3_000)))
    }
    mutating func seq() -> Int64 { chance(20) ? Limits.maxSafeInteger - Int64(below(3)) : Int64(below(100_000)) }
    /// A stamp whose date is a day, a month or a year (as an event's occurred_at may be).
    mutating func stamp() -> Stamp {
        Stamp(date: RecordedDate(firstDay: date(), occurredAt: ["2024", "2024-03", "2024-03-01"][below(3)]), seq: seq())
    }
    mutating func stamped<V>(_ value: V) -> Stamped<V> { Stamped(value, stamp()) }

    mutating func json(depth: Int) -> JSONValue {
        switch below(depth > 2 ? 4 : 6) {
        case 0: return .null
        case 1: return .bool(chance(2))
        case 2: return .integer(chance(2) ? -seq() : seq())
        case 3: return .string(text())
        case 4: return .array(list(3) { $0.json(depth: depth + 1) })
        default:
            var members: [String: JSONValue] = [:]
            for _ in 0..<below(5) { members[["k1", "k10", "k9", "k_1", "months", "due_within", "a", "_b"][below(8)]] = json(depth: depth + 1) }
            return .object(members)
        }
    }

    mutating func selector() -> OrgSelector {
        chance(2)
            ? OrgSelector(ids: list(3) { $0.slug() }, kind: nil, level: nil, province: nil, flags: nil, under: nil)
            : OrgSelector(
                ids: nil, kind: pick(OrgKind.self), level: maybe { $0.pick(OrgLevel.self) }, province: maybe { $0.slug() },
                flags: maybe { g in OrgSelector.Flags(dacThu: g.maybe { $0.chance(2) }, giaoNhiemVu: g.maybe { $0.chance(2) }) },
                under: maybe { $0.slug() })
    }

    mutating func requirement() -> Requirement {
        var params: [String: JSONValue] = [:]
        for _ in 0..<below(4) { params[["months", "k10", "k9", "target", "due_within"][below(5)]] = json(depth: 1) }
        let source: Requirement.ParamSource = chance(2)
            ? .all(pick(Requirement.ParamSource.Source.self))
            : .perParameter(Dictionary(params.keys.map { ($0, pick(Requirement.ParamSource.Source.self)) }, uniquingKeysWith: { a, _ in a }))
        return Requirement(
            reqId: "R\(below(20))", clauseRef: maybe { $0.text() }, textVi: text(), template: pick(Template.self),
            assignees: maybe { $0.selector() }, cooperating: maybe { $0.selector() }, reportsTo: maybe { $0.slug() },
            scope: maybe { $0.selector() }, params: params, paramSource: source, successorPolicy: maybe { $0.pick(Requirement.SuccessorPolicy.self) })
    }

    mutating func organization() -> OrganizationRecord {
        var leaders: [String: Stamped<String?>] = [:]
        var leadership: [String: [OrganizationRecord.LeaderFact]] = [:]
        for _ in 0..<below(4) {
            let position = code()
            leaders[position] = stamped(maybe { $0.text() })
            leadership[position] = list(3) { g in .init(person: g.text(), change: g.pick(LeadershipChange.self), stamp: g.stamp()) }
        }
        return OrganizationRecord(
            orgId: slug(), name: stamped(text()), nameHistory: list(3) { $0.stamped($0.text()) }, formerNames: list(2) { $0.text() },
            kind: stamped(pick(OrgKind.self)), level: stamped(pick(OrgLevel.self)), province: stamped(slug()),
            dacThu: maybe { $0.stamped($0.chance(2)) }, giaoNhiemVu: maybe { $0.stamped($0.chance(2)) },
            parent: maybe { $0.stamped($0.maybe { $0.slug() }) },
            registered: RecordedDate(firstDay: date(), occurredAt: ["2024", "2024-03", "2024-03-01"][below(3)]), status: stamped(pick(OrganizationRecord.Status.self)),
            successors: list(2) { $0.slug() }, predecessors: list(2) { $0.slug() },
            monitoring: list(2) { g in
                .init(assignmentId: "m\(g.below(99))", monitor: g.slug(), role: g.pick(MonitoringRole.self), since: g.date(), until: g.maybe { $0.date() },
                      monitorNow: g.maybe { $0.list(2) { $0.slug() } })
            },
            lastReport: maybe { g in
                .init(reportId: "r\(g.below(99))", recipient: g.slug(), periodKey: g.maybe { _ in "2024-Q1" }, on: g.date(), seq: g.seq())
            },
            lastInspection: maybe { g in
                .init(inspectionId: "i\(g.below(9))", inspector: g.slug(), kind: g.pick(InspectionKind.self), on: g.date(),
                      rating: g.maybe { $0.text() }, seq: g.seq())
            },
            membership: maybe { g in
                .init(asOf: g.date(), members: g.seq(), eligible: g.maybe { $0.seq() }, rate: g.maybe { _ in "0.5731" }, seq: g.seq())
            },
            congress: maybe { g in
                g.stamped(.init(term: g.text(), congressNo: g.maybe { Int64($0.below(20)) }, heldOn: g.date(), nextDue: g.maybe { $0.date() }))
            },
            leaders: leaders, leadership: leadership, openTasks: list(3) { "t\($0.below(99))" },
            openRecommendations: list(3) { "r\($0.below(99))" }, lastSeq: seq())
    }

    mutating func document() -> DocumentRecord {
        let doc = DocRef(
            docKey: "doc-\(below(99))", number: maybe { _ in "382-TB/TU" }, style: maybe { $0.pick(DocumentNumber.Style.self) },
            typeAbbr: maybe { _ in "TB" }, typeName: text(), issuerOrg: slug(), issuerAsCited: maybe { $0.text() },
            issuedOn: maybe { $0.date() }, issuedOnNotBefore: maybe { $0.date() }, signer: maybe { $0.text() },
            signingMode: maybe { $0.pick(SigningMode.self) }, title: maybe { $0.text() })
        return DocumentRecord(
            docKey: doc.docKey, doc: doc, isDirective: chance(2), sourceKind: maybe { $0.pick(SourceKind.self) },
            effectiveFrom: maybe { $0.date() }, effectiveUntil: maybe { $0.date() }, cites: list(2) { "doc-\($0.below(9))" },
            requirements: list(3) { g in
                .init(requirement: g.requirement(), amendedBy: g.list(2) { $0.seq() }, liftedOn: g.maybe { $0.date() }, liftedBy: g.maybe { $0.seq() })
            },
            registeredOn: date(), seq: seq(), lastSeq: seq())
    }

    mutating func task() -> TaskRecord {
        TaskRecord(
            taskId: "t\(below(999))", reqRef: maybe { _ in "doc-1#R1" }, assignee: slug(), reportsTo: maybe { $0.slug() },
            descriptionVi: text(), assignedOn: date(), due: maybe { $0.date() }, deliverable: maybe { $0.code() },
            status: stamped(pick(TaskRecord.Status.self)), lastSeq: seq(), doneAt: maybe { $0.stamp() }, cancelledAt: maybe { $0.stamp() })
    }

    mutating func assignment() -> AssignmentRecord {
        AssignmentRecord(
            assignmentId: "m\(below(999))", monitor: slug(), target: slug(), role: pick(MonitoringRole.self), officerName: maybe { $0.text() },
            since: date(), until: maybe { $0.date() }, revokedOn: maybe { $0.date() }, lastSeq: seq())
    }

    mutating func recommendation() -> RecommendationRecord {
        RecommendationRecord(
            recId: "r\(below(999))", fromOrg: slug(), toOrg: slug(), textVi: text(), channel: maybe { $0.pick(RecommendationChannel.self) },
            meetingId: maybe { _ in "meet-1" }, filedOn: date(), forwards: list(2) { g in .init(by: g.slug(), to: g.slug(), on: g.date()) },
            resolution: maybe { g in .init(resolver: g.slug(), outcome: g.pick(RecommendationOutcome.self), on: g.date(), seq: g.seq()) },
            lastSeq: seq())
    }
}
