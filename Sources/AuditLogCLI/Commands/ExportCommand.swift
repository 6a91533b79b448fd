import ArgumentParser
#if canImport(Glibc)
import Glibc
#endif
import AuditDomain
import EventLog
import LogFormat
import ProcessMining

struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write every entry as NDJSON, or the view at (T, K) as an OCEL 2.0 event log for process mining.",
        discussion: HelpText.paragraphs("""
            --format ndjson (the default) writes every stored entry, the exact stored bytes, one per
            line. The export is valid `append` input: appending it to another log reproduces the same
            event ids, types, subjects, business times, actors, payloads and meta (the new log
            assigns its own seq, recorded_at and subject_version and signs its own checkpoints).
            Appending it again is a no-op: every line is reported as a duplicate.

            --format ocel2-json and ocel2-sqlite write the effective view at business date T
            (--as-of, default today) with the knowledge of instant K (--known-at, default latest) as
            an OCEL 2.0 object-centric event log, the standard that process-mining tools read:
            organisations, documents, directives, requirements, tasks, recommendations, meetings and
            inspections as objects, the events that relate them, their relationships and attribute
            changes (docs/ocel.md). The SQLite format needs --output; neither overwrites a file. The
            same log, T and K give the same bytes.

            Examples:
              auditlog --db audit.db export > audit.ndjson
              auditlog --db copy.db init --origin example.org/copy && \\
                  auditlog --db copy.db append audit.ndjson
              auditlog --db audit.db export --format ocel2-sqlite --as-of 2025-12-31 \\
                  -o oversight.sqlite
              auditlog --db audit.db export --format ocel2-json --known-at 2025-06-30 \\
                  > oversight.json
            """))

    /// What `export` writes.
    enum Format: String, ExpressibleByArgument, CaseIterable {
        case ndjson
        case ocel2JSON = "ocel2-json"
        case ocel2SQLite = "ocel2-sqlite"
    }

    @OptionGroup var global: GlobalOptions
    @Option(help: "ndjson (every stored entry), ocel2-json or ocel2-sqlite (the view at T and K, docs/ocel.md).")
    var format: Format = .ndjson
    @OptionGroup var time: TimeOptions
    @Option(name: [.short, .customLong("output")], help: ArgumentHelp(
        "Write the OCEL log to this new file (required for ocel2-sqlite; default for ocel2-json: standard output).", valueName: "file"))
    var output: String?
    @Flag(name: .shortAndLong, help: "No progress on standard error.") var quiet = false

    func run() throws {
        try running { () throws in
            guard let ocel = OCELFormat(rawValue: format.rawValue) else {
                if time.asOf != nil || time.knownAt != "latest" || output != nil {
                    throw CommandError.usage("--as-of, --known-at and --output are for the OCEL formats; ndjson writes every stored entry to standard output")
                }
                let store = try global.open(writable: false)
                let meter = ProgressMeter("export", unit: "entries", total: try store.size(), enabled: !quiet)
                defer { meter.finish() }
                try EntryPrinter(format: .ndjson).print(store, LogFilter()) { meter.update($0) }
                return
            }
            if ocel == .sqlite, output == nil { throw CommandError.usage("--format ocel2-sqlite needs --output FILE") }
            // A reader that goes away (`| head`) ends the export through EPIPE, not a signal.
            signal(SIGPIPE, SIG_IGN)
            let store = try global.open(writable: false)
            let asOf = try time.businessDate() ?? store.meta.today(now: try GlobalOptions.clock().now())
            let meter = ProgressMeter("export", unit: "entries", total: try store.size(), enabled: !quiet)
            defer { meter.finish() }
            do {
                try ocel.write(store, asOf: asOf, knownAt: try time.knowledge(store.meta), to: output) { meter.update($0) }
            } catch OCELExportError.outputClosed {
                return
            } catch let error as OCELExportError {
                if case .exists = error { throw CommandError.usage(error.description) }
                throw CommandError.io(error.description)
            }
        }
    }
}
