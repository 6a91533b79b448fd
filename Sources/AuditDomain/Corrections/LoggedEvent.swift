import EventLog
import LogFormat

/// An event as the domain reads it from the log: the envelope fields and the payload.
public struct LoggedEvent: Sendable, Equatable {
    public let seq: Int64
    public let eventID: String
    public let type: String
    public let subject: String
    /// Business time, as stored (or as corrected, in an effective view).
    public var occurredAt: String
    /// When the log recorded it (RFC 3339, UTC, milliseconds): comparable as text.
    public let recordedAt: String
    public let actor: String
    /// The payload (or the corrected payload, in an effective view).
    public var payload: [String: JSONValue]
    /// Seqs of the corrections applied to it, in order (empty as stored).
    public var correctedBy: [Int64] = []

    /// The event in a stored entry.
    public init(_ entry: Entry) {
        seq = entry.seq
        eventID = entry.eventID
        type = entry.type
        subject = entry.subject
        occurredAt = entry.occurredAt
        recordedAt = entry.recordedAt
        actor = entry.actor
        payload = entry.value["payload"]?.objectValue ?? [:]
    }

    /// The event in stored entry bytes, read with the canonical scanner and only the payload
    /// parsed (faster than a whole ``Entry`` for replays); nil if the bytes are not an entry.
    /// The payload is parsed but not checked for the canonical form: these are entries the log
    /// already holds, and `verify` is what checks their bytes.
    public init?(seq: Int64, bytes: UnsafeRawBufferPointer) {
        guard case .event(let e) = Self.read(seq: seq, bytes: bytes) else { return nil }
        self = e
    }

    /// What ``read(seq:bytes:admit:)`` found.
    public enum Reading {
        case event(LoggedEvent)
        /// `admit` refused it: its payload was not parsed.
        case skipped
        /// The bytes are not a canonical entry.
        case invalid
    }

    /// The event in stored entry bytes, as ``init(seq:bytes:)``; `admit` sees its type, event id
    /// and payload bytes first, and the payload of an event it refuses is not parsed (replays
    /// that need few kinds of events skip the cost of the others).
    public static func read(
        seq: Int64, bytes: UnsafeRawBufferPointer, admit: ((_ type: String, _ eventID: String, _ payload: UnsafeRawBufferPointer) -> Bool)? = nil
    ) -> Reading {
        guard case .success(let e) = CanonicalScanner.scan(bytes, payload: .delimited), let range = e.payload else { return .invalid }
        if let admit, !admit(e.type ?? "", e.eventID ?? "", UnsafeRawBufferPointer(rebasing: bytes[range])) { return .skipped }
        let parsed = try? JSONParser.parse(UnsafeBufferPointer(rebasing: bytes.assumingMemoryBound(to: UInt8.self)[range]), normalize: false)
        guard case .object(let payload)? = parsed else { return .invalid }
        return .event(LoggedEvent(seq: seq, eventID: e.eventID ?? "", type: e.type ?? "", subject: e.subject ?? "", occurredAt: e.occurredAt ?? "",
                                  recordedAt: e.recordedAt ?? "", actor: e.actor ?? "", payload: payload))
    }

    /// An event with the given fields (tests, generators).
    public init(
        seq: Int64, eventID: String, type: String, subject: String, occurredAt: String, recordedAt: String, actor: String,
        payload: [String: JSONValue]
    ) {
        self.seq = seq
        self.eventID = eventID
        self.type = type
        self.subject = subject
        self.occurredAt = occurredAt
        self.recordedAt = recordedAt
        self.actor = actor
        self.payload = payload
    }

    /// The event id a correction or retraction targets, else nil.
    public var target: String? {
        guard type == EventCorrected.type || type == EventRetracted.type else { return nil }
        return payload["target_event_id"]?.stringValue
    }
}
