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
    /// first in the cache.
    public func verify(
        trustedKey: VerifierKey?, inspectorCheckpoints: [InspectorCheckpoint], pages: PageCheck = .unread,
        progress: (Int64) -> Void = { _ in }
    ) throws(EventLogError) -> VerificationReport {
        var report = VerificationReport()
        report.pages = pages
        report.origin = meta.origin
        report.keySource = trustedKey == nil ? .database : .given
        // A problem the log holds is the result, not an error: errors are for a verify that could
        // not read the file.
        report.problem = try mapped {
            try db.readTransaction { try runChecks(trustedKey, inspectorCheckpoints, pages, &report, progress) }
        }
        return report
    }

    /// The first problem found, or nil.
    private func runChecks(
        _ trustedKey: VerifierKey?, _ inspector: [InspectorCheckpoint], _ pages: PageCheck,
        _ report: inout VerificationReport, _ progress: (Int64) -> Void
    ) throws -> VerificationReport.Problem? {
        func fail(_ seq: Int64?, _ message: String) -> VerificationReport.Problem { .init(seq: seq, message: message) }

        let key: VerifierKey
        if let trustedKey {
            key = trustedKey
            guard key.name == meta.origin else {
                return .init(seq: nil, message: "the key given is named \(key.name), but this log is \(meta.origin): it is another "
                    + "log's key, or this is another log's file (wrong origin)", kind: .input)
            }
            guard meta.vkey == key.description else { return try keyMismatch(key) }
        } else {
            guard let stored = VerifierKey(meta.vkey), stored.name == meta.origin else {
                return fail(nil, "log_meta.vkey is not a valid verifier key for origin \(meta.origin)")
            }
            key = stored
        }

        // The entries are checked on worker threads (EntryScan), beside SQLite's own page-level
        // check: a damaged index (say, of event ids) would not change what is signed, but it
        // would mislead later appends and queries. A damaged file is reported before anything
        // else, as it explains whatever else looks wrong.
        let size = try SQLiteLogReader(db, path: nil).size()
        let firstSeq = try db.scalarInt("SELECT min(seq) FROM events")
        let scan = EntryScan(path: path, size: max(size, 0))
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
            found = try checkEverything(key, inspector, &report, progress, scan: scan, size: size, firstSeq: firstSeq, fail)
        } catch {
            // Whatever went wrong, a damaged file is the first thing to say.
            if let damaged = damage() { return damaged }
            throw error
        }
        return damage() ?? found
    }

    private func checkEverything(
        _ key: VerifierKey, _ inspector: [InspectorCheckpoint], _ report: inout VerificationReport,
        _ progress: (Int64) -> Void, scan: EntryScan, size: Int64, firstSeq: Int64?,
        _ fail: (Int64?, String) -> VerificationReport.Problem
    ) throws -> VerificationReport.Problem? {

        // Inspector checkpoints first: each must be signed by the trusted key for this origin.
        var kept: [Int64: [(name: String, root: TreeHash)]] = [:]
        for held in inspector {
            switch Checkpoint.parseSigned(held.note, key: key) {
            case .failure(let e):
                let origin = held.note.split(separator: "\n", maxSplits: 1).first.map(String.init) ?? ""
                // A well-formed first line naming another origin: the inspector gave another log's file.
                guard origin == meta.origin || !VerifierKey.isValidName(origin) else {
                    return .init(seq: nil, message: "kept checkpoint \(held.name) is of the log \(echoed(origin)), not of this log "
                        + "\(meta.origin): another log's checkpoint, or this is another log's file (wrong origin)", kind: .input)
                }
                return fail(nil, "kept checkpoint \(held.name) rejected: \(e.message)")
            case .success(let c): kept[c.size, default: []].append((held.name, c.root))
            }
            report.inspectorCheckpoints += 1
        }

        let checkpoints = try db.statement("SELECT size, note FROM checkpoints ORDER BY size")
        try checkpoints.reset()
        defer { try? checkpoints.reset() }
        var pendingCheckpoint: (size: Int64, root: TreeHash)?
        switch try nextCheckpoint(checkpoints, key, fail) {
        case .success(let next): pendingCheckpoint = next
        case .failure(let problem): return problem.problem
        }
        var lastCheckpointSize: Int64 = -1
        /// The first node whose cached hash is not the one the entries give: when history was
        /// rewritten without the cache, the cache still holds what was signed, and this node
        /// says where the entries first differ from it.
        var firstWrongNode: (level: Int, index: Int64)?

        /// A stored checkpoint whose root the entries do not give: where history first differs
        /// from what was signed, as closely as the log tells (between the last checkpoint that
        /// still matches and this one; the pair of entries under the first wrong cached node).
        func rootMismatch(at size: Int64, matched: Int64) -> VerificationReport.Problem {
            let from = max(matched, 0) + 1
            var place = "the first changed entry is in seq \(from)…\(size) (the stored checkpoint at size \(max(matched, 0)) still matches)"
            if let node = firstWrongNode {
                let first = node.index << node.level + 1
                let last = min((node.index + 1) << node.level, size)
                if first >= from, last <= size {
                    place = first == last ? "the first changed entry is seq \(first)"
                        : "the first changed entry is seq \(first)…\(last): the Merkle node cache still holds the hash that was signed over them"
                }
            }
            return fail(size > 0 ? size : nil, "stored checkpoint \(size): root mismatch: the entries are not what was signed (history rewritten); \(place)")
        }

        func checkRoots(at size: Int64, root: TreeHash) throws -> VerificationReport.Problem? {
            while let cp = pendingCheckpoint, cp.size <= size {
                guard cp.size == size else { return fail(nil, "stored checkpoint at size \(cp.size) does not match any log size") }
                guard cp.root == root else { return rootMismatch(at: size, matched: lastCheckpointSize) }
                report.checkpoints += 1
                lastCheckpointSize = size
                switch try nextCheckpoint(checkpoints, key, fail) {
                case .success(let next): pendingCheckpoint = next
                case .failure(let problem): return problem.problem
                }
            }
            for held in kept[size] ?? [] where held.root != root {
                return fail(size > 0 ? size : nil, "FORK: kept checkpoint \(held.name) signs another root for size \(size) "
                    + "than the entries in the file (history rewritten and re-signed)")
            }
            return nil
        }

        // The node cache is checked while the tree is rebuilt: one cursor per level, in index
        // order, compared with each interior node as the append completes it. A bad cached node
        // is reported only if history itself holds no problem, which says more.
        // Indexed by level (a tree of Int64 leaves has at most 64): no hashing per node.
        var nodeCursors = [Statement?](repeating: nil, count: 64)
        defer { for cursor in nodeCursors { try? cursor?.reset() } }
        var cachedNodes = [Int64](repeating: 0, count: 64)
        var cacheProblem: VerificationReport.Problem?
        func checkCached(_ node: CompactRange.Node) throws {
            cachedNodes[node.level] += 1
            guard cacheProblem == nil else { return }
            let cursor: Statement
            if let open = nodeCursors[node.level] {
                cursor = open
            } else {
                cursor = try db.statement("SELECT idx, hash FROM merkle_nodes WHERE level = \(node.level) ORDER BY idx")
                try cursor.reset()
                nodeCursors[node.level] = cursor
            }
            let end = (node.index + 1) << node.level
            guard try cursor.step(), cursor.int64(0) == node.index else {
                cacheProblem = fail(end, "the Merkle node cache lacks node (level \(node.level), index \(node.index))")
                return
            }
            guard node.value.withUnsafeBytes({ cursor.blobEquals(1, bytes: $0) }) else {
                firstWrongNode = (node.level, node.index)
                cacheProblem = fail(end, "the Merkle node cache holds a wrong hash for node (level \(node.level), index \(node.index)) (proofs from it would be wrong)")
                return
            }
        }

        var frontier = CompactRange()
        if let problem = try checkRoots(at: 0, root: frontier.root) { return problem }
        if let firstSeq, firstSeq < 1 { return fail(firstSeq, "seq gap or reorder: expected seq 1") }
        var previousRecorded = ""
        for index in 0..<scan.count {
            let chunk = try scan.chunk(index)
            if let problem = chunk.problem, problem.seq == chunk.first { return problem }
            if chunk.count > 0, chunk.firstRecordedAt < previousRecorded {
                return fail(chunk.first, "recorded_at goes backwards")
            }
            var seq = chunk.first
            for k in 0..<chunk.count {
                try frontier.append(leaf: chunk.leaf(k), completed: checkCached)
                report.entries = seq
                if pendingCheckpoint?.size == seq || (!kept.isEmpty && kept[seq] != nil),
                    let problem = try checkRoots(at: seq, root: frontier.root)
                {
                    return problem
                }
                if seq % Int64(Limits.progressInterval) == 0 { progress(seq) }
                seq += 1
            }
            if chunk.count > 0 { previousRecorded = chunk.lastRecordedAt }
            if let problem = chunk.problem { return problem }
            report.authoredSeqs.append(contentsOf: chunk.authored)
            scan.giveBack(consume chunk, of: index)
        }
        report.root = frontier.root
        // The chunks covered the integer seqs 1...size; a row outside them (a seq stored as text
        // or a real, below 1, or repeated, in a table rebuilt without its primary key) would have
        // been left unread. Every row must have been one of those. With the table as the schema
        // defines it, seq is the rowid and so an integer: only another definition needs the scan.
        let rowCount = try db.scalarInt("SELECT count(*) FROM events") ?? 0
        let oddRows = try Self.eventsTableIsAsDefined(db)
            ? 0 : try db.scalarInt("SELECT count(*) FROM events WHERE typeof(seq) != 'integer'") ?? 0
        guard rowCount == size, oddRows == 0 else {
            return fail(nil, "the events table holds \(rowCount) rows for seqs 1...\(size)\(oddRows > 0 ? ", \(oddRows) with a seq that is not an integer" : "") (rows inserted outside the log)")
        }
        if let cp = pendingCheckpoint {
            return fail(nil, "stored checkpoint size \(cp.size) > log size \(size) (truncation/rollback)")
        }
        if let beyond = kept.keys.filter({ $0 > size }).min() {
            return fail(nil, "kept checkpoint size \(beyond) > log size \(size) (truncation/rollback)")
        }
        if lastCheckpointSize < size {
            return fail(nil, "\(size - max(lastCheckpointSize, 0)) trailing entries not covered by a signed checkpoint")
        }
        if let cacheProblem { return cacheProblem }
        // Each level's cursor has met its nodes in order, so a stored node no entry accounts for
        // stands after a level's last node or at another level (found without counting the table).
        let levels = cachedNodes.lastIndex { $0 > 0 } ?? 0
        var unaccounted = try db.scalarInt(
            "SELECT count(*) FROM merkle_nodes WHERE level IS NULL OR NOT (level BETWEEN 1 AND ?)", [.integer(Int64(levels))]) ?? 0
        for (level, cursor) in nodeCursors.enumerated() {
            guard let cursor else { continue }
            guard try cursor.step() else { continue }
            let stored = try db.scalarInt("SELECT count(*) FROM merkle_nodes WHERE level = ?", [.integer(Int64(level))]) ?? 0
            unaccounted += stored - cachedNodes[level]
        }
        guard unaccounted == 0 else {
            return fail(nil, "the Merkle node cache holds \(unaccounted) nodes that no entry accounts for")
        }
        let cached = try MerkleProofs.root(size: size) { try perfectHash(level: $0, index: $1) }
        guard cached == frontier.root else {
            return fail(nil, "the Merkle node cache disagrees with the entries (proofs from it would be wrong)")
        }
        return nil
    }

    /// The file's key is not the key given: a key substitution when the file's first checkpoint
    /// (the empty tree, signed by `init`) is signed by the key given; otherwise verify cannot tell
    /// a wrong `--vkey` from a log re-signed from the start, and says both.
    private func keyMismatch(_ given: VerifierKey) throws -> VerificationReport.Problem {
        let first = try db.scalarText("SELECT note FROM checkpoints ORDER BY size LIMIT 1")
        if let first, case .success = Checkpoint.parseSigned(first, key: given) {
            return .init(seq: nil, message: "log_meta.vkey is not the key given, yet the log's first checkpoint is signed by the key "
                + "given: the file's key was replaced (key substitution)")
        }
        return .init(seq: nil, message: "no checkpoint in the file is signed by the key given (\(given.keyIDText)); the file names "
            + "another key: either the key given is not this log's (compare it with the one `init` printed), or the whole log "
            + "was re-signed with another key (key substitution)", kind: .input)
    }

    /// A problem as the failure of a `Result`.
    private struct CheckpointProblem: Error {
        let problem: VerificationReport.Problem
    }

    private func nextCheckpoint(
        _ stmt: Statement, _ key: VerifierKey, _ fail: (Int64?, String) -> VerificationReport.Problem
    ) throws -> Result<(size: Int64, root: TreeHash)?, CheckpointProblem> {
        guard try stmt.step() else { return .success(nil) }
        let size = stmt.int64(0)
        switch Checkpoint.parseSigned(stmt.text(1), key: key) {
        case .failure(let e): return .failure(.init(problem: fail(nil, "stored checkpoint \(size) rejected: \(e.message)")))
        case .success(let c):
            guard c.size == size else {
                return .failure(.init(problem: fail(nil, "stored checkpoint row \(size) holds a note for size \(c.size)")))
            }
            return .success((size, c.root))
        }
    }

    /// Whether the events table is defined exactly as a new log defines it (compared with the
    /// schema run on an empty in-memory database).
    private static func eventsTableIsAsDefined(_ db: Connection) throws(SQLiteError) -> Bool {
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
