import LogFormat

/// Reads CSV as RFC 4180 describes it and spreadsheets write it: cells separated by a
/// delimiter (`,`, or `;` where the decimal mark is a comma, or a tab), rows ended by CRLF or LF,
/// a cell in double quotes may hold the delimiter, line breaks and doubled quotes (`""` for
/// `"`). The text is UTF-8, with or without the byte-order mark Excel writes. The first row is
/// the header: it names the columns.
///
/// What it refuses: a file in UTF-16 (Excel's "Unicode Text"), a quoted cell left open at the
/// end of the file, and a row longer than ``Limits/maxInputLineBytes`` (usually a quote left
/// open) end the reading with one problem naming the row. A ragged row (more or fewer cells than
/// the header), a row that is not UTF-8 and text after a closing quote are problems of that row;
/// the other rows are still read.
public enum CSVReader {
    /// The delimiters the header is searched for when none is given.
    public static let detectedDelimiters: [UInt8] = [UInt8(ascii: ","), UInt8(ascii: ";"), UInt8(ascii: "\t")]
    /// The delimiters that may be given.
    public static let allowedDelimiters: [UInt8] = detectedDelimiters + [UInt8(ascii: "|")]

    private static let quote = UInt8(ascii: "\"")
    private static let cr: UInt8 = 0x0D
    private static let lf: UInt8 = 0x0A
    private static let byteOrderMark: [UInt8] = [0xEF, 0xBB, 0xBF]

    /// The delimiter a name stands for: one of `,` `;` `|`, or a tab (`\t`, `tab` or the tab
    /// character itself); nil for anything else.
    public static func delimiter(named name: String) -> UInt8? {
        if name == "\\t" || name.lowercased() == "tab" { return 0x09 }
        guard name.utf8.count == 1, let byte = name.utf8.first, allowedDelimiters.contains(byte) else { return nil }
        return byte
    }

    /// Reads the CSV text `bytes` (the whole file). `name` names the file in problems; without
    /// `delimiter`, the header decides it (``detectDelimiter(_:)``).
    public static func read(_ bytes: [UInt8], name: String, delimiter: UInt8? = nil) throws(ImportFailure) -> CSVTable {
        if bytes.starts(with: [0xFF, 0xFE]) || bytes.starts(with: [0xFE, 0xFF]) {
            throw ImportFailure("\(name) is UTF-16 text (Excel's \"Unicode Text\"); save it as \"CSV UTF-8 (Comma delimited)\"")
        }
        let start = bytes.starts(with: byteOrderMark) ? byteOrderMark.count : 0
        let text = bytes[start...]
        let delimiter = delimiter ?? detectDelimiter(text)
        var scanner = RecordScanner(bytes: text, delimiter: delimiter)
        var header: [String]?
        var rows: [CSVTable.Row] = []
        var problems: [RowProblem] = []
        var number = 0
        while let record = scanner.next() {
            number += 1
            let fields: [ArraySlice<UInt8>]
            switch record {
            case .tooLong:
                throw ImportFailure([RowProblem(row: number, message:
                    "longer than \(Limits.maxInputLineBytes >> 20) MiB; is a quote left open (a cell that starts with \" and never ends)?")])
            case .unclosedQuote:
                throw ImportFailure([RowProblem(row: number, message:
                    "a quoted cell is not closed: the file ends inside it (a \" too many, or one missing)")])
            case .textAfterQuote(let column):
                guard header != nil else {
                    throw ImportFailure([RowProblem(row: number, message: "header: text after the closing quote of cell \(column)")])
                }
                problems.append(RowProblem(row: number, column: header?[safe: column - 1], message:
                    "text after the closing quote of cell \(column): a quoted cell must end at a delimiter or the end of the row"))
                continue
            case .fields(let f):
                fields = f
            }
            guard let columns = header else {
                // Blank lines before the header are no header.
                if fields.allSatisfy({ trimmed(String(decoding: $0, as: UTF8.self)).isEmpty }) { continue }
                var names: [String] = []
                for (i, field) in fields.enumerated() {
                    guard let text = String(validating: field, as: UTF8.self) else {
                        throw ImportFailure([RowProblem(row: number, message:
                            "header: cell \(i + 1) is not UTF-8 text; save the file as \"CSV UTF-8 (Comma delimited)\"")])
                    }
                    names.append(trimmed(UnicodeNormalization.nfc(text)))
                }
                header = names
                continue
            }
            var cells: [String] = []
            cells.reserveCapacity(fields.count)
            var notUTF8: Int?
            for (i, field) in fields.enumerated() {
                guard let text = String(validating: field, as: UTF8.self) else {
                    notUTF8 = notUTF8 ?? i
                    cells.append("")
                    continue
                }
                cells.append(trimmed(UnicodeNormalization.nfc(text)))
            }
            if let i = notUTF8 {
                problems.append(RowProblem(row: number, column: columns[safe: i] ?? "cell \(i + 1)", message:
                    "not UTF-8 text; save the file as \"CSV UTF-8 (Comma delimited)\" (Excel) or with the character set UTF-8 (LibreOffice)"))
                continue
            }
            if cells.allSatisfy(\.isEmpty) { continue }
            guard cells.count == columns.count else {
                problems.append(RowProblem(row: number, message:
                    "\(cells.count) cell\(cells.count == 1 ? "" : "s"), but the header has \(columns.count) column\(columns.count == 1 ? "" : "s")"
                    + (cells.count > columns.count ? " (a \(printable(delimiter)) inside a cell that is not quoted?)" : "")))
                continue
            }
            rows.append(CSVTable.Row(number: number, cells: cells))
        }
        return CSVTable(header: header ?? [], delimiter: delimiter, rows: rows, problems: problems)
    }

    /// The delimiter of a file whose header is `text`'s first row that is not blank (blank lines
    /// before it are skipped, as the reader skips them): whichever of `,` `;` and tab occurs most
    /// often in it outside quotes; `,` on a tie or when none occurs.
    public static func detectDelimiter<C: Collection<UInt8>>(_ text: C) -> UInt8 {
        var counts = [UInt8: Int]()
        var quoted = false
        var started = false
        for byte in text {
            if !started {
                // Spaces, tabs and line ends before the header belong to no row.
                if byte == lf || byte == cr || byte == 0x20 || byte == 0x09 { continue }
                started = true
            }
            if byte == quote { quoted.toggle(); continue }
            if !quoted, byte == lf || byte == cr { break }
            if !quoted, detectedDelimiters.contains(byte) { counts[byte, default: 0] += 1 }
        }
        var best = UInt8(ascii: ",")
        for candidate in detectedDelimiters where counts[candidate, default: 0] > counts[best, default: 0] {
            best = candidate
        }
        return best
    }

    /// The white space a cell's text loses at both ends: spaces, tabs, line breaks and no-break
    /// spaces (U+00A0).
    public static func trimmed(_ text: String) -> String {
        let scalars = text.unicodeScalars
        func isSpace(_ s: Unicode.Scalar) -> Bool { s == " " || s == "\t" || s == "\r" || s == "\n" || s == "\u{A0}" }
        guard let first = scalars.firstIndex(where: { !isSpace($0) }) else { return "" }
        let last = scalars.lastIndex(where: { !isSpace($0) })!
        if first == scalars.startIndex && last == scalars.index(before: scalars.endIndex) { return text }
        return String(scalars[first...last])
    }

    /// How a delimiter is named in a message.
    static func printable(_ delimiter: UInt8) -> String {
        delimiter == 0x09 ? "tab" : "\"\(Character(Unicode.Scalar(delimiter)))\""
    }
}

/// One record of the file as the scanner finds it.
enum CSVRecord {
    /// The cells' bytes, quotes removed and doubled quotes made single.
    case fields([ArraySlice<UInt8>])
    /// A quoted cell that the file ends inside.
    case unclosedQuote
    /// A record longer than the limit.
    case tooLong
    /// Text after the closing quote of the 1-based cell.
    case textAfterQuote(Int)
}

/// Splits CSV bytes into records, one at a time.
struct RecordScanner {
    let bytes: ArraySlice<UInt8>
    let delimiter: UInt8
    private var index: Int

    init(bytes: ArraySlice<UInt8>, delimiter: UInt8) {
        self.bytes = bytes
        self.delimiter = delimiter
        index = bytes.startIndex
    }

    private static let quote = UInt8(ascii: "\"")

    /// The next record, or nil at the end of the file.
    mutating func next() -> CSVRecord? {
        guard index < bytes.endIndex else { return nil }
        let start = index
        let limit = Limits.maxInputLineBytes
        var fields: [ArraySlice<UInt8>] = []
        var badQuote: Int?
        while true {
            // One cell.
            if index < bytes.endIndex, bytes[index] == Self.quote {
                index += 1
                var cell: [UInt8] = []
                var cellStart = index
                while true {
                    guard index < bytes.endIndex else { return .unclosedQuote }
                    if index - start > limit { return .tooLong }
                    if bytes[index] == Self.quote {
                        cell += bytes[cellStart..<index]
                        if index + 1 < bytes.endIndex, bytes[index + 1] == Self.quote {
                            cell.append(Self.quote)
                            index += 2
                            cellStart = index
                            continue
                        }
                        index += 1
                        break
                    }
                    index += 1
                }
                fields.append(cell[...])
                if index < bytes.endIndex, !isCellEnd(bytes[index]) {
                    badQuote = badQuote ?? fields.count
                    while index < bytes.endIndex, !isCellEnd(bytes[index]) { index += 1 }
                }
            } else {
                let cellStart = index
                while index < bytes.endIndex, !isCellEnd(bytes[index]) { index += 1 }
                if index - start > limit { return .tooLong }
                fields.append(bytes[cellStart..<index])
            }
            // What ends it.
            guard index < bytes.endIndex else { break }
            let byte = bytes[index]
            index += 1
            if byte == delimiter {
                if index == bytes.endIndex { fields.append([]) ; break }
                continue
            }
            if byte == 0x0D, index < bytes.endIndex, bytes[index] == 0x0A { index += 1 }
            break
        }
        if let badQuote { return .textAfterQuote(badQuote) }
        return .fields(fields)
    }

    private func isCellEnd(_ byte: UInt8) -> Bool {
        byte == delimiter || byte == 0x0A || byte == 0x0D
    }
}

extension Array {
    /// The element at `index`, or nil when it is out of range.
    subscript(safe index: Int) -> Element? {
        indices.contains(index) ? self[index] : nil
    }
}
