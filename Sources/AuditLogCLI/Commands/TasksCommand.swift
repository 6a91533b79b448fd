import ArgumentParser
import AuditDomain
import EventLog

struct TasksCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tasks",
        abstract: "List tasks as of a date: assignee, due date, status.",
        discussion: HelpText.paragraphs("""
            Examples:
              auditlog --db audit.db tasks --open
              auditlog --db audit.db tasks --overdue --as-of 2026-06-30
              auditlog --db audit.db tasks --assignee ht:tinh-doan --format json
            """))

    @OptionGroup var global: GlobalOptions
    @OptionGroup var time: TimeOptions
    @Option(help: "Only tasks of this organisation.") var assignee: String?
    @Flag(help: "Only open tasks.") var open = false
    @Flag(help: "Only open tasks past their due date.") var overdue = false
    @Option(help: "Output format: table, json, ndjson or csv.") var format: OutputFormat = .table

    func run() throws {
        try running(json: format == .json) { () throws in
            let store = try global.open(writable: false)
            let words = try global.words(store.meta)
            let view = try time.view(store)
            try RecordPrinter(format: format, words: words, width: global.tableWidth).print(view.tasks(assignee: assignee, openOnly: open, overdueOnly: overdue), ListingColumns.tasks)
        }
    }
}
