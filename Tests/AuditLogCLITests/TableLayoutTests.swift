import Testing

@testable import AuditLogCLI

/// The rules of docs/reference.md, "Tables": at full width every cell whole and the columns as
/// wide as their widest cell; fitted, every line within the width, ids and dates whole, the widest
/// shrinking column cut first with `…`, the last one wrapped under itself, columns a narrow
/// terminal can do without left out first.
@Suite("Table layout: fitting a table to a terminal's width")
struct TableLayoutTests {
    typealias Column = TableLayout.Column

    let headings = ["ID", "NAME", "DATE", "NOTE"]
    let rows = [
        ["ht:hoi-nong-dan", "Hội Nông dân tỉnh Hà Tĩnh", "2021-07-22", "Báo cáo tình hình hoạt động, khó khăn, kiến nghị của các hội"],
        ["ht:ldld", "Liên đoàn Lao động tỉnh", "2024-01-30", ""],
    ]
    let columns = [Column(fit: .whole), Column(), Column(fit: .whole), Column()]

    func lines(_ layout: TableLayout) -> [String] {
        ([headings] + rows).flatMap { row in layout.lines(row, headings: row == headings) }
    }

    @Test("at full width every column is as wide as its widest cell, the last unpadded")
    func fullWidth() {
        let layout = TableLayout(columns, headings: headings, rows: rows, limit: nil)
        #expect(layout.widths == [15, 25, 10, 60])
        let out = lines(layout)
        #expect(out[0] == "ID" + String(repeating: " ", count: 15) + "NAME" + String(repeating: " ", count: 23) + "DATE" + String(repeating: " ", count: 8) + "NOTE")
        #expect(out[2].hasSuffix("2024-01-30  "))  // the empty last cell keeps the gap before it, as tables always have
        #expect(out.allSatisfy { !$0.contains("…") })
    }

    @Test("at full width a column is capped, and a longer cell runs over uncut")
    func cap() {
        let layout = TableLayout(columns, headings: headings, rows: rows, limit: nil, cap: 20)
        #expect(layout.widths == [15, 20, 10, 20])
        #expect(lines(layout)[1].contains("Hội Nông dân tỉnh Hà Tĩnh  2021-07-22"))
    }

    @Test("a table that fits is laid out as at full width, without trailing spaces")
    func fits() {
        let full = lines(TableLayout(columns, headings: headings, rows: rows, limit: nil))
        let fitted = lines(TableLayout(columns, headings: headings, rows: rows, limit: 200))
        #expect(fitted == full.map { String($0.reversed().drop(while: { $0 == " " }).reversed()) })
    }

    @Test("fitted: every line within the width, whole columns whole, the last column wrapped under itself")
    func wraps() {
        let layout = TableLayout(columns, headings: headings, rows: rows, limit: 80)
        let out = lines(layout)
        #expect(out.allSatisfy { TerminalCells.width($0) <= 80 })
        #expect(layout.wrapsLast)
        let start = 15 + 2 + layout.widths[1] + 2 + 10 + 2
        // The note's words, in order, over its lines, each continuation starting where the column does.
        let first = out.firstIndex { $0.hasPrefix("ht:hoi-nong-dan") }!
        let continued = out[(first + 1)...].prefix { $0.hasPrefix(String(repeating: " ", count: start)) }
        #expect(!continued.isEmpty)
        let note = ([String(out[first].dropFirst(start))] + continued.map { String($0.dropFirst(start)) }).joined(separator: " ")
        #expect(note == rows[0][3])
        #expect(out.contains { $0.hasPrefix("ht:ldld") && $0.contains("2024-01-30") })
    }

    @Test("fitted narrower: the widest shrinking column is cut first, with an ellipsis")
    func cuts() {
        let layout = TableLayout(columns, headings: headings, rows: rows, limit: 70)
        let out = lines(layout)
        #expect(out.allSatisfy { TerminalCells.width($0) <= 70 })
        // The note (60) shrinks to the 20 it wraps at before the name (25) is cut.
        #expect(layout.widths[3] >= TableLayout.narrowestWrap)
        #expect(layout.widths[1] < 25)
        #expect(out[1].contains("…"))
        #expect(out[1].hasPrefix("ht:hoi-nong-dan  Hội Nông dân"))
        #expect(out[1].contains("2021-07-22"))
    }

    @Test("columns with a priority are left out, the highest first, before the rest is cut below its minimum")
    func leavesOut() {
        let columns = [Column(fit: .whole), Column(priority: 1), Column(fit: .whole, priority: 2), Column()]
        // 15 + 16 + 10 + 20 and three gaps is 67: at 60 the date (priority 2) goes; at 40 the name too.
        let at60 = TableLayout(columns, headings: headings, rows: rows, limit: 60)
        #expect(at60.shown == [0, 1, 3])
        let at40 = TableLayout(columns, headings: headings, rows: rows, limit: 40)
        #expect(at40.shown == [0, 3])
        #expect(at40.lines(rows[0]).allSatisfy { TerminalCells.width($0) <= 40 })
        #expect(at40.lines(rows[0])[0].hasPrefix("ht:hoi-nong-dan  Báo cáo"))
        #expect(TableLayout.leftOutFirst([0, 2, 1, 2]) == 3)
        #expect(TableLayout.leftOutFirst([0, 0]) == nil)
    }

    @Test("a whole column's heading is cut to its widest cell; its cells never are")
    func wholeHeadings() {
        let columns = [Column(fit: .whole), Column(fit: .whole), Column()]
        let headings = ["SEQ", "LAST INSPECTION DATE", "TEXT"]
        let rows = [["12345", "2024-03-15", String(repeating: "word ", count: 20)]]
        // 5 + 16 + 20 and two gaps: the date's column as narrow as a whole column gets.
        let layout = TableLayout(columns, headings: headings, rows: rows, limit: 45)
        #expect(layout.widths[1] == TableLayout.narrowest)
        #expect(layout.lines(headings, headings: true)[0].contains("LAST INSPECTION…"))
        #expect(layout.lines(rows[0])[0].hasPrefix("12345  2024-03-15"))
    }

    @Test("too narrow for the minimums: cut further, the last column cut rather than wrapped")
    func cutFurther() {
        let columns = [Column(fit: .whole), Column(), Column()]
        let rows = [["abcdefghij", String(repeating: "x", count: 30), String(repeating: "y ", count: 30)]]
        let layout = TableLayout(columns, headings: ["", "", ""], rows: rows, limit: 30)
        #expect(!layout.wrapsLast)
        let out = layout.lines(rows[0])
        #expect(out.count == 1)
        #expect(TerminalCells.width(out[0]) <= 30)
        #expect(out[0].hasPrefix("abcdefghij  "))
        #expect(out[0].hasSuffix("…"))
    }

    @Test("widths are cells: wide characters are padded and cut by the cells they take")
    func wideCells() {
        let columns = [Column(), Column(fit: .whole)]
        let rows = [["漢字漢字漢字漢字漢字漢字漢字漢字漢字漢字", "x"], ["ab", "y"]]
        let layout = TableLayout(columns, headings: ["名前", "K"], rows: rows, limit: 25)
        let out = ([["名前", "K"]] + rows).flatMap { layout.lines($0) }
        #expect(out.allSatisfy { TerminalCells.width($0) <= 25 })
        // The key column starts at the same cell on every line.
        let starts = out.map { line in TerminalCells.width(line.prefix { $0 != "x" && $0 != "y" && $0 != "K" }) }
        #expect(Set(starts).count == 1)
        #expect(out[1].contains("…"))
    }

    @Test("the widest columns narrow first, to one width, with what is left given from the left")
    func fill() {
        #expect(TableLayout.fill(natural: [10, 40, 30], floors: [10, 5, 5], room: 60) == [10, 25, 25])
        #expect(TableLayout.fill(natural: [10, 40, 30], floors: [10, 5, 5], room: 61) == [10, 26, 25])
        #expect(TableLayout.fill(natural: [10, 40, 30], floors: [10, 35, 5], room: 60) == [10, 35, 15])
        #expect(TableLayout.fill(natural: [10, 20], floors: [1, 1], room: 100) == [10, 20])
        #expect(TableLayout.fill(natural: [10, 20], floors: [10, 20], room: 5) == [10, 20])  // floors over the room: kept
        // Seeded tables: the sum within the room, each width between its floor and its natural
        // width, and a column narrowed only while a wider one could give up a cell.
        var seed: UInt64 = 0x2545F4914F6CDD1D
        func next(_ n: Int) -> Int {
            seed = seed &* 6364136223846793005 &+ 1442695040888963407
            return Int((seed >> 33) % UInt64(n))
        }
        for _ in 0..<500 {
            let natural = (0..<(1 + next(6))).map { _ in 1 + next(60) }
            let floors = natural.map { min($0, 1 + next(20)) }
            let room = floors.reduce(0, +) + next(120)
            let widths = TableLayout.fill(natural: natural, floors: floors, room: room)
            #expect(widths.reduce(0, +) <= max(room, floors.reduce(0, +)))
            for i in widths.indices { #expect(floors[i] <= widths[i] && widths[i] <= natural[i]) }
            for i in widths.indices where widths[i] < natural[i] {
                #expect(widths.indices.allSatisfy { widths[$0] <= max(widths[i] + 1, floors[$0]) })
            }
        }
    }

    @Test("wrapping breaks at spaces, keeps the spaces between words, and breaks a long id after a hyphen")
    func wrapping() {
        #expect(TableLayout.wrap("seed-004  (không số)  Thông báo", width: 21) == ["seed-004  (không số)", "Thông báo"])
        #expect(TableLayout.wrap("org/ht:hoi-ke-hoach-hoa-gia-dinh", width: 20) == ["org/ht:hoi-ke-hoach-", "hoa-gia-dinh"])
        #expect(TableLayout.wrap("abcdefghijklmnopqrstuvwxyz", width: 10) == ["abcdefghij", "klmnopqrst", "uvwxyz"])
        #expect(TableLayout.wrap("one\ntwo three", width: 20) == ["one", "two three"])
        #expect(TableLayout.wrap("", width: 20) == [""])
        #expect(TableLayout.wrap("漢字漢字漢字", width: 5) == ["漢字", "漢字", "漢字"])
    }

    @Test("a paragraph keeps its indent and hangs its later lines")
    func paragraph() {
        let text = "  Nguồn tham số: loại sự kiện: Diễn giải; thời gian gia hạn: Mặc định của người vận hành"
        let out = TableLayout.paragraph(text, limit: 40)
        #expect(out.allSatisfy { TerminalCells.width($0) <= 40 })
        #expect(out[0].hasPrefix("  Nguồn"))
        #expect(out.dropFirst().allSatisfy { $0.hasPrefix("    ") && !$0.hasPrefix("     ") })
        #expect(out.map { $0.drop { $0 == " " } }.joined(separator: " ") == text.drop { $0 == " " })
        #expect(TableLayout.paragraph(text, limit: nil) == [text])
    }
}
