import Foundation
import LogFormat
import PostgresDatabase
import SQLiteDatabase

/// Copies a log to a new one, on either engine, byte for byte: the same log_meta, the same entry
/// bytes at the same seqs, the same checkpoint notes (their signatures stay valid: no key is
/// needed), the tree nodes recomputed. The copy is then verified against the source's key and
/// its latest checkpoint. The domain's side tables are not copied: the copy's first append (or
/// `rebuild`) makes them from the entries.
public enum LogCopy {
    /// What a copy made.
    public struct Result {
        /// The new log.
        public let copy: any LogEngine
        /// Its verification against the source's key and latest checkpoint.
        public let report: VerificationReport
    }

    /// Copies `source` up to its latest checkpoint into a new log at `destination` (a file that
    /// does not exist, or a PostgreSQL URL whose schema holds no log).
    public static func copy(from source: any LogEngine, to destination: String, progress: (Int64) -> Void = { _ in })
        throws(EventLogError) -> Result
    {
        let (size, latest) = try source.checkpointNote(size: nil)
        var checkpoints: [Int64: String] = [:]
        try source.forEachCheckpoint { cpSize, note in if cpSize <= size { checkpoints[cpSize] = note } }
        guard let empty = checkpoints[0] else { throw .format("\(source.location) has no checkpoint of the empty log") }
        let copy: any LogEngine
        if PostgresStore.isPostgreSQL(destination) {
            let db = try PostgresStore.connectEmpty(destination)
            let store = try PostgresStore.initialise(location: destination, db: db, meta: source.meta, emptyCheckpoint: empty)
            do {
                try store.fill(from: source, size: size, checkpoints: checkpoints, progress: progress)
            } catch {
                // No half copy that looks like a log: the tables go with what they hold.
                try? db.execute("DROP TABLE events, merkle_nodes, checkpoints, log_meta; DROP FUNCTION auditlog_refuse_change()")
                throw error
            }
            copy = store
        } else {
            guard !FileManager.default.fileExists(atPath: destination) else {
                throw .invalidArgument("\(destination) already exists; refusing to overwrite it")
            }
            let store = try EventStore.initialise(path: destination, meta: source.meta, emptyCheckpoint: empty, durability: .full)
            do {
                try store.fill(from: source, size: size, checkpoints: checkpoints, progress: progress)
            } catch {
                for suffix in ["", "-wal", "-shm", "-journal"] { try? FileManager.default.removeItem(atPath: destination + suffix) }
                throw error
            }
            copy = store
        }
        guard let key = VerifierKey(source.meta.vkey) else { throw .format("\(source.location): log_meta.vkey is not a valid verifier key") }
        let report = try copy.verify(trustedKey: key, inspectorCheckpoints: [InspectorCheckpoint(name: "\(source.location) at size \(size)", note: latest)],
                                     pages: .unread, signed: nil, progress: { _ in })
        return Result(copy: copy, report: report)
    }

    /// Writes the entries 1...`size` of `source` through `rows`, with the tree's nodes and the
    /// checkpoint notes of `checkpoints` at their sizes.
    static func fill<Rows: AppendRows>(
        _ rows: inout Rows, from source: any LogEngine, size: Int64, checkpoints: [Int64: String], progress: (Int64) -> Void
    ) throws {
        var frontier = CompactRange()
        var filter = LogFilter()
        filter.toSeq = size
        var expected: Int64 = 1
        try source.forEachEntryBytes(matching: filter) { seq, bytes in
            guard seq == expected else { throw EventLogError.format("\(source.location): seq \(expected) is missing; run `auditlog verify`") }
            let entry = try Entry(seq: seq, bytes: Array(bytes))
            let leaf = MerkleHash.leaf(entry.bytes)
            try rows.insert(seq: seq, entry: entry.bytes, leaf: leaf, eventID: entry.eventID, eventIDGiven: true, type: entry.type,
                            subject: entry.subject,
                            subjectVersion: entry.subjectVersion, occurredAt: entry.occurredAt, recordedAt: entry.recordedAt)
            try frontier.append(leaf: leaf) { node in try rows.insertNode(level: node.level, index: node.index, hash: node.hash) }
            if let note = checkpoints[seq] { try rows.insertCheckpoint(size: seq, note: note) }
            if seq % Int64(Limits.progressInterval) == 0 { progress(seq) }
            expected += 1
        }
        guard expected == size + 1 else { throw EventLogError.format("\(source.location): the log ends at seq \(expected - 1), before its checkpoint at \(size)") }
    }
}

extension EventStore {
    func fill(from source: any LogEngine, size: Int64, checkpoints: [Int64: String], progress: (Int64) -> Void) throws(EventLogError) {
        try mapped {
            try db.writeTransaction {
                var rows = try SQLiteAppendRows(store: self)
                try LogCopy.fill(&rows, from: source, size: size, checkpoints: checkpoints, progress: progress)
            }
        }
    }

    /// Calls `body` with every stored checkpoint, in size order.
    public func forEachCheckpoint(_ body: (Int64, String) throws -> Void) throws(EventLogError) {
        try mapped { try db.forEachRow("SELECT size, note FROM checkpoints ORDER BY size") { try body($0.int64(0), $0.text(1)) } }
    }
}

extension PostgresStore {
    func fill(from source: any LogEngine, size: Int64, checkpoints: [Int64: String], progress: (Int64) -> Void) throws(EventLogError) {
        try mapped {
            try inWriteTransaction {
                var rows = PostgresAppendRows(store: self)
                try LogCopy.fill(&rows, from: source, size: size, checkpoints: checkpoints, progress: progress)
                try rows.buffer.flush()
                return ((), true)
            }
        }
    }

    /// Calls `body` with every stored checkpoint, in size order.
    public func forEachCheckpoint(_ body: (Int64, String) throws -> Void) throws(EventLogError) {
        try mapped {
            let rows = try PostgresPagedRows(db, "SELECT size, note FROM checkpoints WHERE size > $1 ORDER BY size LIMIT $2")
            while try rows.step() { try body(rows.int64(0), rows.text(1)) }
        }
    }
}
