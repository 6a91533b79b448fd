import LogFormat

/// The rows of a CSV file made into `append` lines by a mapping, each checked on its own as
/// `append` checks a line before it looks at the log: the envelope (``AppendLine``) and the
/// log's catalogue (its ``EntryPolicy``: the v1 payload checks). Every problem of every row is
/// kept, so that one run reports them all.
public struct ImportBatch: Sendable {
    /// One row that became a line.
    public struct Line: Sendable {
        /// The row's number in the spreadsheet.
        public let row: Int
        /// The event id derived from its natural key.
        public let eventID: String
        /// The values of its natural key.
        public let key: [String]
        /// The line, canonical JSON (one line of NDJSON without its newline).
        public let bytes: [UInt8]
    }

    /// The rows that passed, in file order.
    public let lines: [Line]
    /// Every problem of the rows that did not, in row order.
    public let problems: [RowProblem]
    /// The data rows read (with those that could not be read).
    public let rows: Int

    /// Maps and checks every row of `table`. The caller has checked the mapping against the
    /// table's header (``ImportMapping/problems(header:file:)``).
    public init(table: CSVTable, mapping: ImportMapping, policy: any EntryPolicy) {
        var columns: [String: Int] = [:]
        for (i, name) in table.header.enumerated() where columns[name] == nil { columns[name] = i }
        var problems = table.problems
        var lines: [Line] = []
        var byID: [String: (row: Int, bytes: [UInt8])] = [:]
        for row in table.rows {
            guard let (value, key) = mapping.line(for: row, columns: columns, problems: &problems) else { continue }
            do throws(LogFormatError) {
                var line = try AppendLine(value, line: row.number)
                try policy.check(&line, lineNumber: row.number)
            } catch {
                if case .invalidInput(_, let field, let message) = error {
                    problems.append(RowProblem(row: row.number, column: mapping.column(forField: field), field: field, message: message))
                } else {
                    problems.append(RowProblem(row: row.number, message: error.description))
                }
                continue
            }
            let eventID = value["event_id"]?.stringValue ?? ""
            let bytes = CanonicalEncoder.encode(value)
            if let earlier = byID[eventID] {
                // The same row twice is harmless (the log keeps one); the same key with other
                // values is two rows claiming one identity.
                if earlier.bytes != bytes {
                    problems.append(RowProblem(row: row.number, field: "event_id", message:
                        "the natural key (\(Self.describe(mapping.naturalKey, key))) is also row \(earlier.row)'s, with other values; a key identifies one row"))
                    continue
                }
            } else {
                byID[eventID] = (row.number, bytes)
            }
            lines.append(Line(row: row.number, eventID: eventID, key: key, bytes: bytes))
        }
        self.lines = lines
        // The rows that could not be read were found first; in row order, they take their places.
        self.problems = problems.enumerated().sorted { ($0.element.row ?? 0, $0.offset) < ($1.element.row ?? 0, $1.offset) }.map(\.element)
        rows = table.rows.count + Set(table.problems.compactMap(\.row)).count
    }

    /// `"Số hiệu" = "BC-07", …`: a natural key's columns and values, for messages.
    static func describe(_ columns: [String], _ values: [String]) -> String {
        zip(columns, values).map { "\(echoed($0)) = \(echoed($1))" }.joined(separator: ", ")
    }
}
