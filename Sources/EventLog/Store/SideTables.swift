import PostgresDatabase
import SQLiteDatabase

/// A value bound to a side table's statement: SQLite's four storage classes, which the
/// PostgreSQL engine sends as `bigint`, `text`, `bytea` and NULL.
public enum TableValue: Sendable, Equatable {
    case null
    case integer(Int64)
    case text(String)
    case blob([UInt8])
}

/// The connection for the tables a layer keeps beside the log (the domain index, the
/// projections), on whichever engine holds the log, inside the store's transaction. The SQL
/// written against it is the part common to SQLite and PostgreSQL: `?` placeholders, upserts
/// with `ON CONFLICT`, no engine-specific functions; each layer keeps its tables' definitions
/// once per engine (``isPostgreSQL`` says which to apply).
public final class SideTables {
    private enum Backend {
        case sqlite(Connection)
        case postgres(PGConnection)
    }

    private let backend: Backend
    private var statements: [String: TableStatement] = [:]
    private var plannedEachTime: [String: TableStatement] = [:]
    /// Run before every statement: an append to PostgreSQL ends its open COPY there.
    private let beforeUse: (() throws -> Void)?

    init(_ db: Connection) {
        backend = .sqlite(db)
        beforeUse = nil
    }

    init(_ db: PGConnection, beforeUse: (() throws -> Void)? = nil) {
        backend = .postgres(db)
        self.beforeUse = beforeUse
    }

    /// Whether the log is on PostgreSQL (apply that engine's table definitions).
    public var isPostgreSQL: Bool {
        if case .postgres = backend { return true }
        return false
    }

    /// Runs one or more statements without parameters.
    public func execute(_ sql: String) throws {
        try beforeUse?()
        switch backend {
        case .sqlite(let db): try db.execute(sql)
        case .postgres(let db): try db.execute(sql)
        }
    }

    /// The statement for `sql`, prepared once and reused.
    public func statement(_ sql: String) throws -> TableStatement {
        if let known = statements[sql] { return known }
        let made: TableStatement
        switch backend {
        case .sqlite(let db): made = TableStatement(.sqlite(try db.statement(sql)), beforeUse: beforeUse)
        case .postgres(let db):
            try beforeUse?()
            made = TableStatement(.postgres(try db.statement(sql)), beforeUse: beforeUse)
        }
        statements[sql] = made
        return made
    }

    /// The first column of the first row of `sql` as an integer, or nil when there is none.
    public func scalarInt(_ sql: String, _ values: [TableValue] = []) throws -> Int64? {
        let stmt = try statement(sql)
        try stmt.reset(binding: values)
        defer { try? stmt.reset() }
        guard try stmt.step(), !stmt.isNull(0) else { return nil }
        return stmt.int64(0)
    }

    /// The statement for `sql`, on PostgreSQL sent as text and planned afresh at each run, for
    /// the values given and the tables as they are then: for a query whose best plan changes as
    /// a table grows within one transaction. On SQLite, ``statement(_:)``.
    public func statement(plannedEachTime sql: String) throws -> TableStatement {
        guard case .postgres(let db) = backend else { return try statement(sql) }
        if let known = plannedEachTime[sql] { return known }
        let made = TableStatement(.postgres(db.plannedEachTime(sql)), beforeUse: beforeUse)
        plannedEachTime[sql] = made
        return made
    }

    /// Calls `body` with the statement on each row of `sql` (``statement(plannedEachTime:)``
    /// with `plannedEachTime`).
    public func forEachRow(
        _ sql: String, _ values: [TableValue] = [], plannedEachTime: Bool = false, _ body: (TableStatement) throws -> Void
    ) throws {
        let stmt = plannedEachTime ? try statement(plannedEachTime: sql) : try statement(sql)
        try stmt.reset(binding: values)
        defer { try? stmt.reset() }
        while try stmt.step() { try body(stmt) }
    }

    /// Whether the table `name` exists (in the schema the log is in).
    public func hasTable(_ name: String) throws -> Bool {
        switch backend {
        case .sqlite:
            return try scalarInt("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = ?", [.text(name)]) == 1
        case .postgres:
            return try scalarInt("SELECT count(*) FROM pg_catalog.pg_tables WHERE tablename = ? AND schemaname = current_schema()",
                                 [.text(name)]) == 1
        }
    }
}

/// A statement on ``SideTables``: bind with ``reset(binding:)``, ``step()`` through the rows,
/// read the current row's columns.
public final class TableStatement {
    fileprivate enum Backend {
        case sqlite(Statement)
        case postgres(PGStatement)
    }

    private let backend: Backend
    private let beforeUse: (() throws -> Void)?

    fileprivate init(_ backend: Backend, beforeUse: (() throws -> Void)?) {
        self.backend = backend
        self.beforeUse = beforeUse
    }

    /// Runs the statement with `values`, discarding rows. On PostgreSQL it is sent without
    /// waiting for the server's answer, which comes back with the next statement that reads
    /// (one round trip for both): its error, if any, is thrown there, or by the commit.
    public func execute(_ values: [TableValue] = []) throws {
        try beforeUse?()
        switch backend {
        // Text and blobs bound where they are, not copied first (a rebuild writes every record).
        case .sqlite(let s): try s.executeBorrowing(values.map(Self.sqlite))
        case .postgres(let s): try s.send(values.map(Self.pg))
        }
    }

    /// Binds `values` for the next run.
    public func reset(binding values: [TableValue] = []) throws {
        switch backend {
        case .sqlite(let s): try s.reset(binding: values.map(Self.sqlite))
        case .postgres(let s): s.reset(binding: values.map(Self.pg))
        }
    }

    /// Moves to the next row (running the statement first when needed); false after the last.
    public func step() throws -> Bool {
        try beforeUse?()
        switch backend {
        case .sqlite(let s): return try s.step()
        case .postgres(let s): return try s.step()
        }
    }

    /// Whether column `i` of the current row is NULL.
    public func isNull(_ i: Int32) -> Bool {
        switch backend {
        case .sqlite(let s): s.isNull(i)
        case .postgres(let s): s.isNull(i)
        }
    }

    /// Column `i` of the current row as an integer.
    public func int64(_ i: Int32) -> Int64 {
        switch backend {
        case .sqlite(let s): s.int64(i)
        case .postgres(let s): s.int64(i)
        }
    }

    /// Column `i` of the current row as text.
    public func text(_ i: Int32) -> String {
        switch backend {
        case .sqlite(let s): s.text(i)
        case .postgres(let s): s.text(i)
        }
    }

    /// Calls `body` with the bytes of column `i` of the current row.
    public func withBlob<R>(_ i: Int32, _ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        switch backend {
        case .sqlite(let s): try s.withBlob(i, body)
        case .postgres(let s): try s.withBlob(i, body)
        }
    }

    private static func sqlite(_ value: TableValue) -> Statement.Value { value.sqliteValue }
    private static func pg(_ value: TableValue) -> PGValue { value.postgresValue }
}

extension TableValue {
    /// `items` as one PostgreSQL `text[]` parameter (`= ANY(?::text[])`, `unnest(?::text[])`):
    /// for statements only PostgreSQL runs.
    public static func textArray(_ items: [String]) -> TableValue { .text(PGValue.arrayLiteral(items)) }

    /// The value as SQLite binds it.
    var sqliteValue: Statement.Value {
        switch self {
        case .null: .null
        case .integer(let n): .integer(n)
        case .text(let s): .text(s)
        case .blob(let b): .blob(b)
        }
    }

    /// The value as PostgreSQL's engine sends it.
    var postgresValue: PGValue {
        switch self {
        case .null: .null
        case .integer(let n): .integer(n)
        case .text(let s): .text(s)
        case .blob(let b): .bytea(b)
        }
    }
}
