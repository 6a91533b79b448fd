import AuditDomain
import EventLog

/// An event of the effective view as the checks keep it: its typed payload (without the free
/// text no template reads), its business-time interval [first, last] (a month-precision date
/// covers the whole month) and the local date it was recorded on. Kept small: a check holds
/// every fact a template may judge, and a class so that the indexes share one copy.
final class Fact: Sendable {
    let seq: Int64
    /// The event id, kept only where a template names events by id (prohibition exceptions).
    let eventID: String?
    /// occurred_at as stored (or as corrected), for reasons.
    let occurredAt: String
    let payload: any EventPayload
    /// τ⁻ and τ⁺: the first and last local day the occurred_at covers.
    let first: CivilDate
    let last: CivilDate
    /// The local date of recorded_at.
    let recordedOn: CivilDate

    /// The fact of `event`; `keepID` keeps its event id.
    init?(_ event: ProjectedEvent, zone: Int, keepID: Bool = false) {
        guard let last = Self.lastDay(of: event.occurredAt, zone: zone), let recorded = Instant(rfc3339: event.recordedAt) else {
            return nil
        }
        seq = event.seq
        eventID = keepID ? event.eventID : nil
        occurredAt = event.occurredAt
        payload = Self.slim(event.payload)
        first = event.day
        self.last = last
        let r = recorded.millisecondsSinceEpoch / 1000 + Int64(zone)
        recordedOn = CivilDate(days: r >= 0 ? r / 86_400 : (r - 86_399) / 86_400)
    }

    /// τ⁺ of an occurred_at: the last local day it covers, in a zone `zone` seconds east of UTC.
    static func lastDay(of occurredAt: String, zone: Int) -> CivilDate? {
        guard case .success(let occurred) = OccurredAt.parse(occurredAt) else { return nil }
        let end = occurred.endSeconds(zoneOffsetSeconds: zone) - 1 + Int64(zone)
        return CivilDate(days: end >= 0 ? end / 86_400 : (end - 86_399) / 86_400)
    }

    /// `payload` without the free text and attachments of the most numerous kinds (reports,
    /// recommendations), which no template reads.
    private static func slim(_ payload: any EventPayload) -> any EventPayload {
        switch payload {
        case var r as ReportSubmitted:
            r.reportId = ""
            r.summaryVi = nil
            r.metrics = nil
            r.doc = nil
            return r
        case var r as RecommendationFiled:
            r.textVi = ""
            return r
        case var m as MembershipReported:
            m.reportId = nil
            return m
        default:
            return payload
        }
    }

    /// satisfied when it surely happened by `due`, late when surely after, indeterminate when
    /// its interval straddles the deadline (research §6.3).
    func timeliness(due: CivilDate) -> Verdict {
        if last <= due { return .satisfied }
        if first > due { return .late }
        return .indeterminate
    }
}
