/// Text from outside (a key, a date, an option value) as it may appear inside a one-line error
/// message: in double quotes, with control characters, quotes, backslashes and the invisible
/// characters that reorder or break lines escaped as `\n`, `\u001b`, …, and cut after `limit`
/// characters with an ellipsis.
///
/// Why: input is hostile. A JSON-escaped newline in a key must not split the error over two
/// lines, an escaped ESC must not reach the user's terminal, and a 500 kB value must not become
/// a 500 kB error line.
public func echoed(_ text: some StringProtocol, limit: Int = Limits.maxEchoedCharacters) -> String {
    precondition(limit > 0, "an echo shows at least one character")
    var out = "\""
    var shown = 0
    for scalar in text.unicodeScalars {
        if shown == limit {
            out += "\u{2026}"
            break
        }
        shown += 1
        switch scalar {
        case "\"": out += "\\\""
        case "\\": out += "\\\\"
        case "\n": out += "\\n"
        case "\r": out += "\\r"
        case "\t": out += "\\t"
        default:
            if needsEscape(scalar.value) {
                out += "\\u" + hex4(scalar.value)
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
    }
    return out + "\""
}

/// C0 and C1 controls, DEL, the line and paragraph separators, and the bidirectional
/// embedding, override and isolate controls (the "Trojan Source" characters).
private func needsEscape(_ v: UInt32) -> Bool {
    v < 0x20 || (0x7F...0x9F).contains(v) || v == 0x2028 || v == 0x2029
        || (0x202A...0x202E).contains(v) || (0x2066...0x2069).contains(v)
}

private func hex4(_ v: UInt32) -> String {
    let digits = Array("0123456789abcdef")
    return String([digits[Int(v >> 12 & 0xF)], digits[Int(v >> 8 & 0xF)], digits[Int(v >> 4 & 0xF)], digits[Int(v & 0xF)]])
}
