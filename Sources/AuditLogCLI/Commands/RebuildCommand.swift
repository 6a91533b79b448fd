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
            the tables equal a replay. With --index, the domain index (known ids, successor links,
            attested events) is made afresh too: after `verify` reports it edited. Progress is
            shown on a terminal.

            Examples:
              auditlog --db audit.db rebuild
              auditlog --db audit.db rebuild --index
            """))

    @OptionGroup var global: GlobalOptions
    @Flag(help: "Also make the domain index afresh (a full replay through the catalogue; slower).") var index = false
    @Flag(name: .shortAndLong, help: "No progress on standard error.") var quiet = false

    func run() throws {
        try running { () throws in
            let store = try global.open(writable: true)
            let meter = ProgressMeter("rebuild", unit: "events", total: try store.size(), enabled: !quiet)
            defer { meter.finish() }
            let size = try store.rebuildProjections(index: index) { meter.update($0) }
            Terminal.err("rebuilt the projections from \(size) events")
        }
    }
}
