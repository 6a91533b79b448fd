import LogFormat
import SQLiteDatabase

/// What one `append` did.
public struct AppendSummary: Sendable {
    /// A retried line: the event it repeats was already in the log.
    public struct Duplicate: Sendable {
        /// 0-based position of the line among the input's events.
        public let ordinal: Int
        /// The seq of the existing event.
        public let seq: Int64
        /// Its event id.
        public let eventID: String
    }

    /// Number of events in the input.
    public let total: Int
    /// The seq of the first appended event (meaningful when ``appended`` > 0).
    public let firstSeq: Int64
    /// Number of events appended.
    public let appended: Int
    /// Lines that repeated events already in the log, in input order.
    public let duplicates: [Duplicate]
    /// The `recorded_at` of every appended event.
    public let recordedAt: Instant
    /// The signed checkpoint written with the append (nil when nothing was appended or for a dry run).
    public let checkpoint: String?
    /// Whether the transaction was rolled back on purpose.
    public let dryRun: Bool
    /// Lines admitted but flagged, in input order.
    public let warnings: [AppendWarning]
}

/// One line's result, as ``EventStore/forEachOutcome(of:_:)`` reports it after the commit.
public struct AppendOutcome: Sendable {
    /// 0-based position among the input's events.
    public let ordinal: Int
    /// The event's seq (new or existing).
    public let seq: Int64
    /// Its event id.
    public let eventID: String
    /// False for a retried line whose event was already in the log.
    public let appended: Bool
}

extension EventStore {
    /// Appends every event of `input` in one transaction, with one signed checkpoint: all or
    /// nothing. Every line is checked (envelope, `policy`, time, idempotency, expected version)
    /// before the transaction commits; the first bad line rolls everything back and is reported
    /// with its line number and field.
    ///
    /// - Parameters:
    ///   - key: the log's signing key; may be nil only for a dry run.
    ///   - progress: called every ``Limits/progressInterval`` events with the count so far.
    public func append(
        _ input: InputSource, key: SignerKey?, policy: any EntryPolicy = GenericEntryPolicy(), clock: Clock,
        dryRun: Bool = false, progress: (Int) -> Void = { _ in }
    ) throws(EventLogError) -> AppendSummary {
        try meta.checkSigningKey(key, dryRun: dryRun)
        do {
            return try appendTransaction(input, key: key, policy: policy, clock: clock, dryRun: dryRun, progress: progress)
        } catch {
            // A failed append leaves its rolled-back frames in the WAL; on a full disk they would
            // keep even readers from working. Give the space back (best effort, no readers mind).
            try? db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            throw error
        }
    }

    private func appendTransaction(
        _ input: InputSource, key: SignerKey?, policy: any EntryPolicy, clock: Clock, dryRun: Bool,
        progress: (Int) -> Void
    ) throws(EventLogError) -> AppendSummary {
        return try mapped {
            try db.inWriteTransaction {
                let summary = try appendInTransaction(input, key: key, policy: policy, clock: clock, dryRun: dryRun,
                                                      progress: progress)
                // A dry run checks everything a real append checks, then rolls back.
                return (summary, dryRun ? .rollback : .commit)
            }
        }
    }

    private func appendInTransaction(
        _ input: InputSource, key: SignerKey?, policy: any EntryPolicy, clock: Clock, dryRun: Bool,
        progress: (Int) -> Void
    ) throws -> AppendSummary {
        var rows = try SQLiteAppendRows(store: self)
        return try appendRows(input, into: &rows, meta: meta, key: key, policy: policy, clock: clock, dryRun: dryRun,
                              progress: progress)
    }

    /// Calls `body` for every input line of a committed append, in input order, reading the ids
    /// of appended events back from the log (so memory does not grow with the batch).
    public func forEachOutcome(of summary: AppendSummary, _ body: (AppendOutcome) throws -> Void) throws(EventLogError) {
        try mapped {
            let rows = try db.statement("SELECT seq, event_id FROM events WHERE seq >= ? AND seq < ? ORDER BY seq")
            try rows.reset(binding: [.integer(summary.firstSeq), .integer(summary.firstSeq + Int64(summary.appended))])
            var nextDuplicate = 0
            for ordinal in 0..<summary.total {
                if nextDuplicate < summary.duplicates.count, summary.duplicates[nextDuplicate].ordinal == ordinal {
                    let d = summary.duplicates[nextDuplicate]
                    nextDuplicate += 1
                    try body(AppendOutcome(ordinal: ordinal, seq: d.seq, eventID: d.eventID, appended: false))
                } else {
                    guard try rows.step() else { break }
                    try body(AppendOutcome(ordinal: ordinal, seq: rows.int64(0), eventID: rows.text(1), appended: true))
                }
            }
            try rows.reset()
        }
    }
}

/// The rows of an append to an SQLite log, written inside the store's write transaction.
struct SQLiteAppendRows: AppendRows {
    private let store: EventStore
    private let findEvent: Statement
    private let latestVersion: Statement
    private let insertEvent: Statement
    private let insertTreeNode: Statement
    /// The node hash being written, reused from node to node (no array made per node).
    private var nodeHash: [UInt8] = Array(repeating: 0, count: 32)

    init(store: EventStore) throws {
        self.store = store
        let db = store.db
        findEvent = try db.statement("SELECT seq, entry FROM events WHERE event_id = ?")
        latestVersion = try db.statement("SELECT max(subject_version) FROM events WHERE subject = ?")
        insertEvent = try db.statement(
            "INSERT INTO events (seq, entry, leaf_hash, event_id, type, subject, subject_version, occurred_at, recorded_at) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")
        insertTreeNode = try db.statement("INSERT INTO merkle_nodes (level, idx, hash) VALUES (?, ?, ?)")
    }

    func size() throws -> Int64 { try SQLiteLogReader(store.db, path: nil).size() }

    func recordedAt(seq: Int64) throws -> String? {
        try store.db.scalarText("SELECT recorded_at FROM events WHERE seq = ?", [.integer(seq)])
    }

    func existing(eventID: String) throws -> (seq: Int64, bytes: [UInt8])? {
        try findEvent.reset(binding: [.text(eventID)])
        defer { try? findEvent.reset() }
        guard try findEvent.step() else { return nil }
        return (findEvent.int64(0), findEvent.blob(1))
    }

    func subjectVersion(_ subject: String) throws -> Int64 {
        try latestVersion.reset(binding: [.text(subject)])
        defer { try? latestVersion.reset() }
        return try latestVersion.step() && !latestVersion.isNull(0) ? latestVersion.int64(0) : 0
    }

    mutating func insert(seq: Int64, entry: [UInt8], leaf: TreeHash, eventID: String, eventIDGiven: Bool, type: String,
                         subject: String, subjectVersion: Int64, occurredAt: String, recordedAt: String) throws {
        try insertEvent.executeBorrowing([
            .integer(seq), .blob(entry), .blob(leaf), .text(eventID), .text(type), .text(subject),
            .integer(subjectVersion), .text(occurredAt), .text(recordedAt),
        ])
    }

    mutating func insertNode(level: Int, index: Int64, hash: TreeHash) throws {
        try insertTreeNode.executeBorrowing([.integer(Int64(level)), .integer(index), .blob(hash)])
    }

    mutating func insertNode(level: Int, index: Int64, value: InlineHash) throws {
        value.withUnsafeBytes { bytes in nodeHash.withUnsafeMutableBytes { $0.copyMemory(from: bytes) } }
        try insertTreeNode.executeBorrowing([.integer(Int64(level)), .integer(index), .blob(nodeHash)])
    }

    mutating func insertCheckpoint(size: Int64, note: String) throws {
        try store.db.statement("INSERT INTO checkpoints (size, note) VALUES (?, ?)").execute([.integer(size), .text(note)])
    }

    func perfectHash(level: Int, index: Int64) throws -> TreeHash { try store.perfectHash(level: level, index: index) }

    func session() -> LogSession { store.session() }
}
