import ArgumentParser
import AuditDomain
import EventLog
import LogFormat

struct DirectiveCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "directive",
        abstract: "One directive: its requirements, their state, and their assignees resolved at the date.",
        discussion: HelpText.paragraphs("""
            Assignees are resolved through the successor function: the duties of a merged or
            dissolved organisation are shown with whoever holds them at --as-of.

            Examples:
              auditlog --db audit.db directive seed-004
              auditlog --db audit.db directive seed-004 --as-of 2021-12-31 --format json
            """))

    @OptionGroup var global: GlobalOptions
    @OptionGroup var time: TimeOptions
    @Argument(help: "The directive's doc_key.") var key: String
    @Option(help: "Output format: table, json, ndjson or csv (one row per requirement).") var format: OutputFormat = .table

    /// A requirement as shown: its state and resolved assignees.
    struct Row: Encodable {
        let reqRef: String
        let template: String
        let textVi: String
        let state: String
        let assignees: [String]
        let resolvedAssignees: [String]
        let params: JSONValue
        let paramSource: Requirement.ParamSource
        let amendedBy: [Int64]
        let liftedOn: CivilDate?
    }

    func run() throws {
        try running(json: format == .json) { () throws in
            let store = try global.open(writable: false)
            let words = try global.words(store.meta)
            let view = try time.view(store)
            guard let doc = view.records.document(key), doc.isDirective else {
                throw CommandError.notFound("no directive \(echoed(key)) as of \(view.asOf)\(view.knownAt.map { " known at \($0)" } ?? "")")
            }
            let rows = doc.requirements.map { state -> Row in
                let r = state.requirement
                let ref = "\(doc.docKey)#\(r.reqId)"
                let lifted = state.liftedOn.map { $0 <= view.asOf } ?? false
                let notYet = doc.effectiveFrom.map { view.asOf < $0 } ?? false
                let ended = doc.effectiveUntil.map { view.asOf >= $0 } ?? false
                return Row(
                    reqRef: ref, template: r.template.rawValue, textVi: r.textVi,
                    state: lifted ? "lifted" : notYet ? "not yet effective" : ended ? "ended" : "in force",
                    assignees: r.assignees?.ids ?? r.assignees.map { ["\($0.kind?.rawValue ?? "")…"] } ?? [],
                    resolvedAssignees: view.resolve(r.assignees, duty: ref, follow: r.successorPolicy != Requirement.SuccessorPolicy.none),
                    params: .object(r.params), paramSource: r.paramSource, amendedBy: state.amendedBy, liftedOn: state.liftedOn)
            }
            let width = global.tableWidth
            if format == .table {
                let out = StandardOutput()
                for line in TableLayout.paragraph(DocumentText.heading(doc, words), limit: width) { out.line(line) }
                out.flush()
            }
            try RecordPrinter(format: format, words: words, width: width).print(rows, ListingColumns.requirements)
        }
    }
}
