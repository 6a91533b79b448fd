import CLibPQ

/// The rows of one statement, in binary format, read by row and column. Integer columns may be
/// `smallint`, `integer` or `bigint`; text and `bytea` columns are read as bytes.
public final class PGResult {
    let handle: OpaquePointer
    /// Number of rows.
    public let count: Int32
    private let types: [UInt32]

    init(_ handle: OpaquePointer) {
        self.handle = handle
        count = PQntuples(handle)
        types = (0..<PQnfields(handle)).map { PQftype(handle, $0) }
    }

    deinit { PQclear(handle) }

    /// Whether column `column` of row `row` is NULL.
    public func isNull(_ row: Int32, _ column: Int32) -> Bool { PQgetisnull(handle, row, column) == 1 }

    /// Column `column` of row `row` as an integer (0 for NULL).
    public func int64(_ row: Int32, _ column: Int32) -> Int64 {
        guard !isNull(row, column), let p = PQgetvalue(handle, row, column) else { return 0 }
        let raw = UnsafeRawPointer(p)
        switch PQgetlength(handle, row, column) {
        case 8: return Int64(bigEndian: raw.loadUnaligned(as: Int64.self))
        case 4: return Int64(Int32(bigEndian: raw.loadUnaligned(as: Int32.self)))
        case 2: return Int64(Int16(bigEndian: raw.loadUnaligned(as: Int16.self)))
        case 1: return Int64(raw.load(as: UInt8.self))
        default: preconditionFailure("column \(column) of type \(types[Int(column)]) is not an integer")
        }
    }

    /// Calls `body` with the bytes of column `column` of row `row` (empty for NULL), valid during the call.
    public func withBytes<R>(_ row: Int32, _ column: Int32, _ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        let n = Int(PQgetlength(handle, row, column))
        guard n > 0, let p = PQgetvalue(handle, row, column) else { return try body(UnsafeRawBufferPointer(start: nil, count: 0)) }
        return try body(UnsafeRawBufferPointer(start: UnsafeRawPointer(p), count: n))
    }

    /// Column `column` of row `row` as text ("" for NULL).
    public func text(_ row: Int32, _ column: Int32) -> String { withBytes(row, column) { String(decoding: $0, as: UTF8.self) } }

    /// Column `column` of row `row` as bytes.
    public func bytes(_ row: Int32, _ column: Int32) -> [UInt8] { withBytes(row, column) { Array($0) } }
}
