import Foundation
import Testing
import TestSupport

@testable import PostgresDatabase

/// Statements sent without waiting (``PGStatement/send(_:)``, libpq's pipeline mode), on a real
/// server of the test's own: what the next read sees, where a failure surfaces, and that a long
/// run of sends neither hangs nor loses a statement.
@Suite(.serialized, .timeLimit(.minutes(2))) struct PGPipelineTests {
    /// A connection to `server` with an empty table `t (k int primary key, v text)`.
    static func connection(_ server: TestPostgresServer) throws -> PGConnection {
        let db = try PGConnection(conninfo: server.url)
        try db.execute("DROP TABLE IF EXISTS t; CREATE TABLE t (k integer PRIMARY KEY, v text NOT NULL)")
        return db
    }

    static func count(_ db: PGConnection) throws -> Int64 { try db.scalarInt("SELECT count(*) FROM t") ?? -1 }

    /// Runs `body` on a server of its own, with a connection to an empty `t` and its insert.
    static func withTable(_ body: (PGConnection, PGStatement) throws -> Void) throws {
        let server = try TestPostgresServer.start()
        defer { server.stop() }
        let db = try connection(server)
        try body(db, try db.statement("INSERT INTO t (k, v) VALUES (?, ?)"))
    }

    /// Begins a transaction and sends a row of key `k` twice: the second fails, unanswered (so
    /// sending it does not throw).
    static func beginWithDuplicate(_ db: PGConnection, _ insert: PGStatement, _ k: Int64) throws {
        try db.execute("BEGIN")
        try insert.send([.integer(k), .text("first")])
        try insert.send([.integer(k), .text("again")])
    }

    @Test("a read sees every statement sent before it, in the order sent")
    func readsSeeWhatWasSent() throws {
        let server = try TestPostgresServer.start()
        defer { server.stop() }
        let db = try Self.connection(server)
        try db.execute("BEGIN")
        let insert = try db.statement("INSERT INTO t (k, v) VALUES (?, ?)")
        let update = try db.statement("UPDATE t SET v = ? WHERE k = ?")
        // More than one pipeline's depth: the answers are read part-way, and nothing is lost.
        let n = PGConnection.pipelineDepth * 3 + 7
        for k in 1...n { try insert.send([.integer(Int64(k)), .text("v\(k)")]) }
        try update.send([.text("first"), .integer(1)])
        try update.send([.text("second"), .integer(1)])
        #expect(try Self.count(db) == Int64(n))
        #expect(try db.scalarText("SELECT v FROM t WHERE k = 1") == "second")
        #expect(try db.scalarText("SELECT v FROM t WHERE k = ?", [.integer(Int64(n))]) == "v\(n)")
        // A prepared read stepped through, after sends, finds the rows too.
        try insert.send([.integer(Int64(n + 1)), .text("last")])
        let read = try db.statement("SELECT v FROM t WHERE k >= ? ORDER BY k")
        read.reset(binding: [.integer(Int64(n))])
        var seen: [String] = []
        while try read.step() { seen.append(read.text(0)) }
        #expect(seen == ["v\(n)", "last"])
        try insert.send([.integer(Int64(n + 2)), .text("committed")])
        try db.commit()
        #expect(try Self.count(try PGConnection(conninfo: server.url)) == Int64(n + 2))
    }

    @Test("a failed send is thrown by the next call that waits for the server; the statements after it do not run; the connection serves on")
    func aFailureSurfacesAtTheNextCall() throws {
        try Self.withTable { db, insert in
            try Self.beginWithDuplicate(db, insert, 1)
            try insert.send([.integer(2), .text("b")])
            let failure = #expect(throws: PGError.self) { try db.scalarInt("SELECT count(*) FROM t") }
            #expect(failure?.sqlState == "23505")
            #expect(failure?.sql == "INSERT INTO t (k, v) VALUES (?, ?)")
            try db.execute("ROLLBACK")
            #expect(try Self.count(db) == 0)

            // A commit is such a call: it reports the failure and does not commit.
            try Self.beginWithDuplicate(db, insert, 3)
            #expect(throws: PGError.self) { try db.commit() }
            try db.execute("ROLLBACK")
            #expect(try Self.count(db) == 0)

            // And the connection works as before.
            try insert.send([.integer(4), .text("d")])
            #expect(try Self.count(db) == 1)
        }
    }

    @Test("a rollback right after a failed send reports the send's failure and ends the transaction")
    func aRollbackReportsTheFailureBeforeIt() throws {
        try Self.withTable { db, insert in
            try Self.beginWithDuplicate(db, insert, 1)
            // What an append does when its own check fails after the duplicate was sent.
            let earlier = db.rollback()
            #expect(earlier?.sqlState == "23505")
            #expect(!db.inTransaction)
            #expect(try Self.count(db) == 0)
            #expect(db.rollback() == nil)  // nothing was unanswered

            // A read that fails behind good sends is its own error; preparing a statement waits
            // for the sends before it.
            try db.execute("BEGIN")
            try insert.send([.integer(2), .text("b")])
            let count = try db.statement("SELECT count(*) FROM t WHERE k > ?")
            #expect(try count.run([.integer(0)]).int64(0, 0) == 1)
            try insert.send([.integer(3), .text("c")])
            let failed = #expect(throws: PGError.self) { try db.query("SELECT 1 / (k - 3) FROM t WHERE k = 3") }
            #expect(failed?.sqlState == "22012")
            #expect(failed?.sql == "SELECT 1 / (k - 3) FROM t WHERE k = 3")
            #expect(db.rollback() == nil)
            #expect(try Self.count(db) == 0)
        }
    }

    @Test("sends with large values, many times the socket's buffer, complete without waiting for ever")
    func largeSendsDoNotHang() throws {
        try Self.withTable { db, insert in
            let big = String(repeating: "ă", count: 16_384)  // 32 KiB of UTF-8 per statement
            try db.execute("BEGIN")
            for k in 1...(PGConnection.pipelineDepth * 2) { try insert.send([.integer(Int64(k)), .text(big)]) }
            #expect(try Self.count(db) == Int64(PGConnection.pipelineDepth * 2))
            #expect(try db.scalarInt("SELECT sum(length(v)) FROM t") == Int64(PGConnection.pipelineDepth * 2 * 16_384))
            try db.commit()
        }
    }

    @Test("a connection lost with statements unanswered is reported as lost, not waited on")
    func aLostConnectionIsReported() throws {
        let server = try TestPostgresServer.start()
        defer { server.stop() }
        let db = try Self.connection(server)
        let pid = try #require(try db.scalarInt("SELECT pg_backend_pid()"))
        let insert = try db.statement("INSERT INTO t (k, v) VALUES (?, ?)")
        try db.execute("BEGIN")
        try insert.send([.integer(1), .text("a")])
        let other = try PGConnection(conninfo: server.url)
        #expect(try other.scalarInt("SELECT pg_terminate_backend(?)::int", [.integer(pid)]) == 1)
        // A few more sends may still be taken by the dying socket, or refused at once.
        var refused: PGError?
        do {
            for k in 2...5 { try insert.send([.integer(Int64(k)), .text("b")]) }
            _ = try db.scalarInt("SELECT count(*) FROM t")
        } catch {
            refused = error
        }
        let error = try #require(refused)
        #expect(error.isConnectionFailure || error.sqlState == "57P01")
        #expect(try Self.count(other) == 0)
    }
}
