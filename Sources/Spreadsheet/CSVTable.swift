/// A CSV file as the import reads it: the header's column names, the data rows with their
/// numbers in the spreadsheet, and the rows that could not be read. Every cell is text in NFC
/// with the white space around it removed (``CSVReader/trimmed(_:)``).
public struct CSVTable: Sendable {
    /// One data row.
    public struct Row: Sendable, Equatable {
        /// Its number in the spreadsheet: the header is row 1 (a cell with a line break inside
        /// quotes does not count as a row of its own, as in the spreadsheet).
        public let number: Int
        /// Its cells, as many as the header's columns.
        public let cells: [String]
    }

    /// The column names of the header row (empty for an empty file).
    public let header: [String]
    /// The character that separates cells.
    public let delimiter: UInt8
    /// The rows read, in file order; blank rows (every cell empty) are left out.
    public let rows: [Row]
    /// One problem per row that could not be read (ragged, not UTF-8, text after a closing quote).
    public let problems: [RowProblem]

    /// Whether the file holds no data row at all (an empty file, a header alone, blank rows).
    public var hasNoRows: Bool { rows.isEmpty && problems.isEmpty }
}
