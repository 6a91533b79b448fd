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
              auditlog --db audit.db orgs --status merged --as-of 2023-01-01 --known-at 2025-12-31
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
            let view = try time.view(try global.open(writable: false))
            let orgs = view.organizations(kind: kind, province: province, status: status, search: search).map(view.shown)
            try RecordPrinter(format: format).print(orgs, Self.columns)
        }
    }

    static let columns: [RecordPrinter.Column<OrganizationRecord>] = [
        .init("org") { $0.orgId },
        .init("name") { $0.name.value },
        .init("kind") { $0.kind.value.rawValue },
        .init("province") { $0.province.value },
        .init("status") { $0.status.value.rawValue + ($0.successors.isEmpty ? "" : " → " + $0.successors.joined(separator: ", ")) },
        .init("monitors") { $0.monitoring.map(holders).joined(separator: " ") },
        .init("last_report") { $0.lastReport.map { $0.on.description } ?? "" },
        .init("last_inspection") { $0.lastInspection.map { "\($0.on) \($0.rating ?? "")" } ?? "" },
        .init("members") { $0.membership.map { "\($0.members)" + ($0.rate.map { " (\($0))" } ?? "") } ?? "" },
    ]

    /// Who monitors under an assignment at the date shown: the monitor itself while it exists;
    /// once it has ended, its successors with the monitor as provenance (`ban-dan-van (was
    /// btgdv-tu)`), or the monitor marked as having no successor.
    static func holders(_ m: OrganizationRecord.Monitor) -> String {
        let now = m.monitorNow ?? [m.monitor]
        if now == [m.monitor] { return m.monitor }
        if now.isEmpty { return "\(m.monitor) (ended, no successor)" }
        return "\(now.joined(separator: ", ")) (was \(m.monitor))"
    }
}

extension OrgKind: ExpressibleByArgument {}
extension OrganizationRecord.Status: ExpressibleByArgument {}
