import LogFormat
import PostgresDatabase

extension PostgresStore {
    /// Appends every event of `input` in one transaction holding the writers' lock, with one
    /// signed checkpoint: all or nothing, as on SQLite (``EventStore/append(_:key:policy:clock:dryRun:progress:)``).
    /// A connection lost before the commit leaves nothing: the server rolls the transaction back.
    public func append(
        _ input: InputSource, key: SignerKey?, policy: any EntryPolicy = GenericEntryPolicy(), clock: Clock,
        dryRun: Bool = false, progress: (Int) -> Void = { _ in }
    ) throws(EventLogError) -> AppendSummary {
        try meta.checkSigningKey(key, dryRun: dryRun)
        return try mapped {
            try inWriteTransaction {
                let rows = PostgresAppendRows(store: self)
                var writer = rows
                let summary = try appendRows(input, into: &writer, meta: meta, key: key, policy: policy, clock: clock,
                                             dryRun: dryRun, progress: progress)
                try rows.buffer.flush()
                return (summary, !dryRun)
            }
        }
    }

    /// Calls `body` for every input line of a committed append, in input order.
    public func forEachOutcome(of summary: AppendSummary, _ body: (AppendOutcome) throws -> Void) throws(EventLogError) {
        try mapped {
            var nextDuplicate = 0
            var appended = 0
            let stmt = try db.statement("SELECT seq, event_id FROM events WHERE seq >= $1 AND seq < $2 ORDER BY seq LIMIT $3")
            var page = try stmt.run([.integer(summary.firstSeq), .integer(summary.firstSeq + Int64(summary.appended)),
                                     .integer(Int64(Limits.postgresPageRows))])
            var row: Int32 = 0
            for ordinal in 0..<summary.total {
                if nextDuplicate < summary.duplicates.count, summary.duplicates[nextDuplicate].ordinal == ordinal {
                    let d = summary.duplicates[nextDuplicate]
                    nextDuplicate += 1
                    try body(AppendOutcome(ordinal: ordinal, seq: d.seq, eventID: d.eventID, appended: false))
                    continue
                }
                if row == page.count {
                    let next = summary.firstSeq + Int64(appended)
                    page = try stmt.run([.integer(next), .integer(summary.firstSeq + Int64(summary.appended)),
                                         .integer(Int64(Limits.postgresPageRows))])
                    row = 0
                }
                guard row < page.count else { break }
                try body(AppendOutcome(ordinal: ordinal, seq: page.int64(row, 0), eventID: page.text(row, 1), appended: true))
                row += 1
                appended += 1
            }
        }
    }

    /// The hash of the perfect subtree (level, index): made from its leaf hashes below
    /// ``Limits/lowestCachedTreeLevel`` (a leaf hash at level 0), else the node cache.
    func perfectHash(level: Int, index: Int64) throws -> TreeHash {
        if level < Limits.lowestCachedTreeLevel {
            let r = try db.query("SELECT leaf_hash FROM events WHERE seq >= $1 AND seq < $2 ORDER BY seq",
                                 [.integer(index << level + 1), .integer((index + 1) << level + 1)])
            let leaves = (0..<r.count).map { r.isNull($0, 0) ? [] : r.bytes($0, 0) }
            guard let hash = MerkleProofs.perfectHash(level: level, fromLeaves: leaves) else {
                throw EventLogError.io("\(location): Merkle hash (level \(level), index \(index)) is missing from the node cache")
            }
            return hash
        }
        let r = try db.query("SELECT hash FROM merkle_nodes WHERE level = $1 AND idx = $2", [.integer(Int64(level)), .integer(index)])
        guard r.count == 1, !r.isNull(0, 0) else {
            throw EventLogError.io("\(location): Merkle hash (level \(level), index \(index)) is missing from the node cache")
        }
        let hash = r.bytes(0, 0)
        guard hash.count == 32 else {
            throw EventLogError.io("\(location): Merkle hash (level \(level), index \(index)) is missing from the node cache")
        }
        return hash
    }
}

/// The rows of one append, streamed to the server with COPY: the events in one `COPY … FROM
/// STDIN` that stays open while the append makes more rows (the server stores them meanwhile, on
/// the other core), sent ``Limits/postgresCopyBytes`` at a time; the tree's nodes gathered and
/// sent when that COPY ends. It ends before any read of the log (so that reads see every row),
/// at the end of the append, and every ``Limits/postgresCopyRunBytes`` (so that the nodes held
/// in memory stay bounded).
final class PostgresAppendBuffer {
    private static let eventsCopy = "COPY events (seq, entry, leaf_hash, event_id, type, subject, subject_version, occurred_at, recorded_at) "
        + "FROM STDIN (FORMAT binary)"
    private static let nodesCopy = "COPY merkle_nodes (level, idx, hash) FROM STDIN (FORMAT binary)"

    private let db: PGConnection
    private var events = PostgresCopyBuffer()
    private var nodes = PostgresCopyBuffer()
    /// Whether the events' COPY is open, and the bytes of events sent since the last flush.
    private var copying = false
    private var sentInRun = 0
    /// Events not yet stored by the server, by id and by subject.
    var pendingIDs: [String: (seq: Int64, bytes: [UInt8])] = [:]
    var pendingVersions: [String: Int64] = [:]
    /// What the server said of the event ids and subjects of the lines being appended
    /// (``PostgresAppendRows/prefetch(eventIDs:subjects:)``), kept up to date as their rows are
    /// added: the event with each id (nil: none), each subject's latest version.
    var knownIDs: [String: (seq: Int64, bytes: [UInt8])?] = [:]
    var knownVersions: [String: Int64] = [:]

    init(_ db: PGConnection) { self.db = db }

    /// Buffers one event row. Its id is remembered for look-ups only when the input gave it: an id
    /// the store made (a fresh UUIDv7) cannot be named by a later line of the same input.
    func addEvent(seq: Int64, entry: [UInt8], leaf: TreeHash, eventID: String, eventIDGiven: Bool, type: String, subject: String,
                  subjectVersion: Int64, occurredAt: String, recordedAt: String) throws {
        events.beginRow(fields: 9)
        events.int64(seq)
        events.bytea(entry)
        events.bytea(leaf)
        events.text(eventID)
        events.text(type)
        events.text(subject)
        events.int64(subjectVersion)
        events.text(occurredAt)
        events.text(recordedAt)
        if eventIDGiven {
            pendingIDs[eventID] = (seq, entry)
            if let known = knownIDs.index(forKey: eventID) { knownIDs.values[known] = (seq, entry) }
        }
        pendingVersions[subject] = subjectVersion
        if let known = knownVersions.index(forKey: subject) { knownVersions.values[known] = subjectVersion }
        if events.bytes.count >= Limits.postgresCopyBytes { try send() }
    }

    func addNode(level: Int, index: Int64, hash: TreeHash) {
        nodes.beginRow(fields: 3)
        nodes.int64(Int64(level))
        nodes.int64(index)
        nodes.bytea(hash)
    }

    /// Sends the buffered events into the open COPY (opening it first).
    private func send() throws {
        guard events.rows > 0 else { return }
        if !copying {
            try db.beginCopy(Self.eventsCopy)
            copying = true
            try db.putCopyData(events.header)
        }
        try db.putCopyData(events.rowBytes)
        sentInRun += events.bytes.count
        events.clear()
        if sentInRun >= Limits.postgresCopyRunBytes { try flush() }
    }

    /// Ends the events' COPY if one is open, so that the connection can run a query. Rows not
    /// yet sent stay buffered: a look-up finds them in ``pendingIDs`` and ``pendingVersions``,
    /// which hold every row since the last ``flush()``. The nodes wait for ``flush()`` (nothing
    /// reads them during an append).
    func endCopy() throws {
        guard copying else { return }
        try db.putCopyData(PostgresCopyBuffer.trailer)
        try db.endCopy(Self.eventsCopy)
        copying = false
    }

    /// Stores everything buffered: sends the events, ends the COPY, sends the nodes. Runs before
    /// any read of the log, at the end of the append, and after every
    /// ``Limits/postgresCopyRunBytes`` of events, which bounds the maps and the nodes held.
    func flush() throws {
        try send()
        try endCopy()
        if let data = nodes.finished() { try db.copyIn(Self.nodesCopy, data) }
        nodes.clear()
        sentInRun = 0
        pendingIDs.removeAll(keepingCapacity: true)
        pendingVersions.removeAll(keepingCapacity: true)
    }
}

/// The rows of an append to a PostgreSQL log.
struct PostgresAppendRows: AppendRows {
    let store: PostgresStore
    let buffer: PostgresAppendBuffer

    init(store: PostgresStore) {
        self.store = store
        buffer = PostgresAppendBuffer(store.db)
    }

    func size() throws -> Int64 { try PostgresLogReader(store.db).size() }

    func recordedAt(seq: Int64) throws -> String? {
        try store.db.scalarText("SELECT recorded_at FROM events WHERE seq = $1", [.integer(seq)])
    }

    func existing(eventID: String) throws -> (seq: Int64, bytes: [UInt8])? {
        if let pending = buffer.pendingIDs[eventID] { return pending }
        if let known = buffer.knownIDs[eventID] { return known }
        try buffer.endCopy()
        let r = try store.db.query("SELECT seq, entry FROM events WHERE event_id = $1", [.text(eventID)])
        return r.count == 0 ? nil : (r.int64(0, 0), r.bytes(0, 1))
    }

    func subjectVersion(_ subject: String) throws -> Int64 {
        if let pending = buffer.pendingVersions[subject] { return pending }
        if let known = buffer.knownVersions[subject] { return known }
        try buffer.endCopy()
        return try store.db.scalarInt("SELECT max(subject_version) FROM events WHERE subject = $1", [.text(subject)]) ?? 0
    }

    var prefetches: Bool { true }

    /// Two queries for a batch of lines, where each line would otherwise ask up to two.
    mutating func prefetch(eventIDs: [String], subjects: [String]) throws {
        buffer.knownIDs.removeAll(keepingCapacity: true)
        buffer.knownVersions.removeAll(keepingCapacity: true)
        let ids = eventIDs.filter { buffer.pendingIDs[$0] == nil }
        let named = subjects.filter { buffer.pendingVersions[$0] == nil }
        guard !ids.isEmpty || !named.isEmpty else { return }
        try buffer.endCopy()
        if !ids.isEmpty {
            for id in ids { buffer.knownIDs[id] = .some(nil) }
            let r = try store.db.query("SELECT event_id, seq, entry FROM events WHERE event_id = ANY($1::text[])", [.textArray(ids)])
            for row in 0..<r.count { buffer.knownIDs[r.text(row, 0)] = (r.int64(row, 1), r.bytes(row, 2)) }
        }
        if !named.isEmpty {
            for subject in named { buffer.knownVersions[subject] = 0 }
            let r = try store.db.query(
                "SELECT subject, max(subject_version) FROM events WHERE subject = ANY($1::text[]) GROUP BY subject", [.textArray(named)])
            for row in 0..<r.count { buffer.knownVersions[r.text(row, 0)] = r.int64(row, 1) }
        }
    }

    mutating func insert(seq: Int64, entry: [UInt8], leaf: TreeHash, eventID: String, eventIDGiven: Bool, type: String,
                         subject: String, subjectVersion: Int64, occurredAt: String, recordedAt: String) throws {
        try buffer.addEvent(seq: seq, entry: entry, leaf: leaf, eventID: eventID, eventIDGiven: eventIDGiven, type: type, subject: subject,
                            subjectVersion: subjectVersion, occurredAt: occurredAt, recordedAt: recordedAt)
    }

    mutating func insertNode(level: Int, index: Int64, hash: TreeHash) throws {
        buffer.addNode(level: level, index: index, hash: hash)
    }

    mutating func insertCheckpoint(size: Int64, note: String) throws {
        try buffer.flush()
        _ = try store.db.query("INSERT INTO checkpoints (size, note) VALUES ($1, $2)", [.integer(size), .text(note)])
    }

    func perfectHash(level: Int, index: Int64) throws -> TreeHash { try store.perfectHash(level: level, index: index) }

    func session() -> LogSession {
        let buffer = buffer
        return store.session(beforeRead: { try buffer.flush() }, beforeTables: { try buffer.endCopy() })
    }
}
