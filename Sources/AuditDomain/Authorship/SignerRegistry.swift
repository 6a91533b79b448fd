import EventLog
import LogFormat

/// The key registry as the log has it up to some seq: every key registered for a signer, and
/// whether it was revoked (docs/authorship.md). Fed the registry's events in seq order; the
/// append admission, `verify` and `auditlog signers` all judge signatures with it.
public struct SignerRegistry: Sendable {
    /// One registered key.
    public struct Key: Sendable, Encodable {
        /// The signer's name.
        public let signer: String
        /// The key id, eight lower-case hex digits.
        public let keyId: String
        /// The organisation the signer acts for.
        public let orgId: String
        /// The signer's role, in Vietnamese.
        public let roleVi: String
        /// The verifier key, in its text form.
        public let vkey: String
        /// The first day the key may sign.
        public let validFrom: CivilDate
        /// The seq of its `signer.registered`.
        public let registeredSeq: Int64
        /// Its revocation, once revoked.
        public fileprivate(set) var revoked: Revocation?

        /// A key's revocation.
        public struct Revocation: Sendable, Encodable {
            /// The seq of the `signer.revoked`.
            public let seq: Int64
            /// The day it takes effect.
            public let effectiveFrom: CivilDate
            /// Why, in Vietnamese.
            public let reasonVi: String
        }
    }

    /// The registry's event types.
    public static let types = [SignerRegistered.type, SignerRevoked.type]

    /// Keys by signer, then by key id (eight hex digits).
    private var keys: [String: [String: Key]] = [:]

    /// An empty registry.
    public init() {}

    /// Every key, by signer then by the seq that registered it.
    public var all: [Key] { keys.values.flatMap(\.values).sorted { ($0.signer, $0.registeredSeq) < ($1.signer, $1.registeredSeq) } }

    /// The keys of signers acting for `org` (all, when nil), by signer then registration; with
    /// `asOf`, only keys valid by then, and a revocation only once it has taken effect.
    public func keys(org: String? = nil, asOf: CivilDate? = nil) -> [Key] {
        all.compactMap { key in
            guard org.map({ $0 == key.orgId }) ?? true else { return nil }
            guard let asOf else { return key }
            guard key.validFrom <= asOf else { return nil }
            var shown = key
            if let revoked = key.revoked, revoked.effectiveFrom > asOf { shown.revoked = nil }
            return shown
        }
    }

    /// The key `keyID` of `signer`, if registered.
    public func key(signer: String, keyID: String) -> Key? { keys[signer]?[keyID] }

    /// Takes in event `payload` at `seq` if it is one of the registry's (others are ignored).
    /// Admission has checked it (``refusal(of:)``); what it would refuse changes nothing here.
    public mutating func apply(_ payload: any EventPayload, seq: Int64) {
        switch payload {
        case let r as SignerRegistered:
            let id = r.verifierKey.keyIDText
            // A key is registered once: a second registration (which admission refuses) does not
            // replace the first, nor lift its revocation.
            guard keys[r.signer]?[id] == nil else { return }
            keys[r.signer, default: [:]][id] = Key(signer: r.signer, keyId: id, orgId: r.orgId, roleVi: r.roleVi, vkey: r.vkey,
                                                   validFrom: r.validFrom, registeredSeq: seq)
        case let r as SignerRevoked:
            guard keys[r.signer]?[r.keyId] != nil, keys[r.signer]?[r.keyId]?.revoked == nil else { return }
            keys[r.signer]?[r.keyId]?.revoked = .init(seq: seq, effectiveFrom: r.effectiveFrom, reasonVi: r.reasonVi)
        default:
            break
        }
    }

    /// What makes registry event `payload` impossible here, as the field and the message, or nil.
    public func refusal(of payload: any EventPayload) -> (field: String, message: String)? {
        switch payload {
        case let r as SignerRegistered:
            let id = r.verifierKey.keyIDText
            if let known = key(signer: r.signer, keyID: id) {
                return ("payload.vkey", "this key of \(echoed(r.signer)) is already registered (seq \(known.registeredSeq))")
            }
            if let other = keys[r.signer]?.values.first(where: { $0.orgId != r.orgId }) {
                return ("payload.org_id", "\(echoed(r.signer)) acts for \(echoed(other.orgId)) (seq \(other.registeredSeq)); "
                    + "a signer acts for one organisation")
            }
        case let r as SignerRevoked:
            guard let known = key(signer: r.signer, keyID: r.keyId) else {
                return ("payload.key_id", "\(echoed(r.signer)) has no registered key \(r.keyId)")
            }
            if let revoked = known.revoked { return ("payload.key_id", "key \(r.keyId) of \(echoed(r.signer)) was already revoked at seq \(revoked.seq)") }
        default:
            break
        }
        return nil
    }

    /// Why `author`'s signature over `bytes` does not count for an event recorded on
    /// `recordedDay` (the log's zone) with the registry as it stands (the events before it), as
    /// the field of the line and the message; nil when it counts. `verifiedWith` is the text of
    /// a key the caller found the signature verifies with over the same bytes: when it is the
    /// key registered, the signature is not checked again.
    public func problem(
        _ author: AuthorSignature, bytes: [UInt8], recordedDay: CivilDate, verifiedWith: String? = nil
    ) -> (field: String, message: String)? {
        let id = author.keyIDText
        guard let key = key(signer: author.signer, keyID: id) else {
            return ("author.key_id", "key \(id) of \(echoed(author.signer)) is not registered before this event")
        }
        if let revoked = key.revoked {
            return ("author.key_id", "key \(id) of \(echoed(author.signer)) was revoked at seq \(revoked.seq)")
        }
        guard key.validFrom <= recordedDay else {
            return ("author.key_id", "key \(id) of \(echoed(author.signer)) is valid only from \(key.validFrom), after \(recordedDay)")
        }
        if let verifiedWith, verifiedWith == key.vkey { return nil }
        guard let verifier = VerifierKey(key.vkey), author.verifies(bytes, with: verifier) else {
            return ("author.sig", "the signature of \(echoed(author.signer)) (key \(id)) does not verify over this event")
        }
        return nil
    }
}

extension SignerRegistry {
    /// The registry of `store` as known at `knownAt` (every registry event recorded by then;
    /// all, when nil).
    public static func load(_ store: any LogEngine, knownAt: Instant?) throws(DomainError) -> SignerRegistry {
        let limit = knownAt?.description
        return try DomainError.reading { () throws(EventLogError) in
            try store.withReadTransaction { session in
                var registry = SignerRegistry()
                try session.log.forEachEntry(in: 1...Int64.max, types: types) { seq, bytes in
                    let e = LoggedEvent(try Entry(seq: seq, bytes: Array(bytes)))
                    guard limit.map({ e.recordedAt <= $0 }) ?? true,
                        let checked = try? EventCatalogue.read(type: e.type, payload: e.payload)
                    else { return }
                    registry.apply(checked.payload, seq: seq)
                }
                return registry
            }
        }
    }
}
