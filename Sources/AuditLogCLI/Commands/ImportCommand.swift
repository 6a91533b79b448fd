import AuditDomain
import ArgumentParser
import EventLog
import LogFormat
import Spreadsheet

struct ImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Append the rows of a CSV file (a spreadsheet's records) as events, through a mapping: all or nothing.",
        discussion: HelpText.paragraphs("""
            The mapping (JSON) names the event type, the natural key (the columns that identify a
            row), how dates are written (dd/mm/yyyy or yyyy-mm-dd) and the column or constant of
            each field; docs/import.md describes it, with a sample for each common event type. The
            file is CSV (RFC 4180) in UTF-8, with or without a byte-order mark, its first row the
            header; the delimiter is --delimiter, else the mapping's, else whichever of , ; and tab
            the header holds most. Each row's event_id is derived from the type and its natural key,
            so running the same import again appends nothing (every row is a duplicate), and a row
            changed since it was imported is refused (exit 3). Every bad row is reported, one line
            per problem naming its row (the header is row 1) and column, and nothing is appended
            (exit 65). --check checks every row as the import would, then writes nothing. A file
            with no rows is no error: a note, and exit 0. Output as `append` prints it. The example
            gives the mapping inline; it is usually a file kept beside the sheet.

            Examples:
              printf 'Đơn vị,Ngày,Hội viên\\nht:hoi-nong-dan,30/09/2026,167050\\n' | \\
                  auditlog --db audit.db import <(echo '{"type":"membership.reported",' \\
                  '"natural_key":["Đơn vị","Ngày"],"date_format":"dd/mm/yyyy",' \\
                  '"occurred_at":{"column":"Ngày","as":"date"},' \\
                  '"actor":{"value":"clerk:ht:vp-tu"},"payload":{' \\
                  '"org_id":{"column":"Đơn vị"},"as_of":{"column":"Ngày","as":"date"},' \\
                  '"members":{"column":"Hội viên","as":"integer"}}}') -
            """))

    @OptionGroup var global: GlobalOptions

    @Argument(help: ArgumentHelp("The mapping file (JSON): from columns to the event's fields.", valueName: "mapping"))
    var mapping: String

    @Argument(help: ArgumentHelp("The CSV file, or - for standard input.", valueName: "file"))
    var file: String = "-"

    @Flag(help: "Check every row, then roll back: nothing is written.")
    var check = false

    @Option(help: ArgumentHelp("The delimiter: , ; | or tab (default: the mapping's, else found in the header).", valueName: "char"))
    var delimiter: String?

    @OptionGroup var options: AppendOptions

    func validate() throws {
        if options.format == .csv { throw ValidationError("import prints table, json or ndjson") }
        if let delimiter, CSVReader.delimiter(named: delimiter) == nil {
            throw ValidationError("--delimiter must be , ; | or tab")
        }
    }

    func run() throws {
        try running(json: options.format == .json) { () throws in
            do {
                let name = file == "-" ? "standard input" : file
                let mapping = try ImportMapping.parse(try ImportFile.read(self.mapping, what: "mapping file"), name: self.mapping)
                let table = try CSVReader.read(try ImportFile.read(file, what: "CSV file"), name: name,
                                               delimiter: delimiter.flatMap(CSVReader.delimiter(named:)) ?? mapping.delimiter)
                if !table.header.isEmpty {
                    let problems = mapping.problems(header: table.header, file: name)
                    if !problems.isEmpty { throw ImportFailure(problems) }
                }
                if table.hasNoRows {
                    Terminal.err("import: no rows in \(name); nothing appended")
                    return
                }
                let clock = try GlobalOptions.clock()
                let key = check ? nil : try SignerKey.read(path: global.keyPath(options.keyFile))
                let store = try global.open(writable: true)
                let policy = store.meta.entryPolicy
                let importing = SpreadsheetImport(mapping: mapping, batch: ImportBatch(table: table, mapping: mapping, policy: policy), file: name)
                let meter = ProgressMeter(check ? "check" : "import", unit: "rows", total: Int64(table.rows.count), enabled: !options.quiet)
                let summary = try importing.run(on: store, policy: policy, key: key, clock: clock, checkOnly: check) { count in
                    meter.update(Int64(count))
                }
                meter.finish()
                for warning in summary.warnings { Terminal.err("auditlog: warning: \(warning.description)") }
                try AppendReport(store: store, summary: summary, format: options.format, quiet: options.quiet).print()
            } catch let failure as ImportFailure {
                Terminal.endProgress()
                report(failure)
                throw ExitCode(failure.exitCode)
            }
        }
    }

    /// Prints every problem of `failure`, one line each (a JSON object each with `--format json`),
    /// then how many rows were refused.
    private func report(_ failure: ImportFailure) {
        for problem in failure.problems {
            guard options.format == .json else {
                Terminal.err("auditlog: \(problem)")
                continue
            }
            var fields: [String: JSONValue] = [
                "error": .string(ImportFailure.errorName(problem.kind)),
                "exit_code": .integer(Int64(ImportFailure.exitCode(problem.kind))), "message": .string(problem.description),
            ]
            if let row = problem.row { fields["row"] = .integer(Int64(row)) }
            if let column = problem.column { fields["column"] = .string(column) }
            if let field = problem.field { fields["field"] = .string(field) }
            Terminal.err(json(fields))
        }
        if options.format != .json, failure.rows > 0 {
            Terminal.err("auditlog: import: \(failure.refusedRows) of \(failure.rows) rows refused; nothing appended")
        }
    }
}
