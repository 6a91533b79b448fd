import AuditDomain
import EventLog
import LogFormat

@testable import ProcessMining

/// Events of a log at +07:00 written by hand for the mapping's tests, and what the export makes
/// of them.
enum Sample {
    static let zone = 7 * 3600

    /// The event of type `type` with `payload` (JSON text) at `occurred`, as a view holds it.
    static func event(_ seq: Int64, _ type: String, _ occurred: String, _ payload: String) -> ProjectedEvent {
        guard case .object(let members)? = try? JSONParser.parse(Array(payload.utf8), normalize: true) else {
            preconditionFailure("not a JSON object: \(payload)")
        }
        let id = "01900000-0000-7000-8000-\(String(repeating: "0", count: 12 - String(seq).count))\(seq)"
        let logged = LoggedEvent(seq: seq, eventID: id, type: type, subject: "x/\(seq)", occurredAt: occurred,
                                 recordedAt: "2026-01-15T03:00:00.000Z", actor: "test", payload: members)
        guard let event = ProjectedEvent(logged, zoneOffsetSeconds: zone) else { preconditionFailure("not a catalogue event: \(payload)") }
        return event
    }

    /// The view's index over `events`.
    static func index(_ events: [ProjectedEvent]) -> ViewIndex {
        var index = ViewIndex()
        for e in events { index.add(e.payload) }
        return index
    }

    /// The export of `events` (a whole view): each exported event and the objects.
    static func export(_ events: [ProjectedEvent]) -> (events: [OCELEvent], objects: [OCELObject]) {
        let index = index(events)
        var collector = ObjectCollector()
        var out: [OCELEvent] = []
        for e in events {
            guard let (event, facts) = OCELExport.map(e, index: index, corrections: Corrections(), zoneOffsetSeconds: zone) else { continue }
            collector.add(facts, time: event.time, seq: e.seq)
            out.append(event)
        }
        return (out, collector.objects(index))
    }

    static func org(_ seq: Int64, _ slug: String, parent: String? = nil, on date: String = "2020") -> ProjectedEvent {
        let parentMember = parent.map { #","parent":"\#($0)""# } ?? ""
        return event(seq, "organization.registered", date,
                     #"{"org_id":"\#(slug)","name_vi":"Hội \#(slug)","kind":"hqc","level":"province","province":"ha-tinh"\#(parentMember)}"#)
    }
}
