import XCTest

@testable import PostgresDatabase

/// What the libpq wrapper decides without a server: placeholders, and how a failed connection
/// is classified (the end-to-end tests cover the rest against a real server).
final class PGConnectionTests: XCTestCase {
    func testQuestionMarksBecomeNumberedParametersOutsideQuotes() {
        XCTAssertEqual(PGConnection.numberedPlaceholders("SELECT seq FROM t WHERE a = ? AND b = ?"),
                       "SELECT seq FROM t WHERE a = $1 AND b = $2")
        XCTAssertEqual(PGConnection.numberedPlaceholders("SELECT '?' , \"a?\" FROM t WHERE c = ?"),
                       "SELECT '?' , \"a?\" FROM t WHERE c = $1")
        XCTAssertEqual(PGConnection.numberedPlaceholders("SELECT x::bigint FROM t WHERE k = ?"), "SELECT x::bigint FROM t WHERE k = $1")
        let written = "SELECT $1 FROM t"
        XCTAssertEqual(PGConnection.numberedPlaceholders(written), written)
    }

    func testAFailedConnectionIsRetryableOnlyWhenNoServerRefusedIt() {
        let noServer = "connection to server on socket \"/tmp/x/.s.PGSQL.5432\" failed: No such file or directory"
        XCTAssertNil(PGConnection.connectionFailureState(noServer, needsPassword: false))
        XCTAssertEqual(PGConnection.connectionFailureState("connection to server failed: FATAL:  role \"x\" does not exist",
                                                           needsPassword: false), "28000")
        XCTAssertEqual(PGConnection.connectionFailureState("FATAL:  database \"y\" does not exist", needsPassword: false), "3D000")
        XCTAssertEqual(PGConnection.connectionFailureState("FATAL:  the database system is starting up", needsPassword: false), "57P03")
        XCTAssertEqual(PGConnection.connectionFailureState("fe_sendauth: no password supplied", needsPassword: true), "28P01")
        XCTAssertTrue(PGError(sqlState: nil, message: noServer, isConnectionFailure: true).isConnectionFailure)
        XCTAssertFalse(PGError(sqlState: "28000", message: "refused", isConnectionFailure: true).isConnectionFailure)
        XCTAssertTrue(PGError(sqlState: "28000", message: "refused").isPermissionDenied)
        XCTAssertTrue(PGError(sqlState: "57014", message: "canceling statement due to statement timeout").isTimeout)
    }

    func testAnErrorMessageIsOneLine() {
        let e = PGError(sqlState: "42501", message: "permission denied for table events\n  DETAIL: x\n")
        XCTAssertFalse(e.message.contains("\n"))
        XCTAssertEqual(e.description, "PostgreSQL error 42501: permission denied for table events DETAIL: x")
    }
}
