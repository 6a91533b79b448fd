import Testing

@testable import LogFormat
@testable import Spreadsheet

/// How a cell's text becomes a value (docs/import.md, "Conversions").
@Suite struct CellConversionTests {
    func value(_ conversion: CellConversion, _ text: String, lookup: [String: JSONValue]? = nil) -> JSONValue? {
        try? conversion.value(text, lookup: lookup).get()
    }

    @Test("dd/mm/yyyy: day first, one or two digits, / . or -; a month or a year alone; ISO too; real dates only")
    func dayFirstDates() {
        let d = CellConversion.date(.dayFirst)
        #expect(value(d, "05/03/2026") == .string("2026-03-05"))
        #expect(value(d, "5/3/2026") == .string("2026-03-05"))
        #expect(value(d, "29.02.2024") == .string("2024-02-29"))
        #expect(value(d, "31-12-2025") == .string("2025-12-31"))
        #expect(value(d, "03/2026") == .string("2026-03"))
        #expect(value(d, "2026") == .string("2026"))
        #expect(value(d, "2026-03-05") == .string("2026-03-05"))
        for bad in ["29/02/2026", "31/04/2026", "00/01/2026", "05/13/2026", "05/03/26", "05/03-2026", "2026/03/05", "5 tháng 3", "05/03/2026 08:00"] {
            #expect(value(d, bad) == nil, "\(bad)")
        }
    }

    @Test("yyyy-mm-dd: ISO only; a day-first date is refused rather than guessed")
    func isoDates() {
        let d = CellConversion.date(.iso)
        #expect(value(d, "2026-03-05") == .string("2026-03-05"))
        #expect(value(d, "2026-03") == .string("2026-03"))
        for bad in ["05/03/2026", "2026-3-5", "2026-02-30", "20260305"] {
            #expect(value(d, bad) == nil, "\(bad)")
        }
    }

    @Test("integers: sign and digits, within ±(2^53 − 1); no separators or decimals")
    func integers() {
        #expect(value(.integer, "61250") == .integer(61250))
        #expect(value(.integer, "-3") == .integer(-3) && value(.integer, "+7") == .integer(7))
        #expect(value(.integer, "9007199254740991") == .integer(9_007_199_254_740_991))
        for bad in ["9007199254740992", "61.250", "61,250", "1e3", "12x", "-", "1 000"] {
            #expect(value(.integer, bad) == nil, "\(bad)")
        }
    }

    @Test("decimals become strings with a . mark, from either mark")
    func decimals() {
        #expect(value(.decimal, "0,85") == .string("0.85"))
        #expect(value(.decimal, "0.60") == .string("0.60"))
        #expect(value(.decimal, "12") == .string("12"))
        for bad in ["1.234,5", ",5", "5.", "-0.5", "0.6%"] { #expect(value(.decimal, bad) == nil, "\(bad)") }
        // 1.234 is 1234 to a Vietnamese reader and 1.234 to an English one: refused, not guessed.
        for ambiguous in ["1.234", "12,345", "999.000"] { #expect(value(.decimal, ambiguous) == nil, "\(ambiguous)") }
        #expect(value(.decimal, "0.600") == .string("0.600"))
        #expect(value(.decimal, "1.2340") == .string("1.2340"))
        #expect(value(.decimal, "1234.5") == .string("1234.5"))
    }

    @Test("booleans in English and Vietnamese, any case")
    func booleans() {
        for yes in ["true", "TRUE", "yes", "Có", "x", "1"] { #expect(value(.boolean, yes) == .bool(true), "\(yes)") }
        for no in ["false", "FALSE", "No", "không", "KHÔNG", "0"] { #expect(value(.boolean, no) == .bool(false), "\(no)") }
        #expect(value(.boolean, "maybe") == nil)
    }

    @Test("lists split at the separator, parts trimmed, empty parts left out, each part converted")
    func lists() {
        #expect(value(.list(item: .string, separator: ","), "ht:mttq, ht:hoi-lhpn,,ht:ldld ") == .array([.string("ht:mttq"), .string("ht:hoi-lhpn"), .string("ht:ldld")]))
        #expect(value(.list(item: .integer, separator: ";"), "1; 2") == .array([.integer(1), .integer(2)]))
        #expect(value(.list(item: .integer, separator: ","), "1, two") == nil)
        if case .failure(let e) = CellConversion.list(item: .integer, separator: ",").value("1, two") {
            #expect(e.message.hasPrefix("item \"two\":"))
        }
    }

    @Test("a lookup gives the value listed for the text, for a list's parts too, and refuses other text")
    func lookups() {
        let kinds: [String: JSONValue] = ["Giao ban": .string("giao_ban"), "Hội nghị": .string("hoi_nghi")]
        #expect(value(.string, "Giao ban", lookup: kinds) == .string("giao_ban"))
        #expect(value(.string, "giao ban", lookup: kinds) == nil)
        #expect(value(.list(item: .string, separator: ","), "Hội nghị, Giao ban", lookup: kinds) == .array([.string("hoi_nghi"), .string("giao_ban")]))
    }
}
