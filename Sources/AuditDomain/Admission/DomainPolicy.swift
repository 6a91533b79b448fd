import EventLog
import LogFormat
import Synchronization

/// The append policy of an auditlog/v1 log: every line must be an event of the catalogue with a
/// valid payload (stored in canonical form), its subject is derived from the payload, and
/// everything it names must be known to the log or to an earlier line of the same input.
public struct DomainPolicy: StatefulEntryPolicy {
    /// Seconds east of UTC of the log's time zone: business dates of the projections.
    public let zoneOffsetSeconds: Int
    /// The keys the log had registered when the append began, to check authors' signatures on
    /// the thread that reads the lines (``DomainAdmission/readingPolicy``); nil: not checked here.
    let signatureKeys: SignatureKeys?

    /// The policy for a log whose business dates are civil dates `zoneOffsetSeconds` east of UTC.
    public init(zoneOffsetSeconds: Int) {
        self.init(zoneOffsetSeconds: zoneOffsetSeconds, signatureKeys: nil)
    }

    init(zoneOffsetSeconds: Int, signatureKeys: SignatureKeys?) {
        self.zoneOffsetSeconds = zoneOffsetSeconds
        self.signatureKeys = signatureKeys
    }

    public func check(_ line: inout AppendLine, lineNumber: Int?) throws(LogFormatError) {
        let checked: EventCatalogue.Checked
        do throws(PayloadError) {
            checked = try EventCatalogue.read(type: line.type, payload: line.payload)
            try PayloadRules.check(checked.payload)
        } catch {
            throw .invalidInput(line: lineNumber, field: error.field, message: error.message)
        }
        line.payload = checked.canonical
        let derived = checked.payload.subject
        if line.subjectGiven, let given = line.subject, given != derived {
            throw .invalidInput(
                line: lineNumber, field: "subject",
                message: "\(echoed(given)) is not the subject of this \(line.type), which is \(echoed(derived)) (leave subject out to derive it)")
        }
        line.subject = derived
        // The signature's Ed25519 check, the costly part of admitting a signed line, is done here
        // when the log knew the key: the admission then checks only what depends on the log
        // (registered before, not revoked, valid on the day) and that the key is the same.
        var verifiedKey: String?
        if let keys = signatureKeys, let author = line.author, let eventID = line.eventID,
            let (text, verifier) = keys.key(signer: author.signer, keyID: author.keyIDText),
            author.verifies(line.signedBytes(eventID: eventID, subject: derived), with: verifier)
        {
            verifiedKey = text
        }
        line.policyContext = CataloguedLine(checked: checked, verifiedKey: verifiedKey)
    }

    public func admission(_ session: LogSession, logSize: Int64) throws -> any EntryAdmission {
        try DomainAdmission(session, logSize: logSize, zoneOffsetSeconds: zoneOffsetSeconds)
    }
}

/// What ``DomainPolicy`` found of a line on the reading thread, for the admission.
struct CataloguedLine: Sendable {
    /// The payload as the catalogue read it.
    let checked: EventCatalogue.Checked
    /// The text of the registered key the author's signature verifies with, over the line's
    /// signed bytes; nil when not checked there.
    let verifiedKey: String?
}

/// The keys a log has registered, by signer and key id, each parsed the first time a line names
/// it (an append of one line does not parse a registry of thousands).
final class SignatureKeys: Sendable {
    private let texts: [String: [String: String]]
    private let parsed = Mutex<[String: VerifierKey]>([:])

    /// The keys of `registry`.
    init(_ registry: SignerRegistry) {
        var texts: [String: [String: String]] = [:]
        for key in registry.all { texts[key.signer, default: [:]][key.keyId] = key.vkey }
        self.texts = texts
    }

    /// Whether the registry holds no key.
    var isEmpty: Bool { texts.isEmpty }

    /// The text and the parsed key registered as `keyID` of `signer`, if any (and if it parses).
    func key(signer: String, keyID: String) -> (text: String, key: VerifierKey)? {
        guard let text = texts[signer]?[keyID] else { return nil }
        if let known = parsed.withLock({ $0[text] }) { return (text, known) }
        guard let key = VerifierKey(text) else { return nil }
        parsed.withLock { $0[text] = key }
        return (text, key)
    }
}
