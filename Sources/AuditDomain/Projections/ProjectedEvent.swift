import EventLog

/// One event as the projections consume it: its envelope, its typed payload, and its stamp.
public struct ProjectedEvent: Sendable {
    public let seq: Int64
    public let eventID: String
    public let type: String
    public let occurredAt: String
    public let recordedAt: String
    public let actor: String
    public let payload: any EventPayload
    /// Business date and seq.
    public let stamp: Stamp

    /// The event `e` (as in an effective view), read with the catalogue; nil for an event that
    /// is not of the catalogue (a log begun before it).
    public init?(_ e: LoggedEvent, zoneOffsetSeconds: Int) {
        guard case .success(let occurred) = OccurredAt.parse(e.occurredAt),
            let payload = EventCatalogue.decode(type: e.type, payload: e.payload)
        else { return nil }
        self.init(seq: e.seq, eventID: e.eventID, type: e.type, occurredAt: e.occurredAt, recordedAt: e.recordedAt,
                  actor: e.actor, payload: payload, day: CivilDate(firstDayOf: occurred, zoneOffsetSeconds: zoneOffsetSeconds))
    }

    /// An event with the given parts.
    public init(
        seq: Int64, eventID: String, type: String, occurredAt: String, recordedAt: String, actor: String,
        payload: any EventPayload, day: CivilDate
    ) {
        self.seq = seq
        self.eventID = eventID
        self.type = type
        self.occurredAt = occurredAt
        self.recordedAt = recordedAt
        self.actor = actor
        self.payload = payload
        stamp = Stamp(day: day, seq: seq)
    }

    /// The business date.
    public var day: CivilDate { stamp.day }
}
