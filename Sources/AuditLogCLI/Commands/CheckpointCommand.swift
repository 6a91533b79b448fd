import ArgumentParser
import EventLog

struct CheckpointCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "checkpoint",
        abstract: "Print the latest signed checkpoint, byte-exact (or the one at --size).",
        discussion: HelpText.paragraphs("""
            A c2sp.org/tlog-checkpoint@v1.0.0 note signed as c2sp.org/signed-note@v1.0.0. Keep it
            outside the operator's hands: later, `auditlog verify --checkpoint FILE` proves the log
            still contains exactly what it signed.

            Examples:
              auditlog --db audit.db checkpoint > checkpoint-2026-11-24.txt
              auditlog --db audit.db checkpoint --size 120
            """))

    @OptionGroup var global: GlobalOptions
    @Option(help: "The size of an older checkpoint.") var size: Int64?

    func run() throws {
        try running { () throws in
            let store = try global.open(writable: false)
            let out = StandardOutput()
            out.write(try store.checkpointNote(size: size).note)
            out.flush()
        }
    }
}
