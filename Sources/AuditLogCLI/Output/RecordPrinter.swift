import EventLog
import LogFormat

/// Prints query results: a padded table or CSV from named columns, or the records themselves as
/// JSON (one array) or NDJSON (one per line), with sorted snake_case keys so that the same state
/// prints the same bytes.
struct RecordPrinter {
    let format: OutputFormat

    /// A column: its header and how to show a record in it.
    struct Column<R>: Sendable {
        let header: String
        let value: @Sendable (R) -> String
        init(_ header: String, _ value: @escaping @Sendable (R) -> String) {
            self.header = header
            self.value = value
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
            let cells = records.map { r in columns.map { $0.value(r) } }
            var widths = columns.map { $0.header.count }
            for row in cells { for (i, c) in row.enumerated() { widths[i] = min(max(widths[i], c.count), 60) } }
            func line(_ row: [String]) -> String {
                row.enumerated().map { i, c in i == row.count - 1 ? c : pad(c, widths[i]) }.joined(separator: "  ")
            }
            out.line(line(columns.map { $0.header.uppercased() }))
            for row in cells { out.line(line(row)) }
        }
    }
}
