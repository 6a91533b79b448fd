import LogFormat
import PostgresDatabase

extension PostgresStore {
    /// Recomputes and checks everything the log claims, in one REPEATABLE READ snapshot, with the
    /// same checks as on SQLite (``VerifySource``): every entry's canonical form, envelope, dense
    /// seq, query columns and leaf hash; the root at every stored and kept checkpoint, with each
    /// signature checked against `trustedKey` (default: the key stored in the log); every node
    /// of the tree's node cache. PostgreSQL checks its own pages (checksums, when the cluster
    /// has them) as it reads them; `pages` is not used. `signed` looks at each signed entry as
    /// it is read.
    public func verify(
        trustedKey: VerifierKey?, inspectorCheckpoints: [InspectorCheckpoint], pages: PageCheck = .unread,
        signed: SignedEntryCheck? = nil, progress: (Int64) -> Void = { _ in }
    ) throws(EventLogError) -> VerificationReport {
        var report = VerificationReport()
        report.pages = .server
        report.origin = meta.origin
        report.keySource = trustedKey == nil ? .database : .given
        report.problem = try mapped {
            try inReadTransaction { () throws -> VerificationReport.Problem? in
                let size = try PostgresLogReader(db).size()
                let firstSeq = try db.scalarInt("SELECT min(seq) FROM events")
                // The entries are checked on worker threads, each on its own connection in this
                // transaction's snapshot, when the log has more than one chunk and the server
                // shares the snapshot; else on this thread.
                let scan = size > Int64(Limits.chunkEntries)
                    ? try PostgresSnapshot.export(from: db, conninfo: Self.libpqInfo(conninfo)).flatMap { snapshot in
                        snapshot.chunks(upTo: size) { range, db in try PostgresVerifySource.check(range, on: db, signed: signed) }
                    } : nil
                defer { scan?.stop() }
                let source = PostgresVerifySource(store: self, size: max(size, 0), signed: signed, scan: scan)
                let key: VerifierKey
                switch try source.verifierKey(trustedKey) {
                case .success(let k): key = k
                case .failure(let p): return p.problem
                }
                return try source.checkEverything(key, inspectorCheckpoints, &report, progress, size: size, firstSeq: firstSeq) {
                    .init(seq: $0, message: $1)
                }
            }
        }
        return report
    }
}

/// What `verify` reads of a PostgreSQL log, in keyset pages: the entries a chunk of seqs at a
/// time, checked by the workers of `scan` when there is one, else on the caller's thread.
struct PostgresVerifySource: VerifySource {
    let store: PostgresStore
    /// The largest seq stored.
    let size: Int64
    /// The look at each signed entry.
    let signed: SignedEntryCheck?
    /// The entries' chunks checked on worker connections, when they are.
    let scan: ChunkPipeline<EntryScan.Chunk>?

    var meta: LogMeta { store.meta }

    func checkpointRows() throws -> any RowCursor {
        try PostgresPagedRows(store.db, "SELECT size, note FROM checkpoints WHERE size > $1 ORDER BY size LIMIT $2")
    }

    func nodeRows(level: Int) throws -> any RowCursor {
        try PostgresPagedRows(store.db, "SELECT idx, hash FROM merkle_nodes WHERE level = $1 AND idx > $2 ORDER BY idx LIMIT $3",
                              [.integer(Int64(level))])
    }

    func release(_ cursor: any RowCursor) {}

    var chunkCount: Int {
        let chunk = Int64(Limits.chunkEntries)
        return Int(size / chunk + (size % chunk == 0 ? 0 : 1))
    }

    func chunk(_ index: Int) throws -> EntryScan.Chunk {
        if let scan { return try scan.result(index) }
        let range = ChunkPipeline<EntryScan.Chunk>.range(of: index, size: size, chunkSize: Int64(Limits.chunkEntries))
        return try Self.check(range, on: store.db, signed: signed)
    }

    /// Checks the entries with seqs in `range`, read on `db`.
    static func check(_ range: ClosedRange<Int64>, on db: PGConnection, signed: SignedEntryCheck?) throws -> EntryScan.Chunk {
        let rows = try PostgresPagedRows(
            db,
            "SELECT seq, entry, leaf_hash, event_id, type, subject, subject_version, occurred_at, recorded_at "
                + "FROM events WHERE seq <= $1 AND seq > $2 ORDER BY seq LIMIT $3",
            [.integer(range.upperBound)], after: range.lowerBound - 1)
        return try EntryScan.check(range, rows, signed: signed) {
            try db.scalarInt("SELECT min(seq) FROM events WHERE seq > $1", [.integer(range.upperBound)])
        }
    }

    func giveBack(_ chunk: consuming EntryScan.Chunk, of index: Int) { scan?.giveBack(consume chunk, of: index) }

    func storedRows() throws -> (rows: Int64, oddSeqs: Int64) {
        // seq is a bigint primary key: every stored seq is an integer.
        (try store.db.scalarInt("SELECT count(*) FROM events") ?? 0, 0)
    }

    func nodesOutside(levels: Int) throws -> Int64 {
        try store.db.scalarInt("SELECT count(*) FROM merkle_nodes WHERE NOT (level BETWEEN 1 AND $1)", [.integer(Int64(levels))]) ?? 0
    }

    func nodeCount(level: Int) throws -> Int64 {
        try store.db.scalarInt("SELECT count(*) FROM merkle_nodes WHERE level = $1", [.integer(Int64(level))]) ?? 0
    }

    func perfectHash(level: Int, index: Int64) throws -> TreeHash { try store.perfectHash(level: level, index: index) }

    func firstCheckpointNote() throws -> String? {
        try store.db.scalarText("SELECT note FROM checkpoints ORDER BY size LIMIT 1")
    }
}
