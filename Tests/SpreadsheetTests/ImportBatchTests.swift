import Testing

@testable import LogFormat
@testable import Spreadsheet

/// Rows checked on their own as `append` checks a line (docs/import.md, "Checks").
@Suite struct ImportBatchTests {
    static let mapping = """
        {"type": "note.recorded", "natural_key": ["Mã"], "date_format": "yyyy-mm-dd",
         "occurred_at": {"column": "Ngày", "as": "date"}, "actor": {"column": "Người ghi"},
         "subject": {"column": "Đối tượng"}, "payload": {"text": {"column": "Nội dung"}}}
        """

    func batch(_ csv: String) throws -> ImportBatch {
        let mapping = try ImportMapping.parse(Array(Self.mapping.utf8), name: "m.json")
        let table = try CSVReader.read(Array(csv.utf8), name: "f.csv")
        #expect(mapping.problems(header: table.header, file: "f.csv").isEmpty)
        return ImportBatch(table: table, mapping: mapping, policy: GenericEntryPolicy())
    }

    @Test("every bad row is kept as a problem and the good rows become lines, in order")
    func everyBadRow() throws {
        let b = try batch("""
            Mã,Ngày,Người ghi,Đối tượng,Nội dung
            1,2026-01-02,clerk,org/a,một
            2,2026-13-02,clerk,org/a,hai
            3,2026-01-02,"cl\u{7}erk",org/a,ba
            4,2026-01-02,clerk,org/a
            5,2026-01-02,clerk,org/b,năm

            """)
        #expect(b.lines.map(\.row) == [2, 6])
        #expect(b.problems.map(\.row) == [3, 4, 5])
        #expect(b.problems[1].column == "Người ghi" && b.problems[1].field == "actor")
        #expect(b.problems[1].message == "must not contain control characters")
        #expect(b.rows == 5)
    }

    @Test("the same row twice is one event; the same key with other values is a problem naming both rows")
    func repeatedKeys() throws {
        let b = try batch("""
            Mã,Ngày,Người ghi,Đối tượng,Nội dung
            1,2026-01-02,clerk,org/a,một
            1,2026-01-02,clerk,org/a,một
            1,2026-01-02,clerk,org/a,khác
            """)
        #expect(b.lines.map(\.row) == [2, 3])
        #expect(b.lines[0].eventID == b.lines[1].eventID)
        #expect(b.problems.count == 1 && b.problems[0].row == 4 && b.problems[0].message.contains("also row 2's"))
    }

    @Test("each line is canonical JSON whose text is NFC")
    func canonicalLines() throws {
        let b = try batch("Mã,Ngày,Người ghi,Đối tượng,Nội dung\n1,2026-01-02,clerk,org/a,\("Hội Nông dân".decomposedStringWithCanonicalMappingForTest)\n")
        let value = try JSONParser.parse(b.lines[0].bytes, normalize: false)
        #expect(CanonicalEncoder.encode(value) == b.lines[0].bytes)
        #expect(value["payload"]?["text"] == .string("Hội Nông dân"))
    }
}
