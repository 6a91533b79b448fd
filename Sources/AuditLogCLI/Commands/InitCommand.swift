import ArgumentParser
import AuditDomain
import EventLog
import LogFormat
import Wording

struct InitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Create a new log and its Ed25519 signing key; print the verifier key.",
        discussion: HelpText.paragraphs("""
            Writes the database and, outside it, the private key (mode 0600; default <database>.key,
            or --key-file / $AUDITLOG_KEY). Signs the checkpoint of the empty log. Prints the vkey:
            give it to inspectors out of band; they verify the log against it. Records the language
            of the table and Markdown output: --lang (or $AUDITLOG_LANG), else vi.

            Examples:
              auditlog --db audit.db init --origin so-noi-vu.example.vn/audit
              auditlog --db log.db init --origin example.org/log \\
                  --key-file /secure/audit.key
              auditlog --db plain.db init --origin example.org/plain --catalogue none
              auditlog --db english.db init --origin example.org/english --lang en
            """))

    @OptionGroup var global: GlobalOptions

    @Option(help: ArgumentHelp("The log's identity: a schema-less URL without spaces or '+' (also the key name).", valueName: "name"))
    var origin: String

    @Option(help: ArgumentHelp("Where to write the private key (default: $AUDITLOG_KEY, else <database>.key; required for PostgreSQL).", valueName: "path"))
    var keyFile: String?

    @Option(help: ArgumentHelp("IANA time zone of business dates.", valueName: "zone"))
    var timezone: String = LogMeta.defaultTimeZone

    @Option(help: ArgumentHelp(
        "Event catalogue appends are checked against: auditlog/v1 (Schemas/README.md) or none (any dotted type and payload, subject given).",
        valueName: "name"))
    var catalogue: String = LogMeta.domainCatalogue

    func run() throws {
        try running { () throws in
            let language = (try global.requestedLanguage() ?? .standard).rawValue
            let keyPath = try global.keyPath(keyFile)
            let store: any LogEngine = global.isPostgreSQL
                ? try PostgresStore.create(location: global.databasePath, origin: origin, timezone: timezone, catalogue: catalogue,
                                           language: language, keyPath: keyPath, clock: try GlobalOptions.clock())
                : try EventStore.create(path: global.databasePath, origin: origin, timezone: timezone, catalogue: catalogue,
                                        language: language, keyPath: keyPath, clock: try GlobalOptions.clock(),
                                        durability: try global.durability())
            // On a server the side tables are made now, by the owner, so that writers need no CREATE privilege.
            if global.isPostgreSQL, catalogue == LogMeta.domainCatalogue {
                try store.withWriteTransaction { session in try DomainTables.ensure(session.tables) }
            }
            let out = StandardOutput()
            out.line(store.meta.vkey)
            out.flush()
            Terminal.err("created \(store.location) (origin \(origin), time zone \(timezone), language \(language)); signing key in \(keyPath)")
        }
    }
}
