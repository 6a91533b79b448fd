/// The `author` member of a signed line and of its entry: who signed the event, with which of
/// their keys, and the Ed25519 signature over the event's author-controlled content
/// (docs/authorship.md). The log keeps it inside the entry, so the Merkle tree covers it.
public struct AuthorSignature: Sendable, Equatable {
    /// The signer's name (the name of their verifier key).
    public let signer: String
    /// The key id of the signer's key (C2SP signed-note key id).
    public let keyID: UInt32
    /// The 64-byte Ed25519 signature.
    public let signature: [UInt8]

    /// What every signed message begins with: it keeps these signatures apart from any other use
    /// of the same key.
    public static let context = Array("auditlog/v1 signed event\n".utf8)

    /// The members an author signs, in the order canonical JSON sorts them (`meta` only when the
    /// event has one).
    public static let signedMembers = ["actor", "event_id", "meta", "occurred_at", "payload", "subject", "type"]

    /// A signature by `signer`'s key `keyID`.
    public init(signer: String, keyID: UInt32, signature: [UInt8]) {
        self.signer = signer
        self.keyID = keyID
        self.signature = signature
    }

    /// Reads an `author` value of input line `line`: an object with exactly `signer`, `key_id`
    /// (eight lower-case hex digits) and `sig` (base64 of 64 bytes).
    public init(_ value: JSONValue, line: Int?) throws(LogFormatError) {
        func bad(_ field: String, _ message: String) -> LogFormatError {
            .invalidInput(line: line, field: field.isEmpty ? "author" : "author.\(field)", message: message)
        }
        guard case .object(let fields) = value else { throw bad("", "must be an object, found \(value.kindName)") }
        if let unknown = fields.keys.sorted().first(where: { !["signer", "key_id", "sig"].contains($0) }) {
            throw bad(unknown, "unknown field (allowed: signer, key_id, sig)")
        }
        guard case .string(let signer)? = fields["signer"] else { throw bad("signer", "required: the signer's name") }
        guard VerifierKey.isValidName(signer) else { throw bad("signer", "\(echoed(signer)) must be non-empty without spaces or '+'") }
        guard case .string(let id)? = fields["key_id"], let keyID = VerifierKey.keyID(text: id) else {
            throw bad("key_id", "required: eight lower-case hex digits")
        }
        guard case .string(let sig)? = fields["sig"], let signature = Base64.decode(sig), signature.count == 64 else {
            throw bad("sig", "required: the base64 of a 64-byte Ed25519 signature")
        }
        self.init(signer: signer, keyID: keyID, signature: signature)
    }

    /// The key id as written: eight lower-case hex digits.
    public var keyIDText: String { Hex.encode(VerifierKey.bytes(keyID)) }

    /// The `author` member as stored.
    public var json: JSONValue {
        .object(["signer": .string(signer), "key_id": .string(keyIDText), "sig": .string(Base64.encode(signature))])
    }

    /// The bytes an author signs for an event whose members are `fields` (an entry or a line in
    /// the form the log stores it): the context line, then the canonical JSON of the signed
    /// members that `fields` has.
    public static func signedBytes(of fields: [String: JSONValue]) -> [UInt8] {
        var signed: [String: JSONValue] = [:]
        for name in signedMembers { if let value = fields[name] { signed[name] = value } }
        return context + CanonicalEncoder.encode(.object(signed))
    }

    /// Whether this signature is `key`'s over `bytes`, and `key` is the one it names.
    public func verifies(_ bytes: [UInt8], with key: VerifierKey) -> Bool {
        key.name == signer && key.keyID == keyID && key.isValidSignature(signature, for: bytes)
    }

    /// Signs `bytes` with `key`.
    public static func sign(_ bytes: [UInt8], with key: SignerKey) throws(LogFormatError) -> AuthorSignature {
        let verifier = key.verifierKey
        return AuthorSignature(signer: verifier.name, keyID: verifier.keyID, signature: try key.sign(bytes))
    }
}
