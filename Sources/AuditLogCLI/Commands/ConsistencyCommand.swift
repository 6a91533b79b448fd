import ArgumentParser
import EventLog
import LogFormat

struct ConsistencyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "consistency",
        abstract: "Print a consistency proof that the log at --to extends the log at --from.",
        discussion: HelpText.paragraphs("""
            Text form (tlog-witness style): `old N`, the RFC 9162 proof hashes in base64, a blank
            line, the signed checkpoint of the newer size. An inspector who kept the checkpoint of
            size N checks it with `auditlog verify-proof FILE --old CHECKPOINT`.
            JSON: {"size1","size2","root1","root2","proof"}.

            Examples:
              auditlog --db audit.db consistency --from 120
              auditlog --db audit.db consistency --from 120 --to 239 --format json
            """))

    @OptionGroup var global: GlobalOptions
    @Option(help: "The older size (the inspector's checkpoint).") var from: Int64
    @Option(help: "The newer size; must have a signed checkpoint (default: the latest).") var to: Int64?
    @Option(help: "Output format: text or json.") var format: ProofFormat = .text

    func run() throws {
        try running(json: format == .json) { () throws in
            let store = try global.open(writable: false)
            let proof = try store.consistencyProof(from: from, to: to)
            let out = StandardOutput()
            defer { out.flush() }
            switch format {
            case .text: out.write(proof.text)
            case .json:
                out.line(json([
                    "size1": .integer(proof.oldSize), "size2": .integer(proof.newSize),
                    "root1": .string(Base64.encode(proof.oldRoot)), "root2": .string(Base64.encode(proof.newRoot)),
                    "proof": .array(proof.proof.map { .string(Base64.encode($0)) }),
                    "checkpoint": .string(proof.checkpointNote),
                ]))
            }
        }
    }
}
