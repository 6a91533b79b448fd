import Foundation

/// A `c2sp.org/signed-note@v1.0.0` note: text, a blank line, and signature lines
/// `— <key name> <base64(key id ‖ signature)>`.
public struct SignedNote: Sendable, Equatable {
    /// One signature line.
    public struct Signature: Sendable, Equatable {
        public let name: String
        public let keyID: UInt32
        /// The signature bytes after the 4-byte key id.
        public let signature: [UInt8]
    }

    /// The signed text, including its final newline.
    public let text: String
    /// The signature lines, in order.
    public let signatures: [Signature]

    /// A note over `text` (which must end in a newline) with `signatures`.
    public init(text: String, signatures: [Signature]) {
        self.text = text
        self.signatures = signatures
    }

    static let signaturePrefix = "\u{2014} "

    /// Signs `text` with `key` (Ed25519, key name = the key's name).
    public static func sign(text: String, with key: SignerKey) throws(LogFormatError) -> SignedNote {
        precondition(text.hasSuffix("\n"), "note text ends with a newline")
        let signature = try key.sign(Array(text.utf8))
        return SignedNote(
            text: text, signatures: [Signature(name: key.name, keyID: key.verifierKey.keyID, signature: signature)])
    }

    /// The note as text: the body, a blank line, the signature lines.
    public var serialized: String {
        var out = text + "\n"
        for s in signatures {
            out += "\(Self.signaturePrefix)\(s.name) \(Base64.encode(VerifierKey.bytes(s.keyID) + s.signature))\n"
        }
        return out
    }

    /// Parses a note, strictly: UTF-8 without control characters other than newline, text and
    /// signatures split at the last blank line, every signature line well formed.
    public static func parse(_ note: String) -> Result<SignedNote, NoteError> {
        guard note.utf8.count <= Limits.maxNoteBytes else { return .failure(.init("note is too large")) }
        guard !note.unicodeScalars.contains(where: { $0.value < 0x20 && $0 != "\n" || $0.value == 0x7F }) else {
            return .failure(.init("note contains control characters (only LF line ends are allowed)"))
        }
        guard note.hasSuffix("\n") else { return .failure(.init("note does not end with a newline")) }
        guard let split = note.range(of: "\n\n", options: .backwards) else {
            return .failure(.init("note has no blank line before its signatures"))
        }
        let text = String(note[..<note.index(after: split.lowerBound)])
        let signatureBlock = note[split.upperBound...]
        guard !text.isEmpty, text != "\n" else { return .failure(.init("note text is empty")) }
        var signatures: [Signature] = []
        for line in signatureBlock.split(separator: "\n", omittingEmptySubsequences: false).dropLast() {
            guard line.hasPrefix(signaturePrefix) else {
                return .failure(.init("signature line does not start with an em dash and a space"))
            }
            let parts = line.dropFirst(signaturePrefix.count).split(separator: " ", omittingEmptySubsequences: false)
            guard parts.count == 2, VerifierKey.isValidName(String(parts[0])), let blob = Base64.decode(String(parts[1])),
                blob.count >= 5
            else { return .failure(.init("malformed signature line")) }
            let id = blob[0..<4].reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
            signatures.append(Signature(name: String(parts[0]), keyID: id, signature: Array(blob[4...])))
            guard signatures.count <= Limits.maxNoteSignatures else { return .failure(.init("too many signatures")) }
        }
        guard !signatures.isEmpty else { return .failure(.init("note has no signature")) }
        return .success(SignedNote(text: text, signatures: signatures))
    }

    /// Checks the note against the trusted `key`: signatures from other keys are ignored, a
    /// signature by the trusted key must verify, and at least one must.
    public func verify(with key: VerifierKey) -> Result<Void, NoteError> {
        var verified = false
        for s in signatures where s.name == key.name && s.keyID == key.keyID {
            guard key.isValidSignature(s.signature, for: Array(text.utf8)) else {
                return .failure(.init("bad signature by \(key.name)"))
            }
            verified = true
        }
        return verified ? .success(()) : .failure(.init("no signature by the trusted key \(key.name)+\(Hex.encode(VerifierKey.bytes(key.keyID)))"))
    }
}

/// Why a note, checkpoint or proof was refused.
public struct NoteError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What is wrong.
    public let message: String
    /// Creates an error saying `message`.
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
