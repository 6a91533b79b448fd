import LogFormat
import SQLiteDatabase

/// ``LogReader`` over the `events` table of an SQLite log, on a connection inside one of the
/// store's transactions. Its statements are the connection's cached ones: a reader is cheap to
/// make, and the only code besides the store's own that reads the table.
public struct SQLiteLogReader: LogReader {
    private let db: Connection
    /// The database file, when workers may open it to read what is committed; nil for a
    /// worker's own reader and for a file the caller holds in a write transaction it has not
    /// committed (the workers would not see its rows).
    private let path: String?

    init(_ db: Connection, path: String?) {
        self.db = db
        self.path = path
    }

    public func size() throws -> Int64 {
        try db.scalarInt("SELECT max(seq) FROM events") ?? 0
    }

    public func forEachEntry(in seqs: ClosedRange<Int64>, types: [String]?, _ body: StoredEntryBody) throws {
        let bounds: [Statement.Value] = [.integer(seqs.lowerBound), .integer(seqs.upperBound)]
        if let types {
            guard !types.isEmpty else { return }
            let list = types.map { _ in "?" }.joined(separator: ", ")
            try rows("SELECT seq, entry FROM events WHERE type IN (\(list)) AND seq >= ? AND seq <= ? ORDER BY seq",
                     types.map { .text($0) } + bounds, body)
        } else {
            try rows("SELECT seq, entry FROM events WHERE seq >= ? AND seq <= ? ORDER BY seq", bounds, body)
        }
    }

    public func forEachEntry(subject: String, _ body: StoredEntryBody) throws {
        try rows("SELECT seq, entry FROM events WHERE subject = ? ORDER BY seq", [.text(subject)], body)
    }

    public func entry(seq: Int64) throws -> Entry? {
        try first("SELECT seq, entry FROM events WHERE seq = ?", [.integer(seq)])
    }

    public func entry(eventID: String) throws -> Entry? {
        try first("SELECT seq, entry FROM events WHERE event_id = ?", [.text(eventID)])
    }

    public func parallelChunks<Result: Sendable>(
        upTo committed: Int64, _ work: @escaping @Sendable (ClosedRange<Int64>, any LogReader) throws -> Result
    ) -> ChunkPipeline<Result>? {
        guard let path else { return nil }
        return ChunkPipeline(path: path, size: committed) { range, db in try work(range, SQLiteLogReader(db, path: nil)) }
    }

    private func rows(_ sql: String, _ values: [Statement.Value], _ body: StoredEntryBody) throws {
        // The statement is the connection's cached one: reset on the way out even when `body`
        // throws, so that a nested read of the same query starts afresh.
        let stmt = try db.statement(sql)
        try stmt.reset(binding: values)
        defer { try? stmt.reset() }
        while try stmt.step() {
            let seq = stmt.int64(0)
            try stmt.withBlob(1) { try body(seq, $0) }
        }
    }

    private func first(_ sql: String, _ values: [Statement.Value]) throws -> Entry? {
        let stmt = try db.statement(sql)
        try stmt.reset(binding: values)
        defer { try? stmt.reset() }
        guard try stmt.step() else { return nil }
        let seq = stmt.int64(0)
        do {
            return try Entry(seq: seq, bytes: stmt.blob(1))
        } catch {
            throw EventLogError.io("seq \(seq): stored entry is damaged (\(error)); run `auditlog verify`")
        }
    }
}
