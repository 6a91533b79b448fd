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
    /// Whether look-ups are worth making a batch at a time (``prefetch(eventIDs:subjects:)``):
    /// each one is a round trip to a server.
    var prefetches: Bool { get }
    /// Looks up at once what the next lines will ask of ``existing(eventID:)`` and
    /// ``subjectVersion(_:)``; the two then answer from what it found, kept up to date as rows
    /// are inserted.
    mutating func prefetch(eventIDs: [String], subjects: [String]) throws
    /// Writes one event row; `eventIDGiven` says whether the input gave its id (or the store made it).
    mutating func insert(seq: Int64, entry: [UInt8], leaf: TreeHash, eventID: String, eventIDGiven: Bool, type: String,
                         subject: String, subjectVersion: Int64, occurredAt: String, recordedAt: String) throws
    /// Writes one interior node of the tree.
    mutating func insertNode(level: Int, index: Int64, hash: TreeHash) throws
    /// ``insertNode(level:index:hash:)`` of a hash held inline, which an engine may write
    /// without making an array of it (an append writes one node per 16 events).
    mutating func insertNode(level: Int, index: Int64, value: InlineHash) throws
    /// Writes the signed checkpoint of the append.
    mutating func insertCheckpoint(size: Int64, note: String) throws
    /// The hash of perfect subtree (level, index) of the committed log.
    func perfectHash(level: Int, index: Int64) throws -> TreeHash
    /// The transaction as the layer above sees it (for a stateful policy's admission).
    func session() -> LogSession
}

extension AppendRows {
    var prefetches: Bool { false }

    mutating func prefetch(eventIDs: [String], subjects: [String]) throws {}

    mutating func insertNode(level: Int, index: Int64, value: InlineHash) throws {
        try insertNode(level: level, index: index, hash: value.bytes)
    }
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
    let recordedText = recordedAt.description
    let latestAllowed = recordedAt.millisecondsSinceEpoch / 1000 + Limits.maxFutureSeconds
    // The zone's offset (read from the system's zone files: a third of the append's own work
    // when it holds one event) is looked up only for a line dated near the limit: a line that
    // passes at the westernmost offset a zone can have passes at the log's.
    var zoneOffset: Int?
    func isTooLate(_ occurredAt: OccurredAt) -> Bool {
        guard occurredAt.startSeconds(zoneOffsetSeconds: -Limits.maxZoneOffsetSeconds) > latestAllowed else { return false }
        let offset = zoneOffset ?? meta.zoneOffsetSeconds
        zoneOffset = offset
        return occurredAt.startSeconds(zoneOffsetSeconds: offset) > latestAllowed
    }
    let statefulPolicy = policy as? any StatefulEntryPolicy
    let admission = try statefulPolicy?.admission(rows.session(), logSize: sizeBefore)

    var versions: [SubjectKey: Int64] = [:]
    var duplicates: [AppendSummary.Duplicate] = []
    var ids = UUIDv7Generator()
    var seq = sizeBefore
    var total = 0

    // Each line is parsed, checked and encoded on its own (what needs no database) on a second
    // thread, ahead of this one, which appends: the two halves of an append then run side by side.
    let keepsPayload = statefulPolicy != nil
    // The admission's reading policy, when it has one, checks more there (authors' signatures):
    // the lines are then checked in parts, side by side.
    let readingPolicy = admission?.readingPolicy
    let linePolicy = readingPolicy ?? policy
    try input.forEach(preparing: { lineNumber, parsed in
        Result { () throws(LogFormatError) -> PreparedLine in
            let value: JSONValue
            switch parsed {
            case .success(let v): value = v
            case .failure(let e): throw LogFormatError.invalidInput(line: lineNumber, field: e.path, message: e.message)
            }
            var line = try AppendLine(value, line: lineNumber)
            try linePolicy.check(&line, lineNumber: lineNumber)
            let template = line.subject.map { EntryTemplate(line: line, subject: $0, recordedAt: recordedText) }
            // Once encoded, the payload is read again only to compare a retried line (one with an
            // event id) and by a stateful policy's admission; otherwise it is released here, by
            // the thread that made it, rather than by the appending one.
            if template != nil, line.eventID == nil, !keepsPayload { line.payload = [:] }
            return PreparedLine(line: line, template: template, subjectKey: line.subject.map(SubjectKey.init))
        }
    }, inParts: readingPolicy != nil, beforeEachBatch: { batch in
        guard rows.prefetches else { return }
        var eventIDs: [String] = []
        var subjects: Set<String> = []
        var lines: [AppendLine] = []
        for case .success(let ready) in batch {
            if let id = ready.line.eventID { eventIDs.append(id) }
            if let key = ready.subjectKey, versions[key] == nil { subjects.insert(key.subject) }
            if admission != nil { lines.append(ready.line) }
        }
        try rows.prefetch(eventIDs: eventIDs, subjects: Array(subjects))
        try admission?.prefetch(lines)
    }) { lineNumber, prepared in
        let ready = try prepared.get()
        let line = ready.line
        guard let subject = line.subject else {
            throw EventLogError.invalidInput(line: lineNumber, field: "subject", message: "required")
        }
        guard !isTooLate(line.occurredAt) else {
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

        // One lookup of the subject serves both the read and the update below.
        let subjectKey = ready.subjectKey ?? SubjectKey(subject)
        let cached = versions.index(forKey: subjectKey)
        let current = try cached.map { versions.values[$0] } ?? rows.subjectVersion(subject)
        if let expected = line.expectedVersion, expected != current {
            throw EventLogError.conflict(
                line: lineNumber, field: "expected_version",
                message: "\(subject) has \(current) event\(current == 1 ? "" : "s"), not \(expected)")
        }
        seq += 1
        // A cache of what the engine would answer (it sees this transaction's rows): bounded,
        // since a history of reports names a new subject in almost every line.
        if let cached {
            versions.values[cached] = current + 1
        } else {
            if versions.count >= Limits.subjectVersionsCached { versions.removeAll(keepingCapacity: true) }
            versions[subjectKey] = current + 1
        }
        let eventID = line.eventID ?? ids.next(millis: recordedAt.millisecondsSinceEpoch)
        try admission?.admit(line, seq: seq, eventID: eventID, recordedAt: recordedAt, lineNumber: lineNumber)
        let bytes = (ready.template ?? EntryTemplate(line: line, subject: subject, recordedAt: recordedText))
            .bytes(seq: seq, eventID: eventID, subjectVersion: current + 1)
        guard bytes.count <= Limits.maxEntryBytes else {
            throw EventLogError.invalidInput(
                line: lineNumber, field: "", message: "the entry is \(bytes.count) bytes; the limit is \(Limits.maxEntryBytes)")
        }
        let leaf = MerkleHash.leaf(bytes)
        try rows.insert(seq: seq, entry: bytes, leaf: leaf, eventID: eventID, eventIDGiven: line.eventID != nil, type: line.type,
                        subject: subject,
                        subjectVersion: current + 1, occurredAt: line.occurredAt.text, recordedAt: recordedText)
        try frontier.append(leaf: leaf) { node in
            guard node.level >= Limits.lowestCachedTreeLevel else { return }
            try rows.insertNode(level: node.level, index: node.index, value: node.value)
        }
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

/// One input line as the reading thread of an append hands it over: checked, and its entry
/// encoded but for the seq, event id and subject version (nil when the line has no subject).
private struct PreparedLine: Sendable {
    let line: AppendLine
    let template: EntryTemplate?
    /// The subject as the appending thread looks its version up.
    let subjectKey: SubjectKey?
}

/// A subject as a key of the appending thread's cache of versions, hashed once where the line
/// is prepared rather than at each look-up on the appending thread.
private struct SubjectKey: Hashable, Sendable {
    let subject: String
    private let hash: Int

    init(_ subject: String) {
        self.subject = subject
        hash = subject.hashValue
    }

    func hash(into hasher: inout Hasher) { hasher.combine(hash) }

    static func == (a: SubjectKey, b: SubjectKey) -> Bool { a.subject == b.subject }
}
