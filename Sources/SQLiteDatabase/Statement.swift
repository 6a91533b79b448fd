import CSQLite
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A prepared statement, reused across executions: bind, step, read columns, reset.
///
/// Owned by the ``Connection`` that prepared it and used only on that connection's thread.
public final class Statement {
    let handle: OpaquePointer
    /// The SQL text, kept for error messages.
    public let sql: String
    private unowned let connection: Connection

    init(connection: Connection, sql: String) throws(SQLiteError) {
        var stmt: OpaquePointer?
        let rc = sqlite3_prepare_v3(connection.handle, sql, -1, UInt32(SQLITE_PREPARE_PERSISTENT), &stmt, nil)
        guard rc == SQLITE_OK, let stmt else {
            throw connection.error(code: rc, sql: sql)
        }
        self.handle = stmt
        self.sql = sql
        self.connection = connection
    }

    deinit { sqlite3_finalize(handle) }

    /// Values that can be bound to a parameter.
    public enum Value: Sendable, Equatable {
        case null
        case integer(Int64)
        case text(String)
        case blob([UInt8])
    }

    /// Clears the previous run and binds `values` to parameters 1...n.
    public func reset(binding values: [Value] = []) throws(SQLiteError) {
        sqlite3_reset(handle)
        sqlite3_clear_bindings(handle)
        for (i, value) in values.enumerated() {
            try bind(value, at: Int32(i + 1))
        }
    }

    /// Binds one value to the 1-based parameter `index`.
    public func bind(_ value: Value, at index: Int32) throws(SQLiteError) {
        let rc: Int32
        switch value {
        case .null:
            rc = sqlite3_bind_null(handle, index)
        case .integer(let n):
            rc = sqlite3_bind_int64(handle, index, n)
        case .text(var s):
            // Bound from the String's own UTF-8 with its length (SQLite copies it): no C string
            // made first, and no strlen.
            rc = s.withUTF8 { utf8 in
                utf8.withMemoryRebound(to: CChar.self) { text in
                    // An empty buffer may have no address, which SQLite would bind as NULL: "" is copied.
                    guard let base = text.baseAddress, !text.isEmpty else { return sqlite3_bind_text(handle, index, "", 0, csqlite_transient()) }
                    return sqlite3_bind_text(handle, index, base, Int32(text.count), csqlite_transient())
                }
            }
        case .blob(let bytes):
            rc = bytes.withUnsafeBytes { raw in
                sqlite3_bind_blob(handle, index, raw.baseAddress, Int32(raw.count), csqlite_transient())
            }
        }
        guard rc == SQLITE_OK else { throw connection.error(code: rc, sql: sql) }
    }

    /// Advances to the next row; returns false when the statement is done.
    @discardableResult
    public func step() throws(SQLiteError) -> Bool {
        let rc = sqlite3_step(handle)
        switch rc {
        case SQLITE_ROW: return true
        case SQLITE_DONE: return false
        default:
            let error = connection.error(code: rc, sql: sql)
            sqlite3_reset(handle)
            throw error
        }
    }

    /// Runs the statement to completion, ignoring rows.
    public func execute(_ values: [Value] = []) throws(SQLiteError) {
        try reset(binding: values)
        while try step() {}
        sqlite3_reset(handle)
    }

    /// Runs the statement to completion with `values` bound to parameters 1...n, ignoring rows,
    /// like ``execute(_:)``, but binds text and blobs where they are (`SQLITE_STATIC`) instead of
    /// having SQLite copy each into memory of its own first: for a bulk insert, which runs one
    /// statement per row. The bindings are cleared before this returns, so SQLite keeps no
    /// pointer into `values`.
    public func executeBorrowing(_ values: [Value]) throws(SQLiteError) {
        sqlite3_reset(handle)
        defer {
            sqlite3_reset(handle)
            sqlite3_clear_bindings(handle)
        }
        do {
            try bindBorrowing(values, from: 0)
        } catch let error as SQLiteError {
            throw error
        } catch {
            preconditionFailure("binding and stepping throw only SQLite's errors, not \(error)")
        }
    }

    /// Binds `values[i...]` without copying them, each inside the scope where its bytes stay put,
    /// and steps the statement to completion inside the innermost one.
    private func bindBorrowing(_ values: [Value], from i: Int) throws {
        guard i < values.count else {
            while try step() {}
            return
        }
        let index = Int32(i + 1)
        let rc: Int32
        switch values[i] {
        case .null:
            rc = sqlite3_bind_null(handle, index)
        case .integer(let n):
            rc = sqlite3_bind_int64(handle, index, n)
        case .text(var s):
            return try s.withUTF8 { utf8 in
                // An empty buffer may have no address, which SQLite would bind as NULL: "" is copied.
                let rc = utf8.withMemoryRebound(to: CChar.self) { text in
                    guard let base = text.baseAddress, !text.isEmpty else {
                        return sqlite3_bind_text(handle, index, "", 0, csqlite_transient())
                    }
                    return sqlite3_bind_text(handle, index, base, Int32(text.count), nil)
                }
                guard rc == SQLITE_OK else { throw connection.error(code: rc, sql: sql) }
                try bindBorrowing(values, from: i + 1)
            }
        case .blob(let bytes):
            return try bytes.withUnsafeBytes { raw in
                let rc = raw.isEmpty ? sqlite3_bind_zeroblob(handle, index, 0)
                    : sqlite3_bind_blob(handle, index, raw.baseAddress, Int32(raw.count), nil)
                guard rc == SQLITE_OK else { throw connection.error(code: rc, sql: sql) }
                try bindBorrowing(values, from: i + 1)
            }
        }
        guard rc == SQLITE_OK else { throw connection.error(code: rc, sql: sql) }
        try bindBorrowing(values, from: i + 1)
    }

    /// True when column `index` of the current row is NULL.
    public func isNull(_ index: Int32) -> Bool { sqlite3_column_type(handle, index) == SQLITE_NULL }

    /// The integer in column `index` of the current row.
    public func int64(_ index: Int32) -> Int64 { sqlite3_column_int64(handle, index) }

    /// The text in column `index` of the current row ("" for NULL).
    public func text(_ index: Int32) -> String {
        guard let p = sqlite3_column_text(handle, index) else { return "" }
        let count = Int(sqlite3_column_bytes(handle, index))
        return String(decoding: UnsafeBufferPointer(start: p, count: count), as: UTF8.self)
    }

    /// Whether the text in column `index` of the current row is exactly `expected` (NULL is
    /// never equal); compares bytes without building a String.
    public func textEquals(_ index: Int32, _ expected: String?) -> Bool {
        guard var expected, let p = sqlite3_column_text(handle, index) else { return false }
        let count = Int(sqlite3_column_bytes(handle, index))
        return expected.withUTF8 { e in
            guard e.count == count else { return false }
            guard let base = e.baseAddress else { return true }
            return memcmp(base, p, count) == 0
        }
    }

    /// Whether the text in column `index` of the current row is exactly the UTF-8 bytes
    /// `expected` (NULL is never equal).
    public func textEquals(_ index: Int32, bytes expected: UnsafeRawBufferPointer) -> Bool {
        guard let p = sqlite3_column_text(handle, index) else { return false }
        let count = Int(sqlite3_column_bytes(handle, index))
        guard expected.count == count else { return false }
        guard let base = expected.baseAddress else { return true }
        return memcmp(base, p, count) == 0
    }

    /// Whether column `index` of the current row is a blob (or NULL, for no bytes) equal to
    /// `expected`.
    public func blobEquals(_ index: Int32, bytes expected: UnsafeRawBufferPointer) -> Bool {
        let count = Int(sqlite3_column_bytes(handle, index))
        guard count == expected.count else { return false }
        guard count > 0, let p = sqlite3_column_blob(handle, index), let e = expected.baseAddress else { return count == 0 }
        return memcmp(e, p, count) == 0
    }

    /// The bytes in column `index` of the current row (empty for NULL).
    public func blob(_ index: Int32) -> [UInt8] {
        let count = Int(sqlite3_column_bytes(handle, index))
        guard count > 0, let p = sqlite3_column_blob(handle, index) else { return [] }
        return Array(UnsafeRawBufferPointer(start: p, count: count))
    }

    /// Calls `body` with the bytes of column `index` without copying them; the buffer is valid
    /// only inside `body`.
    public func withBlob<R>(_ index: Int32, _ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        let count = Int(sqlite3_column_bytes(handle, index))
        guard count > 0, let p = sqlite3_column_blob(handle, index) else {
            return try body(UnsafeRawBufferPointer(start: nil, count: 0))
        }
        return try body(UnsafeRawBufferPointer(start: p, count: count))
    }
}
