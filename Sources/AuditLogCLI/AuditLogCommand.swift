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
        if let append = appendCommand(arguments) {
            do {
                try append.run()
            } catch {
                exit(withError: error)
            }
            return
        }
        main(arguments)
    }

    /// The `append` command of a command line that names it after global options only, parsed
    /// by ``AppendCommand`` alone (with the global options moved behind it, where they mean the
    /// same: the last one given wins); nil for any other command line, and for one this parse
    /// refuses or answers with help, which the whole tree then parses (and reports) as usual.
    /// Parsing the whole tree reads every command's configuration and reflects over the root
    /// command too: a tenth of the CPU time of a process that appends one event. The shapes
    /// scripts write are read without the argument parser at all (``AppendCommandLine``).
    static func appendCommand(_ arguments: [String]) -> AppendCommand? {
        var index = 0
        while index < arguments.count, arguments[index] != AppendCommand.configuration.commandName {
            let argument = arguments[index]
            if GlobalOptions.flagNames.contains(argument) {
                index += 1
            } else if GlobalOptions.valueNames.contains(argument), index + 1 < arguments.count,
                      !arguments[index + 1].hasPrefix("-") {
                index += 2
            } else if let equals = argument.firstIndex(of: "="), GlobalOptions.valueNames.contains(String(argument[..<equals])) {
                index += 1
            } else {
                return nil
            }
        }
        guard index < arguments.count else { return nil }
        var rest = arguments
        rest.remove(at: index)
        return AppendCommandLine.command(rest) ?? (try? AppendCommand.parseAsRoot(rest)) as? AppendCommand
    }
}
