/// Help text as the source writes it (paragraphs wrapped to fit the code), made into what the
/// argument parser expects: it wraps each line to the terminal's width but keeps every newline,
/// so a paragraph wrapped in the source came out ragged on a narrower terminal.
enum HelpText {
    /// `text` with the lines of each paragraph joined by spaces. Blank lines (between
    /// paragraphs) and indented lines (examples), and the line before an indented one, keep
    /// their line breaks.
    static func paragraphs(_ text: String) -> String {
        // On UTF-8 bytes, not Characters: every command's help is made at each start (the
        // parser reads the whole command tree), and splitting by Character showed in the
        // profile of a one-event append.
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count)
        var joining = false  // whether the last line written may be continued on the same line
        for line in text.utf8.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false) {
            let indented = line.first == UInt8(ascii: " ") || line.first == UInt8(ascii: "\t")
            if line.isEmpty {
                out += joining ? [UInt8(ascii: "\n"), UInt8(ascii: "\n")] : [UInt8(ascii: "\n")]
                joining = false
            } else if indented {
                if joining { out.append(UInt8(ascii: "\n")) }
                out += line
                out.append(UInt8(ascii: "\n"))
                joining = false
            } else {
                if joining { out.append(UInt8(ascii: " ")) }
                out += line
                joining = true
            }
        }
        while out.last == UInt8(ascii: "\n") { out.removeLast() }
        return String(decoding: out, as: UTF8.self)
    }
}
