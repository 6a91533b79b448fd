import Foundation
import LogFormat
import PostgresDatabase

/// A log kept in a PostgreSQL database: the second engine (``LogEngine``), for deployments where
/// several offices write to one log from their own machines. The tables, entry bytes, tree and
/// checkpoints are those of the SQLite engine (Schemas/sql/postgresql/); the domain's side tables
/// live beside them and change in the same transactions.
///
/// Concurrency (docs/postgresql.md): an append runs at READ COMMITTED and first takes the log's
/// writers' lock (a transaction-level advisory lock keyed on the log's `log_meta` table), so
/// seqs are dense and appends commit in seq order; the lock is released only after the commit is
/// visible, so a reader's snapshot that holds seq N+1 holds seq N. Readers use REPEATABLE READ
/// READ ONLY snapshots and never wait for writers. Not `Sendable`: it owns one connection.
public final class PostgresStore {
    /// The connection string as given (shown without a password in messages: ``location``).
    public let conninfo: String
    /// The log's identity and time zone.
    public let meta: LogMeta
    let db: PGConnection
    /// The key of the writers' lock: the advisory-lock space of auditlog, and the `log_meta`
    /// table's object id (one lock per log, even with several logs in one database).
    let writersLock: Int64

    /// Whether `location` names a PostgreSQL database rather than an SQLite file: a
    /// `postgresql://` or `postgres://` URL, or `postgresql:` alone (everything from libpq's `PG*`
    /// variables).
    public static func isPostgreSQL(_ location: String) -> Bool {
        location.hasPrefix("postgresql://") || location.hasPrefix("postgres://") || location == "postgresql:"
    }

    private init(conninfo: String, meta: LogMeta, db: PGConnection, writersLock: Int64) {
        self.conninfo = conninfo
        self.meta = meta
        self.db = db
        self.writersLock = writersLock
    }

    /// Where the log is, for messages: the URL without its password.
    public var location: String { Self.redacted(conninfo) }

    static func redacted(_ conninfo: String) -> String {
        guard conninfo != "postgresql:" else { return "postgresql: (from the PG* environment variables)" }
        if let range = conninfo.range(of: "password=") {
            let end = conninfo[range.upperBound...].firstIndex(where: { $0 == "&" || $0 == " " }) ?? conninfo.endIndex
            let rest = String(conninfo[end...])
            return redacted(String(conninfo[..<range.lowerBound])) + "password=***" + rest
        }
        guard let at = conninfo.firstIndex(of: "@"), let scheme = conninfo.range(of: "://"), scheme.upperBound < at else {
            return conninfo
        }
        let credentials = conninfo[scheme.upperBound..<at]
        guard let colon = credentials.firstIndex(of: ":") else { return conninfo }
        return String(conninfo[..<colon]) + ":***" + String(conninfo[at...])
    }

    /// What libpq is given: a bare `postgresql:` becomes an empty string (libpq then reads `PG*`).
    static func libpqInfo(_ location: String) -> String { location == "postgresql:" ? "" : location }

    /// Runs `body`, turning PostgreSQL and other failures into ``EventLogError``s that name the log.
    func mapped<T>(_ body: () throws -> T) throws(EventLogError) -> T {
        try EventLogError.capturing(at: location, body)
    }

    private static func connect(_ location: String) throws(EventLogError) -> PGConnection {
        do {
            return try PGConnection(conninfo: libpqInfo(location))
        } catch {
            throw EventLogError.from(error, location: redacted(location))
        }
    }

    /// Creates the log's tables in the database (in the first schema of the connection's
    /// search_path) with a fresh key written to `keyPath` (mode 0600), and signs the checkpoint
    /// of the empty log. Refuses a schema that already holds a log.
    public static func create(
        location: String, origin: String, timezone: String = LogMeta.defaultTimeZone,
        catalogue: String = LogMeta.domainCatalogue, language: String = LogMeta.defaultLanguage, keyPath: String, clock: Clock
    ) throws(EventLogError) -> PostgresStore {
        try LogMeta.checkNew(origin: origin, timezone: timezone, catalogue: catalogue, language: language)
        let db = try connectEmpty(location)
        let key = SignerKey.generate(name: origin)
        try EventLogError.mapping { () throws(LogFormatError) in try key.write(path: keyPath) }
        let meta = LogMeta(origin: origin, vkey: key.verifierKey.description, timezone: timezone,
                           createdAt: clock.now().description, catalogue: catalogue, language: language)
        do {
            let note = try EventLogError.mapping { () throws(LogFormatError) in
                try SignedNote.sign(text: Checkpoint(origin: origin, size: 0, root: MerkleHash.emptyRoot).text, with: key)
            }
            return try initialise(location: location, db: db, meta: meta, emptyCheckpoint: note.serialized)
        } catch {
            try? FileManager.default.removeItem(atPath: keyPath)
            throw error
        }
    }

    /// Creates the tables of a log with `meta` on `db`, whose checkpoint of the empty tree is
    /// `emptyCheckpoint`, and opens it.
    static func initialise(location: String, db: PGConnection, meta: LogMeta, emptyCheckpoint: String) throws(EventLogError) -> PostgresStore {
        let shown = redacted(location)
        try EventLogError.capturing(at: shown) {
            guard try db.scalarText("SELECT current_schema()") != nil else {
                throw EventLogError.invalidArgument("\(shown): no schema of the search_path exists to create the log in")
            }
            try db.execute("BEGIN")
            do {
                try db.execute(String(decoding: PackageResources.schema_v1_postgresql_sql, as: UTF8.self))
                _ = try db.query(
                    "INSERT INTO log_meta (id, format, schema_version, origin, vkey, timezone, created_at, catalogue, language) "
                        + "VALUES (1, $1, $2, $3, $4, $5, $6, $7, $8)",
                    [.text(LogMeta.format), .integer(LogMeta.schemaVersion), .text(meta.origin), .text(meta.vkey),
                     .text(meta.timezone), .text(meta.createdAt), .text(meta.catalogue), .text(meta.language)])
                _ = try db.query("INSERT INTO checkpoints (size, note) VALUES (0, $1)", [.text(emptyCheckpoint)])
                try db.commit()
            } catch {
                if let earlier = db.rollback() { throw earlier }
                throw error
            }
        }
        return try open(location: location, writable: true)
    }

    /// Refuses a database whose encoding is not UTF-8: Vietnamese text would not survive it.
    static func requireUTF8(_ db: PGConnection, _ shown: String) throws {
        let encoding = try db.scalarText("SHOW server_encoding") ?? ""
        guard encoding == "UTF8" else {
            throw EventLogError.format("\(shown): the database's encoding is \(encoding); a log needs UTF8 (CREATE DATABASE … ENCODING 'UTF8')")
        }
    }

    /// A connection to a schema that holds no log yet.
    static func connectEmpty(_ location: String) throws(EventLogError) -> PGConnection {
        let db = try connect(location)
        let shown = redacted(location)
        let exists = try EventLogError.capturing(at: shown) {
            try requireUTF8(db, shown)
            return try db.scalarInt("SELECT count(*) FROM pg_catalog.pg_tables WHERE tablename = 'log_meta' AND schemaname = current_schema()")
        }
        guard exists == 0 else {
            throw .invalidArgument("\(shown) already holds a log (table log_meta); refusing to initialise it again")
        }
        return db
    }


    /// Opens the log in the database `location` names. Fails with ``EventLogError/notFound(_:)``
    /// when the schema holds no log and ``EventLogError/format(_:)`` when it holds one of another
    /// format or a newer version.
    public static func open(location: String, writable: Bool) throws(EventLogError) -> PostgresStore {
        let db = try connect(location)
        let shown = redacted(location)
        return try EventLogError.capturing(at: shown) {
            let tables = try db.scalarInt("SELECT count(*) FROM pg_catalog.pg_tables WHERE tablename = 'log_meta' AND schemaname = current_schema()") ?? 0
            guard tables == 1 else {
                throw EventLogError.notFound("\(shown) holds no auditlog log (no table log_meta in schema "
                    + "\(try db.scalarText("SELECT current_schema()") ?? "(none)")); create one with `auditlog init --db URL --origin NAME --key-file FILE`")
            }
            let hasVersion = try db.scalarInt("SELECT count(*) FROM information_schema.columns WHERE table_schema = current_schema() "
                + "AND table_name = 'log_meta' AND column_name = 'schema_version'") ?? 0
            guard hasVersion == 1 else { throw EventLogError.format("\(shown) has a log_meta table, but not an auditlog log's") }
            // A log made before log_meta had the column `language` is read as in the default language.
            let hasLanguage = try db.scalarInt("SELECT count(*) FROM information_schema.columns WHERE table_schema = current_schema() "
                + "AND table_name = 'log_meta' AND column_name = 'language'") ?? 0
            let language = hasLanguage == 1 ? "language" : "'\(LogMeta.defaultLanguage)'::text"
            let r = try db.query("SELECT format, schema_version, origin, vkey, timezone, created_at, catalogue, \(language) FROM log_meta WHERE id = 1")
            guard r.count == 1 else { throw EventLogError.format("\(shown) has no log_meta row") }
            guard r.text(0, 0) == LogMeta.format else { throw EventLogError.format("\(shown) has format \(r.text(0, 0)), not \(LogMeta.format)") }
            let version = r.int64(0, 1)
            guard version <= LogMeta.schemaVersion else {
                throw EventLogError.format("\(shown) has format version \(version), newer than this auditlog understands "
                    + "(\(LogMeta.schemaVersion)); use a newer auditlog")
            }
            guard version == LogMeta.schemaVersion else {
                throw EventLogError.format("\(shown) has format version \(version), which this auditlog does not read")
            }
            let meta = LogMeta(origin: r.text(0, 2), vkey: r.text(0, 3), timezone: r.text(0, 4), createdAt: r.text(0, 5),
                               catalogue: r.text(0, 6), language: r.text(0, 7))
            try requireUTF8(db, shown)
            let oid = try db.scalarInt("SELECT 'log_meta'::regclass::oid::bigint") ?? 0
            if !writable { try db.execute("SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY") }
            return PostgresStore(conninfo: location, meta: meta, db: db, writersLock: 0x6175_6469_0000_0000 | oid)
        }
    }


    /// Number of events in the log.
    public func size() throws(EventLogError) -> Int64 {
        try mapped { try PostgresLogReader(db).size() }
    }

    /// The log as `body` reads it on this store's connection, in the transaction it holds;
    /// `beforeRead` runs before each read of the log (an append stores its buffered rows there),
    /// `beforeTables` before each statement on the side tables (an append ends its COPY there).
    func session(beforeRead: (() throws -> Void)? = nil, beforeTables: (() throws -> Void)? = nil) -> LogSession {
        LogSession(log: PostgresLogReader(db, beforeRead: beforeRead, conninfo: Self.libpqInfo(conninfo)),
                   tables: SideTables(db, beforeUse: beforeTables))
    }

    /// Runs `body` in a REPEATABLE READ, READ ONLY transaction: one snapshot of the log.
    public func withReadTransaction<R>(_ body: (LogSession) throws -> R) throws(EventLogError) -> R {
        try mapped { try inReadTransaction { try body(session()) } }
    }

    /// Runs `body` in a write transaction holding the writers' lock: for rebuilding the side tables.
    public func withWriteTransaction<R>(_ body: (LogSession) throws -> R) throws(EventLogError) -> R {
        try mapped { try inWriteTransaction { (try body(session()), true) } }
    }

    func inReadTransaction<R>(_ body: () throws -> R) throws -> R {
        try db.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
        do {
            let result = try body()
            try db.commit()
            return result
        } catch {
            // A write sent without waiting that failed came first: it is the error to report.
            if let earlier = db.rollback() { throw earlier }
            throw error
        }
    }

    /// The channel on which this log's writers notify their commits (`LISTEN`, ``commitSignal()``):
    /// named after the `log_meta` table's object id, as the writers' lock is, so that two logs in
    /// one database do not wake each other's followers.
    var commitChannel: String { "auditlog_\(writersLock & 0xFFFF_FFFF)" }

    /// Runs `body` at READ COMMITTED after taking the writers' lock; commits when it returns
    /// true, rolls back when it returns false or throws. A transaction that commits notifies
    /// ``commitChannel``: the server delivers it to the followers' connections at the commit,
    /// never for a transaction rolled back.
    func inWriteTransaction<R>(_ body: () throws -> (R, Bool)) throws -> R {
        try db.execute("BEGIN ISOLATION LEVEL READ COMMITTED READ WRITE")
        do {
            _ = try db.query("SELECT pg_advisory_xact_lock($1)", [.integer(writersLock)])
            let (result, commit) = try body()
            if commit {
                _ = try db.query("SELECT pg_notify($1, '')", [.text(commitChannel)])
                try db.commit()
            } else {
                try db.execute("ROLLBACK")
            }
            return result
        } catch {
            // A write sent without waiting that failed came first: it is the error to report.
            if let earlier = db.rollback() { throw earlier }
            throw error
        }
    }

}
