import Testing

@testable import LogFormat
@testable import Spreadsheet

/// Reading CSV as RFC 4180 describes it and spreadsheets write it (docs/import.md, "The CSV file").
@Suite struct CSVReaderTests {
    func read(_ text: String, delimiter: UInt8? = nil) throws -> CSVTable {
        try CSVReader.read(Array(text.utf8), name: "t.csv", delimiter: delimiter)
    }

    @Test("quoted cells hold the delimiter, doubled quotes and line breaks; a quoted line break does not start a row")
    func quotedCells() throws {
        let table = try read("a,b,c\n\"x, y\",\"say \"\"hi\"\"\",\"two\nlines\"\nplain,,\"\"\n")
        #expect(table.header == ["a", "b", "c"])
        #expect(table.rows == [
            CSVTable.Row(number: 2, cells: ["x, y", "say \"hi\"", "two\nlines"]),
            CSVTable.Row(number: 3, cells: ["plain", "", ""]),
        ])
        #expect(table.problems.isEmpty)
    }

    @Test("CRLF and LF end rows alike, with or without a last line break, and a UTF-8 byte-order mark is not part of the first column's name")
    func lineEndsAndByteOrderMark() throws {
        let lf = try read("Tên,Số\nA,1\nB,2")
        let crlf = try CSVReader.read([0xEF, 0xBB, 0xBF] + Array("Tên,Số\r\nA,1\r\nB,2\r\n".utf8), name: "t.csv")
        #expect(crlf.header == ["Tên", "Số"])
        #expect(lf.header == crlf.header && lf.rows == crlf.rows)
        #expect(crlf.rows.map(\.cells) == [["A", "1"], ["B", "2"]])
    }

    @Test("a CRLF inside quotes stays in the cell")
    func crlfInsideQuotes() throws {
        let table = try read("a,b\r\n\"1\r\n2\",x\r\n")
        #expect(table.rows == [CSVTable.Row(number: 2, cells: ["1\r\n2", "x"])])
    }

    @Test("a ragged row is a problem of its row, and the other rows are still read")
    func raggedRows() throws {
        let table = try read("a,b,c\n1,2,3\n1,2\n1,2,3,4\n4,5,6\n")
        #expect(table.rows.map(\.number) == [2, 5])
        #expect(table.problems.map(\.row) == [3, 4])
        #expect(table.problems[0].message.hasPrefix("2 cells, but the header has 3 columns"))
        #expect(table.problems[1].message.contains("inside a cell that is not quoted"))
    }

    @Test("blank rows (every cell empty) are left out but keep their numbers; blank lines before the header are skipped")
    func blankRows() throws {
        let table = try read("\n\na,b\n,\n1,2\n\n  ,\u{A0}\n3,4\n")
        #expect(table.header == ["a", "b"])
        #expect(table.rows.map(\.number) == [5, 8])
    }

    @Test("a header alone and an empty file hold no rows")
    func noRows() throws {
        #expect(try read("a,b\r\n").hasNoRows)
        let empty = try read("")
        #expect(empty.hasNoRows && empty.header.isEmpty)
        #expect(try CSVReader.read([0xEF, 0xBB, 0xBF], name: "t.csv").hasNoRows)
    }

    @Test("cells are NFC with the white space around them removed")
    func nfcAndTrimmed() throws {
        let nfd = "Hội Nông dân".decomposedStringWithCanonicalMappingForTest
        #expect(Array(nfd.utf8) != Array("Hội Nông dân".utf8))
        let table = try read("  Tên  \n \(nfd)\u{A0}\n")
        #expect(table.header == ["Tên"])
        #expect(Array(table.rows[0].cells[0].utf8) == Array("Hội Nông dân".utf8))
    }

    @Test("the delimiter is the one of , ; and tab the header holds most outside quotes; , on a tie")
    func delimiterDetection() throws {
        #expect(CSVReader.detectDelimiter(Array("Mã;Tên;Ngày, giờ\n1,2,3,4,5".utf8)) == UInt8(ascii: ";"))
        #expect(CSVReader.detectDelimiter(Array("\"a;b;c\",d\n".utf8)) == UInt8(ascii: ","))
        #expect(CSVReader.detectDelimiter(Array("a\tb\tc".utf8)) == 0x09)
        // Blank lines before the header are skipped, as the reader skips them.
        #expect(CSVReader.detectDelimiter(Array("\r\n\nMã;Tên;Ngày\n1;2;3".utf8)) == UInt8(ascii: ";"))
        #expect(CSVReader.detectDelimiter(Array("a;b,c".utf8)) == UInt8(ascii: ","))
        #expect(CSVReader.detectDelimiter(Array("one".utf8)) == UInt8(ascii: ","))
        let table = try read("Mã;Số\n1;\"2;3\"\n")
        #expect(table.delimiter == UInt8(ascii: ";") && table.rows[0].cells == ["1", "2;3"])
        // Given, it wins over the header.
        #expect(try read("a;b,c\n1;2,3\n", delimiter: UInt8(ascii: ",")).rows[0].cells == ["1;2", "3"])
    }

    @Test("the delimiter's names")
    func delimiterNames() {
        #expect(CSVReader.delimiter(named: ";") == UInt8(ascii: ";"))
        #expect(CSVReader.delimiter(named: "tab") == 0x09 && CSVReader.delimiter(named: "\\t") == 0x09 && CSVReader.delimiter(named: "\t") == 0x09)
        #expect(CSVReader.delimiter(named: "x") == nil && CSVReader.delimiter(named: ";;") == nil && CSVReader.delimiter(named: "\"") == nil)
    }

    @Test("a row that is not UTF-8 is a problem naming its row and column; the others are read")
    func notUTF8() throws {
        let bytes = Array("Tên,Số\nA,1\n".utf8) + [0x48, 0xE9, 0x2C, 0x32, 0x0A] + Array("C,3\n".utf8)
        let table = try CSVReader.read(bytes, name: "t.csv")
        #expect(table.rows.map(\.number) == [2, 4])
        #expect(table.problems.count == 1 && table.problems[0].row == 3 && table.problems[0].column == "Tên")
        #expect(table.problems[0].message.contains("not UTF-8"))
    }

    @Test("text after a closing quote is a problem of its row")
    func textAfterQuote() throws {
        let table = try read("a,b\n\"x\"y,2\n3,4\n")
        #expect(table.rows.map(\.number) == [3])
        #expect(table.problems.map(\.row) == [2] && table.problems[0].column == "a")
    }

    @Test("a quote left open, a row past the limit and UTF-16 end the reading with one problem naming the row")
    func fatalProblems() throws {
        func failure(_ bytes: [UInt8]) -> ImportFailure? {
            do { _ = try CSVReader.read(bytes, name: "t.csv"); return nil } catch { return error }
        }
        let open = failure(Array("a,b\n1,2\n3,\"never closed\n4,5\n".utf8))
        #expect(open?.problems.count == 1 && open?.problems.first?.row == 3)  // where the open quote's row starts
        #expect(open?.problems.first?.message.contains("not closed") == true)
        let huge = failure(Array("a,b\n1,2\n2,".utf8) + Array(repeating: UInt8(ascii: "x"), count: Limits.maxInputLineBytes + 10) + [0x0A])
        #expect(huge?.problems.count == 1 && huge?.problems.first?.row == 3)
        #expect(huge?.problems.first?.message.hasPrefix("longer than 1 MiB") == true)
        let hugeQuoted = failure(Array("a\n\"".utf8) + Array(repeating: UInt8(ascii: "x"), count: Limits.maxInputLineBytes + 10))
        #expect(hugeQuoted?.problems.first?.row == 2 && hugeQuoted?.problems.first?.message.hasPrefix("longer than") == true)
        let utf16 = failure([0xFF, 0xFE, 0x61, 0x00])
        #expect(utf16?.problems.first?.row == nil && utf16?.problems.first?.message.contains("UTF-16") == true)
    }

    @Test("a last empty cell after a delimiter at the end of the file counts")
    func trailingDelimiter() throws {
        let table = try read("a,b\n1,")
        #expect(table.rows == [CSVTable.Row(number: 2, cells: ["1", ""])])
    }
}

extension String {
    /// The string in NFD, built from its scalars (the tests' own decomposition of the
    /// Vietnamese letters they use, so that they do not trust the normaliser under test).
    var decomposedStringWithCanonicalMappingForTest: String {
        var out = String.UnicodeScalarView()
        let table: [Unicode.Scalar: [Unicode.Scalar]] = [
            "ộ": ["o", "\u{302}", "\u{323}"], "â": ["a", "\u{302}"], "ô": ["o", "\u{302}"], "ê": ["e", "\u{302}"],
            "ơ": ["o", "\u{31B}"], "ư": ["u", "\u{31B}"], "ị": ["i", "\u{323}"], "ệ": ["e", "\u{302}", "\u{323}"],
            "ạ": ["a", "\u{323}"], "à": ["a", "\u{300}"], "ố": ["o", "\u{302}", "\u{301}"], "ờ": ["o", "\u{31B}", "\u{300}"],
            "ợ": ["o", "\u{31B}", "\u{323}"], "ữ": ["u", "\u{31B}", "\u{303}"], "ả": ["a", "\u{309}"],
        ]
        for scalar in unicodeScalars { out.append(contentsOf: table[scalar] ?? [scalar]) }
        return String(out)
    }
}
