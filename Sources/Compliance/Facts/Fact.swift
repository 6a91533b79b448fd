import AuditDomain
import EventLog
import LogFormat

/// An event of the effective view as the checks keep it: what templates read of its payload
/// (``FactBody``), its business-time interval [first, last] (a month-precision date covers the
/// whole month) and the local date it was recorded on. 48 bytes and, for the numerous kinds, no
/// heap object: a check at ten million events holds two million of them.
struct Fact: Sendable {
    let seq: Int64
    // Days since 1970-01-01: occurred_at and recorded_at have four-digit years, far inside Int32.
    private let firstDays: Int32
    private let lastDays: Int32
    private let recordedDays: Int32
    /// occurred_at as stored (or as corrected), for reasons.
    let occurredAt: Symbol
    /// What templates read of the payload.
    let body: FactBody

    /// τ⁻: the first local day the occurred_at covers.
    var first: CivilDate { CivilDate(days: Int64(firstDays)) }
    /// τ⁺: the last local day the occurred_at covers.
    var last: CivilDate { CivilDate(days: Int64(lastDays)) }
    /// The local date of recorded_at.
    var recordedOn: CivilDate { CivilDate(days: Int64(recordedDays)) }

    /// The payload, for the kinds kept whole (``FactBody/payload(_:)``); nil for the compact ones.
    var payload: (any EventPayload)? {
        if case .payload(let whole) = body { return whole.payload }
        return nil
    }

    /// The fact of `event`, its strings added to `symbols`.
    init?(_ event: ProjectedEvent, zone: Int, symbols: inout SymbolTable) {
        guard let last = Self.lastDay(of: event.occurredAt, zone: zone) else { return nil }
        self.init(event, last: last, zone: zone, symbols: &symbols)
    }

    /// The fact of `event`, whose occurred_at ends on local day `last` (``lastDay(of:zone:)``:
    /// a caller that has it already does not parse it again), its strings added to `symbols`;
    /// `report`, when given, is `event`'s payload already cast.
    init?(_ event: ProjectedEvent, last: CivilDate, zone: Int, report: ReportSubmitted? = nil, symbols: inout SymbolTable) {
        guard let recorded = event.recorded.instant else { return nil }
        let r = recorded.millisecondsSinceEpoch / 1000 + Int64(zone)
        let recordedOn = r >= 0 ? r / 86_400 : (r - 86_399) / 86_400
        guard let first = Int32(exactly: event.day.days), let lastDays = Int32(exactly: last.days),
            let recordedDays = Int32(exactly: recordedOn)
        else { return nil }
        seq = event.seq
        firstDays = first
        self.lastDays = lastDays
        self.recordedDays = recordedDays
        occurredAt = symbols.intern(event.occurredAt)
        body = if let report { FactBody(report: report, symbols: &symbols) } else { FactBody(event.payload, type: event.type, symbols: &symbols) }
    }

    /// τ⁺ of an occurred_at: the last local day it covers, in a zone `zone` seconds east of UTC.
    static func lastDay(of occurredAt: String, zone: Int) -> CivilDate? {
        guard case .success(let occurred) = OccurredAt.parse(occurredAt) else { return nil }
        let end = occurred.endSeconds(zoneOffsetSeconds: zone) - 1 + Int64(zone)
        return CivilDate(days: end >= 0 ? end / 86_400 : (end - 86_399) / 86_400)
    }

    /// satisfied when it surely happened by `due`, late when surely after, indeterminate when
    /// its interval straddles the deadline.
    func timeliness(due: CivilDate) -> Verdict {
        if last <= due { return .satisfied }
        if first > due { return .late }
        return .indeterminate
    }
}

/// What templates read of a fact's payload: the few fields of the numerous kinds (reports,
/// meetings, inspections, recommendations) as symbols, any other payload whole. A template
/// reads a kind in one form only, whatever else the check keeps (see
/// ``FactGathering/wholePayloads``).
enum FactBody: Sendable {
    case report(ReportFields)
    case meeting(MeetingFields)
    case inspection(InspectionFields)
    case filed(FiledFields)
    case resolved(ResolvedFields)
    case payload(WholePayload)

    /// A report as templates read it.
    struct ReportFields: Sendable {
        let reporter: Symbol
        let recipient: Symbol
        /// The period key, or none.
        let key: Symbol
        let reqRef: Symbol
        /// The ids it is about: a list of ``SymbolTable`` (-1: none).
        let about: Int32
    }

    /// A meeting held.
    struct MeetingFields: Sendable {
        let convener: Symbol
        let key: Symbol
        let reqRef: Symbol
        /// Who took part: a list of ``SymbolTable``.
        let participants: Int32
    }

    /// An inspection conducted.
    struct InspectionFields: Sendable {
        let inspector: Symbol
        let target: Symbol
        let kind: InspectionKind
    }

    /// A recommendation filed.
    struct FiledFields: Sendable {
        let recId: Symbol
        let toOrg: Symbol
        let meetingId: Symbol
        let channel: RecommendationChannel?
    }

    /// A recommendation resolved.
    struct ResolvedFields: Sendable {
        let recId: Symbol
        let resolver: Symbol
    }

    /// The body of a report.
    init(report r: ReportSubmitted, symbols: inout SymbolTable) {
        self = .report(ReportFields(
            reporter: symbols.intern(r.reporter), recipient: symbols.intern(r.recipient), key: symbols.intern(r.period?.key),
            reqRef: symbols.intern(r.reqRef), about: symbols.internList(r.about)))
    }

    /// The body of `payload`, an event of `type`: compact for the numerous kinds, else whole.
    /// The type is compared before any cast (a failed cast of the payload costs more than a
    /// comparison of the catalogue's strings).
    init(_ payload: any EventPayload, type: String, symbols: inout SymbolTable) {
        switch type {
        case ReportSubmitted.type, MeetingHeld.type, InspectionConducted.type, RecommendationFiled.type, RecommendationResolved.type:
            self.init(payload, symbols: &symbols)
        case _ where EventCatalogue.kinds[type] != nil:
            // Another type of the catalogue, whose payload is none of those kinds.
            self = .payload(WholePayload(payload))
        default:
            self.init(payload, symbols: &symbols)
        }
    }

    /// The body of `payload`: compact for the numerous kinds, else whole.
    init(_ payload: any EventPayload, symbols: inout SymbolTable) {
        switch payload {
        case let r as ReportSubmitted:
            self.init(report: r, symbols: &symbols)
        case let m as MeetingHeld:
            self = .meeting(MeetingFields(convener: symbols.intern(m.convener), key: symbols.intern(m.period?.key),
                                          reqRef: symbols.intern(m.reqRef), participants: symbols.internList(m.participants)))
        case let i as InspectionConducted:
            self = .inspection(InspectionFields(inspector: symbols.intern(i.inspector), target: symbols.intern(i.target), kind: i.kind))
        case let f as RecommendationFiled:
            self = .filed(FiledFields(recId: symbols.intern(f.recId), toOrg: symbols.intern(f.toOrg), meetingId: symbols.intern(f.meetingId),
                                      channel: f.channel))
        case let r as RecommendationResolved:
            self = .resolved(ResolvedFields(recId: symbols.intern(r.recId), resolver: symbols.intern(r.resolver)))
        default:
            self = .payload(WholePayload(payload))
        }
    }
}

/// A payload kept whole, with the event id where a template names events by id (prohibition
/// exceptions). A class: one reference in the fact.
final class WholePayload: Sendable {
    let payload: any EventPayload
    let eventID: String?

    init(_ payload: any EventPayload, eventID: String? = nil) {
        self.payload = payload
        self.eventID = eventID
    }
}
