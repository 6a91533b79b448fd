import CSQLite

/// One connection to an SQLite database file.
///
/// Not `Sendable`: a connection belongs to the thread that opened it. Statements are prepared once
/// and cached by SQL text.
public final class Connection {
    let handle: OpaquePointer
    /// The path the connection was opened with.
    public let path: String
    private var cache: [String: Statement] = [:]

    /// How to open the file.
    public enum Mode: Sendable {
        /// Read only; fails if the file does not exist.
        case readOnly
        /// Read and write; fails if the file does not exist.
        case readWrite
        /// Read and write, creating the file.
        case create
    }

    /// Opens `path`. The busy timeout applies to every lock wait on this connection.
    public init(path: String, mode: Mode, busyTimeoutMilliseconds: Int32) throws(SQLiteError) {
        var flags = SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_EXRESCODE
        switch mode {
        case .readOnly: flags |= SQLITE_OPEN_READONLY
        case .readWrite: flags |= SQLITE_OPEN_READWRITE
        case .create: flags |= SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE
        }
        var db: OpaquePointer?
        let rc = sqlite3_open_v2(path, &db, flags, nil)
        guard rc == SQLITE_OK, let db else {
            let message = db.map { String(cString: sqlite3_errmsg($0)) } ?? String(cString: sqlite3_errstr(rc))
            if let db { sqlite3_close_v2(db) }
            throw SQLiteError(code: rc, message: message)
        }
        self.handle = db
        self.path = path
        sqlite3_busy_timeout(db, busyTimeoutMilliseconds)
    }

    deinit {
        cache.removeAll()
        sqlite3_close_v2(handle)
    }

    func error(code: Int32, sql: String?) -> SQLiteError {
        let extended = sqlite3_extended_errcode(handle)
        let message = String(cString: sqlite3_errmsg(handle))
        // sqlite3_errmsg describes the most recent failure; prefer its extended code when it
        // refines the primary code we were given.
        let useExtended = (extended & 0xFF) == (code & 0xFF)
        return SQLiteError(code: useExtended ? extended : code, message: message, sql: sql)
    }

    /// Runs one or more SQL statements that return no rows we need.
    public func execute(_ sql: String) throws(SQLiteError) {
        var errmsg: UnsafeMutablePointer<CChar>?
        let rc = sqlite3_exec(handle, sql, nil, nil, &errmsg)
        if rc != SQLITE_OK {
            let message = errmsg.map { String(cString: $0) } ?? String(cString: sqlite3_errstr(rc))
            sqlite3_free(errmsg)
            throw SQLiteError(code: sqlite3_extended_errcode(handle), message: message, sql: sql)
        }
    }

    /// A prepared statement for `sql`, prepared once per connection and reused.
    public func statement(_ sql: String) throws(SQLiteError) -> Statement {
        if let cached = cache[sql] { return cached }
        let stmt = try Statement(connection: self, sql: sql)
        cache[sql] = stmt
        return stmt
    }

    /// The first column of the first row of `sql`, as an integer, or nil when there is no row.
    public func scalarInt(_ sql: String, _ values: [Statement.Value] = []) throws(SQLiteError) -> Int64? {
        let stmt = try statement(sql)
        try stmt.reset(binding: values)
        defer { sqlite3_reset(stmt.handle) }
        guard try stmt.step(), !stmt.isNull(0) else { return nil }
        return stmt.int64(0)
    }

    /// The first column of the first row of `sql`, as text, or nil when there is no row.
    public func scalarText(_ sql: String, _ values: [Statement.Value] = []) throws(SQLiteError) -> String? {
        let stmt = try statement(sql)
        try stmt.reset(binding: values)
        defer { sqlite3_reset(stmt.handle) }
        guard try stmt.step(), !stmt.isNull(0) else { return nil }
        return stmt.text(0)
    }

    /// Iterates the rows of `sql`, calling `body` with the statement positioned on each row.
    /// Rows stream: nothing is accumulated.
    public func forEachRow(
        _ sql: String, _ values: [Statement.Value] = [], _ body: (Statement) throws -> Void
    ) throws {
        let stmt = try statement(sql)
        try stmt.reset(binding: values)
        defer { sqlite3_reset(stmt.handle) }
        while try stmt.step() {
            try body(stmt)
        }
    }

    /// Runs `body` inside `BEGIN IMMEDIATE` … `COMMIT`; rolls back if `body` throws.
    ///
    /// `BEGIN IMMEDIATE` takes the write lock up front, so concurrent writers queue on the busy
    /// timeout instead of failing later with a deadlock.
    public func writeTransaction<R>(_ body: () throws -> R) throws -> R {
        try execute("BEGIN IMMEDIATE")
        do {
            let result = try body()
            try execute("COMMIT")
            return result
        } catch {
            // First error wins: a failed ROLLBACK (the transaction may already be gone) must not
            // hide the error that caused it.
            try? execute("ROLLBACK")
            throw error
        }
    }

    /// How a transaction that `body` decides ends.
    public enum TransactionCompletion: Sendable {
        /// Keep what the body wrote.
        case commit
        /// Undo it, as if the body had not run (a dry run).
        case rollback
    }

    /// Runs `body` inside `BEGIN IMMEDIATE` and then commits or rolls back as `body` decides;
    /// rolls back if `body` throws. Returns what `body` returned either way.
    public func inWriteTransaction<R>(_ body: () throws -> (R, TransactionCompletion)) throws -> R {
        try execute("BEGIN IMMEDIATE")
        do {
            let (result, completion) = try body()
            try execute(completion == .commit ? "COMMIT" : "ROLLBACK")
            return result
        } catch {
            try? execute("ROLLBACK")
            throw error
        }
    }

    /// Runs `body` inside a read transaction, so every read sees one snapshot of the file.
    public func readTransaction<R>(_ body: () throws -> R) throws -> R {
        try execute("BEGIN DEFERRED")
        defer { try? execute("COMMIT") }
        return try body()
    }

    /// Whether a transaction is open on this connection.
    public var isInTransaction: Bool { sqlite3_get_autocommit(handle) == 0 }

    /// `PRAGMA user_version`.
    public func userVersion() throws(SQLiteError) -> Int64 {
        try scalarInt("PRAGMA user_version") ?? 0
    }
}
