import Foundation
import LogFormat
import SQLiteDatabase
import TestSupport
import Testing

@testable import EventLog

/// The store on real SQLite files in temporary directories.
@Suite struct EventStoreTests {
    /// A fresh log in its own temporary directory.
    final class TemporaryLog {
        let dir: URL
        let store: EventStore
        let key: SignerKey
        var clock = Clock.fixed(Instant(rfc3339: "2026-01-15T03:00:00Z")!)

        init() throws {
            dir = FileManager.default.temporaryDirectory.appendingPathComponent("auditlog-test-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
            let path = dir.appendingPathComponent("log.db").path
            store = try EventStore.create(path: path, origin: "test.example/log", keyPath: path + ".key", clock: clock)
            key = try SignerKey.read(path: path + ".key")
        }

        deinit { try? FileManager.default.removeItem(at: dir) }

        func input(_ lines: [String]) throws -> InputSource {
            let url = dir.appendingPathComponent("input-\(UUID().uuidString).ndjson")
            try Data(lines.joined(separator: "\n").utf8).write(to: url)
            return try InputSource.file(url.path)
        }

        @discardableResult
        func append(_ lines: [String], dryRun: Bool = false) throws -> AppendSummary {
            let source = try input(lines)
            defer { source.close() }
            return try store.append(source, key: dryRun ? nil : key, clock: clock, dryRun: dryRun)
        }

        func appendError(_ lines: [String]) -> EventLogError? {
            do {
                try append(lines)
                return nil
            } catch let error as EventLogError {
                return error
            } catch {
                return nil
            }
        }

        func entries() throws -> [Entry] {
            var all: [Entry] = []
            try store.forEachEntry(matching: LogFilter()) { all.append($0) }
            return all
        }
    }

    static func line(_ n: Int, subject: String = "org/a", extra: String = "") -> String {
        #"{"type":"note.recorded","occurred_at":"2025-12-01","actor":"clerk","subject":"\#(subject)","payload":{"n":\#(n)}\#(extra)}"#
    }

    @Test("appends are signed, verified, and every receipt and consistency proof checks out")
    func appendVerifyProve() throws {
        let log = try TemporaryLog()
        var sizes: [Int64] = [0]
        for batch in 0..<6 {
            let lines = (0..<(batch * 3 + 1)).map { Self.line(batch * 100 + $0, subject: "org/s\($0 % 4)") }
            let summary = try log.append(lines)
            #expect(summary.appended == lines.count)
            sizes.append(summary.firstSeq + Int64(summary.appended) - 1)
        }
        let key = log.key.verifierKey
        let report = try log.store.verify(trustedKey: key, inspectorCheckpoints: [])
        #expect(report.ok, "\(String(describing: report.problem))")
        #expect(report.entries == sizes.last)
        #expect(report.checkpoints == Int64(sizes.count))
        for size in sizes.dropFirst() {
            for seq in 1...size {
                let receipt = try log.store.inclusionReceipt(seq: seq, size: size)
                let parsed = try InclusionReceipt.parse(receipt.text).get()
                #expect(try parsed.verify(with: key).get().size == size)
            }
            for old in sizes where old <= size {
                let proof = try log.store.consistencyProof(from: old, to: size)
                let parsed = try ConsistencyProof.parse(proof.text).get()
                let oldNote = try log.store.checkpointNote(size: old).note
                #expect(try ConsistencyProof.verify(parsed, oldNote: oldNote, key: key).get().size == size)
            }
        }
    }

    @Test("property: the stored root equals the reference root after random batches", arguments: 0..<3)
    func randomBatches(seed: UInt64) throws {
        var rng = SplitMix(seed: seed)
        let log = try TemporaryLog()
        for _ in 0..<Int.random(in: 3...8, using: &rng) {
            let count = Int.random(in: 1...40, using: &rng)
            try log.append((0..<count).map { _ in Self.line(Int.random(in: 0...1_000_000, using: &rng), subject: "org/r\(Int.random(in: 0...5, using: &rng))") })
            let entries = try log.entries()
            let reference = ReferenceTree(leaves: entries.map(\.bytes)).mth(0, entries.count)
            #expect(try log.store.root(size: Int64(entries.count)) == reference)
            #expect(try log.store.verify(trustedKey: log.key.verifierKey, inspectorCheckpoints: []).root == reference)
            // subject_version counts events per subject, densely.
            var counts: [String: Int64] = [:]
            for e in entries {
                counts[e.subject, default: 0] += 1
                #expect(e.subjectVersion == counts[e.subject])
            }
        }
    }

    @Test("a large append through the reading thread: retried lines and subjects already in the log keep seqs, versions and the node cache exact")
    func largeAppendWithRetriesAndKnownSubjects() throws {
        let log = try TemporaryLog()
        let id = { (n: Int) in "0190f4c2-7b1e-7c3a-9d2e-" + String(format: "%012x", n) }
        // Subjects with versions already, and events a later line retries.
        let first = (0..<40).map { Self.line($0, subject: "org/k\($0 % 7)", extra: #","event_id":"\#(id($0))""#) }
        try log.append(first)
        // Over Limits.inlineInputBytes, so prepared on the reading thread; every 97th line repeats
        // an event of the first append (a duplicate: no seq, no version), and new subjects mix with known ones.
        let padding = String(repeating: "x", count: 120)
        var lines: [String] = []
        var retried = 0
        for n in 0..<1_500 {
            if n % 97 == 50 {
                lines.append(first[n % 40])
                retried += 1
            } else {
                lines.append(Self.line(1_000 + n, subject: "org/\(n % 3 == 0 ? "k" : "n")\(n % 11)", extra: #","meta":{"note":"\#(padding)"}"#))
            }
        }
        #expect(lines.joined(separator: "\n").utf8.count > Limits.inlineInputBytes)
        let summary = try log.append(lines)
        #expect(summary.appended == lines.count - retried && summary.duplicates.count == retried)
        let entries = try log.entries()
        #expect(entries.map(\.seq) == Array(1...Int64(40 + lines.count - retried)))
        var counts: [String: Int64] = [:]
        for e in entries {
            counts[e.subject, default: 0] += 1
            #expect(e.subjectVersion == counts[e.subject])
        }
        // The roots of many prefixes, read from the node cache, against a reference tree.
        let reference = ReferenceTree(leaves: entries.map(\.bytes))
        for size in Set([1, 2, 31, 32, 33, 40, 41, 64, 65, 100, 500, 1_024, 1_025, entries.count - 1, entries.count]) {
            #expect(try log.store.root(size: Int64(size)) == reference.mth(0, size), "size \(size)")
        }
        #expect(try log.store.verify(trustedKey: log.key.verifierKey, inspectorCheckpoints: []).ok)
    }

    @Test("a bad line anywhere appends nothing and names its line and field")
    func atomicRefusal() throws {
        let log = try TemporaryLog()
        try log.append([Self.line(1)])
        let error = log.appendError([Self.line(2), Self.line(3), #"{"type":"note.recorded","occurred_at":"2023-02-30","actor":"a","subject":"s","payload":{}}"#])
        #expect(error?.description == "line 3: occurred_at: \"2023-02-30\" is not a real date")
        #expect(try log.store.size() == 1)
        #expect(try log.store.checkpointNote().size == 1)
    }

    @Test("retries: same content is a duplicate, other content is a conflict; expected_version is enforced")
    func idempotencyAndVersions() throws {
        let log = try TemporaryLog()
        let id = "0190f4c2-7b1e-7c3a-9d2e-5a6b7c8d9e0f"
        let first = try log.append([Self.line(1, extra: #","event_id":"\#(id)""#)])
        #expect(first.appended == 1)
        let retry = try log.append([Self.line(1, extra: #","event_id":"\#(id.uppercased())""#), Self.line(2)])
        #expect(retry.appended == 1 && retry.duplicates.count == 1 && retry.duplicates[0].seq == 1)
        var outcomes: [AppendOutcome] = []
        try log.store.forEachOutcome(of: retry) { outcomes.append($0) }
        #expect(outcomes.map(\.appended) == [false, true] && outcomes.map(\.seq) == [1, 2])
        let conflict = log.appendError([Self.line(9, extra: #","event_id":"\#(id)""#)])
        guard case .conflict(let line, let field, _) = conflict else { Issue.record("expected a conflict"); return }
        #expect(line == 1 && field == "event_id")
        #expect(log.appendError([Self.line(3, extra: #","expected_version":1"#)]) != nil)
        #expect(try log.append([Self.line(3, extra: #","expected_version":2"#), Self.line(4, extra: #","expected_version":3"#)]).appended == 2)
        #expect(try log.store.size() == 4)
    }

    @Test("a dry run checks everything and writes nothing")
    func dryRun() throws {
        let log = try TemporaryLog()
        let summary = try log.append([Self.line(1), Self.line(2)], dryRun: true)
        #expect(summary.appended == 2 && summary.dryRun && summary.checkpoint == nil)
        #expect(try log.store.size() == 0)
        #expect(try log.store.checkpointNote().size == 0)
    }

    @Test("recorded_at never decreases, even when the clock goes back")
    func monotonicRecordedAt() throws {
        let log = try TemporaryLog()
        try log.append([Self.line(1)])
        log.clock = .fixed(Instant(rfc3339: "2025-06-01T00:00:00Z")!)
        try log.append([Self.line(2)])
        let entries = try log.entries()
        #expect(entries[1].recordedAt == entries[0].recordedAt)
    }

    @Test("future business times are refused; tomorrow in the log's zone is accepted")
    func futureTimes() throws {
        let log = try TemporaryLog()  // now = 2026-01-15T03:00Z = 10:00 in Hanoi
        try log.append([Self.line(1).replacingOccurrences(of: "2025-12-01", with: "2026-01-16")])
        let error = log.appendError([Self.line(1).replacingOccurrences(of: "2025-12-01", with: "2026-01-17")])
        #expect(error?.description.contains("occurred_at") == true && error?.description.contains("future") == true)
    }

    @Test("a key from another log is refused before anything is written")
    func foreignKey() throws {
        let log = try TemporaryLog()
        let other = SignerKey.generate(name: "test.example/log")
        let source = try log.input([Self.line(1)])
        #expect(throws: EventLogError.self) { try log.store.append(source, key: other, clock: log.clock) }
        #expect(try log.store.size() == 0)
    }

    @Test("the storage schema carries its guard rails")
    func triggersRefuseEdits() throws {
        let log = try TemporaryLog()
        try log.append([Self.line(1)])
        let db = try Connection(path: log.store.path, mode: .readWrite, busyTimeoutMilliseconds: 1000)
        #expect(throws: SQLiteError.self) { try db.execute("UPDATE events SET entry = x'00'") }
        #expect(throws: SQLiteError.self) { try db.execute("DELETE FROM checkpoints") }
        #expect(throws: SQLiteError.self) { try db.execute("INSERT INTO checkpoints (size, note) VALUES (1, 'x')") }
    }

    @Test("verify's page check counts every events index: an index that lost a row is a damaged file, in both modes")
    func indexThatLostARow() throws {
        let log = try TemporaryLog()
        try log.append((0..<20).map { Self.line($0, subject: "org/s\($0 % 3)") })
        #expect(try log.store.verify(trustedKey: log.key.verifierKey, inspectorCheckpoints: []).ok)
        // The index is rebuilt without one row, and its definition put back as it was.
        let db = try Connection(path: log.store.path, mode: .readWrite, busyTimeoutMilliseconds: 1_000)
        let original = try #require(try db.scalarText("SELECT sql FROM sqlite_schema WHERE name = 'events_type'"))
        try db.execute("DROP INDEX events_type; CREATE INDEX events_type ON events (type) WHERE seq != 7")
        try db.execute("PRAGMA writable_schema = ON")
        try db.execute("UPDATE sqlite_schema SET sql = '\(original.replacingOccurrences(of: "'", with: "''"))' WHERE name = 'events_type'")
        let reopened = try EventStore.open(path: log.store.path, writable: false)
        for pages in [PageCheck.unread, .wholeFile] {
            let report = try reopened.verify(trustedKey: log.key.verifierKey, inspectorCheckpoints: [], pages: pages)
            #expect(report.pages == pages)
            #expect(report.problem?.message.contains("damaged") == true)
            #expect(report.problem?.message.contains("index events_type holds 19 entries, index events_event_id 20") == true,
                    "\(String(describing: report.problem))")
        }
    }
}
