import EventLog
import LogFormat

/// Prints query results: a padded table or CSV from named columns, or the records themselves as
/// JSON (one array) or NDJSON (one per line), with sorted snake_case keys so that the same state
/// prints the same bytes. With ``words``, the table is in their language (each column's heading
/// and cells as people read them); JSON, NDJSON and CSV keep the codes and ISO dates whatever it is.
/// The table fits ``width`` (``TableLayout``).
struct RecordPrinter {
    let format: OutputFormat
    /// The words of the table; nil for a table of the CSV's headers (upper-cased) and cells.
    var words: HumanText? = nil
    /// The cells the table fits; nil: full width.
    var width: Int? = nil

    /// A column: its CSV header and cell, and, for a table in a language, its heading and how a
    /// record reads in it.
    struct Column<R>: Sendable {
        let header: String
        let value: @Sendable (R) -> String
        let heading: (vi: String, en: String)?
        let shown: (@Sendable (R, HumanText) -> String)?
        /// How the table's column fits a terminal.
        let layout: TableLayout.Column

        /// A column shown as its CSV header (upper-cased) and cells, fitted as `fit`, `priority`
        /// and `minimum` say (``TableLayout/Column``).
        init(_ header: String, fit: TableLayout.Fit = .shrinks, priority: Int = 0, minimum: Int? = nil,
             _ value: @escaping @Sendable (R) -> String)
        {
            self.header = header
            self.value = value
            heading = nil
            shown = nil
            layout = TableLayout.Column(fit: fit, priority: priority, minimum: minimum)
        }

        /// A column whose CSV header and cell are `header` and `value`, and whose table heading is
        /// `vi` or `en` with the cell `shown` in that language, fitted as `fit`, `priority` and
        /// `minimum` say (``TableLayout/Column``).
        init(_ header: String, vi: String, en: String, fit: TableLayout.Fit = .shrinks, priority: Int = 0, minimum: Int? = nil,
             _ value: @escaping @Sendable (R) -> String, shown: @escaping @Sendable (R, HumanText) -> String)
        {
            self.header = header
            self.value = value
            heading = (vi, en)
            self.shown = shown
            layout = TableLayout.Column(fit: fit, priority: priority, minimum: minimum)
        }

        /// The table's heading of the column.
        func heading(_ words: HumanText?) -> String {
            guard let words, let heading else { return header.uppercased() }
            return words.pick(vi: heading.vi, en: heading.en)
        }

        /// The table's cell of `record`.
        func cell(_ record: R, _ words: HumanText?) -> String {
            guard let words, let shown else { return value(record) }
            return shown(record, words)
        }
    }

    /// One record as compact JSON text.
    static func json(_ record: some Encodable) throws -> String {
        do throws(SnakeCaseJSONError) {
            return try SnakeCaseJSONEncoder().encodeText(record)
        } catch {
            throw CommandError.io("cannot encode the result as JSON: \(error)")
        }
    }

    func print<R: Encodable>(_ records: [R], _ columns: [Column<R>]) throws {
        let out = StandardOutput()
        defer { out.flush() }
        switch format {
        case .json:
            out.line("[" + (try records.map { r throws in try Self.json(r) }.joined(separator: ",\n")) + "]")
        case .ndjson:
            for r in records { out.line(try Self.json(r)) }
        case .csv:
            out.line(columns.map { csvField($0.header) }.joined(separator: ","))
            for r in records { out.line(columns.map { csvField($0.value(r)) }.joined(separator: ",")) }
        case .table:
            let cells = records.map { r in columns.map { $0.cell(r, words) } }
            let headings = columns.map { $0.heading(words) }
            // At full width a column is at most 60 cells: a longer cell runs over, as it always has.
            let layout = TableLayout(columns.map(\.layout), headings: headings, rows: cells, limit: width, cap: 60)
            for line in layout.lines(headings, headings: true) { out.line(line) }
            for row in cells { for line in layout.lines(row) { out.line(line) } }
        }
    }
}
