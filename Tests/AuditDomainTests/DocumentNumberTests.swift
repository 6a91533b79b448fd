import Testing

@testable import AuditDomain

/// The document number grammar of Schemas/README.md ("number"), on Party and State numbers as written.
@Suite struct DocumentNumberTests {
    @Test("Party and State numbers parse to their canonical form and parts", arguments: [
        ("Số 382-TB/TU", "382-TB/TU", DocumentNumber.Style.party, "TB" as String?, "TU", nil as String?),
        ("08-QĐi/TW", "08-QĐi/TW", .party, "QĐi", "TW", nil),
        ("16-CTr/TU", "16-CTr/TU", .party, "CTr", "TU", nil),
        ("382 - TB/TU", "382-TB/TU", .party, "TB", "TU", nil),
        ("03-HD/BTGDVTU", "03-HD/BTGDVTU", .party, "HD", "BTGDVTU", nil),
        ("367-QĐ/TWĐTN-VP", "367-QĐ/TWĐTN-VP", .party, "QĐ", "TWĐTN-VP", nil),
        ("68/NQ-CP", "68/NQ-CP", .state, "NQ", "CP", nil),
        ("Số: 30/2020/NĐ-CP", "30/2020/NĐ-CP", .state, "NĐ", "CP", "2020"),
        ("68/2010/QĐ-TTg", "68/2010/QĐ-TTg", .state, "QĐ", "TTg", "2010"),
        ("45/UBND-VP", "45/UBND-VP", .state, nil, "UBND-VP", nil),
        ("05/HD-MTTW-BTT", "05/HD-MTTW-BTT", .state, "HD", "MTTW-BTT", nil),
        ("202/2025/QH15", "202/2025/QH15", .state, nil, "QH15", "2025"),
        ("382/TB-TU", "382/TB-TU", .state, "TB", "TU", nil),
        ("752 – CV/TU", "752-CV/TU", .party, "CV", "TU", nil),
    ])
    func vectors(input: String, canonical: String, style: DocumentNumber.Style, type: String?, issuer: String, year: String?) throws {
        let n = try #require(DocumentNumber(input))
        #expect(n.description == canonical)
        #expect(n.style == style)
        #expect(n.typeAbbr == type)
        #expect(n.issuer == issuer)
        #expect(n.year == year)
    }

    @Test("malformed numbers are refused", arguments: ["TB/TU", "382-TB", "abc", "382/TB/TU", "", "Số", "123456-TB/TU", "382-TB/", "382-tb/TU", "382-TBTBTBT/TU"])
    func refused(input: String) {
        #expect(DocumentNumber(input) == nil)
    }

    /// The lists Tests/EndToEnd/test_schemas.py checks the JSON Schema against: the binary agrees.
    @Test("the schema conformance test's accepted numbers parse", arguments: [
        "Số 382-TB/TU", "số 382-TB/TU", "Số: 66-QĐ/TW", "08-QĐi/TW", "16-CTr/TU", "382 - TB/TU", "68/2010/QĐ-TTg",
        "45/UBND-VP", "05/HD-MTTW-BTT", "202/2025/QH15", "5588/BGDĐT-GDPT", "382/TB-TU", "12 / TTr - UBND", "68/NQ–CP",
        "367–QĐ/TWĐTN–VP", " 382-TB/TU", "382-TB/TU ",
    ])
    func schemaAccepted(input: String) {
        #expect(DocumentNumber(input) != nil)
    }

    @Test("the schema conformance test's refused numbers are refused", arguments: [
        "382/TB/TU", "TB/TU", "382-TB", "abc", "", "Số", "382-tb/TU", "382-TB/tu", "123456-TB/TU", "382_TB/TU", "SỐ 382-TB/TU",
        "382-TB/TU/", "382–NQ/CP-", "３８２-TB/TU", "382\u{00A0}-TB/TU", "Số\t382-TB/TU",
    ])
    func schemaRefused(input: String) {
        #expect(DocumentNumber(input) == nil)
    }
}
