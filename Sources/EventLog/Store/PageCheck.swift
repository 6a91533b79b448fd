import Foundation
import SQLiteDatabase

/// How much of the file SQLite's own page-level check covers while `verify` reads the entries.
///
/// `verify` reads every row of the events table itself and checks each column against the
/// entry's bytes and each entry against its leaf hash, so a damaged page of that table shows as a
/// problem in the rows it holds. SQLite's `quick_check` over the same pages would read them twice
/// more (its page walk and its row loop) and adds only storage health (free space and page
/// accounting), which is not evidence of tampering; it is a fifth of `verify`'s time. So by
/// default it covers what the entry scan does not read. Either way every index of `events` is
/// counted: an index that lost or gained entries misleads lookups, and `quick_check` does not
/// compare indexes with their table.
public enum PageCheck: String, Sendable {
    /// The pages the entry scan does not read row by row: SQLite's `quick_check` of every table
    /// other than `events`, and every index of `events` walked to its end and counted (a damaged
    /// index page fails the walk).
    case unread
    /// SQLite's `quick_check` of every page of the file, the events table's included.
    case wholeFile = "whole_file"
    /// A log on a database server, which checks its own pages (PostgreSQL's data checksums, when
    /// the cluster was made with them) as it reads them.
    case server

    /// "ok", or what SQLite found wrong, in the file `db` opens. Reads in one transaction, so
    /// index counts taken beside an append agree.
    func run(on db: Connection) throws(SQLiteError) -> String {
        try db.execute("BEGIN DEFERRED")
        defer { try? db.execute("COMMIT") }
        let (tables, indexes) = try Self.schema(db)
        switch self {
        case .wholeFile:
            let result = try db.scalarText("PRAGMA quick_check(1)") ?? ""
            guard result == "ok" else { return result }
        case .server:
            preconditionFailure("the page check is SQLite's")
        case .unread:
            for table in tables {
                let result = try db.scalarText("PRAGMA quick_check(\(Self.quotedLiteral(table)))") ?? ""
                guard result == "ok" else { return "table \(table): \(result)" }
            }
        }
        // Every index of `events` holds one entry per row, so all agree in count. A bare
        // count(*) would let SQLite count the smallest index whatever INDEXED BY says; counting
        // the index's first column makes it walk that index.
        var first: (name: String, entries: Int64)?
        for index in indexes {
            let column = try db.scalarText("SELECT name FROM pragma_index_info(?) WHERE seqno = 0", [.text(index)])
            let counted = column.map { "count(\(Self.quotedIdentifier($0)))" } ?? "count(*)"
            let entries = try db.scalarInt("SELECT \(counted) FROM events INDEXED BY \(Self.quotedIdentifier(index))") ?? 0
            guard let earlier = first else {
                first = (index, entries)
                continue
            }
            guard entries == earlier.entries else {
                return "index \(index) holds \(entries) entries, index \(earlier.name) \(earlier.entries)"
            }
        }
        return "ok"
    }

    /// The tables other than `events`, and the indexes of `events`, by name.
    private static func schema(_ db: Connection) throws(SQLiteError) -> (tables: [String], indexes: [String]) {
        var tables: [String] = []
        var indexes: [String] = []
        let schema = try db.statement(
            "SELECT type, name FROM sqlite_schema WHERE (type = 'table' AND name != 'events') "
                + "OR (type = 'index' AND tbl_name = 'events') ORDER BY type, name")
        try schema.reset()
        defer { try? schema.reset() }
        while try schema.step() {
            if schema.text(0) == "table" { tables.append(schema.text(1)) } else { indexes.append(schema.text(1)) }
        }
        return (tables, indexes)
    }

    private static func quotedLiteral(_ text: String) -> String {
        "'" + text.replacingOccurrences(of: "'", with: "''") + "'"
    }

    private static func quotedIdentifier(_ text: String) -> String {
        "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
