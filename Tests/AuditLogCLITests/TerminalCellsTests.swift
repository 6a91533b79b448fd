import Testing

@testable import AuditLogCLI

@Suite("Terminal cells: how wide text shows on a terminal")
struct TerminalCellsTests {
    @Test("ASCII takes a cell a character; control characters take none")
    func ascii() {
        #expect(TerminalCells.width("ht:hoi-nong-dan") == 15)
        #expect(TerminalCells.width("") == 0)
        #expect(TerminalCells.width("a\tb\u{7F}") == 2)
    }

    @Test("Vietnamese is a cell a letter, in NFC and in NFD alike")
    func vietnamese() {
        let nfc = "Hội Nông dân tỉnh Hà Tĩnh"
        let nfd = "Ho\u{0302}\u{0323}i No\u{0302}ng da\u{0302}n ti\u{0309}nh Ha\u{0300} Ti\u{0303}nh"
        #expect(nfc.unicodeScalars.count != nfd.unicodeScalars.count)
        #expect(TerminalCells.width(nfc) == nfc.count)
        #expect(TerminalCells.width(nfd) == nfc.count)
        #expect(TerminalCells.width("Đ") == 1)
    }

    @Test("East Asian wide and fullwidth characters take two cells, emoji too")
    func wide() {
        #expect(TerminalCells.width("漢字") == 4)
        #expect(TerminalCells.width("ＡＢ") == 4)  // fullwidth Latin
        #expect(TerminalCells.width("한국") == 4)  // Hangul syllables
        #expect(TerminalCells.width("\u{1112}\u{1161}\u{11AB}") == 2)  // the same syllable in jamo
        #expect(TerminalCells.width("かな") == 4)
        #expect(TerminalCells.width("📜") == 2)
        #expect(TerminalCells.width("\u{2764}\u{FE0F}") == 2)  // a heart asked as an emoji
        #expect(TerminalCells.width("\u{2764}") == 1)  // and as text
        #expect(TerminalCells.width("👩\u{200D}💻") == 2)  // one cluster joined by ZWJ
        #expect(TerminalCells.width("a漢b") == 4)
        #expect(TerminalCells.width("…") == 1)
    }

    @Test("a start in cells never splits a character")
    func prefix() {
        #expect(TerminalCells.prefix("漢字", cells: 3) == ("漢", 2))
        #expect(TerminalCells.prefix("漢字", cells: 1) == ("", 0))
        #expect(TerminalCells.prefix("Hội", cells: 2) == ("Hộ", 2))
        let nfd = "Ho\u{0302}\u{0323}i"
        #expect(TerminalCells.prefix(nfd, cells: 2).text == "Ho\u{0302}\u{0323}")
        #expect(TerminalCells.prefix("abc", cells: 10) == ("abc", 3))
    }
}
