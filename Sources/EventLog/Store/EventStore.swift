import Foundation
import LogFormat
import SQLiteDatabase

/// One auditlog database file: creating it, opening it, and the state every command shares.
///
/// The SQLite engine of the log (``LogEngine``). Only this type, its extensions (`+Append`,
/// `+Read`, `+Proofs`, `+Verify`, `+Backup`) and ``SQLiteLogReader`` name the log's tables; the
/// layers above read the events through a ``LogReader`` in a ``LogSession``. Not `Sendable`: it
/// owns one SQLite connection.
public final class EventStore {
    /// Path of the database file.
    public let path: String
    /// The log's identity and time zone.
    public let meta: LogMeta
    let db: Connection

    /// How hard a commit pushes data to the disk.
    public enum Durability: String, Sendable, CaseIterable {
        /// `synchronous=FULL`: a commit that returned survives power loss (the default).
        case full
        /// `synchronous=NORMAL`: faster; in WAL mode a power loss may drop the last commits, never
        /// corrupt the file. Checkpoints handed out for dropped commits would then exceed the log.
        case normal
    }

    /// The key file `init` writes beside the database when no other is named: `<database>.key`.
    public static func defaultKeyPath(forDatabase path: String) -> String { path + ".key" }

    private init(path: String, meta: LogMeta, db: Connection) {
        self.path = path
        self.meta = meta
        self.db = db
    }

    /// Runs `body`, turning SQLite and other failures into ``EventLogError``s that name this file
    /// (a refusal of the log's formats keeps its case: see ``EventLogError/init(_:)``).
    func mapped<T>(_ body: () throws -> T) throws(EventLogError) -> T {
        try EventLogError.capturing(at: path, body)
    }

    /// Creates a new log at `path` with a fresh Ed25519 key written to `keyPath` (mode 0600),
    /// and signs the checkpoint of the empty log. Refuses to overwrite an existing database or key.
    public static func create(
        path: String, origin: String, timezone: String = LogMeta.defaultTimeZone,
        catalogue: String = LogMeta.domainCatalogue, language: String = LogMeta.defaultLanguage, keyPath: String, clock: Clock,
        durability: Durability = .full
    ) throws(EventLogError) -> EventStore {
        try LogMeta.checkNew(origin: origin, timezone: timezone, catalogue: catalogue, language: language)
        guard !FileManager.default.fileExists(atPath: path) else {
            throw .invalidArgument("database \(path) already exists; refusing to initialise it again")
        }
        let key = SignerKey.generate(name: origin)
        try EventLogError.mapping { () throws(LogFormatError) in try key.write(path: keyPath) }
        do {
            let meta = LogMeta(origin: origin, vkey: key.verifierKey.description, timezone: timezone,
                               createdAt: clock.now().description, catalogue: catalogue, language: language)
            let note = try EventLogError.mapping { () throws(LogFormatError) in
                try SignedNote.sign(text: Checkpoint(origin: origin, size: 0, root: MerkleHash.emptyRoot).text, with: key)
            }
            return try initialise(path: path, meta: meta, emptyCheckpoint: note.serialized, durability: durability)
        } catch {
            try? FileManager.default.removeItem(atPath: keyPath)
            for suffix in ["", "-wal", "-shm", "-journal"] { try? FileManager.default.removeItem(atPath: path + suffix) }
            throw error
        }
    }

    /// Creates the file of a log with `meta`, whose checkpoint of the empty tree is `emptyCheckpoint`.
    static func initialise(
        path: String, meta: LogMeta, emptyCheckpoint: String, durability: Durability
    ) throws(EventLogError) -> EventStore {
        let db: Connection
        do {
            db = try Connection(path: path, mode: .create, busyTimeoutMilliseconds: Limits.busyTimeoutMilliseconds)
        } catch {
            throw .io("cannot create database \(path): \(error.message)")
        }
        let store = EventStore(path: path, meta: meta, db: db)
        try store.mapped {
            try db.execute("PRAGMA journal_mode = WAL")
            try store.applyDurability(durability)
            try db.writeTransaction {
                try db.execute(String(decoding: PackageResources.schema_v1_sql, as: UTF8.self))
                try db.statement(
                    "INSERT INTO log_meta (id, format, origin, vkey, timezone, created_at, catalogue, language) VALUES (1, ?, ?, ?, ?, ?, ?, ?)"
                ).execute([.text(LogMeta.format), .text(meta.origin), .text(meta.vkey), .text(meta.timezone),
                           .text(meta.createdAt), .text(meta.catalogue), .text(meta.language)])
                try db.statement("INSERT INTO checkpoints (size, note) VALUES (0, ?)").execute([.text(emptyCheckpoint)])
                try db.execute("PRAGMA user_version = \(LogMeta.schemaVersion)")
            }
        }
        return store
    }

    /// Opens an existing log. Fails with ``EventLogError/notFound(_:)`` when the file is missing
    /// and ``EventLogError/format(_:)`` when it is not an auditlog/v1 database.
    public static func open(
        path: String, writable: Bool, durability: Durability = .full,
        busyTimeoutMilliseconds: Int32 = Limits.busyTimeoutMilliseconds
    ) throws(EventLogError) -> EventStore {
        guard FileManager.default.fileExists(atPath: path) else {
            throw .notFound("database \(path) not found; create one with `auditlog init --origin NAME` or pass --db")
        }
        let db: Connection
        do {
            db = try Connection(path: path, mode: writable ? .readWrite : .readOnly,
                                busyTimeoutMilliseconds: busyTimeoutMilliseconds)
        } catch {
            throw EventLogError.from(error, path: path)
        }
        let meta: LogMeta = try {
            () throws(EventLogError) -> LogMeta in
            do {
                let version = try db.userVersion()
                if version > LogMeta.schemaVersion {
                    throw EventLogError.format("\(path) has format version \(version), newer than this auditlog "
                        + "understands (\(LogMeta.schemaVersion)); use a newer auditlog")
                }
                let hasMeta = try db.scalarInt("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'log_meta'") ?? 0
                guard version == LogMeta.schemaVersion, hasMeta == 1 else {
                    throw EventLogError.format("\(path) is an SQLite database but not an auditlog log")
                }
                // A log made before log_meta had the column `language` is read as in the default language.
                let hasLanguage = try db.scalarInt("SELECT count(*) FROM pragma_table_info('log_meta') WHERE name = 'language'") ?? 0
                let language = hasLanguage == 1 ? "language" : "'\(LogMeta.defaultLanguage)'"
                var meta: LogMeta?
                try db.forEachRow("SELECT format, origin, vkey, timezone, created_at, catalogue, \(language) FROM log_meta WHERE id = 1") { row in
                    guard row.text(0) == LogMeta.format else {
                        throw EventLogError.format("\(path) has format \(row.text(0)), not \(LogMeta.format)")
                    }
                    meta = LogMeta(origin: row.text(1), vkey: row.text(2), timezone: row.text(3), createdAt: row.text(4),
                                   catalogue: row.text(5), language: row.text(6))
                }
                guard let meta else { throw EventLogError.format("\(path) has no log_meta row") }
                return meta
            } catch let e as EventLogError {
                throw e
            } catch let e as SQLiteError {
                throw EventLogError.from(e, path: path)
            } catch {
                throw EventLogError.io("\(path): \(error)")
            }
        }()
        let store = EventStore(path: path, meta: meta, db: db)
        if writable {
            try store.mapped { try store.applyDurability(durability) }
        } else {
            try store.mapped { try db.execute("PRAGMA query_only = 1") }
        }
        return store
    }

    private func applyDurability(_ durability: Durability) throws {
        try db.execute("PRAGMA cache_size = -\(Limits.writerPageCacheKiB)")
        try db.execute(durability == .full ? "PRAGMA synchronous = FULL" : "PRAGMA synchronous = NORMAL")
    }


    /// Number of events in the log.
    public func size() throws(EventLogError) -> Int64 {
        try mapped { try SQLiteLogReader(db, path: nil).size() }
    }

}

extension EventStore {
    /// The log as `body` reads it on this store's connection, in the transaction it holds.
    func session() -> LogSession {
        LogSession(log: SQLiteLogReader(db, path: path), tables: SideTables(db))
    }

    /// Runs `body` in one read transaction: the log in one snapshot, and the connection for the
    /// tables the caller keeps beside the log (projections).
    public func withReadTransaction<R>(_ body: (LogSession) throws -> R) throws(EventLogError) -> R {
        try mapped { try db.readTransaction { try body(session()) } }
    }

    /// Runs `body` in one write transaction (BEGIN IMMEDIATE): for rebuilding the tables the
    /// caller keeps beside the log. The events, checkpoints and tree nodes refuse changes.
    public func withWriteTransaction<R>(_ body: (LogSession) throws -> R) throws(EventLogError) -> R {
        try mapped { try db.writeTransaction { try body(session()) } }
    }
}
