import LogFormat
import SQLiteDatabase

/// A checkpoint the inspector kept outside the operator's hands, as a file's name and text.
public struct InspectorCheckpoint: Sendable {
    /// Where it came from (shown in messages).
    public let name: String
    /// The signed note.
    public let note: String

    /// A checkpoint named `name` with signed note `note`.
    public init(name: String, note: String) {
        self.name = name
        self.note = note
    }
}

extension EventStore {
    /// Recomputes and checks everything the log claims, streaming (memory does not grow with the
    /// log): SQLite's page-level integrity over the pages `pages` names, and the count of every
    /// index of the events table; every entry's canonical form, NFC text, envelope, dense seq and
    /// query columns; every leaf hash; the root at every stored checkpoint and every inspector
    /// checkpoint, with each signature checked against `trustedKey` (default: the key stored in
    /// the file, which only catches edits made without the key); and every node of the Merkle
    /// node cache. Reports a damaged file first, then the first problem in history, else the
    /// first in the cache. `signed` looks at each signed entry on the threads that read them.
    public func verify(
        trustedKey: VerifierKey?, inspectorCheckpoints: [InspectorCheckpoint], pages: PageCheck = .unread,
        signed: SignedEntryCheck? = nil, progress: (Int64) -> Void = { _ in }
    ) throws(EventLogError) -> VerificationReport {
        var report = VerificationReport()
        report.pages = pages
        report.origin = meta.origin
        report.keySource = trustedKey == nil ? .database : .given
        // A problem the log holds is the result, not an error: errors are for a verify that could
        // not read the file.
        report.problem = try mapped {
            try db.readTransaction { try runChecks(trustedKey, inspectorCheckpoints, pages, signed, &report, progress) }
        }
        return report
    }

    /// The first problem found, or nil.
    private func runChecks(
        _ trustedKey: VerifierKey?, _ inspector: [InspectorCheckpoint], _ pages: PageCheck, _ signed: SignedEntryCheck?,
        _ report: inout VerificationReport, _ progress: (Int64) -> Void
    ) throws -> VerificationReport.Problem? {
        func fail(_ seq: Int64?, _ message: String) -> VerificationReport.Problem { .init(seq: seq, message: message) }

        let key: VerifierKey
        switch try SQLiteVerifySource(store: self, scan: nil).verifierKey(trustedKey) {
        case .success(let k): key = k
        case .failure(let p): return p.problem
        }

        // The entries are checked on worker threads (EntryScan), beside SQLite's own page-level
        // check: a damaged index (say, of event ids) would not change what is signed, but it
        // would mislead later appends and queries. A damaged file is reported before anything
        // else, as it explains whatever else looks wrong.
        let size = try SQLiteLogReader(db, path: nil).size()
        let firstSeq = try db.scalarInt("SELECT min(seq) FROM events")
        let scan = EntryScan(path: path, size: max(size, 0), signed: signed)
        scan.start(pages: pages)
        defer { scan.stop() }
        func damage() -> VerificationReport.Problem? {
            switch scan.integrityResult() {
            case .success(let text) where text == "ok": return nil
            case .success(let text):
                let oneLine = text.split(whereSeparator: \.isNewline).joined(separator: " ")
                return .init(seq: nil, message: "the database file is damaged (SQLite page check: \(oneLine))", kind: .damage)
            case .failure(let e):
                return .init(seq: nil, message: "the database file is damaged (SQLite page check: \(e.message))", kind: .damage)
            }
        }
        let found: VerificationReport.Problem?
        do {
            found = try SQLiteVerifySource(store: self, scan: scan)
                .checkEverything(key, inspector, &report, progress, size: size, firstSeq: firstSeq, fail)
        } catch {
            // Whatever went wrong, a damaged file is the first thing to say.
            if let damaged = damage() { return damaged }
            throw error
        }
        return damage() ?? found
    }

    /// Whether the events table is defined exactly as a new log defines it (compared with the
    /// schema run on an empty in-memory database).
    static func eventsTableIsAsDefined(_ db: Connection) throws(SQLiteError) -> Bool {
        let stored = try db.scalarText("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'events'")
        let fresh = try Connection(path: ":memory:", mode: .create, busyTimeoutMilliseconds: 0)
        try fresh.execute(String(decoding: PackageResources.schema_v1_sql, as: UTF8.self))
        let defined = try fresh.scalarText("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'events'")
        return stored != nil && stored == defined
    }

    /// What is wrong with the envelope fields of a stored entry, or nil; `e`'s ranges point into
    /// `bytes` (checked as bytes, without building Strings).
    static func envelopeProblem(_ e: CanonicalScanner.RawEnvelope, in bytes: UnsafeRawBufferPointer) -> String? {
        func text(_ r: Range<Int>?) -> UnsafeRawBufferPointer? { r.map { UnsafeRawBufferPointer(rebasing: bytes[$0]) } }
        if let unknown = e.unknownKey { return "unknown envelope field \(unknown)" }
        if let wrong = e.wrongKind { return "envelope field \(wrong) has the wrong kind of value" }
        guard e.v == Entry.envelopeVersion else { return "envelope version is not 1" }
        guard let id = text(e.eventID), EventID.isCanonical(utf8: id) else { return "event_id is not a lower-case UUID" }
        guard let type = text(e.type), AppendLine.isDottedType(utf8: type) else { return "type is not a dotted type" }
        guard let subject = text(e.subject), !subject.isEmpty else { return "subject is missing" }
        guard let version = e.subjectVersion, version >= 1 else { return "subject_version is missing" }
        guard let occurred = text(e.occurredAt), OccurredAt.isValid(utf8: occurred) else {
            return "occurred_at is malformed"
        }
        guard let recorded = text(e.recordedAt), Instant.isCanonicalText(utf8: recorded) else { return "recorded_at is malformed" }
        guard let actor = text(e.actor), !actor.isEmpty else { return "actor is missing" }
        guard e.payloadIsObject else { return "payload is not an object" }
        if e.metaIsObject == false { return "meta is not an object" }
        if e.authorIsObject == false { return "author is not an object" }
        return nil
    }
}

/// What `verify` reads of an SQLite log: the entries come from an ``EntryScan`` on worker threads.
struct SQLiteVerifySource: VerifySource {
    let store: EventStore
    /// The scan of the entries (nil when only the key is checked).
    let scan: EntryScan?

    var meta: LogMeta { store.meta }

    func checkpointRows() throws -> any RowCursor {
        let rows = try store.db.statement("SELECT size, note FROM checkpoints ORDER BY size")
        try rows.reset()
        return rows
    }

    func nodeRows(level: Int) throws -> any RowCursor {
        let rows = try store.db.statement("SELECT idx, hash FROM merkle_nodes WHERE level = \(level) ORDER BY idx")
        try rows.reset()
        return rows
    }

    func release(_ cursor: any RowCursor) { try? (cursor as? Statement)?.reset() }

    var chunkCount: Int { scan?.count ?? 0 }

    func chunk(_ index: Int) throws -> EntryScan.Chunk {
        guard let scan else { preconditionFailure("no entry scan was started") }
        return try scan.chunk(index)
    }

    func giveBack(_ chunk: consuming EntryScan.Chunk, of index: Int) { scan?.giveBack(consume chunk, of: index) }

    func storedRows() throws -> (rows: Int64, oddSeqs: Int64) {
        let db = store.db
        // With the table as the schema defines it, seq is the rowid and so an integer: only
        // another definition needs the scan.
        let rows = try db.scalarInt("SELECT count(*) FROM events") ?? 0
        let odd = try EventStore.eventsTableIsAsDefined(db)
            ? 0 : try db.scalarInt("SELECT count(*) FROM events WHERE typeof(seq) != 'integer'") ?? 0
        return (rows, odd)
    }

    func nodesOutside(levels: Int) throws -> Int64 {
        // A tree of at most one leaf has no levels: every cached node is outside them.
        guard levels > 0 else { return try store.db.scalarInt("SELECT count(*) FROM merkle_nodes") ?? 0 }
        // Three counts rather than one `NOT (level BETWEEN 1 AND ?)`, which SQLite answers by
        // reading the whole table: each of these seeks the primary key (level, idx), so only the
        // rows outside the levels are read (the levels' own rows were read by the cursors). The
        // same rows either way: text and blob levels sort above every number, so `level > ?`
        // counts them as the NOT BETWEEN did.
        return try store.db.scalarInt(
            "SELECT (SELECT count(*) FROM merkle_nodes WHERE level IS NULL) + (SELECT count(*) FROM merkle_nodes WHERE level < 1) "
                + "+ (SELECT count(*) FROM merkle_nodes WHERE level > ?)", [.integer(Int64(levels))]) ?? 0
    }

    func nodeCount(level: Int) throws -> Int64 {
        try store.db.scalarInt("SELECT count(*) FROM merkle_nodes WHERE level = ?", [.integer(Int64(level))]) ?? 0
    }

    func perfectHash(level: Int, index: Int64) throws -> TreeHash { try store.perfectHash(level: level, index: index) }

    func firstCheckpointNote() throws -> String? {
        try store.db.scalarText("SELECT note FROM checkpoints ORDER BY size LIMIT 1")
    }
}
