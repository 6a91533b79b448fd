import EventLog
import Foundation
import LogFormat

/// Prints a stream of entries in one of the four formats; the table fits ``width``
/// (``TableLayout``).
struct EntryPrinter {
    let format: OutputFormat
    /// The columns of the table (its rows stream: their widths are set, not measured).
    private let layout: TableLayout

    /// A printer of `format` whose table fits `width` cells (nil: full width).
    init(format: OutputFormat, width: Int? = nil) {
        self.format = format
        let columns = [
            TableLayout.Column(fit: .whole, alignRight: true), TableLayout.Column(fit: .whole, priority: 1),
            TableLayout.Column(fit: .whole), TableLayout.Column(minimum: 22), TableLayout.Column(minimum: 24),
            TableLayout.Column(priority: 2),
        ]
        // Full width: the widths the table has always had (a longer cell runs over); fitted, as
        // wide as nearly every type, subject and actor is.
        layout = TableLayout(columns, widths: width == nil ? [6, 24, 25, 26, 30, 0] : [6, 24, 25, 24, 36, 24], limit: width)
    }

    static let csvHeader = "seq,event_id,type,subject,subject_version,occurred_at,recorded_at,actor,payload,meta"

    /// Prints the entries of `store` that `filter` matches: JSON and NDJSON straight from the
    /// stored bytes (checked by the canonical scanner, not parsed into a tree).
    func print(_ store: any LogEngine, _ filter: LogFilter, progress: (Int64) -> Void = { _ in }) throws {
        guard format == .ndjson || format == .json else {
            return try print { body throws in try store.forEachEntry(matching: filter, body) }
        }
        let out = StandardOutput()
        defer { out.flush() }
        var count = 0
        if format == .json { out.write("[") }
        try store.forEachEntryBytes(matching: filter) { _, bytes in
            if format == .json { out.write(count == 0 ? "\n" : ",\n") }
            out.write(raw: bytes)
            if format == .ndjson { out.write("\n") }
            count += 1
            if count % Limits.progressInterval == 0 { progress(Int64(count)) }
        }
        if format == .json { out.line(count == 0 ? "]" : "\n]") }
    }

    func print(_ entries: ((Entry) throws -> Void) throws -> Void) throws {
        let out = StandardOutput()
        defer { out.flush() }
        var count = 0
        if let header { out.line(header) }
        if format == .json { out.write("[") }
        try entries { entry in
            switch format {
            case .ndjson:
                out.write(bytes: entry.bytes)
                out.write("\n")
            case .json:
                out.write(count == 0 ? "\n" : ",\n")
                out.write(bytes: entry.bytes)
            case .csv, .table:
                out.line(row(entry))
            }
            count += 1
        }
        if format == .json { out.line(count == 0 ? "]" : "\n]") }
    }

    /// The line before the entries: the table's column names, the CSV header; nil for JSON and NDJSON.
    var header: String? {
        switch format {
        case .table: layout.lines(["SEQ", "RECORDED_AT", "OCCURRED_AT", "TYPE", "SUBJECT", "ACTOR"], headings: true).joined(separator: "\n")
        case .csv: Self.csvHeader
        case .json, .ndjson: nil
        }
    }

    /// An entry's line in the table or CSV format, without its newline (JSON and NDJSON print the
    /// stored bytes); in a fitted table, its lines when its last cell is wrapped.
    func row(_ entry: Entry) -> String {
        guard format == .csv else {
            let cells = [String(entry.seq), entry.recordedAt, entry.occurredAt, entry.type, entry.subject, entry.actor]
            return layout.limit == nil ? layout.fullLine(cells) : layout.lines(cells).joined(separator: "\n")
        }
        let fields = [
            String(entry.seq), entry.eventID, entry.type, entry.subject, String(entry.subjectVersion),
            entry.occurredAt, entry.recordedAt, entry.actor,
            String(decoding: CanonicalEncoder.encode(entry.value["payload"] ?? .null), as: UTF8.self),
            entry.value["meta"].map { String(decoding: CanonicalEncoder.encode($0), as: UTF8.self) } ?? "",
        ]
        return fields.map(csvField).joined(separator: ",")
    }
}

/// `text` padded with spaces to `width` terminal cells (``TerminalCells``).
func pad(_ text: String, _ width: Int, right: Bool = false) -> String {
    TableLayout.pad(text, width, right: right)
}

/// One CSV field (RFC 4180 quoting).
func csvField(_ text: String) -> String {
    guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return text }
    return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
}
