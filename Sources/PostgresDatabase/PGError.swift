import CLibPQ

/// An error reported by PostgreSQL or by libpq: the SQLSTATE code when the server sent one,
/// the server's (or libpq's) message, and the SQL that failed (never bound values: they may
/// hold personal data).
public struct PGError: Error, Sendable, CustomStringConvertible {
    /// The five-character SQLSTATE, or nil for a failure of the connection itself.
    public let sqlState: String?
    /// The message, on one line.
    public let message: String
    /// The statement that failed, or nil.
    public let sql: String?
    /// True when the connection could not be made or was lost (no reply can be trusted to
    /// have been applied or not: an open transaction was rolled back by the server).
    public let isConnectionFailure: Bool
    /// True when libpq itself could not be loaded: no server was asked, and a retry cannot help.
    public let isClientLibraryMissing: Bool

    /// Creates an error.
    public init(sqlState: String?, message: String, sql: String? = nil, isConnectionFailure: Bool = false,
                isClientLibraryMissing: Bool = false) {
        self.sqlState = sqlState
        self.message = message.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters() }.joined(separator: " ")
        self.sql = sql
        // A login the server refused, or a database it does not have, is not a lost connection.
        let refused = sqlState.map { $0.hasPrefix("28") || $0 == "3D000" } ?? false
        self.isConnectionFailure = !refused && (isConnectionFailure || (sqlState?.hasPrefix("08") ?? false))
        self.isClientLibraryMissing = isClientLibraryMissing
    }

    /// Insufficient privilege (42501): the role may not do this.
    public var isPermissionDenied: Bool { sqlState == "42501" || sqlState == "28000" || sqlState == "28P01" }
    /// A UNIQUE or PRIMARY KEY violation (23505).
    public var isUniqueViolation: Bool { sqlState == "23505" }
    /// The statement was cancelled by `statement_timeout` or `lock_timeout` (57014, 55P03).
    public var isTimeout: Bool { sqlState == "57014" || sqlState == "55P03" }
    /// A table or schema that is not there (42P01, 3F000).
    public var isUndefinedTable: Bool { sqlState == "42P01" || sqlState == "3F000" }
    /// The database named does not exist (3D000).
    public var isUnknownDatabase: Bool { sqlState == "3D000" }
    /// The server is shutting down or restarting (57P01, 57P02, 57P03).
    public var isServerGoingAway: Bool { sqlState.map { ["57P01", "57P02", "57P03"].contains($0) } ?? false }
    /// A deadlock or serialization failure: the transaction may be retried (40001, 40P01).
    public var isRetryable: Bool { sqlState == "40001" || sqlState == "40P01" }
    /// A write in a read-only transaction or on a standby (25006).
    public var isReadOnly: Bool { sqlState == "25006" }

    public var description: String {
        let code = sqlState.map { "PostgreSQL error \($0)" } ?? "PostgreSQL connection error"
        return "\(code): \(message)"
    }
}

extension Substring {
    fileprivate func trimmingCharacters() -> Substring {
        var s = self
        while let f = s.first, f == " " || f == "\t" { s = s.dropFirst() }
        while let l = s.last, l == " " || l == "\t" { s = s.dropLast() }
        return s
    }
}
