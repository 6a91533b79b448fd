import ArgumentParser
import EventLog
import Foundation

struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write every entry as NDJSON: the exact stored bytes, one per line.",
        discussion: HelpText.paragraphs("""
            The export is valid `append` input: appending it to another log reproduces the same
            event ids, types, subjects, business times, actors, payloads and meta (the new log
            assigns its own seq, recorded_at and subject_version and signs its own checkpoints).
            Appending it again is a no-op: every line is reported as a duplicate.

            Examples:
              auditlog --db audit.db export > audit.ndjson
              auditlog --db copy.db init --origin example.org/copy && auditlog --db copy.db append audit.ndjson
            """))

    @OptionGroup var global: GlobalOptions

    func run() throws {
        try running { () throws in
            let store = try global.open(writable: false)
            try EntryPrinter(format: .ndjson).print(store, LogFilter())
        }
    }
}
