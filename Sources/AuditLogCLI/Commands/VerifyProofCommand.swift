import ArgumentParser
import EventLog
import Foundation
import LogFormat

struct VerifyProofCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify-proof",
        abstract: "Check a receipt (tlog-proof) or a consistency proof offline.",
        discussion: HelpText.paragraphs("""
            A receipt from `auditlog prove` is checked against the trusted vkey: its checkpoint's
            signature and origin, the entry's canonical form and seq, and the inclusion path.
            A consistency proof from `auditlog consistency` also needs the older signed checkpoint
            you kept (--old). The vkey comes from --vkey, else from the database (--db).
            Exit 0 when the proof holds, 1 when it does not.

            Examples:
              auditlog verify-proof receipt-42.tlog-proof --vkey "$(cat vkey.txt)"
              auditlog verify-proof proof.txt --old kept-2026-06-30.txt \\
                  --vkey "$(cat vkey.txt)"
            """))

    @OptionGroup var global: GlobalOptions
    @Argument(help: ArgumentHelp("The proof file.", valueName: "file")) var file: String
    @Option(help: ArgumentHelp("The verifier key you trust.", valueName: "vkey")) var vkey: String?
    @Option(help: ArgumentHelp("The older signed checkpoint, for a consistency proof.", valueName: "file")) var old: String?

    func validate() throws {
        if let vkey, VerifierKey(vkey) == nil { throw ValidationError("--vkey is not an Ed25519 verifier key (name+id+key)") }
    }

    func run() throws {
        var failure: String?
        try running { () throws in
            let key: VerifierKey
            if let vkey, let parsed = VerifierKey(vkey) { key = parsed } else {
                key = try global.open(writable: false).storedVerifierKey()
            }
            let text = try readTextFile(file)
            let out = StandardOutput()
            defer { out.flush() }
            if text.hasPrefix(InclusionReceipt.header) {
                switch InclusionReceipt.parse(text).flatMap({ receipt in receipt.verify(with: key).map { cp in (cp, receipt) } }) {
                case .failure(let e): failure = e.message
                case .success(let (cp, receipt)):
                    out.line("OK: entry seq \(receipt.index + 1) is in the log \(cp.origin) of size \(cp.size)")
                }
            } else if text.hasPrefix("old ") {
                guard let old else { throw CommandError.usage("a consistency proof needs the older checkpoint: --old FILE") }
                let oldNote = try readTextFile(old)
                switch ConsistencyProof.parse(text).flatMap({ ConsistencyProof.verify($0, oldNote: oldNote, key: key) }) {
                case .failure(let e): failure = e.message
                case .success(let cp): out.line("OK: the log \(cp.origin) at size \(cp.size) extends the checkpoint you kept")
                }
            } else {
                failure = "\(file) is neither a c2sp.org/tlog-proof@v1 receipt nor a consistency proof"
            }
        }
        if let failure {
            Terminal.err("auditlog: proof rejected: \(failure)")
            throw ExitCode(ExitStatus.findings)
        }
    }
}
