import Crypto
import Foundation
import LogFormat
import SQLiteDatabase
import Testing

@testable import EventLog

/// `verify`'s per-entry check (``EntryScan/check(_:_:nextSeq:)``), which hashes the entries two
/// at a time: whatever the position of a problem, it reports the first one in seq order and hands
/// back the leaf hashes, SHA-256(0x00 ‖ entry) (RFC 9162 §2.1), of exactly the entries before it.
@Suite struct EntryScanTests {
    /// One stored row, the columns `EntryScan` reads: seq, entry, leaf_hash, event_id, type,
    /// subject, subject_version, occurred_at, recorded_at.
    struct Row {
        var seq: Int64
        var entry: [UInt8]
        var leafHash: [UInt8]
        var texts: [Int32: [UInt8]]
        var subjectVersion: Int64
    }

    /// Rows held in memory, read as `verify` reads a statement.
    final class Rows: RowCursor {
        let rows: [Row]
        var at = -1
        init(_ rows: [Row]) { self.rows = rows }
        func step() throws -> Bool {
            at += 1
            return at < rows.count
        }
        private func bytes(_ index: Int32) -> [UInt8] {
            switch index {
            case 1: rows[at].entry
            case 2: rows[at].leafHash
            default: rows[at].texts[index] ?? []
            }
        }
        func int64(_ index: Int32) -> Int64 { index == 0 ? rows[at].seq : rows[at].subjectVersion }
        func text(_ index: Int32) -> String { String(decoding: bytes(index), as: UTF8.self) }
        func blobEquals(_ index: Int32, bytes expected: UnsafeRawBufferPointer) -> Bool { bytes(index).elementsEqual(expected) }
        func textEquals(_ index: Int32, bytes expected: UnsafeRawBufferPointer) -> Bool { bytes(index).elementsEqual(expected) }
        func withBlob<R>(_ index: Int32, _ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
            try bytes(index).withUnsafeBytes(body)
        }
    }

    /// The rows of a real log of `count` events.
    static func storedRows(_ count: Int) throws -> [Row] {
        let log = try EventStoreTests.TemporaryLog()
        try log.append((0..<count).map { EventStoreTests.line($0, subject: "org/s\($0 % 3)") })
        let db = try Connection(path: log.store.path, mode: .readOnly, busyTimeoutMilliseconds: 1_000)
        let stmt = try db.statement(
            "SELECT seq, entry, leaf_hash, event_id, type, subject, subject_version, occurred_at, recorded_at FROM events ORDER BY seq")
        try stmt.reset()
        defer { try? stmt.reset() }
        var rows: [Row] = []
        while try stmt.step() {
            var texts: [Int32: [UInt8]] = [:]
            for column: Int32 in [3, 4, 5, 7, 8] { texts[column] = Array(stmt.text(column).utf8) }
            rows.append(Row(seq: stmt.int64(0), entry: stmt.blob(1), leafHash: stmt.blob(2), texts: texts, subjectVersion: stmt.int64(6)))
        }
        return rows
    }

    /// RFC 9162's leaf hash, through swift-crypto rather than MerkleHash.
    static func leaf(_ entry: [UInt8]) -> [UInt8] { Array(SHA256.hash(data: [0x00] + entry)) }

    /// The chunk checked with leaves hashed in pairs; checked one at a time too, which must give
    /// the same chunk (the path of CPUs without the SHA extensions).
    static func scan(_ rows: [Row], _ range: ClosedRange<Int64>, next: Int64? = nil) throws -> EntryScan.Chunk {
        let paired = try EntryScan.check(range, Rows(rows), pairs: true) { next }
        let single = try EntryScan.check(range, Rows(rows), pairs: false) { next }
        #expect(paired.leafHashes == single.leafHashes && paired.problem?.seq == single.problem?.seq
            && paired.problem?.message == single.problem?.message && paired.firstRecordedAt == single.firstRecordedAt
            && paired.lastRecordedAt == single.lastRecordedAt && paired.authored == single.authored, "range \(range)")
        return paired
    }

    /// The chunk holds the leaf hashes of `rows`, in order, and nothing else.
    static func expectHashes(_ chunk: EntryScan.Chunk, of rows: ArraySlice<Row>, _ note: String) {
        #expect(chunk.leafHashes == rows.flatMap { leaf($0.entry) }, "\(note)")
    }

    static let sizes = 1...9

    @Test("sound chunks of every length up to 9 (odd and even: the last entry hashed alone or in a pair) hand back every leaf hash")
    func soundChunks() throws {
        let all = try Self.storedRows(Self.sizes.upperBound)
        // The log's own leaf_hash column is what append computed: the check's hashes must match it.
        #expect(all.allSatisfy { $0.leafHash == Self.leaf($0.entry) })
        for n in Self.sizes {
            let chunk = try Self.scan(Array(all[0..<n]), 1...Int64(n))
            #expect(chunk.problem == nil && chunk.count == n)
            Self.expectHashes(chunk, of: all[0..<n], "size \(n)")
            #expect(chunk.firstRecordedAt == String(decoding: all[0].texts[8]!, as: UTF8.self))
            #expect(chunk.lastRecordedAt == String(decoding: all[n - 1].texts[8]!, as: UTF8.self))
        }
    }

    @Test("a stored leaf_hash that differs, at every position of every chunk length, is the problem, with the hashes before it")
    func wrongStoredHash() throws {
        let all = try Self.storedRows(Self.sizes.upperBound)
        for n in Self.sizes {
            for bad in 0..<n {
                var rows = Array(all[0..<n])
                rows[bad].leafHash[7] ^= 0x20
                let chunk = try Self.scan(rows, 1...Int64(n))
                #expect(chunk.problem?.seq == Int64(bad + 1) && chunk.problem?.message == "stored leaf_hash mismatch", "size \(n), bad \(bad + 1)")
                Self.expectHashes(chunk, of: all[0..<bad], "size \(n), bad \(bad + 1)")
                // A stored hash of another length is no match either.
                rows[bad].leafHash = Self.leaf(rows[bad].entry) + [0]
                #expect(try Self.scan(rows, 1...Int64(n)).problem?.seq == Int64(bad + 1), "size \(n), long hash at \(bad + 1)")
            }
        }
    }

    @Test("an entry's own problem after an entry with a wrong stored hash: the earlier seq is reported")
    func firstProblemInSeqOrder() throws {
        let all = try Self.storedRows(Self.sizes.upperBound)
        for n in 2...Self.sizes.upperBound {
            for bad in 0..<(n - 1) {
                // A query column that differs from its entry, right after the wrong hash.
                var rows = Array(all[0..<n])
                rows[bad].leafHash[0] ^= 1
                rows[bad + 1].texts[5] = Array("org/other".utf8)
                var chunk = try Self.scan(rows, 1...Int64(n))
                #expect(chunk.problem?.seq == Int64(bad + 1) && chunk.problem?.message == "stored leaf_hash mismatch", "size \(n), bad \(bad + 1)")
                Self.expectHashes(chunk, of: all[0..<bad], "size \(n), bad \(bad + 1)")
                // The column alone: its own row is reported, after the hashes of all before it.
                rows[bad].leafHash = all[bad].leafHash
                chunk = try Self.scan(rows, 1...Int64(n))
                #expect(chunk.problem?.seq == Int64(bad + 2) && chunk.problem?.message == "query column subject differs from the entry", "size \(n), column at \(bad + 2)")
                Self.expectHashes(chunk, of: all[0...bad], "size \(n), column at \(bad + 2)")
                // A missing row after the wrong hash: the hash first, then the gap.
                rows = Array(all[0..<n])
                rows.remove(at: bad + 1)
                chunk = try Self.scan(rows, 1...Int64(n), next: 99)
                #expect(chunk.problem?.seq == (bad + 2 < n ? Int64(bad + 3) : 99) && chunk.problem?.message == "seq gap or reorder: expected seq \(bad + 2)",
                        "size \(n), gap at \(bad + 2)")
                Self.expectHashes(chunk, of: all[0...bad], "size \(n), gap at \(bad + 2)")
                rows[bad].leafHash[0] ^= 1
                chunk = try Self.scan(rows, 1...Int64(n), next: 99)
                #expect(chunk.problem?.seq == Int64(bad + 1) && chunk.problem?.message == "stored leaf_hash mismatch", "size \(n), bad \(bad + 1) before a gap")
                Self.expectHashes(chunk, of: all[0..<bad], "size \(n), bad \(bad + 1) before a gap")
            }
        }
    }

    @Test("rows missing at the end of a chunk are reported where the next stored row stands, after the last entry's hash is checked")
    func missingAtTheEnd() throws {
        let all = try Self.storedRows(4)
        var chunk = try Self.scan(Array(all[0..<3]), 1...4, next: 9)
        #expect(chunk.problem?.seq == 9 && chunk.problem?.message == "seq gap or reorder: expected seq 4")
        Self.expectHashes(chunk, of: all[0..<3], "three of four")
        var rows = Array(all[0..<3])
        rows[2].leafHash[31] ^= 0x80
        chunk = try Self.scan(rows, 1...4, next: 9)
        #expect(chunk.problem?.seq == 3 && chunk.problem?.message == "stored leaf_hash mismatch")
        Self.expectHashes(chunk, of: all[0..<2], "three of four, the third's hash wrong")
    }
}
