import CSQLite

/// An error reported by SQLite, with the primary result code, SQLite's message and the SQL that
/// failed (never bound values: they may hold personal data).
public struct SQLiteError: Error, Sendable, CustomStringConvertible {
    /// The extended result code SQLite returned (for example `SQLITE_BUSY`, `SQLITE_CONSTRAINT_UNIQUE`).
    public let extendedCode: Int32
    /// SQLite's own explanation.
    public let message: String
    /// The statement that failed, or nil for connection-level failures.
    public let sql: String?

    /// Creates an error from a result code and context.
    public init(code: Int32, message: String, sql: String? = nil) {
        self.extendedCode = code
        self.message = message
        self.sql = sql
    }

    /// The primary result code (the low byte of the extended code).
    public var code: Int32 { extendedCode & 0xFF }

    /// True when another connection held a lock past the busy timeout.
    public var isBusy: Bool { code == SQLITE_BUSY || code == SQLITE_LOCKED }

    /// True for a UNIQUE or PRIMARY KEY violation.
    public var isUniqueViolation: Bool {
        // SQLITE_CONSTRAINT_UNIQUE and _PRIMARYKEY are function-like macros Swift cannot import.
        extendedCode == SQLITE_CONSTRAINT | (8 << 8) || extendedCode == SQLITE_CONSTRAINT | (6 << 8)
    }

    /// True when the file is not a database or is damaged.
    public var isCorrupt: Bool { code == SQLITE_CORRUPT || code == SQLITE_NOTADB }

    /// True for failures to read or write the file, a full disk or a read-only file.
    public var isIOError: Bool {
        code == SQLITE_IOERR || code == SQLITE_FULL || code == SQLITE_READONLY
            || code == SQLITE_CANTOPEN || code == SQLITE_PERM
    }

    public var description: String {
        let name = String(cString: sqlite3_errstr(extendedCode))
        if let sql {
            return "SQLite error \(extendedCode) (\(name)): \(message) [\(sql)]"
        }
        return "SQLite error \(extendedCode) (\(name)): \(message)"
    }
}
