import LogFormat

/// What an append transaction asks of the engine it writes to: the one place each engine
/// differs in ``appendRows(_:into:meta:key:policy:clock:dryRun:progress:)``, the append
/// algorithm both engines share (envelope and policy checks, idempotency, expected versions,
/// seqs, the tree, the checkpoint).
protocol AppendRows {
    /// The log's size when the transaction began (under the writers' lock).
    func size() throws -> Int64
    /// The `recorded_at` of event `seq`, if it exists.
    func recordedAt(seq: Int64) throws -> String?
    /// The event with id `eventID`, among committed events and this append's own.
    func existing(eventID: String) throws -> (seq: Int64, bytes: [UInt8])?
    /// The latest subject_version of `subject` (0 for none), among committed events and this append's own.
    func subjectVersion(_ subject: String) throws -> Int64
    /// Writes one event row; `eventIDGiven` says whether the input gave its id (or the store made it).
    mutating func insert(seq: Int64, entry: [UInt8], leaf: TreeHash, eventID: String, eventIDGiven: Bool, type: String,
                         subject: String, subjectVersion: Int64, occurredAt: String, recordedAt: String) throws
    /// Writes one interior node of the tree.
    mutating func insertNode(level: Int, index: Int64, hash: TreeHash) throws
    /// Writes the signed checkpoint of the append.
    mutating func insertCheckpoint(size: Int64, note: String) throws
    /// The hash of perfect subtree (level, index) of the committed log.
    func perfectHash(level: Int, index: Int64) throws -> TreeHash
    /// The transaction as the layer above sees it (for a stateful policy's admission).
    func session() -> LogSession
}

/// Appends every event of `input` through `rows`, inside the transaction the caller holds:
/// every line is checked (envelope, `policy`, time, idempotency, expected version) before
/// anything is kept; the first bad line throws with its line number and field.
func appendRows<Rows: AppendRows>(
    _ input: InputSource, into rows: inout Rows, meta: LogMeta, key: SignerKey?, policy: any EntryPolicy, clock: Clock,
    dryRun: Bool, progress: (Int) -> Void
) throws -> AppendSummary {
    let sizeBefore = try rows.size()
    let committed = rows
    var frontier = try CompactRange(size: sizeBefore) { level, index in try committed.perfectHash(level: level, index: index) }
    var recordedAt = clock.now()
    if let last = try rows.recordedAt(seq: sizeBefore), let lastInstant = Instant(rfc3339: last), lastInstant > recordedAt {
        recordedAt = lastInstant
    }
    let latestAllowed = recordedAt.millisecondsSinceEpoch / 1000 + Limits.maxFutureSeconds
    let zoneOffset = meta.zoneOffsetSeconds
    let admission = try (policy as? any StatefulEntryPolicy)?.admission(rows.session(), logSize: sizeBefore)

    var versions: [String: Int64] = [:]
    var duplicates: [AppendSummary.Duplicate] = []
    var ids = UUIDv7Generator()
    var seq = sizeBefore
    var total = 0
    let recordedText = recordedAt.description

    // Each line is parsed and checked on its own (what needs no database) on a second thread,
    // ahead of this one, which appends: the two halves of an append then run side by side.
    try input.forEach(preparing: { lineNumber, parsed in
        Result { () throws(LogFormatError) -> AppendLine in
            let value: JSONValue
            switch parsed {
            case .success(let v): value = v
            case .failure(let e): throw LogFormatError.invalidInput(line: lineNumber, field: e.path, message: e.message)
            }
            var line = try AppendLine(value, line: lineNumber)
            try policy.check(&line, lineNumber: lineNumber)
            return line
        }
    }) { lineNumber, prepared in
        let line = try prepared.get()
        guard let subject = line.subject else {
            throw EventLogError.invalidInput(line: lineNumber, field: "subject", message: "required")
        }
        guard line.occurredAt.startSeconds(zoneOffsetSeconds: zoneOffset) <= latestAllowed else {
            throw EventLogError.invalidInput(
                line: lineNumber, field: "occurred_at",
                message: "\(line.occurredAt) is in the future (more than one day after \(recordedText))")
        }
        let ordinal = total
        total += 1

        if let id = line.eventID, let (existingSeq, bytes) = try rows.existing(eventID: id) {
            let existing = try Entry(seq: existingSeq, bytes: bytes)
            guard line.contentMatches(existing.value) else {
                throw EventLogError.conflict(
                    line: lineNumber, field: "event_id",
                    message: "\(id) is already seq \(existingSeq) with different content; use a new event_id")
            }
            duplicates.append(.init(ordinal: ordinal, seq: existingSeq, eventID: id))
            return
        }

        let current = try versions[subject] ?? rows.subjectVersion(subject)
        if let expected = line.expectedVersion, expected != current {
            throw EventLogError.conflict(
                line: lineNumber, field: "expected_version",
                message: "\(subject) has \(current) event\(current == 1 ? "" : "s"), not \(expected)")
        }
        seq += 1
        // A cache of what the engine would answer (it sees this transaction's rows): bounded,
        // since a history of reports names a new subject in almost every line.
        if versions.count >= Limits.subjectVersionsCached { versions.removeAll(keepingCapacity: true) }
        versions[subject] = current + 1
        let eventID = line.eventID ?? ids.next(millis: recordedAt.millisecondsSinceEpoch)
        try admission?.admit(line, seq: seq, eventID: eventID, recordedAt: recordedAt, lineNumber: lineNumber)
        let bytes = CanonicalEncoder.encode(
            Entry.envelope(seq: seq, eventID: eventID, line: line, subject: subject, subjectVersion: current + 1,
                           recordedAt: recordedAt))
        guard bytes.count <= Limits.maxEntryBytes else {
            throw EventLogError.invalidInput(
                line: lineNumber, field: "", message: "the entry is \(bytes.count) bytes; the limit is \(Limits.maxEntryBytes)")
        }
        let leaf = MerkleHash.leaf(bytes)
        try rows.insert(seq: seq, entry: bytes, leaf: leaf, eventID: eventID, eventIDGiven: line.eventID != nil, type: line.type,
                        subject: subject,
                        subjectVersion: current + 1, occurredAt: line.occurredAt.text, recordedAt: recordedText)
        try frontier.append(leaf: leaf) { node in try rows.insertNode(level: node.level, index: node.index, hash: node.hash) }
        if total % Limits.progressInterval == 0 { progress(total) }
    }
    guard total > 0 else {
        throw EventLogError.invalidInput(line: nil, field: "", message: "the input holds no events")
    }
    if seq > sizeBefore { try admission?.finish(size: seq) }
    var checkpoint: String?
    if seq > sizeBefore, !dryRun, let key {
        let note = try SignedNote.sign(text: Checkpoint(origin: meta.origin, size: seq, root: frontier.root).text, with: key)
        checkpoint = note.serialized
        try rows.insertCheckpoint(size: seq, note: note.serialized)
    }
    return AppendSummary(total: total, firstSeq: sizeBefore + 1, appended: Int(seq - sizeBefore),
                         duplicates: duplicates, recordedAt: recordedAt, checkpoint: checkpoint, dryRun: dryRun,
                         warnings: admission?.warnings() ?? [])
}
