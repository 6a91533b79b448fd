/// How a table's columns are laid out: at full width (every column as wide as its widest cell,
/// as a pipe or `--wide` gets it), or fitted to a terminal's width (docs/reference.md, "Tables").
///
/// To fit, in this order: columns that a narrow terminal can do without (a ``Column/priority``
/// above 0, highest first) are left out while the rest cannot fit at their narrowest; then the
/// widest columns that may shrink are narrowed first, their cells cut with `…`. Columns that
/// keep their cells whole (ids, seqs, dates, verdicts) are never cut; only their heading may be,
/// down to their widest cell (or ``narrowest`` cells). The last column is wrapped onto
/// continuation lines, indented to its start, when it gets at least ``narrowestWrap`` cells, and
/// cut otherwise. A fitted line has no trailing spaces. Widths are in terminal cells
/// (``TerminalCells``).
struct TableLayout: Sendable {
    /// What a column's cells may give up to fit.
    enum Fit: Sendable {
        /// Shown whole: an id, a seq, a date, a verdict.
        case whole
        /// Cut with `…` (the last column: wrapped) when the width asks.
        case shrinks
    }

    /// How a column takes part in fitting.
    struct Column: Sendable {
        var fit: Fit = .shrinks
        /// 0: always shown; above 0: left out on a terminal too narrow for every column, the
        /// highest first.
        var priority = 0
        /// Whether cells are aligned to the right (numbers).
        var alignRight = false
        /// The cells a shrinking column keeps before other columns are left out (default
        /// ``TableLayout/narrowest``; the last column's, ``TableLayout/narrowestWrap``).
        var minimum: Int? = nil

        init(fit: Fit = .shrinks, priority: Int = 0, minimum: Int? = nil, alignRight: Bool = false) {
            self.fit = fit
            self.priority = priority
            self.minimum = minimum
            self.alignRight = alignRight
        }
    }

    /// The narrowest a shrinking column is made before columns are left out.
    static let narrowest = 16
    /// The narrowest the last column is wrapped at (a narrower one is cut).
    static let narrowestWrap = 20

    let columns: [Column]
    /// The columns shown, in order (indices into ``columns``).
    let shown: [Int]
    /// The width of each shown column.
    let widths: [Int]
    /// Whether the table is fitted to a width (nil: full width).
    let limit: Int?
    /// What each line starts with.
    let indent: String
    /// The spaces between columns.
    let gap: Int
    /// The `gap` spaces.
    private let spacer: String

    /// The layout of a table whose rows are all known: each column as wide as its widest cell
    /// (heading included), at most `cap` cells at full width (a wider cell then overflows, as
    /// it always has), fitted to `limit` cells when one is given.
    init(_ columns: [Column], headings: [String], rows: [[String]], limit: Int?, cap: Int? = nil, indent: String = "", gap: Int = 2) {
        var natural = headings.map(TerminalCells.width)
        var values = Array(repeating: 0, count: columns.count)
        for row in rows {
            for (i, cell) in row.enumerated() where i < columns.count {
                let w = TerminalCells.width(cell)
                values[i] = max(values[i], w)
                natural[i] = max(natural[i], w)
            }
        }
        if limit == nil, let cap { natural = natural.map { min($0, cap) } }
        // A whole column keeps its heading to `narrowest` cells, even when its cells are narrower.
        let floors = zip(values, headings.map(TerminalCells.width)).map { max($0, min($1, Self.narrowest)) }
        self.init(columns, natural: natural, values: floors, limit: limit, indent: indent, gap: gap)
    }

    /// The layout of a table whose rows stream: each column `widths` wide at full width, and
    /// fitted from those widths to `limit` cells when one is given (a whole column stays as wide).
    init(_ columns: [Column], widths: [Int], limit: Int?, indent: String = "", gap: Int = 2) {
        self.init(columns, natural: widths, values: widths, limit: limit, indent: indent, gap: gap)
    }

    /// `values`: the narrowest each whole column may be.
    private init(_ columns: [Column], natural: [Int], values: [Int], limit: Int?, indent: String, gap: Int) {
        precondition(columns.count == natural.count && !columns.isEmpty, "a width for each column")
        self.columns = columns
        self.limit = limit
        self.indent = indent
        self.gap = gap
        spacer = String(repeating: " ", count: gap)
        guard let limit else {
            shown = Array(columns.indices)
            widths = natural
            return
        }
        let room = limit - TerminalCells.width(indent)
        var shown = Array(columns.indices)
        /// The narrowest each shown column may be: whole columns as `values` says, the others
        /// their minimum (the last at least `narrowestWrap`), or `cut` cells when cut further.
        func floors(cut: Int? = nil) -> [Int] {
            shown.enumerated().map { position, i in
                guard columns[i].fit == .shrinks else { return min(natural[i], max(values[i], 1)) }
                let minimum = columns[i].minimum ?? Self.narrowest
                let floor = cut ?? (position == shown.count - 1 ? max(minimum, Self.narrowestWrap) : minimum)
                return min(natural[i], floor)
            }
        }
        func needed(_ widths: [Int]) -> Int { widths.reduce(0, +) + gap * (widths.count - 1) }
        while needed(floors()) > room, let drop = Self.leftOutFirst(shown.map { columns[$0].priority }) {
            shown.remove(at: drop)
        }
        let natures = shown.map { natural[$0] }
        let first = floors()
        let floor = needed(first) <= room ? first : floors(cut: 1)
        self.shown = shown
        widths = Self.fill(natural: natures, floors: floor, room: room - gap * (shown.count - 1))
    }

    /// Which of columns of `priorities` is left out first: the highest priority above 0, the
    /// rightmost of equals; nil when every one is 0.
    static func leftOutFirst(_ priorities: [Int]) -> Int? {
        var found: Int? = nil
        for (i, p) in priorities.enumerated() where p > 0 && p >= (found.map { priorities[$0] } ?? 0) { found = i }
        return found
    }

    /// Widths between `floors` and `natural` that add up to at most `room` (when the floors
    /// do): the widest columns narrowed first, each to one common width, and the cells left over
    /// given one each to the narrowed columns from the left.
    static func fill(natural: [Int], floors: [Int], room: Int) -> [Int] {
        func widths(_ cap: Int) -> [Int] { zip(natural, floors).map { n, f in max(f, min(n, cap)) } }
        guard natural.reduce(0, +) > room else { return natural }
        var cap = natural.max() ?? 0
        while cap > 0, widths(cap).reduce(0, +) > room { cap -= 1 }
        var fitted = widths(cap)
        var spare = room - fitted.reduce(0, +)
        for i in fitted.indices where spare > 0 && natural[i] > fitted[i] && fitted[i] == cap {
            fitted[i] += 1
            spare -= 1
        }
        return fitted
    }

    /// Whether the last shown column is wrapped (fitted, and given at least ``narrowestWrap``
    /// cells) rather than cut.
    var wrapsLast: Bool {
        guard limit != nil, let last = shown.last, columns[last].fit == .shrinks else { return false }
        return (widths.last ?? 0) >= Self.narrowestWrap
    }

    /// The lines of one row (`cells` has a cell for every column, shown or not): one at full
    /// width; at a limit, more when the last cell is wrapped. The headings' row is cut in every
    /// column: a whole column may be narrower than its heading.
    func lines(_ cells: [String], headings: Bool = false) -> [String] {
        guard limit != nil else { return [fullLine(cells)] }
        func fitted(_ cell: String, _ i: Int, _ width: Int) -> String {
            let cell = TerminalCells.printable(cell)
            return Self.pad(columns[i].fit == .whole && !headings ? cell : Self.cut(cell, width), width, right: columns[i].alignRight)
        }
        var line = indent
        var start = TerminalCells.width(indent)
        var continued: [String] = []
        for (position, i) in shown.enumerated() {
            if position > 0 {
                line += spacer
                start += gap
            }
            let cell = i < cells.count ? cells[i] : ""
            let width = widths[position]
            if position == shown.count - 1 {
                if wrapsLast {
                    let pieces = Self.wrap(TerminalCells.printable(cell, keepingNewlines: true), width: width)
                    line += pieces.first ?? ""
                    let margin = String(repeating: " ", count: start)
                    continued = pieces.dropFirst().map { margin + $0 }
                } else {
                    line += fitted(cell, i, width)
                }
            } else {
                line += fitted(cell, i, width)
                start += width
            }
        }
        return ([line] + continued).map(Self.trimmed)
    }

    /// The line of one row at full width: each cell padded to its column, the last one not,
    /// none cut.
    func fullLine(_ cells: [String]) -> String {
        var line = indent
        for (position, i) in shown.enumerated() {
            if position > 0 { line += spacer }
            let cell = i < cells.count ? cells[i] : ""
            line += position == shown.count - 1 && !columns[i].alignRight ? cell : Self.pad(cell, widths[position], right: columns[i].alignRight)
        }
        return line
    }

    /// `text` padded with spaces to `width` cells (a wider text is left as it is).
    static func pad(_ text: String, _ width: Int, right: Bool = false) -> String {
        let n = TerminalCells.width(text)
        guard n < width else { return text }
        let spaces = String(repeating: " ", count: width - n)
        return right ? spaces + text : text + spaces
    }

    /// `text` in at most `width` cells: whole when it fits, else its start and `…`.
    static func cut(_ text: String, _ width: Int) -> String {
        guard TerminalCells.width(text) > width else { return text }
        guard width > 0 else { return "" }
        return String(TerminalCells.prefix(text, cells: width - 1).text) + "…"
    }

    /// `text` in lines of at most `width` cells (`later` for the lines after the first), broken
    /// at spaces, which a break drops, and at its own line breaks; the spaces between words on a
    /// line are kept. A word longer than a line is broken after its last hyphen, slash, colon,
    /// bar, comma, dot or underscore that fits, else where the line ends.
    static func wrap(_ text: String, width: Int, later: Int? = nil) -> [String] {
        var lines: [String] = []
        func room() -> Int { max(lines.isEmpty ? width : later ?? width, 1) }
        for paragraph in text.split(separator: "\n", omittingEmptySubsequences: false) {
            var line = ""
            var used = 0
            var rest = paragraph[...]
            while !rest.isEmpty {
                let spaces = rest.prefix(while: { $0 == " " })
                let word = rest[spaces.endIndex...].prefix(while: { $0 != " " })
                rest = rest[word.endIndex...]
                let w = TerminalCells.width(word)
                if used + spaces.count + w <= room() {
                    line += spaces + word
                    used += spaces.count + w
                    continue
                }
                if used > 0 || !line.isEmpty { lines.append(line) }
                var piece = Substring(word)
                while TerminalCells.width(piece) > room() {
                    let head = piece.prefix(TerminalCells.prefix(String(piece), cells: room()).text.count)
                    // After a hyphen, slash or colon of an id or a name when there is one.
                    let mark = head.lastIndex(where: { "-/:|,._".contains($0) })
                    let taken = mark.map { head[...$0] } ?? (head.isEmpty ? piece.prefix(1) : head)
                    lines.append(String(taken))
                    piece = piece[taken.endIndex...]
                }
                line = String(piece)
                used = TerminalCells.width(piece)
            }
            lines.append(line)
        }
        // Spaces that overflowed a line start no line of their own.
        while lines.count > 1, lines.last?.allSatisfy({ $0 == " " }) == true { lines.removeLast() }
        return lines
    }

    /// `text` wrapped to `limit` cells as a paragraph: its leading spaces begin every line, and
    /// the lines after the first are indented `hanging` cells more. Whole when `limit` is nil.
    static func paragraph(_ text: String, limit: Int?, hanging: Int = 2) -> [String] {
        guard let limit else { return [text] }
        let body = text.drop(while: { $0 == " " })
        let margin = String(text[..<body.startIndex])
        let first = max(limit - margin.count, narrowestWrap)
        let pieces = wrap(String(body), width: first, later: max(first - hanging, narrowestWrap))
        let rest = margin + String(repeating: " ", count: hanging)
        return pieces.enumerated().map { i, piece in trimmed((i == 0 ? margin : rest) + piece) }
    }

    /// `line` without its trailing spaces.
    static func trimmed(_ line: String) -> String {
        var line = line
        while line.last == " " { line.removeLast() }
        return line
    }
}
