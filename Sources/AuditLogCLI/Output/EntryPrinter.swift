import EventLog
import Foundation
import LogFormat

/// Prints a stream of entries in one of the four formats.
struct EntryPrinter {
    let format: OutputFormat

    static let csvHeader = "seq,event_id,type,subject,subject_version,occurred_at,recorded_at,actor,payload,meta"

    /// Prints the entries of `store` that `filter` matches: JSON and NDJSON straight from the
    /// stored bytes (checked by the canonical scanner, not parsed into a tree).
    func print(_ store: any LogEngine, _ filter: LogFilter) throws {
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
        }
        if format == .json { out.line(count == 0 ? "]" : "\n]") }
    }

    func print(_ entries: ((Entry) throws -> Void) throws -> Void) throws {
        let out = StandardOutput()
        defer { out.flush() }
        var count = 0
        switch format {
        case .table:
            out.line(pad("SEQ", 6, right: true) + "  " + pad("RECORDED_AT", 24) + "  " + pad("OCCURRED_AT", 25) + "  "
                + pad("TYPE", 26) + "  " + pad("SUBJECT", 30) + "  ACTOR")
        case .csv: out.line(Self.csvHeader)
        case .json: out.write("[")
        case .ndjson: break
        }
        try entries { entry in
            switch format {
            case .ndjson:
                out.write(bytes: entry.bytes)
                out.write("\n")
            case .json:
                out.write(count == 0 ? "\n" : ",\n")
                out.write(bytes: entry.bytes)
            case .csv:
                let fields = [
                    String(entry.seq), entry.eventID, entry.type, entry.subject, String(entry.subjectVersion),
                    entry.occurredAt, entry.recordedAt, entry.actor,
                    String(decoding: CanonicalEncoder.encode(entry.value["payload"] ?? .null), as: UTF8.self),
                    entry.value["meta"].map { String(decoding: CanonicalEncoder.encode($0), as: UTF8.self) } ?? "",
                ]
                out.line(fields.map(csvField).joined(separator: ","))
            case .table:
                out.line(pad(String(entry.seq), 6, right: true) + "  " + pad(entry.recordedAt, 24) + "  "
                    + pad(entry.occurredAt, 25) + "  " + pad(entry.type, 26) + "  " + pad(entry.subject, 30) + "  " + entry.actor)
            }
            count += 1
        }
        if format == .json { out.line(count == 0 ? "]" : "\n]") }
    }
}

/// `text` padded with spaces to `width` characters.
func pad(_ text: String, _ width: Int, right: Bool = false) -> String {
    let n = text.count
    guard n < width else { return text }
    let spaces = String(repeating: " ", count: width - n)
    return right ? spaces + text : text + spaces
}

/// One CSV field (RFC 4180 quoting).
func csvField(_ text: String) -> String {
    guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return text }
    return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
}
