import Testing

@testable import LogFormat
@testable import Spreadsheet

/// The mapping file and the lines it makes of rows (docs/import.md, "The mapping").
@Suite struct ImportMappingTests {
    static let reports = """
        {"type": "report.submitted", "natural_key": ["Mã"], "date_format": "dd/mm/yyyy",
         "occurred_at": {"column": "Ngày gửi", "as": "date"},
         "actor": {"value": "clerk:ht:vp-tu"},
         "payload": {
           "report_id": {"column": "Mã"},
           "reporter": {"column": "Đơn vị"},
           "recipient": {"value": "ht:btgdv-tu"},
           "period": {"object": {"key": {"column": "Kỳ"}, "start": {"column": "Từ", "as": "date"}, "end": {"column": "Đến", "as": "date"}}, "optional": true},
           "metrics": {"object": {"ty_le": {"column": "Tỷ lệ", "as": "decimal", "optional": true}, "dung_han": {"column": "Đúng hạn", "as": "boolean", "optional": true}}},
           "about": {"column": "Liên quan", "as": "list", "separator": ";", "optional": true}
         },
         "meta": {"source": {"value": "import:bao-cao.csv"}}}
        """
    static let header = ["Mã", "Đơn vị", "Ngày gửi", "Kỳ", "Từ", "Đến", "Tỷ lệ", "Đúng hạn", "Liên quan"]

    func mapping(_ text: String = reports) throws -> ImportMapping {
        try ImportMapping.parse(Array(text.utf8), name: "m.json")
    }

    func line(_ cells: [String], mapping: ImportMapping) -> (JSONValue?, [RowProblem]) {
        var problems: [RowProblem] = []
        var columns: [String: Int] = [:]
        for (i, name) in Self.header.enumerated() { columns[name] = i }
        let made = mapping.line(for: CSVTable.Row(number: 7, cells: cells), columns: columns, problems: &problems)
        return (made?.line, problems)
    }

    @Test("a row becomes the line the mapping describes, with the event id of its type and natural key")
    func rowToLine() throws {
        let (value, problems) = line(["BC-07", "ht:hoi-nong-dan", "08/10/2026", "2026-Q3", "01/07/2026", "30/09/2026", "0,85", "có", "ht:t-1; ht:t-2"],
                                     mapping: try mapping())
        #expect(problems.isEmpty)
        #expect(value == .object([
            "type": .string("report.submitted"), "event_id": .string(ImportEventID.derive(type: "report.submitted", key: ["BC-07"])),
            "occurred_at": .string("2026-10-08"), "actor": .string("clerk:ht:vp-tu"),
            "payload": .object([
                "report_id": .string("BC-07"), "reporter": .string("ht:hoi-nong-dan"), "recipient": .string("ht:btgdv-tu"),
                "period": .object(["key": .string("2026-Q3"), "start": .string("2026-07-01"), "end": .string("2026-09-30")]),
                "metrics": .object(["ty_le": .string("0.85"), "dung_han": .bool(true)]),
                "about": .array([.string("ht:t-1"), .string("ht:t-2")]),
            ]),
            "meta": .object(["source": .string("import:bao-cao.csv")]),
        ]))
        // The line is what `append` takes.
        #expect(throws: Never.self) { try AppendLine(value!, line: 7) }
    }

    @Test("empty optional cells leave their fields out; an optional object whose columns are all empty is left out")
    func optionalFields() throws {
        let (value, problems) = line(["BC-08", "ht:hoi-lhpn", "2026-10-09", "", "", "", "", "", ""], mapping: try mapping())
        #expect(problems.isEmpty)
        #expect(value?["payload"]?["period"] == nil && value?["payload"]?["about"] == nil)
        #expect(value?["payload"]?["metrics"] == .object([:]))
    }

    @Test("every problem of a row is named with its column and field: required cells, bad values, a half-filled period")
    func rowProblems() throws {
        let (value, problems) = line(["", "ht:hoi-lhpn", "31/02/2026", "2026-Q3", "01/07/2026", "", "12%", "maybe", ""], mapping: try mapping())
        #expect(value == nil)
        let named = problems.map { "\($0.row!) \($0.column ?? "-") \($0.field ?? "-")" }
        #expect(named == [
            // The natural key first, then the fields in the order of their names.
            "7 Mã -", "7 Ngày gửi occurred_at", "7 Đúng hạn payload.metrics.dung_han", "7 Tỷ lệ payload.metrics.ty_le",
            "7 Đến payload.period.end", "7 Mã payload.report_id",
        ])
        #expect(problems[0].message.contains("natural key"))
        #expect(problems[1].description == "row 7: column \"Ngày gửi\" (occurred_at): \"31/02/2026\" is not a date in the mapping's date_format, dd/mm/yyyy")
    }

    @Test("the field a refusal names leads back to its column: the longest path that holds it")
    func columnForField() throws {
        let m = try mapping()
        #expect(m.column(forField: "payload.period.start") == "Từ")
        #expect(m.column(forField: "payload.about[1]") == "Liên quan")
        #expect(m.column(forField: "payload.reporter") == "Đơn vị")
        #expect(m.column(forField: "payload.recipient") == nil)  // a constant
        #expect(m.column(forField: "payload.period") == nil)     // several columns
        #expect(m.column(forField: "payload.report_idx") == nil)
    }

    @Test("every problem of a mapping is reported at once, naming its path")
    func mappingProblems() {
        let text = """
            {"type": "Report", "natural_key": [], "date_format": "mm/dd/yyyy", "actor": {"column": "A", "colum": 1},
             "payload": {"a": {"column": "X", "value": 1}, "b": "Y", "c": {"column": "Z", "as": "money"},
                         "d": {"column": "D", "as": "date"}, "e": {"column": "E", "separator": ";"},
                         "f": {"column": "F", "values": [["a", 1], ["a", 2]]}},
             "extra": 1}
            """
        var messages: [String] = []
        do { _ = try ImportMapping.parse(Array(text.utf8), name: "m.json") } catch { messages = error.problems.map(\.message) }
        for expected in ["\"extra\" is not a member", "type: required", "natural_key: required", "date_format: must be",
                         "occurred_at: required", "actor: \"colum\" is not an option", "payload.a: takes one of",
                         "payload.b: must be an object", "payload.c: \"as\": \"money\" is not one of",
                         "payload.e: \"item\" and \"separator\" belong to", "payload.f: \"values\"[1]: \"a\" is given twice"] {
            #expect(messages.contains { $0.hasPrefix("mapping m.json: " + expected) }, "\(expected)\n\(messages)")
        }
        // A date needs the date_format; with a wrong date_format that is already said.
        var noFormat: [String] = []
        do {
            _ = try ImportMapping.parse(Array(#"{"type":"a.b","natural_key":["K"],"occurred_at":{"column":"D","as":"date"},"actor":{"value":"x"},"payload":{}}"#.utf8), name: "m.json")
        } catch { noFormat = error.problems.map(\.message) }
        #expect(noFormat == ["mapping m.json: occurred_at: \"as\": \"date\" needs the mapping's \"date_format\" (\"dd/mm/yyyy\" or \"yyyy-mm-dd\")"])
    }

    @Test("a mapping in a file with a byte-order mark, or not JSON as the log reads it")
    func mappingFile() throws {
        let plain = #"{"type":"a.b","natural_key":["K"],"occurred_at":{"column":"K"},"actor":{"value":"x"},"payload":{"k":{"column":"K"}}}"#
        #expect(try ImportMapping.parse([0xEF, 0xBB, 0xBF] + Array(plain.utf8), name: "m.json").type == "a.b")
        #expect(throws: ImportFailure.self) { try ImportMapping.parse(Array(#"{"type": 1.5}"#.utf8), name: "m.json") }
    }

    @Test("the header must hold every column the mapping reads, once; names are compared in NFC")
    func headerCheck() throws {
        let m = try mapping()
        #expect(m.problems(header: Self.header, file: "f.csv").isEmpty)
        let nfd = Self.header.map(\.decomposedStringWithCanonicalMappingForTest)
        let normalised = try CSVReader.read(Array(nfd.joined(separator: ",").utf8), name: "f.csv").header
        #expect(m.problems(header: normalised, file: "f.csv").isEmpty)
        let missing = m.problems(header: Array(Self.header.dropFirst()) + ["Đơn vị"], file: "f.csv").map(\.message)
        #expect(missing.contains { $0.hasPrefix("event_id: column \"Mã\" is not in the header of f.csv") || $0.hasPrefix("payload.report_id: column \"Mã\" is not in the header") })
        #expect(missing.contains { $0.contains("column \"Đơn vị\" is in the header of f.csv 2 times") })
    }
}
