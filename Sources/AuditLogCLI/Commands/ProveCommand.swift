import ArgumentParser
import EventLog
import LogFormat

struct ProveCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "prove",
        abstract: "Print an inclusion proof (receipt) for one event.",
        discussion: HelpText.paragraphs("""
            A c2sp.org/tlog-proof@v1 receipt: the entry bytes (extra), the leaf index (seq − 1), the
            RFC 9162 inclusion path and the signed checkpoint. It verifies offline with
            `auditlog verify-proof` or `tools/verify.py proof`, without the database.

            Examples:
              auditlog --db audit.db prove 42 > receipt-42.tlog-proof
              auditlog --db audit.db prove 017b04cd-c780-7473-baf0-91be1525e7bc \\
                  --size 120 --format json
            """))

    @OptionGroup var global: GlobalOptions
    @Argument(help: ArgumentHelp("A seq number or an event id.", valueName: "seq|event-id")) var reference: String
    @Option(help: "Prove against the checkpoint at this size (default: the latest).") var size: Int64?
    @Option(help: "Output format: text (tlog-proof) or json.") var format: ProofFormat = .text

    func run() throws {
        try running(json: format == .json) { () throws in
            let store = try global.open(writable: false)
            let receipt = try store.checkedInclusionReceipt(seq: try store.seq(forReference: reference), size: size)
            let out = StandardOutput()
            defer { out.flush() }
            switch format {
            case .text: out.write(receipt.text)
            case .json:
                let size: Int64
                if case .success(let signed) = SignedNote.parse(receipt.checkpointNote),
                    case .success(let cp) = Checkpoint.parse(text: signed.text)
                { size = cp.size } else { size = 0 }
                out.line(json([
                    "index": .integer(receipt.index), "seq": .integer(receipt.index + 1), "size": .integer(size),
                    "entry": .string(String(decoding: receipt.entry, as: UTF8.self)),
                    "leaf_hash": .string(Base64.encode(MerkleHash.leaf(receipt.entry))),
                    "proof": .array(receipt.path.map { .string(Base64.encode($0)) }),
                    "checkpoint": .string(receipt.checkpointNote),
                ]))
            }
        }
    }
}
