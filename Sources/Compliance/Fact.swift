import AuditDomain
import EventLog

/// An event of the effective view as the checks use it: typed, with its business-time interval
/// [first, last] (a month-precision date covers the whole month) and the local date it was
/// recorded on.
struct Fact: Sendable {
    let event: ProjectedEvent
    /// τ⁻ and τ⁺: the first and last local day the occurred_at covers.
    let first: CivilDate
    let last: CivilDate
    /// The local date of recorded_at.
    let recordedOn: CivilDate

    init?(_ e: LoggedEvent, zone: Int) {
        guard let event = ProjectedEvent(e, zoneOffsetSeconds: zone), case .success(let occurred) = OccurredAt.parse(e.occurredAt),
            let recorded = Instant(rfc3339: e.recordedAt)
        else { return nil }
        self.event = event
        first = event.day
        let end = occurred.endSeconds(zoneOffsetSeconds: zone) - 1 + Int64(zone)
        last = CivilDate(days: end >= 0 ? end / 86_400 : (end - 86_399) / 86_400)
        let r = recorded.millisecondsSinceEpoch / 1000 + Int64(zone)
        recordedOn = CivilDate(days: r >= 0 ? r / 86_400 : (r - 86_399) / 86_400)
    }

    var seq: Int64 { event.seq }

    /// satisfied when it surely happened by `due`, late when surely after, indeterminate when
    /// its interval straddles the deadline (research §6.3).
    func timeliness(due: CivilDate) -> Verdict {
        if last <= due { return .satisfied }
        if first > due { return .late }
        return .indeterminate
    }
}
