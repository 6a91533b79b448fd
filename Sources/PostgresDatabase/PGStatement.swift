/// A statement prepared on a ``PGConnection``, run with parameters. Also usable the way an
/// SQLite statement is stepped: ``reset(binding:)`` binds, ``step()`` runs it on first call and
/// moves to the next row, the column accessors read the current row.
public final class PGStatement {
    /// The server-side name of the prepared statement; nil for one sent as text and planned at
    /// each run (``PGConnection/plannedEachTime(_:)``).
    let name: String?
    /// The SQL text as the caller wrote it, kept for error messages.
    public let sql: String
    /// The SQL text as sent, with numbered placeholders.
    let text: String
    private unowned let connection: PGConnection
    private var pending: [PGValue]?
    private var result: PGResult?
    private var row: Int32 = -1

    init(connection: PGConnection, name: String?, sql: String, text: String) {
        self.connection = connection
        self.name = name
        self.sql = sql
        self.text = text
    }

    /// Runs the statement with `values` and returns its rows.
    public func run(_ values: [PGValue] = []) throws(PGError) -> PGResult {
        try connection.run(self, values)
    }

    /// Binds `values` for the next ``step()``, dropping the previous run's rows.
    public func reset(binding values: [PGValue] = []) {
        pending = values
        result = nil
        row = -1
    }

    /// Runs the statement if it has not run since ``reset(binding:)``, then moves to the next
    /// row; false after the last.
    public func step() throws(PGError) -> Bool {
        if let values = pending {
            result = try run(values)
            pending = nil
            row = -1
        }
        guard let result else { return false }
        row += 1
        return row < result.count
    }

    /// Runs the statement with `values`, discarding any rows.
    public func execute(_ values: [PGValue] = []) throws(PGError) {
        _ = try run(values)
        reset()
        pending = nil
    }

    /// Sends the statement with `values` without waiting for its answer, for a write whose
    /// rows are not wanted: the connection's next call that waits for the server reads the
    /// answer and throws its error (``PGConnection/send(_:_:)``).
    public func send(_ values: [PGValue] = []) throws(PGError) {
        try connection.send(self, values)
    }

    private var current: PGResult {
        guard let result, row >= 0, row < result.count else { preconditionFailure("no current row of \(sql)") }
        return result
    }

    /// Whether column `i` of the current row is NULL.
    public func isNull(_ i: Int32) -> Bool { current.isNull(row, i) }
    /// Column `i` of the current row as an integer.
    public func int64(_ i: Int32) -> Int64 { current.int64(row, i) }
    /// Column `i` of the current row as text.
    public func text(_ i: Int32) -> String { current.text(row, i) }
    /// Column `i` of the current row as bytes.
    public func blob(_ i: Int32) -> [UInt8] { current.bytes(row, i) }
    /// Calls `body` with the bytes of column `i` of the current row.
    public func withBlob<R>(_ i: Int32, _ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        try current.withBytes(row, i, body)
    }
}
