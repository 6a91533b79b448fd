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
            let view = try time.view(try global.open(writable: false))
            try RecordPrinter(format: format).print(view.documents(directivesOnly: !all), Self.columns)
        }
    }

    static let columns: [RecordPrinter.Column<DocumentRecord>] = [
        .init("doc_key") { $0.docKey },
        .init("number") { $0.doc.number ?? "" },
        .init("type") { $0.doc.typeName },
        .init("issuer") { $0.doc.issuerOrg },
        .init("issued") { $0.doc.issuedOn?.description ?? $0.doc.issuedOnNotBefore.map { "≥ \($0)" } ?? "" },
        .init("requirements") { d in d.isDirective ? "\(d.requirements.count)" : "" },
        .init("lifted") { d in d.isDirective ? "\(d.requirements.filter { $0.liftedOn != nil }.count)" : "" },
        .init("amended") { d in d.isDirective ? "\(d.requirements.filter { !$0.amendedBy.isEmpty }.count)" : "" },
    ]
}
