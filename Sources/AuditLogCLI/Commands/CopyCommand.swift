import ArgumentParser
import EventLog
import LogFormat

struct CopyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "copy",
        abstract: "Copy the log, byte for byte, to a new log on either engine.",
        discussion: HelpText.paragraphs("""
            Copies the log up to its latest checkpoint into DESTINATION: an SQLite file that does not
            exist, or a PostgreSQL URL whose schema holds no log. The entries, seqs, log_meta and
            checkpoint notes are copied as they are (no key is needed: the signatures stay valid); the
            tree's nodes are recomputed; the copy is verified against the source's vkey and latest
            checkpoint. The side tables (domain index, projections) are made by the copy's first append
            or by `rebuild`. Exit 1 if the copy does not verify.

            Examples:
              auditlog --db audit.db copy 'postgresql://auditlog@db.example/audit'
              auditlog --db 'postgresql://auditlog@db.example/audit' \\
                  copy /exports/audit.db
            """))

    @OptionGroup var global: GlobalOptions
    @Argument(help: ArgumentHelp("The new log: a file path or a postgresql:// URL.", valueName: "destination")) var destination: String
    @Flag(name: .shortAndLong, help: "No progress on standard error.") var quiet = false

    func run() throws {
        var verified = true
        try running { () throws in
            let source = try global.open(writable: false)
            let meter = ProgressMeter("copy", unit: "entries", total: try source.size(), enabled: !quiet)
            let result = try LogCopy.copy(from: source, to: destination) { n in meter.update(n) }
            meter.finish()
            let out = StandardOutput()
            out.line("copy        \(result.copy.location)")
            out.line("entries     \(result.report.entries)")
            out.line("root        \(Base64.encode(result.report.root))")
            out.line(result.report.ok ? "verified    OK" : "verified    FAILED: \(result.report.problem?.description ?? "")")
            out.flush()
            verified = result.report.ok
        }
        if !verified { throw ExitCode(ExitStatus.findings) }
    }
}
