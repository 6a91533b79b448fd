import Dispatch
import Foundation
import LogFormat
import PostgresDatabase
import Testing
import TestSupport

@testable import EventLog

/// The worker connections of a PostgreSQL read see the snapshot of the command's transaction,
/// not the log as it is when they connect: on a real server in a temporary directory
/// (``TestPostgresServer``).
@Suite struct PostgresSnapshotTests {
    /// Rows of the events table for seqs `from`...`to`: the entry names its seq.
    static func insertEvents(_ db: PGConnection, from: Int, to: Int) throws {
        try db.execute("""
            INSERT INTO events (seq, entry, leaf_hash, event_id, type, subject, subject_version, occurred_at, recorded_at)
            SELECT g, convert_to('{"n":' || g || '}', 'UTF8'), sha256(convert_to(g::text, 'UTF8')), 'id-' || g, 'note.recorded',
                   'org/x-' || g, 1, '2025-01-01', '2025-01-01T00:00:00.000Z'
            FROM generate_series(\(from), \(to)) AS g
            """)
    }

    @Test("workers read the rows the command's transaction sees (none committed after it began, none changed since), and wait for a lock for a bounded time")
    func workersShareTheSnapshot() throws {
        let server = try TestPostgresServer.start()
        defer { server.stop() }
        let url = server.url
        let keyPath = server.directory + "-log.key"
        defer { try? FileManager.default.removeItem(atPath: keyPath) }
        _ = try PostgresStore.create(location: url, origin: "test.example/snapshot", keyPath: keyPath, clock: .system)
        let writer = try PGConnection(conninfo: url)
        try Self.insertEvents(writer, from: 1, to: 5_000)  // two chunks

        // The command's transaction begins, and sees 5,000 rows.
        let command = try PGConnection(conninfo: url)
        try command.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
        #expect(try command.scalarInt("SELECT max(seq) FROM events") == 5_000)
        // Meanwhile another client commits more rows and rewrites one.
        try Self.insertEvents(writer, from: 5_001, to: 9_000)
        try writer.execute("SET session_replication_role = replica")
        try writer.execute("UPDATE events SET entry = convert_to('rewritten', 'UTF8') WHERE seq = 10")

        let reader = PostgresLogReader(command, conninfo: url)
        let pipeline = try #require(try reader.parallelChunks(upTo: 9_000) { range, log -> [Int64: [UInt8]] in
            var rows: [Int64: [UInt8]] = [:]
            try log.forEachEntry(in: range, types: nil) { seq, bytes in rows[seq] = Array(bytes) }
            return rows
        })
        pipeline.start()
        defer { pipeline.stop() }
        var seen: [Int64: [UInt8]] = [:]
        for index in 0..<pipeline.count { seen.merge(try pipeline.result(index)) { a, _ in a } }
        #expect(seen.count == 5_000)
        #expect(seen.keys.max() == 5_000)
        #expect(seen[10] == Array(#"{"n":10}"#.utf8))
        // A worker waits for a lock for a bounded time only (Limits.postgresWorkerLockWaitMilliseconds).
        let worker = try #require(try PostgresSnapshot.export(from: command, conninfo: url)).connect()
        #expect(try worker.scalarText("SHOW lock_timeout") == "\(Limits.postgresWorkerLockWaitMilliseconds / 1_000)s")
        #expect(try worker.scalarInt("SELECT count(*) FROM events") == 5_000)
        try worker.execute("ROLLBACK")  // its lock on events would hold up the one queued below
        // An ALTER TABLE-like lock queued behind the command's transaction: a worker would wait
        // behind it for ever, and the command for the worker. It gives up after the limit, with
        // the error that the store maps to busy (exit 75).
        let queued = DispatchSemaphore(value: 0), granted = DispatchSemaphore(value: 0)
        Thread.detachNewThread {
            guard let locker = try? PGConnection(conninfo: url) else {
                queued.signal()
                granted.signal()
                return
            }
            try? locker.execute("BEGIN")
            queued.signal()
            try? locker.execute("LOCK TABLE events IN ACCESS EXCLUSIVE MODE")  // waits for the command
            try? locker.execute("ROLLBACK")
            granted.signal()
        }
        queued.wait()
        var waits = 0
        while try writer.scalarInt("SELECT count(*) FROM pg_locks WHERE NOT granted AND mode = 'AccessExclusiveLock'") == 0, waits < 1_000 {
            usleep(10_000)
            waits += 1
        }
        try #require(waits < 1_000, "the lock was never queued")
        let blocked = try #require(try PostgresSnapshot.export(from: command, conninfo: url)).connect()
        try blocked.execute("SET LOCAL statement_timeout = \(3 * Limits.postgresWorkerLockWaitMilliseconds)")  // the test's own bound
        let error = #expect(throws: PGError.self) { _ = try blocked.scalarInt("SELECT count(*) FROM events") }
        #expect(error?.sqlState == "55P03" && error?.isTimeout == true, "the lock wait's limit, not the statement's")
        // A connection that does not import the snapshot sees the other client's work.
        let later = try PGConnection(conninfo: url)
        try command.execute("ROLLBACK")
        #expect(granted.wait(timeout: .now() + 30) == .success, "the queued lock is granted once the command's transaction ends")
        #expect(try later.scalarInt("SELECT count(*) FROM events") == 9_000)
    }
}
