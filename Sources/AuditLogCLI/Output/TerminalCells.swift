/// How many cells of a terminal text takes: a letter one, with its combining marks (Vietnamese
/// in NFC or NFD alike); an East Asian wide or fullwidth character (CJK, Hangul, kana) and an
/// emoji two; a control character or a format character (a zero-width joiner) none. Measured a
/// grapheme cluster (`Character`) at a time, so that a cut never splits one.
enum TerminalCells {
    /// The cells `text` takes.
    static func width(_ text: String) -> Int {
        // Most cells of a table are ASCII (ids, seqs, dates): counted from the bytes.
        var cells = 0
        for byte in text.utf8 {
            guard byte < 0x80 else { return text.reduce(0) { $0 + width($1) } }
            if byte >= 0x20, byte != 0x7F { cells += 1 }
        }
        return cells
    }

    /// The cells `text` takes.
    static func width(_ text: Substring) -> Int { width(String(text)) }

    /// `text` safe to lay out on a terminal: a tab, line or paragraph break becomes a space (a
    /// line break is kept when `keepingNewlines`, for a cell that wraps), and any other control
    /// character (an escape sequence's ESC included) becomes U+FFFD, so that a value stored in the
    /// log can neither break a row's alignment nor drive the reader's terminal.
    static func printable(_ text: String, keepingNewlines: Bool = false) -> String {
        guard text.unicodeScalars.contains(where: { $0.value < 0x20 || (0x7F..<0xA0).contains($0.value) || $0.value == 0x2028 || $0.value == 0x2029 })
        else { return text }
        var out = String.UnicodeScalarView()
        var lastCR = false
        for s in text.unicodeScalars {
            switch s.value {
            case 0x0A where keepingNewlines:
                if !lastCR { out.append("\n") }
            case 0x0D where keepingNewlines: out.append("\n")
            case 0x09, 0x0A, 0x0D, 0x2028, 0x2029: out.append(" ")
            case 0..<0x20, 0x7F..<0xA0: out.append("\u{FFFD}")
            default: out.append(s)
            }
            lastCR = s.value == 0x0D
        }
        return String(out)
    }

    /// The cells one character takes: 0, 1 or 2.
    static func width(_ character: Character) -> Int {
        let scalars = character.unicodeScalars
        var cells = 0
        for scalar in scalars {
            let w = width(scalar)
            if w == 2 { return 2 }
            cells = max(cells, w)
        }
        // A text-style symbol asked to be shown as an emoji (U+2764 U+FE0F) takes two.
        if cells == 1, scalars.count > 1, scalars.contains("\u{FE0F}"), scalars.first?.properties.isEmoji == true { return 2 }
        return cells
    }

    /// The cells one scalar takes on its own: 0 for controls, combining marks and format
    /// characters, 2 for East Asian wide and fullwidth characters and emoji, else 1.
    static func width(_ scalar: Unicode.Scalar) -> Int {
        let v = scalar.value
        if v < 0x20 || (0x7F..<0xA0).contains(v) { return 0 }
        if v < 0x300 { return 1 }
        switch scalar.properties.generalCategory {
        case .nonspacingMark, .enclosingMark, .format: return 0
        default: break
        }
        if (0x1160...0x11FF).contains(v) { return 0 }  // Hangul medial vowels and final consonants join the syllable
        if isWide(v) || scalar.properties.isEmojiPresentation { return 2 }
        return 1
    }

    /// Whether `v` is in a block of East Asian wide or fullwidth characters (Unicode's
    /// East_Asian_Width W or F; the emoji among them are found by their presentation).
    private static func isWide(_ v: UInt32) -> Bool {
        switch v {
        case 0x1100...0x115F,  // Hangul initial consonants
             0x2329...0x232A,  // angle brackets
             0x2E80...0x303E,  // CJK radicals, Kangxi, ideographic description, CJK symbols and punctuation
             0x3041...0x33FF,  // kana, Bopomofo, Hangul compatibility jamo, Kanbun, CJK strokes, enclosed, compatibility
             0x3400...0x4DBF,  // CJK extension A
             0x4E00...0xA4CF,  // CJK unified ideographs, Yi
             0xA960...0xA97F,  // Hangul jamo extended A
             0xAC00...0xD7A3,  // Hangul syllables
             0xF900...0xFAFF,  // CJK compatibility ideographs
             0xFE10...0xFE19,  // vertical forms
             0xFE30...0xFE6F,  // CJK compatibility forms, small form variants
             0xFF00...0xFF60,  // fullwidth forms
             0xFFE0...0xFFE6,  // fullwidth signs
             0x16FE0...0x18CFF,  // ideographic symbols, Tangut
             0x1B000...0x1B2FF,  // kana supplement and extensions, Nüshu
             0x20000...0x2FFFD,  // CJK extensions B to F, compatibility supplement
             0x30000...0x3FFFD:  // CJK extensions G and H
            return true
        default:
            return false
        }
    }

    /// The longest start of `text` that takes at most `cells` cells, and the cells it takes.
    static func prefix(_ text: String, cells: Int) -> (text: Substring, width: Int) {
        var used = 0
        var end = text.startIndex
        for index in text.indices {
            let w = width(text[index])
            if used + w > cells { break }
            used += w
            end = text.index(after: index)
        }
        return (text[..<end], used)
    }
}
