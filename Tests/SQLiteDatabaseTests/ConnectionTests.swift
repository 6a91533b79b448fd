import Foundation
import SQLiteDatabase
import Testing

/// The SQLite wrapper on real files: statements, errors with their SQL, transactions.
@Suite struct ConnectionTests {
    func temporaryPath() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("sqlite-test-\(UUID().uuidString).db").path
    }

    @Test("statements bind, step and read every column type")
    func roundTrip() throws {
        let path = temporaryPath()
        defer { try? FileManager.default.removeItem(atPath: path) }
        let db = try Connection(path: path, mode: .create, busyTimeoutMilliseconds: 100)
        try db.execute("CREATE TABLE t (i INTEGER, s TEXT, b BLOB, n TEXT)")
        let insert = try db.statement("INSERT INTO t VALUES (?, ?, ?, ?)")
        try insert.execute([.integer(-42), .text("Hội Nông dân"), .blob([0, 1, 255]), .null])
        #expect(try db.statement("INSERT INTO t VALUES (?, ?, ?, ?)") === insert)
        var rows = 0
        try db.forEachRow("SELECT i, s, b, n FROM t") { row in
            #expect(row.int64(0) == -42)
            #expect(row.text(1) == "Hội Nông dân")
            #expect(row.blob(2) == [0, 1, 255])
            #expect(row.isNull(3))
            rows += 1
        }
        #expect(rows == 1)
    }

    @Test("text is bound whole, by its length, whether copied or borrowed: empty, small, long and with U+0000")
    func textBinding() throws {
        let path = temporaryPath()
        defer { try? FileManager.default.removeItem(atPath: path) }
        let db = try Connection(path: path, mode: .create, busyTimeoutMilliseconds: 100)
        try db.execute("CREATE TABLE t (k INTEGER, s TEXT)")
        let texts = ["", "a", "Hội", String(repeating: "Liên hiệp Phụ nữ ", count: 300), "a\u{0}b", "\u{0}"]
        for (k, text) in texts.enumerated() {
            try db.statement("INSERT INTO t VALUES (?, ?)").execute([.integer(Int64(2 * k)), .text(text)])
            try db.statement("INSERT INTO t VALUES (?, ?)").executeBorrowing([.integer(Int64(2 * k + 1)), .text(text)])
        }
        var read: [Int64: (Int64, Bool)] = [:]
        try db.forEachRow("SELECT k, length(CAST(s AS BLOB)), s IS NULL FROM t") { row in read[row.int64(0)] = (row.int64(1), row.int64(2) == 1) }
        for (k, text) in texts.enumerated() {
            for key in [Int64(2 * k), Int64(2 * k + 1)] {
                #expect(read[key]?.0 == Int64(text.utf8.count), "\(text.debugDescription)")
                #expect(read[key]?.1 == false, "\(text.debugDescription) bound as NULL")
            }
        }
        // A parameter of a query: the whole text is compared.
        var found = 0
        try db.forEachRow("SELECT count(*) FROM t WHERE s = ?", [.text("a\u{0}b")]) { found = Int($0.int64(0)) }
        #expect(found == 2)
    }

    @Test("errors carry the result code, SQLite's message and the SQL")
    func errorsCarryContext() throws {
        let path = temporaryPath()
        defer { try? FileManager.default.removeItem(atPath: path) }
        let db = try Connection(path: path, mode: .create, busyTimeoutMilliseconds: 100)
        try db.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, u TEXT UNIQUE)")
        try db.statement("INSERT INTO t (u) VALUES (?)").execute([.text("x")])
        do {
            try db.statement("INSERT INTO t (u) VALUES (?)").execute([.text("x")])
            Issue.record("a UNIQUE violation must throw")
        } catch {
            #expect(error.isUniqueViolation)
            #expect(error.sql == "INSERT INTO t (u) VALUES (?)")
            #expect(error.message.contains("UNIQUE"))
        }
        #expect(throws: SQLiteError.self) { try db.statement("SELEC nonsense") }
    }

    @Test("a failed transaction rolls back everything it did")
    func rollback() throws {
        struct Boom: Error {}
        let path = temporaryPath()
        defer { try? FileManager.default.removeItem(atPath: path) }
        let db = try Connection(path: path, mode: .create, busyTimeoutMilliseconds: 100)
        try db.execute("CREATE TABLE t (x INTEGER)")
        #expect(throws: Boom.self) {
            try db.writeTransaction {
                try db.statement("INSERT INTO t VALUES (1)").execute()
                throw Boom()
            }
        }
        #expect(try db.scalarInt("SELECT count(*) FROM t") == 0)
        #expect(!db.isInTransaction)
    }

    @Test("a missing file opened read-only fails; a file that is not a database is reported as such")
    func badFiles() throws {
        #expect(throws: SQLiteError.self) { try Connection(path: "/nonexistent/x.db", mode: .readOnly, busyTimeoutMilliseconds: 100) }
        let path = temporaryPath()
        defer { try? FileManager.default.removeItem(atPath: path) }
        try Data(repeating: 0x41, count: 4096).write(to: URL(fileURLWithPath: path))
        let db = try Connection(path: path, mode: .readOnly, busyTimeoutMilliseconds: 100)
        do {
            _ = try db.userVersion()
            Issue.record("reading a non-database must fail")
        } catch {
            #expect(error.isCorrupt)
        }
    }
}
