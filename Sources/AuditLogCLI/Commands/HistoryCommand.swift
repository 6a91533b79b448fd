import ArgumentParser
import AuditDomain
import EventLog
import LogFormat

struct HistoryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "history",
        abstract: "The timeline of every event that touched an organisation, its predecessors and successors.",
        discussion: HelpText.paragraphs("""
            In seq order, with both times (occurred_at: when it happened; recorded_at: when the log
            learned it), the organisations each event names, and any later correction or retraction.
            --known-at shows the timeline as it could have been read at that instant.

            Examples:
              auditlog --db audit.db history ht:btgdv-tu
              auditlog --db audit.db history ht:hoi-nguoi-mu --from 2021-01-01 \\
                  --to 2022-12-31 --format csv
            """))

    @OptionGroup var global: GlobalOptions
    @OptionGroup var time: TimeOptions
    @Argument(help: "The organisation's slug.") var slug: String
    @Option(help: ArgumentHelp("Events that occurred on or after this date.", valueName: "date")) var from: String?
    @Option(help: ArgumentHelp("Events that occurred on or before this date.", valueName: "date")) var to: String?
    @Option(help: "Output format: table, json, ndjson or csv.") var format: OutputFormat = .table

    func run() throws {
        try running(json: format == .json) { () throws in
            let store = try global.open(writable: false)
            let words = try global.words(store.meta)
            let view = try time.view(store)
            guard view.records.organization(slug) != nil else {
                throw CommandError.notFound("no organisation \(echoed(slug)) as of \(view.asOf)\(view.knownAt.map { " known at \($0)" } ?? "")")
            }
            func date(_ text: String?, _ option: String) throws -> CivilDate? {
                guard let text else { return nil }
                guard let d = CivilDate(text) else { throw CommandError.usage("\(option): \(echoed(text)) is not a date YYYY-MM-DD") }
                return d
            }
            let related = OrganizationHistory.relatedOrganizations(of: slug, in: view)
            let items = try OrganizationHistory.items(
                store, slug: slug, related: related, knownAt: view.knownAt, from: try date(from, "--from"), to: try date(to, "--to"))
            try RecordPrinter(format: format, words: words, width: global.tableWidth).print(items, ListingColumns.history)
        }
    }
}
