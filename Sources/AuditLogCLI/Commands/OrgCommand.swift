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
              auditlog --db audit.db org ht:hoi-nguoi-mu --as-of 2023-01-01 --known-at 2025-12-31 --format json
              auditlog --db audit.db org ht:hoi-nong-dan --as-of 2026-06-30 --format html > ho-so.html

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
            let view = try time.view(try global.open(writable: false))
            guard let r = view.records.organization(slug).map(view.shown) else {
                throw CommandError.notFound("no organisation \(echoed(slug)) as of \(view.asOf)\(view.knownAt.map { " known at \($0)" } ?? "")")
            }
            let out = StandardOutput()
            defer { out.flush() }
            switch format {
            case .html: preconditionFailure("the dossier is written by dossier()")
            case .json, .ndjson: out.line(try RecordPrinter.json(r))
            case .table, .csv:
                let rows: [(String, String)] = [
                    ("org", r.orgId), ("name", r.name.value), ("former names", r.formerNames.joined(separator: "; ")),
                    ("kind", r.kind.value.rawValue), ("level", r.level.value.rawValue), ("province", r.province.value),
                    ("flags", [r.dacThu?.value == true ? "dac_thu" : nil, r.giaoNhiemVu?.value == true ? "giao_nhiem_vu" : nil]
                        .compactMap { $0 }.joined(separator: " ")),
                    ("parent", r.parent?.value ?? ""), ("registered", r.registered.description),
                    ("status", "\(r.status.value.rawValue) since \(r.status.stamp.date) (seq \(r.status.stamp.seq))"),
                    ("successors", r.successors.joined(separator: ", ")), ("predecessors", r.predecessors.joined(separator: ", ")),
                    ("monitors", r.monitoring.map { "\(OrgsCommand.holders($0)) (\($0.role.rawValue), since \($0.since), \($0.assignmentId))" }
                        .joined(separator: "; ")),
                    ("last report", r.lastReport.map { "\($0.reportId) to \($0.recipient) on \($0.on)\($0.periodKey.map { " for \($0)" } ?? "") (seq \($0.seq))" } ?? ""),
                    ("last inspection", r.lastInspection.map { "\($0.inspectionId) by \($0.inspector), \($0.kind.rawValue), \($0.on)\($0.rating.map { ", rated \($0)" } ?? "") (seq \($0.seq))" } ?? ""),
                    ("membership", r.membership.map { "\($0.members)\($0.eligible.map { " of \($0)" } ?? "")\($0.rate.map { " = \($0)" } ?? "") as of \($0.asOf)" } ?? ""),
                    ("congress", r.congress.map { "term \($0.value.term), held \($0.value.heldOn)\($0.value.nextDue.map { ", next due \($0)" } ?? "")" } ?? ""),
                    ("leaders", r.leaders.sorted { $0.key < $1.key }.compactMap { k, v in v.value.map { "\(k): \($0)" } }.joined(separator: "; ")),
                    ("open tasks", r.openTasks.joined(separator: ", ")), ("open recommendations", r.openRecommendations.joined(separator: ", ")),
                    ("last changed", "seq \(r.lastSeq)"),
                ]
                for (k, v) in rows where !v.isEmpty { out.line(pad(k, 21) + v) }
            }
        }
    }

    /// Writes the dossier (``OrganizationDossier``) to standard output.
    private func dossier() throws {
        if let vkey, VerifierKey(vkey) == nil { throw CommandError.usage("--vkey is not an Ed25519 verifier key (name+id+key)") }
        let store = try global.open(writable: false)
        let request = try ReportCommand.request(store, time, lang: nil, vkey: vkey)
        guard let dossier = try OrganizationDossier.build(store, slug: slug, request) else {
            throw CommandError.notFound("no organisation \(echoed(slug)) as of \(request.asOf)\(request.knownAt.map { " known at \($0)" } ?? "")")
        }
        try DocumentFile.write(dossier.html(), to: nil)
    }
}
