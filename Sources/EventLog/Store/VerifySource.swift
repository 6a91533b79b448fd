import LogFormat

/// What `verify` reads of an engine, in the order it reads it: the checkpoints, the entries in
/// chunks of consecutive seqs (checked by ``EntryScan``), the tree's stored nodes level by level,
/// and a few counts. Both engines run the same checks (the extension below) over it.
protocol VerifySource {
    /// The log's identity.
    var meta: LogMeta { get }
    /// The stored checkpoints, (size, note), in size order.
    func checkpointRows() throws -> any RowCursor
    /// The stored nodes of `level`, (idx, hash), in index order.
    func nodeRows(level: Int) throws -> any RowCursor
    /// Done with a cursor this source made.
    func release(_ cursor: any RowCursor)
    /// Number of chunks of entries, in seq order.
    var chunkCount: Int { get }
    /// Chunk `index`, checked; take chunks in order, each once.
    func chunk(_ index: Int) throws -> EntryScan.Chunk
    /// Gives chunk `index` back once done with it.
    func giveBack(_ chunk: consuming EntryScan.Chunk, of index: Int)
    /// Rows in the events table, and how many of them have a seq that is not an integer.
    func storedRows() throws -> (rows: Int64, oddSeqs: Int64)
    /// Stored nodes whose level is not in 1...`levels`.
    func nodesOutside(levels: Int) throws -> Int64
    /// Stored nodes of `level`.
    func nodeCount(level: Int) throws -> Int64
    /// The hash of perfect subtree (level, index) as stored.
    func perfectHash(level: Int, index: Int64) throws -> TreeHash
    /// The note of the first stored checkpoint.
    func firstCheckpointNote() throws -> String?
}

extension VerifySource {
    /// The key checkpoints are checked against: `trustedKey` when given (it must be this log's),
    /// else the one stored in the log; or the problem that says why neither will do.
    func verifierKey(_ trustedKey: VerifierKey?) throws -> Result<VerifierKey, KeyProblem> {
        func fail(_ seq: Int64?, _ message: String) -> VerificationReport.Problem { .init(seq: seq, message: message) }
        let key: VerifierKey
        if let trustedKey {
            key = trustedKey
            guard key.name == meta.origin else {
                return .failure(KeyProblem(problem: .init(seq: nil, message: "the key given is named \(key.name), but this log is \(meta.origin): it is another "
                    + "log's key, or this is another log's file (wrong origin)", kind: .input)))
            }
            guard meta.vkey == key.description else { return .failure(KeyProblem(problem: try keyMismatch(key))) }
        } else {
            guard let stored = VerifierKey(meta.vkey), stored.name == meta.origin else {
                return .failure(KeyProblem(problem: fail(nil, "log_meta.vkey is not a valid verifier key for origin \(meta.origin)")))
            }
            key = stored
        }

        return .success(key)
    }

    /// Checks everything the log claims against `key`: the first problem found, or nil.
    /// `size` is the largest seq stored and `firstSeq` the smallest.
    func checkEverything(
        _ key: VerifierKey, _ inspector: [InspectorCheckpoint], _ report: inout VerificationReport,
        _ progress: (Int64) -> Void, size: Int64, firstSeq: Int64?,
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

        let checkpoints = try checkpointRows()
        defer { release(checkpoints) }
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
        // Indexed by level (a tree of Int64 leaves has at most 64): no hashing per node. A level
        // below `Limits.lowestCachedTreeLevel` was written only by appends made before that
        // limit: it holds its nodes from the first up to some point, and none after (those are
        // hashed from their leaves when needed); its cursor running out ends it.
        var nodeCursors = [(any RowCursor)?](repeating: nil, count: 64)
        defer { for cursor in nodeCursors { cursor.map(release) } }
        var cachedNodes = [Int64](repeating: 0, count: 64)
        var endedLevels = [Bool](repeating: false, count: 64)
        var cacheProblem: VerificationReport.Problem?
        func checkCached(_ node: CompactRange.Node) throws {
            guard !endedLevels[node.level] else { return }
            let cursor: any RowCursor
            if let open = nodeCursors[node.level] {
                cursor = open
            } else {
                cursor = try nodeRows(level: node.level)
                nodeCursors[node.level] = cursor
            }
            let end = (node.index + 1) << node.level
            let stepped = try cursor.step()
            if !stepped, node.level < Limits.lowestCachedTreeLevel {
                endedLevels[node.level] = true
                return
            }
            cachedNodes[node.level] += 1
            guard cacheProblem == nil else { return }
            guard stepped, cursor.int64(0) == node.index else {
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
        for index in 0..<chunkCount {
            let chunk = try self.chunk(index)
            if let problem = chunk.problem, problem.seq == chunk.first { return problem }
            if chunk.count > 0, chunk.firstRecordedAt < previousRecorded {
                return fail(chunk.first, "recorded_at goes backwards")
            }
            var seq = chunk.first
            for k in 0..<chunk.count {
                try frontier.append(leafAt: k, of: chunk.subtrees, completed: checkCached)
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
            for seq in chunk.authored { report.authored.insert(seq) }
            for seq in chunk.counted { report.counted.insert(seq) }
            giveBack(consume chunk, of: index)
        }
        report.root = frontier.root
        // The chunks covered the integer seqs 1...size; a row outside them (a seq stored as text
        // or a real, below 1, or repeated, in a table rebuilt without its primary key) would have
        // been left unread. Every row must have been one of those. With the table as the schema
        // defines it, seq is the rowid and so an integer: only another definition needs the scan.
        let (rowCount, oddRows) = try storedRows()
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
        var unaccounted = try nodesOutside(levels: levels)
        for (level, cursor) in nodeCursors.enumerated() {
            guard let cursor else { continue }
            if endedLevels[level] {
                unaccounted += try nodeCount(level: level) - cachedNodes[level]
                continue
            }
            guard try cursor.step() else { continue }
            let stored = try nodeCount(level: level)
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
    func keyMismatch(_ given: VerifierKey) throws -> VerificationReport.Problem {
        let first = try firstCheckpointNote()
        if let first, case .success = Checkpoint.parseSigned(first, key: given) {
            return .init(seq: nil, message: "log_meta.vkey is not the key given, yet the log's first checkpoint is signed by the key "
                + "given: the file's key was replaced (key substitution)")
        }
        return .init(seq: nil, message: "no checkpoint in the file is signed by the key given (\(given.keyIDText)); the file names "
            + "another key: either the key given is not this log's (compare it with the one `init` printed), or the whole log "
            + "was re-signed with another key (key substitution)", kind: .input)
    }


    private func nextCheckpoint(
        _ stmt: any RowCursor, _ key: VerifierKey, _ fail: (Int64?, String) -> VerificationReport.Problem
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

}

/// Why no key can check the log, as the failure of a `Result`.
struct KeyProblem: Error {
    let problem: VerificationReport.Problem
}

/// A problem as the failure of a `Result`.
struct CheckpointProblem: Error {
    let problem: VerificationReport.Problem
}
