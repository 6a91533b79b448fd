/// Rows in PostgreSQL's binary COPY format, built in memory and sent with `COPY … FROM STDIN
/// (FORMAT binary)`: how an append writes its events and tree nodes in few round trips. The
/// buffer holds the header and the rows; ``finished()`` adds the trailer. A COPY that stays open
/// across several buffers sends ``header`` once, then each buffer's ``rowBytes``, then ``trailer``.
struct PostgresCopyBuffer {
    /// The 11-byte signature, the flags and the header extension's length.
    static let headerBytes: [UInt8] = Array("PGCOPY\n".utf8) + [0xFF, 0x0D, 0x0A, 0x00] + [0, 0, 0, 0] + [0, 0, 0, 0]
    /// The end of the rows: a field count of -1.
    static let trailer: [UInt8] = [0xFF, 0xFF]

    private(set) var bytes: [UInt8] = []
    /// Number of rows in the buffer.
    private(set) var rows = 0

    /// Starts a row of `fields` columns.
    mutating func beginRow(fields: Int16) {
        if bytes.isEmpty { bytes.append(contentsOf: Self.headerBytes) }
        append16(fields)
        rows += 1
    }

    /// A `bigint` field.
    mutating func int64(_ value: Int64) {
        append32(8)
        withUnsafeBytes(of: value.bigEndian) { bytes.append(contentsOf: $0) }
    }

    /// A `bytea` field.
    mutating func bytea(_ value: [UInt8]) {
        append32(Int32(value.count))
        bytes.append(contentsOf: value)
    }

    /// A `text` field (UTF-8).
    mutating func text(_ value: String) {
        let utf8 = value.utf8
        append32(Int32(utf8.count))
        bytes.append(contentsOf: utf8)
    }

    /// The buffer with the trailer, ready to send; nil when it holds no rows.
    func finished() -> [UInt8]? {
        guard rows > 0 else { return nil }
        return bytes + Self.trailer
    }

    /// The header, for a COPY that ``rowBytes`` of several buffers follow.
    var header: [UInt8] { Self.headerBytes }

    /// The rows without the header.
    var rowBytes: [UInt8] { Array(bytes.dropFirst(Self.headerBytes.count)) }

    /// Empties the buffer.
    mutating func clear() {
        bytes.removeAll(keepingCapacity: true)
        rows = 0
    }

    private mutating func append16(_ v: Int16) { withUnsafeBytes(of: v.bigEndian) { bytes.append(contentsOf: $0) } }
    private mutating func append32(_ v: Int32) { withUnsafeBytes(of: v.bigEndian) { bytes.append(contentsOf: $0) } }
}
