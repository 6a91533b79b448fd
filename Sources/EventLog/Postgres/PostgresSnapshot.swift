import LogFormat
import PostgresDatabase

/// The snapshot of a transaction on a PostgreSQL log, exported so that other connections read
/// the log exactly as that transaction sees it (`pg_export_snapshot`, then `SET TRANSACTION
/// SNAPSHOT` on each of them): how `verify` and the replays read a PostgreSQL log on worker
/// threads, as they read an SQLite log. The exporting transaction must stay open while the
/// workers start; what it wrote itself and has not committed, they do not see.
struct PostgresSnapshot: Sendable {
    /// What libpq is given to connect (the log's location).
    let conninfo: String
    /// The server's name for the snapshot: hexadecimal digits and dashes.
    let id: String

    /// The snapshot of the transaction open on `db`, to be imported by connections made from
    /// `conninfo`; nil when the server names it in a form this code does not expect. Throws what
    /// the server says when it does not export it (it exports only a transaction's own snapshot,
    /// not a savepoint's, and writes it to a file); its error ends the caller's transaction.
    static func export(from db: PGConnection, conninfo: String) throws(PGError) -> PostgresSnapshot? {
        guard let id = try db.scalarText("SELECT pg_export_snapshot()"), !id.isEmpty,
            id.utf8.allSatisfy({ $0 == UInt8(ascii: "-") || ($0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9"))
                || ($0 >= UInt8(ascii: "A") && $0 <= UInt8(ascii: "F")) })
        else { return nil }
        return PostgresSnapshot(conninfo: conninfo, id: id)
    }

    /// A new connection in a read-only transaction that sees this snapshot, and waits for a lock
    /// at most ``Limits/postgresWorkerLockWaitMilliseconds``; the transaction ends with the
    /// connection.
    func connect() throws(PGError) -> PGConnection {
        let db = try PGConnection(conninfo: conninfo)
        try db.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
        try db.execute("SET TRANSACTION SNAPSHOT '\(id)'")
        try db.execute("SET LOCAL lock_timeout = \(Limits.postgresWorkerLockWaitMilliseconds)")
        return db
    }

    /// Work over seqs 1...`size` in chunks of consecutive seqs, each worker thread on its own
    /// connection in this snapshot (see ``ChunkPipeline``), started; nil when no worker could
    /// connect (a role allowed one connection, a server at its limit): the caller then reads on
    /// its own connection. A worker that cannot connect leaves its chunks to the others.
    func chunks<Result: Sendable>(
        upTo size: Int64, _ work: @escaping @Sendable (ClosedRange<Int64>, PGConnection) throws -> Result
    ) -> ChunkPipeline<Result>? {
        let pipeline = ChunkPipeline(size: size, open: { [self] () throws(PGError) -> PGConnection in try connect() }, work: work)
        guard pipeline.hasAWorker() else {
            pipeline.stop()
            return nil
        }
        return pipeline
    }
}
