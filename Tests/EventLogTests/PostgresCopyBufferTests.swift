import XCTest

@testable import EventLog

/// PostgreSQL's binary COPY format, byte for byte (the server's documentation of COPY BINARY:
/// an 11-byte signature, flags and header-extension length, then per row a 16-bit field count
/// and per field a 32-bit length and the bytes, all big-endian, and a -1 trailer); and the
/// passwords a location never shows.
final class PostgresCopyBufferTests: XCTestCase {
    func testOneRowOfABigintAByteaAndATextIsTheDocumentedBytes() throws {
        var buffer = PostgresCopyBuffer()
        XCTAssertNil(buffer.finished())
        buffer.beginRow(fields: 3)
        buffer.int64(258)
        buffer.bytea([0xAB])
        buffer.text("Hội")
        let bytes = try XCTUnwrap(buffer.finished())
        let expected: [UInt8] = Array("PGCOPY\n".utf8) + [0xFF, 0x0D, 0x0A, 0x00]
            + [0, 0, 0, 0] + [0, 0, 0, 0]
            + [0, 3]
            + [0, 0, 0, 8] + [0, 0, 0, 0, 0, 0, 1, 2]
            + [0, 0, 0, 1] + [0xAB]
            + [0, 0, 0, 5] + Array("Hội".utf8)
            + [0xFF, 0xFF]
        XCTAssertEqual(bytes, expected)
        XCTAssertEqual(buffer.rows, 1)
        buffer.clear()
        XCTAssertNil(buffer.finished())
    }

    func testALocationNeverShowsAPassword() {
        XCTAssertEqual(PostgresStore.redacted("postgresql://clerk:s3cret@db.example/audit"), "postgresql://clerk:***@db.example/audit")
        XCTAssertEqual(PostgresStore.redacted("postgresql://clerk@db.example/audit?password=s3cret&sslmode=require"),
                       "postgresql://clerk@db.example/audit?password=***&sslmode=require")
        XCTAssertEqual(PostgresStore.redacted("postgresql://clerk@db.example/audit"), "postgresql://clerk@db.example/audit")
        XCTAssertTrue(PostgresStore.isPostgreSQL("postgres://x@y/z"))
        XCTAssertTrue(PostgresStore.isPostgreSQL("postgresql:"))
        XCTAssertFalse(PostgresStore.isPostgreSQL("postgresql.db"))
    }
}
