import ArgumentParser
import EventLog
import Foundation
import LogFormat
import Wording

/// Options every command that opens a log takes.
struct GlobalOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp(
        "The database file, or a PostgreSQL URL postgresql://… (default: $AUDITLOG_DB, else ./auditlog.db).", valueName: "path"))
    var db: String?

    @Option(name: .long, help: ArgumentHelp(
        "Language of the table and Markdown output: vi or en (default: $AUDITLOG_LANG, else the log's, set by init --lang; "
            + "at init, the language recorded). JSON, NDJSON and CSV are the same in every language.", valueName: "vi|en"))
    var lang: String?

    @Flag(name: .long, help: ArgumentHelp(
        "Print tables at full width, every column and cell whole, on a terminal too (by default a table fits the terminal's "
            + "width; to a pipe or a file it is always full width)."))
    var wide = false

    /// The names of the options above that take a value, and of the flag: how they may be
    /// written before a subcommand's name (``AuditLogCommand/appendCommand(_:)``). Arrays: a set
    /// of strings is a type the runtime resolves, by a search of every conformance in the binary,
    /// the first time a process uses one.
    static let valueNames = ["--db", "--lang"]
    static let flagNames = ["--wide"]

    /// The width tables fit: the terminal's when standard output is one and `--wide` is not
    /// given, else nil (full width).
    var tableWidth: Int? { wide ? nil : TerminalWidth.ofStandardOutput() }

    /// The language asked for: `--lang`, else `$AUDITLOG_LANG`, else nil (the log's own). A
    /// value other than `vi` or `en` is a usage error naming where it came from.
    func requestedLanguage() throws -> Language? {
        if let lang {
            guard let language = Language(code: lang) else { throw CommandError.usage("--lang: \(echoed(lang)) is not vi or en") }
            return language
        }
        guard let env = Self.environment("AUDITLOG_LANG"), !env.isEmpty else { return nil }
        guard let language = Language(code: env) else { throw CommandError.usage("AUDITLOG_LANG=\(echoed(env)) must be vi or en") }
        return language
    }

    /// The language of a command's human output on the log `meta` describes: the one asked for,
    /// else the log's (Vietnamese for a log that names none).
    func language(_ meta: LogMeta) throws -> Language {
        try requestedLanguage() ?? Language(code: meta.language) ?? .standard
    }

    /// The words of a command's human output on the log `meta` describes (``language(_:)``).
    func words(_ meta: LogMeta) throws -> HumanText {
        HumanText(language: try language(meta))
    }

    /// The database path: `--db`, else `$AUDITLOG_DB`, else `./auditlog.db`.
    var databasePath: String {
        if let db { return db }
        if let env = Self.environment("AUDITLOG_DB"), !env.isEmpty { return env }
        return "auditlog.db"
    }

    /// Whether the log is on a PostgreSQL server.
    var isPostgreSQL: Bool { PostgresStore.isPostgreSQL(databasePath) }

    /// The signing key path: `explicit`, else `$AUDITLOG_KEY`, else `<database>.key` (a
    /// PostgreSQL log has no file to put it beside: it needs one of the first two).
    func keyPath(_ explicit: String?) throws -> String {
        if let explicit { return explicit }
        if let env = Self.environment("AUDITLOG_KEY"), !env.isEmpty { return env }
        guard !isPostgreSQL else {
            throw CommandError.usage("a log on PostgreSQL keeps its signing key in a file you name: pass --key-file FILE or set AUDITLOG_KEY")
        }
        return EventStore.defaultKeyPath(forDatabase: databasePath)
    }

    /// Commit durability from `$AUDITLOG_SYNC` (`full`, the default, or `normal`).
    func durability() throws -> EventStore.Durability {
        guard let text = Self.environment("AUDITLOG_SYNC"), !text.isEmpty else { return .full }
        guard let value = EventStore.Durability(rawValue: text.lowercased()) else {
            throw CommandError.usage("AUDITLOG_SYNC=\(echoed(text)) must be full or normal")
        }
        return value
    }

    /// How long to wait for another writer's lock, from `$AUDITLOG_BUSY_TIMEOUT_MS`
    /// (default ``Limits/busyTimeoutMilliseconds``).
    func busyTimeout() throws -> Int32 {
        guard let text = Self.environment("AUDITLOG_BUSY_TIMEOUT_MS"), !text.isEmpty else {
            return Limits.busyTimeoutMilliseconds
        }
        guard let ms = Int32(text), ms >= 0 else { throw CommandError.usage("AUDITLOG_BUSY_TIMEOUT_MS=\(echoed(text)) must be a number of milliseconds") }
        return ms
    }

    /// Opens the log, on whichever engine `--db` names.
    func open(writable: Bool) throws -> any LogEngine {
        if isPostgreSQL { return try PostgresStore.open(location: databasePath, writable: writable) }
        return try openFile(writable: writable)
    }

    /// Opens an SQLite log (for what only a file can do); a PostgreSQL URL is a usage error
    /// naming `what`.
    func openFile(writable: Bool, for what: String = "") throws -> EventStore {
        guard !isPostgreSQL else { throw CommandError.usage("\(what) works on an SQLite file, not on a PostgreSQL log") }
        return try EventStore.open(path: databasePath, writable: writable, durability: try durability(),
                                   busyTimeoutMilliseconds: try busyTimeout())
    }

    /// The value of environment variable `name`, or nil. One lookup, where Foundation's
    /// `ProcessInfo.environment` copies the whole environment into a dictionary at every use.
    static func environment(_ name: String) -> String? {
        getenv(name).map { String(cString: $0) }
    }

    /// The clock: `$AUDITLOG_NOW` when set (tests, demos, reproducible imports), else the
    /// system's; a malformed value is a usage error.
    static func clock() throws -> Clock {
        try Clock.fromEnvironment(environment(Clock.environmentVariable).map { [Clock.environmentVariable: $0] } ?? [:])
    }
}
