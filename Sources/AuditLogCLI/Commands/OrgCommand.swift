import ArgumentParser
import AuditDomain
import EventLog
import InspectionReport
import LogFormat

struct OrgCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "org",
        abstract: "One organisation in full, as of a date: status, successors, monitors, reports, tasks, leaders.",
        discussion: HelpText.paragraphs("""
            Examples:
              auditlog --db audit.db org ht:hoi-nong-dan
              auditlog --db audit.db org ht:hoi-nguoi-mu --as-of 2023-01-01 \\
                  --known-at 2025-12-31 --format json
              auditlog --db audit.db org ht:hoi-nong-dan --as-of 2026-06-30 \\
                  --format html > ho-so.html

            --format html writes the organisation's dossier (hồ sơ): who it is, its history, and its
            duties judged as `auditlog report` judges them, with evidence and proofs (--vkey checks
            the checkpoint's signature).
            """))

    @OptionGroup var global: GlobalOptions
    @OptionGroup var time: TimeOptions
    @Argument(help: "The organisation's slug.") var slug: String
    @Option(help: "Output format: table (key: value lines), json, ndjson, csv, or html (the dossier).") var format: OrgFormat = .table
    @Option(help: ArgumentHelp("With --format html: the verifier key you trust, to check the checkpoint's signature.", valueName: "vkey"))
    var vkey: String?

    /// `org`'s formats: the record's, and the dossier.
    enum OrgFormat: String, ExpressibleByArgument, CaseIterable {
        case table, json, ndjson, csv, html
    }

    func run() throws {
        try running(json: format == .json) { () throws in
            if format == .html {
                try dossier()
                return
            }
            let store = try global.open(writable: false)
            let words = try global.words(store.meta)
            let view = try time.view(store)
            guard let r = view.records.organization(slug).map(view.shown) else {
                throw CommandError.notFound("no organisation \(echoed(slug)) as of \(view.asOf)\(view.knownAt.map { " known at \($0)" } ?? "")")
            }
            let out = StandardOutput()
            defer { out.flush() }
            switch format {
            case .html: preconditionFailure("the dossier is written by dossier()")
            case .json, .ndjson: out.line(try RecordPrinter.json(r))
            case .table: for line in OrganizationSheet.lines(r, words, width: global.tableWidth) { out.line(line) }
            case .csv: for line in OrganizationSheet.lines(r, nil) { out.line(line) }
            }
        }
    }

    /// Writes the dossier (``OrganizationDossier``) to standard output.
    private func dossier() throws {
        if let vkey, VerifierKey(vkey) == nil { throw CommandError.usage("--vkey is not an Ed25519 verifier key (name+id+key)") }
        let store = try global.open(writable: false)
        let request = try ReportCommand.request(store, time, language: try global.language(store.meta), vkey: vkey)
        guard let dossier = try OrganizationDossier.build(store, slug: slug, request) else {
            throw CommandError.notFound("no organisation \(echoed(slug)) as of \(request.asOf)\(request.knownAt.map { " known at \($0)" } ?? "")")
        }
        try DocumentFile.write(dossier.html(), to: nil)
    }
}
