import ArgumentParser
import AuditDomain
import EventLog

struct DirectivesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "directives",
        abstract: "List directives (and, with --all, every registered document) as of a date.",
        discussion: HelpText.paragraphs("""
            Examples:
              auditlog --db audit.db directives
              auditlog --db audit.db directives --all --format csv
            """))

    @OptionGroup var global: GlobalOptions
    @OptionGroup var time: TimeOptions
    @Flag(help: "Also documents that are only cited.") var all = false
    @Option(help: "Output format: table, json, ndjson or csv.") var format: OutputFormat = .table

    func run() throws {
        try running(json: format == .json) { () throws in
            let store = try global.open(writable: false)
            let words = try global.words(store.meta)
            let view = try time.view(store)
            try RecordPrinter(format: format, words: words, width: global.tableWidth).print(view.documents(directivesOnly: !all), ListingColumns.documents)
        }
    }
}
