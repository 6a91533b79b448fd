import LogFormat

/// The longest signer name the registry takes, in UTF-8 bytes.
let maxSignerNameBytes = 200

/// Whether `name` is a signer's name: a key name (non-empty, no whitespace, no '+'), at most
/// ``maxSignerNameBytes`` bytes.
func isSignerName(_ name: String) -> Bool { VerifierKey.isValidName(name) && name.utf8.count <= maxSignerNameBytes }

/// Reads a signer's name (``isSignerName(_:)``).
private func signerName(_ r: inout FieldReader, _ key: String) throws(PayloadError) -> String {
    let name = try r.text(key)
    guard isSignerName(name) else {
        throw r.error(key, "\(echoed(name)) is not a signer name (non-empty, no spaces or '+', at most \(maxSignerNameBytes) bytes)")
    }
    return name
}

/// `signer.registered`: a key speaks for a signer, who acts for an organisation in a role, from
/// a date (đăng ký khóa ký). docs/authorship.md.
public struct SignerRegistered: EventPayload, Hashable {
    public static let type = "signer.registered"
    public var signer: String
    public var orgId: String
    public var roleVi: String
    /// The verifier key, in the signed-note text form `<signer>+<key id>+<base64>`.
    public var vkey: String
    public var validFrom: CivilDate

    public init(reading r: inout FieldReader) throws(PayloadError) {
        signer = try signerName(&r, "signer")
        orgId = try r.checked("org_id", .slug)
        roleVi = try r.text("role_vi")
        vkey = try r.text("vkey")
        guard let key = VerifierKey(vkey) else {
            throw r.error("vkey", "is not a verifier key <name>+<key id>+<base64 of an Ed25519 key>")
        }
        guard key.name == signer else { throw r.error("vkey", "is the key of \(echoed(key.name)), not of the signer \(echoed(signer))") }
        guard key.description == vkey else { throw r.error("vkey", "is not in its canonical form \(key.description) (key id in lower-case hex)") }
        validFrom = try r.date("valid_from")
    }

    /// The key, which ``init(reading:)`` checked to parse.
    public var verifierKey: VerifierKey {
        guard let key = VerifierKey(vkey) else { preconditionFailure("a registered vkey parses: it was checked when read") }
        return key
    }

    public var subject: String { "signer/\(signer)" }

    public func references(_ refs: inout References) {
        refs.need(.org, orgId, "payload.org_id")
    }
}

/// `signer.revoked`: a key stops speaking for its signer (thu hồi khóa ký).
public struct SignerRevoked: EventPayload, Hashable {
    public static let type = "signer.revoked"
    public var signer: String
    /// The key id, eight lower-case hex digits.
    public var keyId: String
    public var reasonVi: String
    public var effectiveFrom: CivilDate

    public init(reading r: inout FieldReader) throws(PayloadError) {
        signer = try signerName(&r, "signer")
        keyId = try r.text("key_id")
        guard VerifierKey.keyID(text: keyId) != nil else {
            throw r.error("key_id", "\(echoed(keyId)) is not a key id (eight lower-case hex digits)")
        }
        reasonVi = try r.text("reason_vi")
        effectiveFrom = try r.date("effective_from")
    }

    public var subject: String { "signer/\(signer)" }

    public func references(_ refs: inout References) {}
}

/// How an authorship rule treats a line of its event type that is unsigned or signed by someone
/// who may not record it.
public enum AuthorshipMode: String, Sendable, Codable, CaseIterable {
    /// Not checked.
    case off
    /// Admitted, with a warning.
    case warn
    /// Refused (exit 77).
    case enforce
}

/// `authorship.rule_set`: who may record events of one type, and what happens to a line that
/// breaks the rule (quy định thẩm quyền ghi sổ). docs/authorship.md, "Who may record what".
public struct AuthorshipRuleSet: EventPayload, Hashable {
    public static let type = "authorship.rule_set"
    /// The catalogue type the rule is for.
    public var eventType: String
    public var mode: AuthorshipMode
    /// Signers who may also record it, whatever organisation they act for (a designated clerk).
    public var clerks: [String]?

    public init(reading r: inout FieldReader) throws(PayloadError) {
        eventType = try r.checked("event_type", .eventType)
        mode = try r.choice("mode")
        clerks = try r.optionalArray("clerks") { (item, path, _) throws(PayloadError) -> (String, JSONValue) in
            guard case .string(let name) = item, isSignerName(name) else {
                throw PayloadError(field: path, message: "must be a signer name (non-empty, no spaces or '+')")
            }
            return (name, item)
        }
    }

    public var subject: String { "authorship/\(eventType)" }

    public func references(_ refs: inout References) {}
}
