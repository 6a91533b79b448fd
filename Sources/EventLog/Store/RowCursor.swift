import LogFormat
import PostgresDatabase
import SQLiteDatabase

/// Rows read in order, one at a time, by `verify`: an SQLite statement, or a PostgreSQL query
/// read in keyset pages (``PostgresPagedRows``). Both engines' verify runs the same checks over it.
protocol RowCursor: AnyObject {
    /// Moves to the next row; false after the last.
    func step() throws -> Bool
    /// Column `index` of the current row as an integer.
    func int64(_ index: Int32) -> Int64
    /// Column `index` of the current row as text.
    func text(_ index: Int32) -> String
    /// Whether column `index` of the current row holds exactly `bytes`.
    func blobEquals(_ index: Int32, bytes: UnsafeRawBufferPointer) -> Bool
    /// Whether column `index` of the current row is the text of `bytes`.
    func textEquals(_ index: Int32, bytes: UnsafeRawBufferPointer) -> Bool
    /// Calls `body` with the bytes of column `index` of the current row.
    func withBlob<R>(_ index: Int32, _ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R
}

extension Statement: RowCursor {}

/// A PostgreSQL query read in keyset pages of ``Limits/postgresPageRows`` rows, as a
/// ``RowCursor``. The query's first column is the key (ascending, unique); its parameters are
/// `values`, then the key after which a page starts, then the page size.
final class PostgresPagedRows: RowCursor {
    private let stmt: PGStatement
    private let values: [PGValue]
    private var after: Int64
    private var page: PGResult?
    private var row: Int32 = -1
    private var exhausted = false

    init(_ db: PGConnection, _ sql: String, _ values: [PGValue] = [], after: Int64 = Int64.min) throws {
        stmt = try db.statement(sql)
        self.values = values
        self.after = after
    }

    func step() throws -> Bool {
        if let page, row + 1 < page.count {
            row += 1
            after = page.int64(row, 0)
            return true
        }
        if exhausted { return false }
        let next = try stmt.run(values + [.integer(after), .integer(Int64(Limits.postgresPageRows))])
        exhausted = next.count < Int32(Limits.postgresPageRows)
        page = next
        row = -1
        guard next.count > 0 else { return false }
        row = 0
        after = next.int64(0, 0)
        return true
    }

    private var current: PGResult { page! }
    func int64(_ index: Int32) -> Int64 { current.int64(row, index) }
    func text(_ index: Int32) -> String { current.text(row, index) }
    func withBlob<R>(_ index: Int32, _ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        try current.withBytes(row, index, body)
    }
    func blobEquals(_ index: Int32, bytes: UnsafeRawBufferPointer) -> Bool {
        current.withBytes(row, index) { $0.count == bytes.count && $0.elementsEqual(bytes) }
    }
    func textEquals(_ index: Int32, bytes: UnsafeRawBufferPointer) -> Bool { blobEquals(index, bytes: bytes) }
}
