import ArgumentParser
import AuditDomain
import EventLog
import LogFormat

struct OrgCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "org",
        abstract: "One organisation in full, as of a date: status, successors, monitors, reports, tasks, leaders.",
        discussion: HelpText.paragraphs("""
            Examples:
              auditlog --db audit.db org ht:hoi-nong-dan
              auditlog --db audit.db org ht:hoi-nguoi-mu --as-of 2023-01-01 --known-at 2025-12-31 --format json
            """))

    @OptionGroup var global: GlobalOptions
    @OptionGroup var time: TimeOptions
    @Argument(help: "The organisation's slug.") var slug: String
    @Option(help: "Output format: table (key: value lines) or json.") var format: OutputFormat = .table

    func run() throws {
        try running(json: format == .json) { () throws in
            let store = try global.open(writable: false)
            let words = try global.words(store.meta)
            let view = try time.view(store)
            guard let r = view.records.organization(slug).map(view.shown) else {
                throw CommandError.notFound("no organisation \(echoed(slug)) as of \(view.asOf)\(view.knownAt.map { " known at \($0)" } ?? "")")
            }
            let out = StandardOutput()
            defer { out.flush() }
            switch format {
            case .json, .ndjson: out.line(try RecordPrinter.json(r))
            case .table: for line in OrganizationSheet.lines(r, words) { out.line(line) }
            case .csv: for line in OrganizationSheet.lines(r, nil) { out.line(line) }
            }
        }
    }
}
