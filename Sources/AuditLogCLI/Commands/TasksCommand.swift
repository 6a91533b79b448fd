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
            let view = try time.view(try global.open(writable: false))
            try RecordPrinter(format: format).print(view.tasks(assignee: assignee, openOnly: open, overdueOnly: overdue), Self.columns)
        }
    }

    static let columns: [RecordPrinter.Column<TaskRecord>] = [
        .init("task") { $0.taskId },
        .init("assignee") { $0.assignee },
        .init("req_ref") { $0.reqRef ?? "" },
        .init("assigned") { $0.assignedOn.description },
        .init("due") { $0.due?.description ?? "" },
        .init("status") { "\($0.status.value.rawValue)\($0.status.value == .open ? "" : " \($0.status.stamp.date)")" },
        .init("description") { $0.descriptionVi },
    ]
}
