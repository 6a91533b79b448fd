import Foundation
import PostgresDatabase
import Testing
import TestSupport

@testable import AuditDomain

/// The query with which an append to PostgreSQL asks the domain index for a batch's keys reads
/// the index however large the table has grown since the append began: it is planned at each
/// run, where a prepared statement keeps the plan it made on the empty table of a log's first
/// append (on a real server, ``TestPostgresServer``).
@Suite struct DomainIndexPrefetchTests {
    @Test("the batch look-up, run first on an empty domain index, reads the index at 200,000 rows and finds exactly the keys asked; prepared, it would scan the table")
    func theLookUpIsPlannedForTheTableAsItIs() throws {
        let server = try TestPostgresServer.start()
        defer { server.stop() }
        let db = try PGConnection(conninfo: server.url)
        let schema = TestPostgresServer.root.appendingPathComponent("Schemas/sql/postgresql/002_domain.sql")
        try db.execute(try String(contentsOf: schema, encoding: .utf8))
        try db.execute("BEGIN")  // as in an append: the rows below are not analysed before the look-ups
        let lookUp = db.plannedEachTime(DomainAdmission.prefetchSQL)
        let prepared = try db.statement(DomainAdmission.prefetchSQL)
        func pairs(_ keys: [(KeyKind, String)]) -> [PGValue] {
            [.textArray(keys.map(\.0.rawValue)), .textArray(keys.map(\.1))]
        }
        func ask(_ statement: PGStatement, _ keys: [(KeyKind, String)]) throws -> Set<String> {
            let r = try statement.run(pairs(keys))
            return Set((0..<r.count).map { "\(r.text($0, 0))/\(r.text($0, 1))" })
        }
        // More runs than PostgreSQL plans afresh before a prepared statement keeps one plan.
        for _ in 0..<8 {
            #expect(try ask(lookUp, [(.org, "a"), (.report, "r")]).isEmpty)
            #expect(try ask(prepared, [(.org, "a"), (.report, "r")]).isEmpty)
        }
        try db.execute("""
            INSERT INTO domain_keys (kind, key, seq)
            SELECT (ARRAY['org', 'report', 'task'])[1 + g % 3], 'k' || g, g FROM generate_series(1, 200000) AS g
            """)
        let asked: [(KeyKind, String)] = [(.org, "k3"), (.org, "k4"), (.org, "k6"), (.report, "k4"), (.report, "k7"), (.report, "missing"), (.task, "k5")]
        let found: Set<String> = ["org/k3", "org/k6", "report/k4", "report/k7", "task/k5"]
        #expect(try ask(lookUp, asked) == found)
        #expect(try ask(prepared, asked) == found)

        let explained = db.plannedEachTime("EXPLAIN " + DomainAdmission.prefetchSQL)
        let plan = try explained.run(pairs(asked))
        let lines = (0..<plan.count).map { plan.text($0, 0) }
        #expect(!lines.contains { $0.contains("Seq Scan on domain_keys") }, "\(lines)")
        #expect(lines.contains { $0.contains("domain_keys_pkey") }, "\(lines)")
        // What the prepared statement kept: the reason the look-up is not prepared.
        let name = try #require(try db.scalarText("SELECT name FROM pg_prepared_statements WHERE statement LIKE 'SELECT kind, key, seq, data FROM domain_keys%'"))
        let kept = try db.query("EXPLAIN EXECUTE \(name)('{org}', '{k3}')")
        #expect((0..<kept.count).contains { kept.text($0, 0).contains("Seq Scan on domain_keys") })
        try db.execute("ROLLBACK")
    }
}
