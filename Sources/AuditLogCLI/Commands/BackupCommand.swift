import ArgumentParser
import EventLog

struct BackupCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backup",
        abstract: "Copy the log to a new file that verifies on its own.",
        discussion: HelpText.paragraphs("""
            Takes a consistent snapshot (SQLite VACUUM INTO; appends may go on meanwhile), writes the
            copy's latest checkpoint to PATH.checkpoint and the vkey to PATH.vkey, and verifies the
            copy against them. The signing key is not copied. Exit 1 if the copy does not verify.

            Examples:
              auditlog --db audit.db backup /backups/audit-2026-11-24.db
              auditlog --db /backups/audit-2026-11-24.db verify \\
                  --vkey "$(cat /backups/audit-2026-11-24.db.vkey)" \\
                  --checkpoint /backups/audit-2026-11-24.db.checkpoint
            """))

    @OptionGroup var global: GlobalOptions
    @Argument(help: ArgumentHelp("Where to write the copy (must not exist).", valueName: "path")) var path: String

    func run() throws {
        var verified = true
        try running { () throws in
            let result = try global.openFile(writable: false, for: "backup").backup(to: path)
            let out = StandardOutput()
            out.line("backup      \(result.path)")
            out.line("checkpoint  \(result.checkpointPath) (size \(result.report.entries))")
            out.line("vkey        \(result.vkeyPath)")
            out.line(result.report.ok ? "verified    OK" : "verified    FAILED: \(result.report.problem?.description ?? "")")
            out.flush()
            verified = result.report.ok
        }
        if !verified { throw ExitCode(ExitStatus.findings) }
    }
}
