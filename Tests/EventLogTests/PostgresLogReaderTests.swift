import Foundation
import LogFormat
import PostgresDatabase
import Testing
import TestSupport

@testable import EventLog

/// Reads of a log on PostgreSQL that come back in keyset pages return every row once, in seq
/// order, across page boundaries: on a real server in a temporary directory.
@Suite struct PostgresLogReaderTests {
    @Test("a subject's events are read whole and in seq order when they span several pages, and no other subject's")
    func subjectSpanningPages() throws {
        let server = try TestPostgresServer.start()
        defer { server.stop() }
        let keyPath = server.directory + "-log.key"
        defer { try? FileManager.default.removeItem(atPath: keyPath) }
        _ = try PostgresStore.create(location: server.url, origin: "test.example/pages", keyPath: keyPath, clock: .system)
        let db = try PGConnection(conninfo: server.url)
        // Odd seqs belong to org/a (version (seq + 1) / 2), even seqs each to a subject of its own;
        // org/a has two pages and three rows.
        let count = Limits.postgresPageRows * 2 + 3
        try db.execute("""
            INSERT INTO events (seq, entry, leaf_hash, event_id, type, subject, subject_version, occurred_at, recorded_at)
            SELECT g, convert_to('{"n":' || g || '}', 'UTF8'), sha256(convert_to(g::text, 'UTF8')), 'id-' || g,
                   CASE WHEN g % 3 = 0 THEN 'note."quoted\\' ELSE 'note.recorded' END,
                   CASE WHEN g % 2 = 1 THEN 'org/a' ELSE 'org/b-' || g END,
                   CASE WHEN g % 2 = 1 THEN (g + 1) / 2 ELSE 1 END,
                   '2025-01-01', '2025-01-01T00:00:00.000Z'
            FROM generate_series(1, \(count * 2 - 1)) AS g
            """)
        try db.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
        let reader = PostgresLogReader(db, conninfo: server.url)

        var seqs: [Int64] = []
        try reader.forEachEntry(subject: "org/a") { seq, bytes in
            #expect(Array(bytes) == Array(#"{"n":\#(seq)}"#.utf8))
            seqs.append(seq)
        }
        #expect(seqs.count == count)
        let odd = seqs.elementsEqual(stride(from: Int64(1), through: Int64(count * 2 - 1), by: 2))
        #expect(odd, "every odd seq once, in order")

        var single: [Int64] = []
        try reader.forEachEntry(subject: "org/b-10") { seq, _ in single.append(seq) }
        #expect(single == [10])

        // A type holding a quote and a backslash is matched as written, over several pages too.
        var typed: [Int64] = []
        try reader.forEachEntry(in: 1...Int64(count * 2 - 1), types: [#"note."quoted\"#]) { seq, _ in typed.append(seq) }
        #expect(typed.count == (count * 2 - 1) / 3)
        let third = typed.elementsEqual(stride(from: Int64(3), through: Int64(count * 2 - 1), by: 3))
        #expect(third, "every third seq once, in order")
        try db.execute("ROLLBACK")
    }
}
