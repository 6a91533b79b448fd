import ArgumentParser
import AuditDomain
import EventLog

struct OrgsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "orgs",
        abstract: "List organisations as of a date, with their status, monitors and latest figures.",
        discussion: HelpText.paragraphs("""
            --search ignores case and diacritics (hoi nong dan finds Hội Nông dân) and also looks at
            former names and slugs. --as-of and --known-at give the state at another business date,
            or as it was known at an instant (corrections recorded by then applied).

            Examples:
              auditlog --db audit.db orgs --kind hqc --province ha-tinh
              auditlog --db audit.db orgs --search "hoi nong dan" --format json
              auditlog --db audit.db orgs --status merged --as-of 2023-01-01 \\
                  --known-at 2025-12-31
            """))

    @OptionGroup var global: GlobalOptions
    @OptionGroup var time: TimeOptions
    @Option(help: "Only this kind (hqc, ctxh, party_committee, …).") var kind: OrgKind?
    @Option(help: "Only this province slug.") var province: String?
    @Option(help: "Only this status (active, suspended, merged, dissolved, split).") var status: OrganizationRecord.Status?
    @Option(help: "Only names containing this, ignoring case and diacritics.") var search: String?
    @Option(help: "Output format: table, json, ndjson or csv.") var format: OutputFormat = .table

    func run() throws {
        try running(json: format == .json) { () throws in
            let store = try global.open(writable: false)
            let words = try global.words(store.meta)
            let view = try time.view(store)
            let orgs = view.organizations(kind: kind, province: province, status: status, search: search).map(view.shown)
            try RecordPrinter(format: format, words: words, width: global.tableWidth).print(orgs, ListingColumns.organizations)
        }
    }
}

extension OrgKind: ExpressibleByArgument {}
extension OrganizationRecord.Status: ExpressibleByArgument {}
