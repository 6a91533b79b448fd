import ArgumentParser
import AuditDomain
import EventLog

struct SignersCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "signers",
        abstract: "List the key registry: who may sign for which organisation, with which key, since when.",
        discussion: HelpText.paragraphs("""
            Each registered key with its signer, organisation, role and key id, the seq that
            registered it, and its revocation when revoked by --known-at. With --as-of, only the
            keys valid by that date, and a revocation only once it takes effect
            (docs/authorship.md).

            Examples:
              auditlog --db audit.db signers
              auditlog --db audit.db signers --org ht:hoi-nong-dan --format json
            """))

    @OptionGroup var global: GlobalOptions
    @OptionGroup var time: TimeOptions
    @Option(help: "Only keys of signers acting for this organisation.") var org: String?
    @Option(help: "Output format: table, json, ndjson or csv.") var format: OutputFormat = .table

    func run() throws {
        try running(json: format == .json) { () throws in
            let store = try global.open(writable: false)
            let registry = try SignerRegistry.load(store, knownAt: try time.knowledge(store.meta))
            let keys = registry.keys(org: org, asOf: try time.businessDate())
            try RecordPrinter(format: format, width: global.tableWidth).print(keys, Self.columns)
        }
    }

    static let columns: [RecordPrinter.Column<SignerRegistry.Key>] = [
        .init("signer", fit: .whole) { $0.signer },
        .init("key_id", fit: .whole) { $0.keyId },
        .init("org", fit: .whole, priority: 3) { $0.orgId },
        .init("role") { $0.roleVi },
        .init("valid_from", fit: .whole, priority: 1) { $0.validFrom.description },
        .init("registered", fit: .whole, priority: 2) { "seq \($0.registeredSeq)" },
        .init("revoked") { $0.revoked.map { "seq \($0.seq), from \($0.effectiveFrom): \($0.reasonVi)" } ?? "" },
    ]
}
