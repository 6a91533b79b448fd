import EventLog
import LogFormat

/// One event as the projections consume it: its envelope, its typed payload, and its stamp.
public struct ProjectedEvent: Sendable {
    public let seq: Int64
    /// The event id, held in 16 bytes (see ``PackedEventID``).
    public let id: PackedEventID
    public let type: String
    public let occurredAt: String
    /// The recorded_at, held as an instant (see ``RecordedAt``).
    public let recorded: RecordedAt
    public let actor: String
    public let payload: any EventPayload
    /// Business date and seq.
    public let stamp: Stamp

    /// The event id as text.
    public var eventID: String { id.description }
    /// The recorded_at as text.
    public var recordedAt: String { recorded.description }

    /// The event `e` (as in an effective view), read with the catalogue; nil for an event that
    /// is not of the catalogue (a log begun before it).
    public init?(_ e: LoggedEvent, zoneOffsetSeconds: Int) {
        guard case .success(let occurred) = OccurredAt.parse(e.occurredAt),
            let payload = EventCatalogue.decode(type: e.type, payload: e.payload)
        else { return nil }
        self.init(seq: e.seq, id: PackedEventID(e.eventID), type: e.type, occurredAt: e.occurredAt, recorded: RecordedAt(e.recordedAt),
                  actor: e.actor, payload: payload, day: CivilDate(firstDayOf: occurred, zoneOffsetSeconds: zoneOffsetSeconds))
    }

    /// An event with the given parts.
    public init(
        seq: Int64, id: PackedEventID, type: String, occurredAt: String, recorded: RecordedAt, actor: String,
        payload: any EventPayload, day: CivilDate
    ) {
        self.seq = seq
        self.id = id
        self.type = type
        self.occurredAt = occurredAt
        self.recorded = recorded
        self.actor = actor
        self.payload = payload
        stamp = Stamp(day: day, seq: seq)
    }

    /// The business date.
    public var day: CivilDate { stamp.day }
}
