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
        if let key {
            guard key.verifierKey.description == meta.vkey else {
                throw .key("the signing key (\(key.verifierKey)) does not belong to this log (\(meta.vkey))")
            }
        } else {
            precondition(dryRun, "appending needs the signing key")
        }
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
        let sizeBefore = try SQLiteLogReader(db, path: nil).size()
        var frontier = try CompactRange(size: sizeBefore) { level, index in try perfectHash(level: level, index: index) }
        var recordedAt = clock.now()
        if let last = try db.scalarText("SELECT recorded_at FROM events WHERE seq = ?", [.integer(sizeBefore)]),
            let lastInstant = Instant(rfc3339: last), lastInstant > recordedAt
        {
            recordedAt = lastInstant
        }
        let latestAllowed = recordedAt.millisecondsSinceEpoch / 1000 + Limits.maxFutureSeconds
        let zoneOffset = zoneOffsetSeconds

        let findEvent = try db.statement("SELECT seq, entry FROM events WHERE event_id = ?")
        let subjectVersion = try db.statement("SELECT max(subject_version) FROM events WHERE subject = ?")
        let insertEvent = try db.statement(
            "INSERT INTO events (seq, entry, leaf_hash, event_id, type, subject, subject_version, occurred_at, recorded_at) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")
        let insertNode = try db.statement("INSERT INTO merkle_nodes (level, idx, hash) VALUES (?, ?, ?)")
        let admission = try (policy as? any StatefulEntryPolicy)?.admission(session(), logSize: sizeBefore)

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

            if let id = line.eventID {
                try findEvent.reset(binding: [.text(id)])
                if try findEvent.step() {
                    let existingSeq = findEvent.int64(0)
                    let existing = try Entry(seq: existingSeq, bytes: findEvent.blob(1))
                    try findEvent.reset()
                    guard line.contentMatches(existing.value) else {
                        throw EventLogError.conflict(
                            line: lineNumber, field: "event_id",
                            message: "\(id) is already seq \(existingSeq) with different content; use a new event_id")
                    }
                    duplicates.append(.init(ordinal: ordinal, seq: existingSeq, eventID: id))
                    return
                }
            }

            let current: Int64
            if let known = versions[subject] {
                current = known
            } else {
                try subjectVersion.reset(binding: [.text(subject)])
                current = try subjectVersion.step() && !subjectVersion.isNull(0) ? subjectVersion.int64(0) : 0
                try subjectVersion.reset()
            }
            if let expected = line.expectedVersion, expected != current {
                throw EventLogError.conflict(
                    line: lineNumber, field: "expected_version",
                    message: "\(subject) has \(current) event\(current == 1 ? "" : "s"), not \(expected)")
            }
            seq += 1
            // A cache of what the query above would answer (it sees this transaction's rows):
            // bounded, since a history of reports names a new subject in almost every line.
            if versions.count >= Limits.subjectVersionsCached { versions.removeAll(keepingCapacity: true) }
            versions[subject] = current + 1
            let eventID = line.eventID ?? ids.next(millis: recordedAt.millisecondsSinceEpoch)
            try admission?.admit(line, seq: seq, eventID: eventID, recordedAt: recordedAt, lineNumber: lineNumber)
            let bytes = CanonicalEncoder.encode(
                Entry.envelope(seq: seq, eventID: eventID, line: line, subject: subject, subjectVersion: current + 1,
                               recordedAt: recordedAt))
            guard bytes.count <= Limits.maxEntryBytes else {
                throw EventLogError.invalidInput(
                    line: lineNumber, field: "",
                    message: "the entry is \(bytes.count) bytes; the limit is \(Limits.maxEntryBytes)")
            }
            let leaf = MerkleHash.leaf(bytes)
            try insertEvent.execute([
                .integer(seq), .blob(bytes), .blob(leaf), .text(eventID), .text(line.type), .text(subject),
                .integer(current + 1), .text(line.occurredAt.text), .text(recordedText),
            ])
            try frontier.append(leaf: leaf) { node in
                try insertNode.execute([.integer(Int64(node.level)), .integer(node.index), .blob(node.hash)])
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
            try db.statement("INSERT INTO checkpoints (size, note) VALUES (?, ?)").execute([.integer(seq), .text(note.serialized)])
        }
        return AppendSummary(total: total, firstSeq: sizeBefore + 1, appended: Int(seq - sizeBefore),
                             duplicates: duplicates, recordedAt: recordedAt, checkpoint: checkpoint, dryRun: dryRun,
                             warnings: admission?.warnings() ?? [])
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
