import Foundation
import EventLog
import LogFormat
import TestSupport
import Testing

@testable import AuditDomain

/// Durations, schedules, dates and the value kinds of Schemas/README.md.
@Suite struct ValueKindTests {
    @Test("durations add with month-end clamping", arguments: [
        ("2026-01-31", "P1M", "2026-02-28"), ("2024-01-31", "P1M", "2024-02-29"), ("2026-12-31", "P15D", "2027-01-15"),
        ("2024-02-29", "P1Y", "2025-02-28"), ("2026-03-20", "P90D", "2026-06-18"), ("2026-01-01", "P6M", "2026-07-01"),
        ("2026-01-01", "P2W", "2026-01-15"), ("2021-07-26", "P90D", "2021-10-24"),
    ])
    func durations(start: String, duration: String, end: String) throws {
        let d = try #require(ISODuration(duration))
        #expect(d.added(to: try #require(CivilDate(start))).description == end)
    }

    @Test("kinds accept and refuse", arguments: [
        (ValueKind.slug, "hoi-chu-thap-do", true), (.slug, "ht:btv-tu", true), (.slug, "Hoi", false), (.slug, "a:b:c", false),
        (.slug, "", false), (.slug, "hội", false), (.duration, "P15D", true), (.duration, "P", false), (.duration, "P1D1Y", false),
        (.duration, "PT1H", false), (.duration, "P10000D", false), (.schedule, "R/2026-01-01/P1Y", true), (.schedule, "R5/2026-01-01/P3M", true),
        (.schedule, "R/2026-01-01/P0D", false), (.schedule, "2026-01-01/P1Y", false), (.decimal, "0.60", true), (.decimal, "60", true),
        (.decimal, "0.", false), (.decimal, "00.6", false), (.decimal, ".6", false), (.date, "2024-02-29", true), (.date, "2023-02-29", false),
        (.reqRef, "seed-004#R2.3", true), (.reqRef, "btv-tu|382-TB/TU|2021#Rcov", true), (.reqRef, "seed-004", false),
        (.periodKey, "2026-H1", true), (.periodKey, "2026-Q4", true), (.periodKey, "2026-13", false), (.periodKey, "adhoc", true),
        (.term, "2022–2027", true), (.term, "2027-2022", false), (.docKey, "HYP-TB/TU bổ sung", true), (.docKey, "a#b", false),
        (.eventType, "organization.merged", true), (.eventType, "note.recorded", false), (.id, "K1", true), (.id, "-x", false),
    ])
    func kinds(kind: ValueKind, text: String, valid: Bool) {
        #expect((kind.canonical(text) != nil) == valid)
    }

    @Test("every catalogue type has a distinct dotted name")
    func catalogue() {
        #expect(EventCatalogue.all.count == 35)
        #expect(EventCatalogue.kinds.count == 35)
    }
}

/// Search that ignores case and diacritics.
@Suite struct SearchTextTests {
    @Test("folding removes tones and marks, maps đ to d, lowers case, squeezes spaces", arguments: [
        ("Hội Nông dân", "hoi nong dan"), ("HỘI  NÔNG\tDÂN ", "hoi nong dan"), ("Đảng ủy", "dang uy"),
        ("Ban Tuyên giáo và Dân vận", "ban tuyen giao va dan van"), ("Ho\u{0302}\u{0323}i", "hoi"), ("Cựu chiến binh", "cuu chien binh"),
    ])
    func fold(text: String, folded: String) {
        #expect(SearchText.fold(text) == folded)
    }

    @Test("the letter-by-letter fold of Latin text equals the fold by decomposition, on generated text")
    func latinFoldAgreesWithDecomposition() {
        // Every character the fast path may meet, those it must leave to the decomposition
        // (marks typed apart, other scripts, other white space), and the ASCII controls.
        var alphabet = (0x00...0x7F).compactMap(Unicode.Scalar.init)
        alphabet += (0x80...0x24F).compactMap(Unicode.Scalar.init) + (0x1E00...0x1EFF).compactMap(Unicode.Scalar.init)
        alphabet += [0x300, 0x301, 0x303, 0x309, 0x323, 0x302, 0x306, 0x31B, 0x1DC4, 0x20D0, 0x3A3, 0x3C3, 0x3C2, 0x130, 0x2003,
                     0x3000, 0x1680, 0x2028, 0x4E2D, 0x1F600, 0x1C, 0x85, 0xA0, 0xFB01, 0x212A].compactMap(Unicode.Scalar.init)
        let vietnamese = Array("aăâbcdđeêghiklmnoôơpqrstuưvxyAĂÂĐÊÔƠƯàảãáạằẳẵắặầẩẫấậèẻẽéẹềểễếệìỉĩíịòỏõóọồổỗốộờởỡớợùủũúụừửữứựỳỷỹýỵ ".unicodeScalars)
        var rng = SplitMix(seed: 26)
        var fastPathTaken = 0
        for round in 0..<6_000 {
            var text = String.UnicodeScalarView()
            let length = Int(rng.next() % 24)
            for _ in 0..<length {
                // Mostly Vietnamese letters and spaces (the fast path), sometimes anything.
                let pool = round % 3 == 0 || rng.next() % 8 == 0 ? alphabet : vietnamese
                text.append(pool[Int(rng.next() % UInt64(pool.count))])
            }
            let s = String(text)
            if SearchText.latinFold(s) != nil { fastPathTaken += 1 }
            #expect(SearchText.fold(s) == SearchText.unicodeFold(s), "\(Array(s.unicodeScalars.map(\.value)))")
        }
        // Each character of the table's ranges alone, and between letters and spaces.
        for scalar in alphabet {
            for s in [String(scalar), "A\(scalar)b", " \(scalar)\(scalar) ", "\(scalar)\u{301}", "Ư\(scalar)"] {
                #expect(SearchText.fold(s) == SearchText.unicodeFold(s), "\(Array(s.unicodeScalars.map(\.value)))")
            }
        }
        // The fast path is the one taken for Vietnamese text in NFC, and not for text in NFD.
        #expect(fastPathTaken > 3_000)
        #expect(SearchText.latinFold("Hội Liên hiệp Phụ nữ  Việt Nam\u{A0}") == "hoi lien hiep phu nu viet nam")
        #expect(SearchText.latinFold("Ho\u{0302}\u{0323}i") == nil)
    }

    @Test("matches strings at any depth, never numbers or keys")
    func matches() throws {
        let value = try JSONParser.parse(Array(#"{"doc":{"title":"Về công tác Hội Nông dân"},"n":12,"hoi":"x"}"#.utf8), normalize: true)
        #expect(SearchText("hoi nong dan").matches(value))
        #expect(SearchText("HỘI NÔNG").matches(value))
        #expect(!SearchText("12").matches(value))
        #expect(!SearchText("hoi phu nu").matches(value))
    }
}

/// Found in review: values computed from valid input must round-trip through the tables.
@Suite struct ProjectionEdgeTests {
    @Test("dates outside 1900...9999 computed from valid input are written and read back")
    func farDates() throws {
        for days: Int64 in [-25_568, -1, 0, 2_932_896, 3_000_000] {
            let d = CivilDate(days: days)
            #expect(CivilDate(text: d.description) == d, "\(d)")
            let data = try JSONEncoder().encode(d)
            #expect(try JSONDecoder().decode(CivilDate.self, from: data) == d)
        }
    }

    @Test("membership rates: exact, rounded half up, no overflow for any accepted integers", arguments: [
        (Int64(1), Int64(3), "0.3333"), (2, 3, "0.6667"), (0, 5, "0.0000"), (5, 5, "1.0000"), (9_007_199_254_740_991, 1_000_000_000_000_000, "9.0072"),
    ])
    func rates(members: Int64, eligible: Int64, expected: String) {
        #expect(Projector.rate(members, eligible) == expected)
    }

    @Test("absurd rates are no rate rather than a trap")
    func absurd() {
        #expect(Projector.rate(9_007_199_254_740_991, 1) == nil)
        #expect(Projector.rate(900_000_000_000_000, 1_000_000_000_000_000) == "0.9000")
    }
}
