import ArgumentParser
import AuditDomain
import EventLog

struct RebuildCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rebuild",
        abstract: "Drop and rebuild the projection tables from the log.",
        discussion: HelpText.paragraphs("""
            The tables are kept up to date by every append and rebuilt automatically when they are
            behind; run this after restoring a backup made by another version, or to check that
            the tables equal a replay. Progress is shown on a terminal.

            Example:
              auditlog --db audit.db rebuild
            """))

    @OptionGroup var global: GlobalOptions

    func run() throws {
        try running { () throws in
            let store = try global.open(writable: true)
            defer { Terminal.endProgress() }
            let size = try store.rebuildProjections { Terminal.progress("replayed \($0) events…") }
            Terminal.err("rebuilt the projections from \(size) events")
        }
    }
}
