import Foundation
import LogFormat
import SQLiteDatabase
import Testing

@testable import EventLog

/// The log's own settings, as the store reads them from its metadata row.
@Suite struct LogMetaTests {
    @Test("the log's zone offset is the one in force when the log was created, whenever a command runs")
    func zoneOffsetAtCreation() {
        func meta(_ zone: String, _ created: String) -> LogMeta {
            LogMeta(origin: "example.org/log", vkey: "", timezone: zone, createdAt: created, catalogue: LogMeta.noCatalogue)
        }
        #expect(meta("Asia/Ho_Chi_Minh", "2026-01-15T03:00:00.000Z").zoneOffsetSeconds == 7 * 3600)
        #expect(meta("UTC", "2026-07-15T03:00:00.000Z").zoneOffsetSeconds == 0)
        // A zone with daylight saving (init refuses it; a log made before keeps its offset).
        #expect(meta("Europe/Berlin", "2026-01-15T03:00:00.000Z").zoneOffsetSeconds == 3600)
        #expect(meta("Europe/Berlin", "2026-07-15T03:00:00.000Z").zoneOffsetSeconds == 7200)
        #expect(LogMeta.observesDaylightSaving("Europe/Berlin") && LogMeta.observesDaylightSaving("America/New_York"))
        #expect(!LogMeta.observesDaylightSaving("Asia/Ho_Chi_Minh") && !LogMeta.observesDaylightSaving("UTC"))
    }
}

/// The language `init` records in `log_meta`, read back on each open.
@Suite struct LogMetaLanguageTests {
    /// A path for a log in a new temporary directory, removed by `body`'s end.
    func withPath(_ body: (String) throws -> Void) throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("auditlog-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        try body(dir.appendingPathComponent("log.db").path)
    }

    let clock = Clock.fixed(Instant(rfc3339: "2026-01-15T03:00:00Z")!)

    @Test("init records the language asked for (vi by default) and each open reads it back")
    func recorded() throws {
        try withPath { path in
            _ = try EventStore.create(path: path, origin: "test.example/log", language: "en", keyPath: path + ".key", clock: clock)
            #expect(try EventStore.open(path: path, writable: false).meta.language == "en")
        }
        try withPath { path in
            _ = try EventStore.create(path: path, origin: "test.example/log", keyPath: path + ".key", clock: clock)
            #expect(try EventStore.open(path: path, writable: false).meta.language == LogMeta.defaultLanguage)
        }
    }

    @Test("init refuses a language other than vi and en, and makes no file")
    func refused() throws {
        try withPath { path in
            #expect(throws: EventLogError.self) {
                try EventStore.create(path: path, origin: "test.example/log", language: "fr", keyPath: path + ".key", clock: clock)
            }
            #expect(!FileManager.default.fileExists(atPath: path) && !FileManager.default.fileExists(atPath: path + ".key"))
        }
    }

    @Test("a log whose log_meta has no column language (made before it existed) opens, in Vietnamese")
    func withoutTheColumn() throws {
        try withPath { path in
            _ = try EventStore.create(path: path, origin: "test.example/log", language: "en", keyPath: path + ".key", clock: clock)
            let db = try Connection(path: path, mode: .readWrite, busyTimeoutMilliseconds: 1000)
            // log_meta as 001_log.sql made it before the column (DROP TABLE takes its trigger along).
            try db.execute("""
                BEGIN;
                CREATE TABLE log_meta_before (
                    id INTEGER PRIMARY KEY CHECK (id = 1), format TEXT NOT NULL CHECK (format = 'auditlog/v1'), origin TEXT NOT NULL,
                    vkey TEXT NOT NULL, timezone TEXT NOT NULL, created_at TEXT NOT NULL,
                    catalogue TEXT NOT NULL CHECK (catalogue IN ('auditlog/v1', 'none'))) STRICT;
                INSERT INTO log_meta_before SELECT id, format, origin, vkey, timezone, created_at, catalogue FROM log_meta;
                DROP TABLE log_meta;
                ALTER TABLE log_meta_before RENAME TO log_meta;
                CREATE TRIGGER log_meta_no_update BEFORE UPDATE ON log_meta
                BEGIN SELECT RAISE(ABORT, 'auditlog: log_meta is written once'); END;
                COMMIT;
                """)
            let meta = try EventStore.open(path: path, writable: false).meta
            #expect(meta.language == "vi" && meta.origin == "test.example/log")
        }
    }
}
