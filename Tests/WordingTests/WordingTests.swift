import Testing
import Wording

@Suite("Numbers as people write them")
struct NumberTextTests {
    @Test("Vietnamese groups thousands with dots, English with commas")
    func grouping() {
        #expect(NumberText.integer(152_340, .vi) == "152.340")
        #expect(NumberText.integer(410_000, .en) == "410,000")
        #expect(NumberText.integer(999, .vi) == "999")
        #expect(NumberText.integer(1_000, .vi) == "1.000")
        #expect(NumberText.integer(-1_234_567, .vi) == "−1.234.567")
        #expect(NumberText.integer(0, .en) == "0")
    }

    @Test("decimals take the language's mark; what is not a decimal is kept")
    func decimals() {
        #expect(NumberText.decimal("0.60", .vi) == "0,60")
        #expect(NumberText.decimal("12345.5", .vi) == "12.345,5")
        #expect(NumberText.decimal("12345.5", .en) == "12,345.5")
        #expect(NumberText.decimal("-3", .vi) == "−3")
        for odd in ["", ".", "1.", ".5", "1e3", "abc", "1.2.3"] { #expect(NumberText.decimal(odd, .vi) == odd) }
    }

    @Test("percentages round half up to the places asked")
    func percentages() {
        #expect(NumberText.percent(152_340, of: 410_000, .vi) == "37,16 %")
        #expect(NumberText.percent(152_340, of: 410_000, .en) == "37.16%")
        #expect(NumberText.percent(1, of: 8, places: 1, .en) == "12.5%")  // 12.5 exactly
        #expect(NumberText.percent(1, of: 3, places: 0, .vi) == "33 %")
        #expect(NumberText.percent(2, of: 3, places: 2, .en) == "66.67%")
        #expect(NumberText.percent(1, of: 0, .vi) == nil)
    }
}

@Suite("Dates at the precision recorded")
struct DateTextTests {
    @Test("Vietnamese writes day/month/year; English keeps ISO 8601")
    func dates() {
        #expect(DateText.date("2024-03-15", .vi) == "15/03/2024")
        #expect(DateText.date("2024-03", .vi) == "tháng 03/2024")
        #expect(DateText.date("2024", .vi) == "năm 2024")
        #expect(DateText.short("2024-03", .vi) == "03/2024")
        #expect(DateText.date("2024-03-15", .en) == "2024-03-15")
        #expect(DateText.date("15/03/2024", .vi) == "15/03/2024")
    }

    @Test("period keys read as the periods they name")
    func periods() {
        #expect(DateText.period("2024-H1", .vi) == "6 tháng đầu năm 2024")
        #expect(DateText.period("2024-H2", .vi) == "6 tháng cuối năm 2024")
        #expect(DateText.period("2024-Q3", .vi) == "quý III/2024")
        #expect(DateText.period("2024", .vi) == "năm 2024")
        #expect(DateText.period("2021-07-26–2025-07-17", .vi) == "26/07/2021–17/07/2025")
        #expect(DateText.period("ht:ubnd 2021", .vi) == "ht:ubnd 2021")
        #expect(DateText.period("2024-H1", .en) == "2024-H1")
    }

    @Test("timestamps to the minute, in UTC; dates inside text are rewritten, longer digit runs are not")
    func timestampsAndText() {
        #expect(DateText.timestamp("2024-03-15T10:04:05.123Z", .vi) == "15/03/2024 10:04 UTC")
        #expect(DateText.timestamp("2024-03-15T10:04:05.123Z", .en) == "2024-03-15 10:04 UTC")
        #expect(DateText.inText("done on 2024-03-15, due 2024-03-31", .vi) == "done on 15/03/2024, due 31/03/2024")
        #expect(DateText.inText("12024-03-155", .vi) == "12024-03-155")
        #expect(DateText.occurred("2021-07-26T23:30:00+06:00", .vi) == "26/07/2021 23:30 (+06:00)")
        #expect(DateText.occurred("2021-07-26T23:30:00.000Z", .vi) == "26/07/2021 23:30 (UTC)")
        #expect(DateText.occurred("2021-07", .vi) == "tháng 07/2021")
        #expect(DateText.occurred("2021-07-01/2021-07-31", .vi) == "01/07/2021–31/07/2021")
        #expect(DateText.occurred("2021", .en) == "2021")
    }
}

@Suite("Labels for the log's codes")
struct VocabularyTests {
    @Test("every verdict and template has a Vietnamese and an English label, and they are NFC")
    func complete() {
        for v in ["satisfied", "late", "violated", "pending", "indeterminate", "not_applicable"] {
            #expect(Vocabulary.knows(.verdict, v))
        }
        for kind in Vocabulary.Kind.allCases {
            for code in Vocabulary.codes(kind) {
                let vi = Vocabulary.label(kind, code, .vi)
                #expect(vi.hasNoCombiningMark, "\(kind) \(code) not NFC")
                #expect(!vi.isEmpty && !Vocabulary.label(kind, code, .en).isEmpty)
            }
        }
    }

    @Test("the labels the issue names, and an unknown code shown as written")
    func examples() {
        #expect(Vocabulary.label(.position, "chu_tich", .vi) == "Chủ tịch")
        #expect(Vocabulary.label(.rating, "trung_binh", .vi) == "Trung bình")
        #expect(Vocabulary.label(.inspectionKind, "kiem_tra", .vi) == "Kiểm tra")
        #expect(Vocabulary.label(.position, "truong_doan", .vi) == "truong doan")
    }

    @Test("a requirement's states as `directive` reports them (its JSON's `state`) and an organisation's flags have labels")
    func directiveStatesAndFlags() {
        for state in ["in force", "lifted", "not yet effective", "ended"] { #expect(Vocabulary.knows(.requirementState, state)) }
        #expect(Vocabulary.codes(.requirementState).count == 4)
        #expect(Vocabulary.label(.requirementState, "lifted", .vi) == "Đã bãi bỏ")
        #expect(Vocabulary.label(.requirementState, "in force", .en) == "in force")
        // The flags of organization.registered's payload (Schemas/README.md): flags.dac_thu, flags.giao_nhiem_vu.
        #expect(Vocabulary.codes(.orgFlag) == ["dac_thu", "giao_nhiem_vu"])
        #expect(Vocabulary.label(.orgFlag, "giao_nhiem_vu", .vi) == "Được Đảng, Nhà nước giao nhiệm vụ")
    }
}

extension String {
    /// Whether the text has no combining mark (U+0300–U+036F): Vietnamese in NFC writes every
    /// letter precomposed, so a combining mark means decomposed (NFD) text.
    fileprivate var hasNoCombiningMark: Bool { !unicodeScalars.contains { (0x0300...0x036F).contains($0.value) } }
}

@Suite("Province names")
struct ProvinceNamesTests {
    @Test("slugs of the log name their provinces, with diacritics")
    func names() {
        #expect(ProvinceNames.name("ha-tinh", .vi) == "Hà Tĩnh")
        #expect(ProvinceNames.name("quang-tri", .vi) == "Quảng Trị")
        #expect(ProvinceNames.name("can-tho", .en) == "Cần Thơ")
        #expect(ProvinceNames.name("dak-lak", .vi) == "Đắk Lắk")
        #expect(ProvinceNames.name("trung-uong", .vi) == "Trung ương")
        #expect(ProvinceNames.name("atlantis", .vi) == "atlantis")
    }
}
