import ArgumentParser

/// The `auditlog` command: a tamper-evident, event-sourced audit log in one SQLite file.
public struct AuditLogCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "auditlog",
        abstract: "A tamper-evident, event-sourced audit log in one SQLite file.",
        discussion: HelpText.paragraphs("""
            Every event is an immutable entry in canonical JSON, hashed into an RFC 9162 Merkle tree;
            every append transaction signs a C2SP checkpoint with the log's Ed25519 key.

            The database is --db PATH, else $AUDITLOG_DB, else ./auditlog.db.
            Exit codes: 0 ok, 1 findings (tampering; a requirement violated or late), 3 precondition failed, 64 usage,
            65 invalid input, 66 missing database/file/key, 74 I/O error, 75 busy (retry),
            77 not permitted (an authorship rule).

            Start here:
              auditlog demo
              auditlog --db audit.db init --origin example.org/audit | tee vkey.txt
              auditlog --db audit.db append events.ndjson
              auditlog --db audit.db verify --vkey "$(cat vkey.txt)"
              auditlog --db audit.db orgs --search "hoi nong dan"
              auditlog --db audit.db check --as-of 2026-06-30
            """),
        version: "0.1.0",
        subcommands: [
            InitCommand.self, AppendCommand.self, ImportCommand.self, LogCommand.self, CheckpointCommand.self, ProveCommand.self,
            ConsistencyCommand.self, VerifyCommand.self, VerifyProofCommand.self, BackupCommand.self, CopyCommand.self, ExportCommand.self,
            OrgsCommand.self, OrgCommand.self, HistoryCommand.self, DirectivesCommand.self, DirectiveCommand.self,
            TasksCommand.self, CheckCommand.self, ReportCommand.self, RebuildCommand.self, KeygenCommand.self, SignCommand.self,
            SignersCommand.self, DemoCommand.self,
        ]
    )

    /// `--db` before the subcommand's name, as in `auditlog --db audit.db log`: the argument
    /// parser hands options of the root to the subcommand's option group of the same name, so
    /// either place works (the last one given wins).
    @OptionGroup var global: GlobalOptions

    public init() {}

    /// Runs the command line (`arguments` without the program name).
    public static func runFromCommandLine(_ arguments: [String]) {
        main(arguments)
    }
}
