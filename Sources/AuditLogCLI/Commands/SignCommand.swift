import ArgumentParser
import AuditDomain
import EventLog
import LogFormat

struct SignCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sign",
        abstract: "Sign input lines with an author's key, offline: each line comes back with its author signature.",
        discussion: HelpText.paragraphs("""
            Reads lines as `append` does and writes each one, as the log will store it, with an
            `author` member: the signer, the key id and an Ed25519 signature over the event's type,
            occurred_at, actor, subject, payload, meta and event_id (required). Needs no log: an
            association signs on its own machine and sends the lines to the operator. A line that
            cannot be put in the stored form is refused with its line and field, and nothing is
            written (docs/authorship.md).

            Examples:
              auditlog keygen --signer ht:hoi-nong-dan/van-phong --out hnd.key
              echo '{"type":"organization.renamed","occurred_at":"2026-01-02",' \\
                  '"actor":"hnd","event_id":"0190f4c2-7b1e-7c3a-9d2e-00000000a001",' \\
                  '"payload":{"org_id":"hoi-nong-dan",' \\
                  '"new_name_vi":"Hội Nông dân tỉnh"}}' \\
                  | auditlog sign --key hnd.key -
            """))

    @Option(help: ArgumentHelp("The author's private key file (from `auditlog keygen`).", valueName: "path"))
    var key: String

    @Option(help: ArgumentHelp("The catalogue the lines are for: auditlog/v1 (default) or none.", valueName: "name"))
    var catalogue: String = LogMeta.domainCatalogue

    @Argument(help: ArgumentHelp("NDJSON or JSON array file, or - for standard input.", valueName: "file"))
    var file: String = "-"

    func run() throws {
        try running { () throws in
            guard let policy = LogMeta.linePolicy(forCatalogue: catalogue) else {
                throw CommandError.usage("--catalogue: \(echoed(catalogue)) is not one of \(LogMeta.catalogues.joined(separator: ", "))")
            }
            let signer = try SignerKey.read(path: key)
            let input = file == "-" ? InputSource.standardInput : try InputSource.file(file)
            defer { input.close() }
            // Spooled to a temporary file, not held in memory: written out only once every line is signed.
            let spool = try Spool()
            try LineSigner.sign(input, key: signer, policy: policy) { line in try spool.write(line + [0x0A]) }
            let out = StandardOutput()
            try spool.copy(to: out)
            out.flush()
        }
    }
}
