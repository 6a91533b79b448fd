import Foundation
import LogFormat
import PostgresDatabase

/// ``LogReader`` over the `events` table of a PostgreSQL log, on the store's connection inside
/// one of its transactions. Long reads come in keyset pages of ``Limits/postgresPageRows`` rows
/// (seq order), so memory stays flat and the body may run its own queries between pages.
struct PostgresLogReader: LogReader {
    private let db: PGConnection
    /// Run before every read: an append sends its buffered rows, so that reads see them.
    private let beforeRead: (() throws -> Void)?
    /// How worker connections reach the log, when this reader may read on worker threads.
    private let conninfo: String?

    /// A reader on `db`; with `conninfo` (libpq's form), long reads may go to worker
    /// connections that see the transaction's snapshot (``parallelChunks(upTo:_:)``).
    init(_ db: PGConnection, beforeRead: (() throws -> Void)? = nil, conninfo: String? = nil) {
        self.db = db
        self.beforeRead = beforeRead
        self.conninfo = conninfo
    }

    func size() throws -> Int64 {
        try beforeRead?()
        return try db.scalarInt("SELECT max(seq) FROM events") ?? 0
    }

    func forEachEntry(in seqs: ClosedRange<Int64>, types: [String]?, _ body: StoredEntryBody) throws {
        if let types {
            guard !types.isEmpty else { return }
            try pages("SELECT seq, entry FROM events WHERE type = ANY($3::text[]) AND seq > $1 AND seq <= $2 ORDER BY seq LIMIT $4",
                      from: seqs.lowerBound - 1, to: seqs.upperBound, [.textArray(types)], body)
        } else {
            try pages("SELECT seq, entry FROM events WHERE seq > $1 AND seq <= $2 ORDER BY seq LIMIT $3",
                      from: seqs.lowerBound - 1, to: seqs.upperBound, [], body)
        }
    }

    func forEachEntry(subject: String, _ body: StoredEntryBody) throws {
        // Pages by subject_version, which grows with seq within a subject, so that the subject's
        // index alone answers: with a condition on seq, a plan made while the table looked small
        // (as its statistics say all through an append) walked the primary key instead, about
        // 20 ms a call at 500,000 rows.
        try beforeRead?()
        let stmt = try db.statement(
            "SELECT seq, entry, subject_version FROM events WHERE subject = $1 AND subject_version > $2 ORDER BY subject_version LIMIT $3")
        var after: Int64 = 0
        while true {
            let page = try stmt.run([.text(subject), .integer(after), .integer(Int64(Limits.postgresPageRows))])
            for row in 0..<page.count {
                after = page.int64(row, 2)
                let seq = page.int64(row, 0)
                try page.withBytes(row, 1) { try body(seq, $0) }
            }
            if page.count < Int32(Limits.postgresPageRows) { return }
        }
    }

    func entry(seq: Int64) throws -> Entry? {
        try first("SELECT seq, entry FROM events WHERE seq = $1", [.integer(seq)])
    }

    func entry(eventID: String) throws -> Entry? {
        try first("SELECT seq, entry FROM events WHERE event_id = $1", [.text(eventID)])
    }

    /// Worker connections in this transaction's snapshot (``PostgresSnapshot``), for a log of
    /// more than one chunk, already started: nil for a shorter one, for a reader whose
    /// transaction holds rows it has not sent (an append's), or when the server cannot share the
    /// snapshot or no second connection can be made.
    func parallelChunks<Result: Sendable>(
        upTo committed: Int64, _ work: @escaping @Sendable (ClosedRange<Int64>, any LogReader) throws -> Result
    ) throws -> ChunkPipeline<Result>? {
        guard let conninfo, beforeRead == nil, committed > Int64(Limits.chunkEntries),
            let snapshot = try PostgresSnapshot.export(from: db, conninfo: conninfo)
        else { return nil }
        return snapshot.chunks(upTo: committed) { range, db in try work(range, PostgresLogReader(db)) }  // started
    }

    /// Calls `body` with the rows of `sql` after seq `from` up to `to`, a page at a time. `sql`
    /// takes the lower bound as $1, the upper as $2, `extra` as $3…, and the page size last.
    private func pages(_ sql: String, from: Int64, to: Int64, _ extra: [PGValue], _ body: StoredEntryBody) throws {
        try beforeRead?()
        let stmt = try db.statement(sql)
        var after = from
        while true {
            let page = try stmt.run([.integer(after), .integer(to)] + extra + [.integer(Int64(Limits.postgresPageRows))])
            for row in 0..<page.count {
                after = page.int64(row, 0)
                try page.withBytes(row, 1) { try body(after, $0) }
            }
            if page.count < Int32(Limits.postgresPageRows) { return }
        }
    }

    private func first(_ sql: String, _ values: [PGValue]) throws -> Entry? {
        try beforeRead?()
        let r = try db.query(sql, values)
        guard r.count > 0 else { return nil }
        let seq = r.int64(0, 0)
        do {
            return try Entry(seq: seq, bytes: r.bytes(0, 1))
        } catch {
            throw EventLogError.io("seq \(seq): stored entry is damaged (\(error)); run `auditlog verify`")
        }
    }
}
