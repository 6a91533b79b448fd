import Dispatch
import Foundation
import LogFormat
import SQLiteDatabase
import Synchronization

/// The per-entry half of `verify`, run on a ``ChunkPipeline``: each chunk of consecutive seqs
/// is checked (canonical form, NFC, envelope, dense seq, query columns, stored leaf hash,
/// recorded_at order within the chunk) and its leaf hashes handed back for the caller to fold
/// into the tree in seq order. SQLite's page check (``PageCheck``) runs beside it on one more
/// connection.
final class EntryScan: Sendable {
    /// What one chunk held: the leaf hashes of its good prefix, and the first problem, if any.
    struct Chunk: Sendable {
        /// The seq of the first leaf.
        let first: Int64
        /// Leaf hashes of the entries checked without a problem, in seq order, 32 bytes each in
        /// one buffer: made on a worker, taken apart by the caller, and so not one allocation per
        /// leaf that the caller's thread would free into the worker's malloc arena.
        let leafHashes: [UInt8]

        /// Number of leaves.
        var count: Int { leafHashes.count / 32 }

        /// Leaf `k`'s hash.
        func leaf(_ k: Int) -> InlineHash {
            leafHashes.withUnsafeBytes { InlineHash(bytes: UnsafeRawBufferPointer(rebasing: $0[(32 * k)..<(32 * k + 32)])) }
        }
        /// The perfect subtrees of those leaves, hashed by the thread that checked the chunk:
        /// the caller folds the leaves into the tree with them
        /// (``CompactRange/append(leafAt:of:completed:)``).
        let subtrees: SubtreeHashes
        /// recorded_at of the first and last of those entries.
        let firstRecordedAt: String
        let lastRecordedAt: String
        /// The first problem in the chunk (its entries after it are not checked).
        let problem: VerificationReport.Problem?
        /// Seqs of the checked entries that carry an `author` member.
        let authored: [Int64]
        /// Those of them whose signature the ``SignedEntryCheck`` found to count.
        let counted: [Int64]
    }

    private let path: String
    private let pipeline: ChunkPipeline<Chunk>
    private let integrity = Mutex<Result<String, SQLiteError>?>(nil)
    private let integrityDone = DispatchSemaphore(value: 0)
    private let finished = DispatchGroup()

    /// A scan of seqs 1...`size` of the log at `path`, not yet started; `signed` looks at each
    /// signed entry on the scan's threads.
    init(path: String, size: Int64, signed: SignedEntryCheck?) {
        self.path = path
        pipeline = ChunkPipeline(path: path, size: size) { range, db in try EntryScan.check(range, db, signed: signed) }
    }

    /// Number of chunks, in seq order.
    var count: Int { pipeline.count }

    /// Starts the workers and the page check.
    func start(pages: PageCheck) {
        finished.enter()
        Thread.detachNewThread { [self] in
            defer { finished.leave() }
            let outcome: Result<String, SQLiteError>
            do throws(SQLiteError) {
                let db = try Connection(path: path, mode: .readOnly, busyTimeoutMilliseconds: Limits.busyTimeoutMilliseconds)
                outcome = .success(try pages.run(on: db))
            } catch {
                outcome = .failure(error)
            }
            integrity.withLock { $0 = outcome }
            integrityDone.signal()
        }
        pipeline.start()
    }

    /// Stops the workers and waits until every thread has ended.
    func stop() {
        pipeline.stop()
        finished.wait()
    }

    /// The result of the page check ("ok" when the file is sound); waits for it.
    func integrityResult() -> Result<String, SQLiteError> {
        integrityDone.wait()
        integrityDone.signal()  // later callers do not wait again
        return integrity.withLock { $0 } ?? .success("")
    }

    /// Chunk `index`, waiting until a worker has checked it; take chunks in order, each once.
    func chunk(_ index: Int) throws(SQLiteError) -> Chunk {
        do {
            return try pipeline.result(index)
        } catch let error as SQLiteError {
            throw error
        } catch {
            preconditionFailure("the entry scan's work throws only SQLite's errors, not \(error)")
        }
    }

    /// Gives chunk `index` back once done with it, to be released by the thread that made it.
    func giveBack(_ chunk: consuming Chunk, of index: Int) { pipeline.giveBack(consume chunk, of: index) }

    /// Checks the entries with seqs in `range`.
    private static func check(_ range: ClosedRange<Int64>, _ db: Connection, signed: SignedEntryCheck?) throws(SQLiteError) -> Chunk {
        let rows = try db.statement(
            "SELECT seq, entry, leaf_hash, event_id, type, subject, subject_version, occurred_at, recorded_at "
                + "FROM events WHERE seq >= ? AND seq <= ? ORDER BY seq")
        try rows.reset(binding: [.integer(range.lowerBound), .integer(range.upperBound)])
        defer { try? rows.reset() }
        do {
            return try check(range, rows, signed: signed) { try db.scalarInt("SELECT min(seq) FROM events WHERE seq > ?", [.integer(range.upperBound)]) }
        } catch let error as SQLiteError {
            throw error
        } catch {
            preconditionFailure("an SQLite statement throws only SQLite's errors, not \(error)")
        }
    }

    /// Checks the entries with seqs in `range`, read from `rows` (seq, entry, leaf_hash and the
    /// query columns, in seq order); `nextSeq` gives the first seq stored after the range.
    /// `signed` looks at each entry with an `author` member (``Chunk/counted``).
    ///
    /// With `pairs`, leaf hashes are taken two entries at a time
    /// (``MerkleHash/leaves(_:_:appendingTo:)``): an entry whose fields are sound is held back,
    /// as a copy of its bytes and of its stored leaf_hash, until the next one is too, and is
    /// hashed alone only before a problem or at the end. Problems are still reported in seq
    /// order: the held entry's hash is checked before anything found in a later row. Without
    /// `pairs` (where pairing gains nothing) each entry is hashed as it is read.
    static func check(
        _ range: ClosedRange<Int64>, _ rows: some RowCursor, pairs: Bool = MerkleHash.hashesLeavesInPairs,
        signed: SignedEntryCheck? = nil, nextSeq: () throws -> Int64?
    ) throws -> Chunk {
        var leafHashes: [UInt8] = []
        leafHashes.reserveCapacity(32 * range.count)
        var firstRecorded = ""
        var previous: [UInt8] = []  // recorded_at of the previous entry, as bytes
        var expected = range.lowerBound
        var authored: [Int64] = []
        var counted: [Int64] = []
        // The entry held back for its leaf hash: its seq, bytes and stored leaf_hash.
        var held: Int64?
        var heldEntry: [UInt8] = []
        var heldStored: [UInt8] = []
        heldStored.reserveCapacity(32)
        func chunk(_ problem: VerificationReport.Problem?) -> Chunk {
            Chunk(first: range.lowerBound, leafHashes: leafHashes,
                  subtrees: SubtreeHashes(start: range.lowerBound - 1, leaves: leafHashes), firstRecordedAt: firstRecorded,
                  lastRecordedAt: String(decoding: previous, as: UTF8.self), problem: problem, authored: authored, counted: counted)
        }
        func problem(_ seq: Int64?, _ message: String) -> Chunk { chunk(.init(seq: seq, message: message)) }
        /// Whether leaf hash `mark` (at byte `mark` of `leafHashes`) is `stored`; if not, it and
        /// the hashes after it are taken off.
        func keep(from mark: Int, ifEqualTo stored: UnsafeRawBufferPointer) -> Bool {
            let equal = leafHashes.withUnsafeBytes { all in
                let hash = UnsafeRawBufferPointer(rebasing: all[mark..<(mark + 32)])
                guard stored.count == 32, let a = hash.baseAddress, let b = stored.baseAddress else { return false }
                return memcmp(a, b, 32) == 0
            }
            if !equal { leafHashes.removeSubrange(mark...) }
            return equal
        }
        /// Hashes the held entry alone: nil if its stored leaf_hash agrees, else its problem.
        func flush() -> Chunk? {
            guard let seq = held else { return nil }
            held = nil
            let mark = leafHashes.count
            heldEntry.withUnsafeBytes { MerkleHash.leaf($0, appendingTo: &leafHashes) }
            return heldStored.withUnsafeBytes { keep(from: mark, ifEqualTo: $0) } ? nil : problem(seq, "stored leaf_hash mismatch")
        }

        while try rows.step() {
            let seq = rows.int64(0)
            guard seq == expected else { return flush() ?? problem(seq, "seq gap or reorder: expected seq \(expected)") }
            // nil when the entry is sound; then its hash was taken with the held entry's, or it
            // is held itself.
            let message: String? = rows.withBlob(1) { raw in
                guard raw.count <= Limits.maxEntryBytes else { return "entry is longer than \(Limits.maxEntryBytes) bytes" }
                let envelope: CanonicalScanner.RawEnvelope
                switch CanonicalScanner.scanRaw(raw) {
                case .failure(let e): return "entry is not canonical (RFC 8785 profile): \(e.message)"
                case .success(let scanned): envelope = scanned
                }
                if envelope.authorIsObject != nil {
                    authored.append(seq)
                    if let signed, signed(seq, raw) { counted.append(seq) }
                }
                let fields: String?
                if envelope.anyEscaped {
                    // A text field holds an escape: check its decoded text, gathered in one buffer.
                    let (decoded, copy) = Self.decodedFields(envelope, raw)
                    fields = decoded.withUnsafeBytes { Self.checkFields(copy, in: $0, seq: seq, rows, &previous) }
                } else {
                    fields = Self.checkFields(envelope, in: raw, seq: seq, rows, &previous)
                }
                guard fields == nil else { return fields }
                if !pairs {
                    MerkleHash.leaf(raw, appendingTo: &leafHashes)
                } else if held == nil {
                    heldEntry.removeAll(keepingCapacity: true)
                    heldEntry.append(contentsOf: raw)
                } else {
                    heldEntry.withUnsafeBytes { MerkleHash.leaves($0, raw, appendingTo: &leafHashes) }
                }
                return nil
            }
            if let message { return flush() ?? problem(seq, message) }
            if expected == range.lowerBound { firstRecorded = String(decoding: previous, as: UTF8.self) }
            if !pairs {
                guard rows.withBlob(2, { keep(from: leafHashes.count - 32, ifEqualTo: $0) }) else {
                    return problem(seq, "stored leaf_hash mismatch")
                }
            } else if let heldSeq = held {
                // Both hashes were just appended: the held entry's, then this one's.
                held = nil
                let mark = leafHashes.count - 64
                guard heldStored.withUnsafeBytes({ keep(from: mark, ifEqualTo: $0) }) else {
                    return problem(heldSeq, "stored leaf_hash mismatch")
                }
                guard rows.withBlob(2, { keep(from: mark + 32, ifEqualTo: $0) }) else { return problem(seq, "stored leaf_hash mismatch") }
            } else {
                held = seq
                heldStored.removeAll(keepingCapacity: true)
                rows.withBlob(2) { heldStored.append(contentsOf: $0) }
            }
            expected += 1
        }
        if let problem = flush() { return problem }
        guard expected > range.upperBound else {
            // Rows are missing at the end of the chunk: report them where the next row stands.
            return problem(try nextSeq(), "seq gap or reorder: expected seq \(expected)")
        }
        return chunk(nil)
    }

    /// What is wrong with one entry's envelope and query columns, or nil; on success `previous`
    /// becomes its recorded_at.
    private static func checkFields(
        _ e: CanonicalScanner.RawEnvelope, in bytes: UnsafeRawBufferPointer, seq: Int64, _ rows: some RowCursor,
        _ previous: inout [UInt8]
    ) -> String? {
        if let message = EventStore.envelopeProblem(e, in: bytes) { return message }
        guard e.seq == seq else { return "envelope seq differs from the row's seq" }
        func text(_ r: Range<Int>?) -> UnsafeRawBufferPointer {
            r.map { UnsafeRawBufferPointer(rebasing: bytes[$0]) } ?? UnsafeRawBufferPointer(start: nil, count: 0)
        }
        let recorded = text(e.recordedAt)
        guard !previous.withUnsafeBytes({ precedes(recorded, $0) }) else { return "recorded_at goes backwards" }
        // Compared as bytes: no String is built for the columns.
        let column: String? =
            !rows.textEquals(3, bytes: text(e.eventID)) ? "event_id"
            : !rows.textEquals(4, bytes: text(e.type)) ? "type"
            : !rows.textEquals(5, bytes: text(e.subject)) ? "subject"
            : rows.int64(6) != e.subjectVersion ? "subject_version"
            : !rows.textEquals(7, bytes: text(e.occurredAt)) ? "occurred_at"
            : !rows.textEquals(8, bytes: recorded) ? "recorded_at" : nil
        if let column { return "query column \(column) differs from the entry" }
        previous.removeAll(keepingCapacity: true)
        previous.append(contentsOf: recorded)
        return nil
    }

    /// Whether `a` sorts before `b` byte by byte: `lexicographicallyPrecedes`, through memcmp.
    private static func precedes(_ a: UnsafeRawBufferPointer, _ b: UnsafeRawBufferPointer) -> Bool {
        let common = min(a.count, b.count)
        if common > 0, let first = a.baseAddress, let second = b.baseAddress {
            let order = memcmp(first, second, common)
            if order != 0 { return order < 0 }
        }
        return a.count < b.count
    }

    /// The text fields of `e` decoded (escapes resolved) into one buffer, and `e` with its ranges
    /// pointing into that buffer.
    private static func decodedFields(
        _ e: CanonicalScanner.RawEnvelope, _ raw: UnsafeRawBufferPointer
    ) -> ([UInt8], CanonicalScanner.RawEnvelope) {
        guard case .success(let strings) = CanonicalScanner.scan(raw) else { return ([], e) }
        var buffer: [UInt8] = []
        var copy = e
        func put(_ s: String?) -> Range<Int>? {
            guard let s else { return nil }
            let start = buffer.count
            buffer.append(contentsOf: s.utf8)
            return start..<buffer.count
        }
        copy.eventID = put(strings.eventID)
        copy.type = put(strings.type)
        copy.subject = put(strings.subject)
        copy.occurredAt = put(strings.occurredAt)
        copy.recordedAt = put(strings.recordedAt)
        copy.actor = put(strings.actor)
        return (buffer, copy)
    }
}
