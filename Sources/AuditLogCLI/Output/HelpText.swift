/// Help text as the source writes it (paragraphs wrapped to fit the code), made into what the
/// argument parser expects: it wraps each line to the terminal's width but keeps every newline,
/// so a paragraph wrapped in the source came out ragged on a narrower terminal.
enum HelpText {
    /// `text` with the lines of each paragraph joined by spaces. Blank lines (between
    /// paragraphs) and indented lines (examples), and the line before an indented one, keep
    /// their line breaks.
    static func paragraphs(_ text: String) -> String {
        var out = ""
        var joining = false  // whether the last line written may be continued on the same line
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let indented = line.first == " " || line.first == "\t"
            if line.isEmpty {
                out += joining ? "\n\n" : "\n"
                joining = false
            } else if indented {
                if joining { out += "\n" }
                out += line + "\n"
                joining = false
            } else {
                out += (joining ? " " : "") + line
                joining = true
            }
        }
        if joining { out += "\n" }
        while out.hasSuffix("\n") { out.removeLast() }
        return out
    }
}
