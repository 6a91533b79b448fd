/// One line of `append` input after its envelope fields were checked:
/// `{"type", "occurred_at", "actor", "payload", "event_id"?, "subject"?, "expected_version"?, "meta"?}`.
///
/// Lines exported by `log --format ndjson` are accepted too: their `v`, `seq`, `recorded_at` and
/// `subject_version` belong to the source log and are ignored (the store assigns its own).
public struct AppendLine: Sendable {
    /// Dotted event type, e.g. `report.submitted`.
    public var type: String
    /// Business time as stated.
    public var occurredAt: OccurredAt
    /// Who recorded it.
    public var actor: String
    /// Type-specific fields.
    public var payload: [String: JSONValue]
    /// The client's id for idempotent retries, canonical lower-case.
    public var eventID: String?
    /// The entity the event is about; derived by the ``EntryPolicy`` when absent.
    public var subject: String?
    /// Whether `subject` was given in the input (rather than derived).
    public var subjectGiven: Bool
    /// The number of events the subject must have before this one.
    public var expectedVersion: Int64?
    /// Optional `correlation_id`, `causation_id`, `source`, `note`, `backfill_reason`.
    public var meta: [String: JSONValue]?
    /// The author's signature over the line's content, when the line is signed.
    public var author: AuthorSignature?
    /// What an ``EntryPolicy``'s check learned about the line and hands on to its admission
    /// (so the payload is not read twice); not part of the entry.
    public var policyContext: (any Sendable)?

    static let allowedKeys: Set<String> = [
        "type", "occurred_at", "actor", "payload", "event_id", "subject", "expected_version", "meta", "author",
        "v", "seq", "recorded_at", "subject_version",
    ]
    static let metaKeys: Set<String> = ["correlation_id", "causation_id", "source", "note", "backfill_reason"]

    /// Checks the envelope of one parsed input value.
    public init(_ value: JSONValue, line: Int?) throws(LogFormatError) {
        func bad(_ field: String, _ message: String) -> LogFormatError {
            .invalidInput(line: line, field: field, message: message)
        }
        guard case .object(let fields) = value else { throw bad("", "expected a JSON object, found \(value.kindName)") }
        if let unknown = fields.keys.sorted().first(where: { !Self.allowedKeys.contains($0) }) {
            throw bad(unknown, "unknown field (allowed: type, occurred_at, actor, payload, event_id, subject, expected_version, meta)")
        }
        func requiredString(_ key: String) throws(LogFormatError) -> String {
            guard let v = fields[key] else { throw bad(key, "required") }
            guard case .string(let s) = v else { throw bad(key, "must be a string, found \(v.kindName)") }
            return s
        }
        func envelopeString(_ key: String, _ s: String) throws(LogFormatError) -> String {
            guard !s.isEmpty else { throw bad(key, "must not be empty") }
            guard s.utf8.count <= Limits.maxEnvelopeFieldBytes else {
                throw bad(key, "longer than \(Limits.maxEnvelopeFieldBytes) bytes")
            }
            guard !s.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) else {
                throw bad(key, "must not contain control characters")
            }
            return s
        }

        let type = try envelopeString("type", try requiredString("type"))
        guard Self.isDottedType(type) else {
            throw bad("type", "\(echoed(type)) is not a dotted lower-case type such as report.submitted")
        }
        self.type = type

        switch OccurredAt.parse(try requiredString("occurred_at")) {
        case .success(let o): occurredAt = o
        case .failure(let e): throw bad("occurred_at", e.message)
        }
        actor = try envelopeString("actor", try requiredString("actor"))

        guard let payloadValue = fields["payload"] else { throw bad("payload", "required") }
        guard case .object(let payload) = payloadValue else {
            throw bad("payload", "must be an object, found \(payloadValue.kindName)")
        }
        self.payload = payload

        if let v = fields["event_id"] {
            guard case .string(let s) = v, let id = EventID.canonical(s) else {
                throw bad("event_id", "must be a UUID such as 0190f4c2-7b1e-7c3a-9d2e-5a6b7c8d9e0f")
            }
            eventID = id
        }
        if let v = fields["subject"] {
            guard case .string(let s) = v else { throw bad("subject", "must be a string, found \(v.kindName)") }
            subject = try envelopeString("subject", s)
            subjectGiven = true
        } else {
            subjectGiven = false
        }
        if let v = fields["expected_version"] {
            guard case .integer(let n) = v, n >= 0 else { throw bad("expected_version", "must be an integer >= 0") }
            expectedVersion = n
        }
        if let v = fields["meta"] {
            guard case .object(let m) = v else { throw bad("meta", "must be an object, found \(v.kindName)") }
            for (key, value) in m.sorted(by: { $0.key < $1.key }) {
                guard Self.metaKeys.contains(key) else {
                    throw bad("meta.\(key)", "unknown field (allowed: correlation_id, causation_id, source, note, backfill_reason)")
                }
                guard case .string = value else { throw bad("meta.\(key)", "must be a string, found \(value.kindName)") }
            }
            meta = m
        }
        if let v = fields["author"] {
            author = try AuthorSignature(v, line: line)
            guard eventID != nil else { throw bad("event_id", "required on a signed line: the signature binds the event's id") }
        }
        if let v = fields["v"], v != .integer(1) { throw bad("v", "only envelope version 1 is known") }
        for key in ["seq", "subject_version"] {
            if let v = fields[key], v.integerValue == nil { throw bad(key, "must be an integer") }
        }
        if let v = fields["recorded_at"], v.stringValue == nil { throw bad("recorded_at", "must be a string") }
    }

    /// Whether `type` is dotted lower-case: `[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+`.
    public static func isDottedType(_ type: String) -> Bool {
        isDottedType(utf8: type.utf8)
    }

    /// Whether the UTF-8 bytes `type` are a dotted lower-case type.
    public static func isDottedType<S: Sequence<UInt8>>(utf8 type: S) -> Bool {
        var parts = 0
        var atPartStart = true
        for b in type {
            if atPartStart {
                guard b >= UInt8(ascii: "a"), b <= UInt8(ascii: "z") else { return false }
                atPartStart = false
                parts += 1
            } else if b == UInt8(ascii: ".") {
                atPartStart = true
            } else {
                guard (b >= UInt8(ascii: "a") && b <= UInt8(ascii: "z")) || (b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9"))
                    || b == UInt8(ascii: "_")
                else { return false }
            }
        }
        return parts >= 2 && !atPartStart
    }

    /// The fields a retry must repeat exactly for it to be the same event.
    public func contentMatches(_ entry: [String: JSONValue]) -> Bool {
        entry["type"] == .string(type) && entry["occurred_at"] == .string(occurredAt.text)
            && entry["actor"] == .string(actor) && entry["payload"] == .object(payload)
            && entry["meta"] == meta.map { JSONValue.object($0) }
            && (!subjectGiven || entry["subject"] == subject.map { JSONValue.string($0) })
            && entry["author"] == author?.json
    }

    /// The bytes an author signs for this line as the log will store it, with `eventID` and
    /// `subject` (docs/authorship.md).
    public func signedBytes(eventID: String, subject: String) -> [UInt8] {
        var fields: [String: JSONValue] = [
            "type": .string(type), "occurred_at": .string(occurredAt.text), "actor": .string(actor), "payload": .object(payload),
            "event_id": .string(eventID), "subject": .string(subject),
        ]
        if let meta { fields["meta"] = .object(meta) }
        return AuthorSignature.signedBytes(of: fields)
    }
}
