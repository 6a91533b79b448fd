import ArgumentParser
import LogFormat

struct KeygenCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keygen",
        abstract: "Make an author's Ed25519 key pair: the private key to a file, the verifier key on standard output.",
        discussion: HelpText.paragraphs("""
            The private key file (mode 0600, never overwritten) is in the signed-note form of the
            log's own key; keep it on the author's machine. Register the printed verifier key in the
            log with a signer.registered event, then sign lines with `auditlog sign`
            (docs/authorship.md).

            Examples:
              auditlog keygen --signer ht:hoi-nong-dan/van-phong --out hnd.key
            """))

    @Option(help: ArgumentHelp("The signer's name: no spaces or '+', e.g. ht:hoi-nong-dan/van-phong.", valueName: "name"))
    var signer: String

    @Option(help: ArgumentHelp("The private key file to write (default: the signer's name, with / and : as _, then .key).",
                               valueName: "path"))
    var out: String?

    func run() throws {
        try running { () throws in
            guard VerifierKey.isValidName(signer) else {
                throw CommandError.usage("--signer: \(echoed(signer)) must be non-empty without spaces or '+'")
            }
            let key = SignerKey.generate(name: signer)
            try key.write(path: out ?? Self.defaultPath(signer))
            let output = StandardOutput()
            output.line(key.verifierKey.description)
            output.flush()
        }
    }

    /// The default key file of `signer`: its name with characters that are awkward in a file
    /// name replaced by `_`, then `.key`.
    static func defaultPath(_ signer: String) -> String {
        String(signer.map { $0.isLetter || $0.isNumber || "-._".contains($0) ? $0 : "_" }) + ".key"
    }
}
