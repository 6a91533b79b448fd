import AuditDomain
import EventLog
import LogFormat

/// The export of a log's effective view at business date T with the knowledge of instant K as
/// an OCEL 2.0 object-centric event log (docs/ocel.md): the events the query commands see at
/// (T, K) — those recorded by K and occurring by T, with the corrections known at K applied and
/// the events retracted by K left out — mapped by ``OCELMapping``.
///
/// It reads the log twice in one read transaction, through the store (either engine): first
/// the few types the ``ViewIndex`` needs (through the type index), then every event, which
/// goes to the sink as it is mapped. Memory holds the index and the objects, not the events.
public enum OCELExport {
    /// Writes the view of `store` at (`asOf`, `knownAt`; nil: everything recorded) to `sink`.
    /// `progress` hears the seq reached now and then.
    public static func write(
        _ store: any LogEngine, asOf: CivilDate, knownAt: Instant?, to sink: any OCELSink, progress: (Int64) -> Void = { _ in }
    ) throws {
        let zone = store.meta.zoneOffsetSeconds
        // The store reports whatever its transaction body throws as its own error: the sink's
        // are kept here and thrown as they are.
        var sinkError: (any Error)?
        func guarded(_ body: () throws -> Void) throws {
            do { try body() } catch {
                sinkError = error
                throw error
            }
        }
        do {
            try store.withReadTransaction { session in
                let size = try session.log.size()
                let corrections = try ProjectionReplay.corrections(session.log, size: size, knownAt: knownAt)
                var index = ViewIndex()
                try ProjectionReplay.forEachEvent(
                    session.log, size: size, zoneOffsetSeconds: zone, asOf: asOf, knownAt: knownAt, corrections: corrections,
                    types: ViewIndex.types, parallel: false
                ) { index.add($0.payload) }
                try guarded { try sink.begin(eventTypes: OCELMapping.eventTypes, objectTypes: OCELMapping.objectTypes) }
                var objects = ObjectCollector()
                try ProjectionReplay.forEachEvent(
                    session.log, size: size, zoneOffsetSeconds: zone, asOf: asOf, knownAt: knownAt, corrections: corrections,
                    parallel: true, progress: progress
                ) { e in
                    guard let (event, facts) = map(e, index: index, corrections: corrections, zoneOffsetSeconds: zone) else { return }
                    objects.add(facts, time: event.time, seq: e.seq)
                    try guarded { try sink.write(event) }
                }
                for object in objects.objects(index) { try guarded { try sink.write(object) } }
                try guarded { try sink.finish() }
            }
        } catch {
            throw sinkError ?? error
        }
    }

    /// Event `e` of the view as OCEL, with what it says of objects; nil when its type is not
    /// exported (``OCELMapping/leftOut``) or it relates to no object (OCEL tools drop such an
    /// event: it belongs to no object's history).
    public static func map(
        _ e: ProjectedEvent, index: ViewIndex, corrections: Corrections, zoneOffsetSeconds zone: Int
    ) -> (OCELEvent, EventFacts)? {
        guard let mapping = OCELMapping.byType[e.type] else { return nil }
        let facts = mapping.facts(e.payload, index: index, day: e.day)
        var seen: Set<OCELRelationship> = []
        for r in facts.relationships { seen.insert(OCELRelationship(objectID: r.object.id, qualifier: r.qualifier)) }
        guard !seen.isEmpty else { return nil }
        let time: OCELTime
        switch OccurredAt.parse(e.occurredAt) {
        case .success(let occurred): time = OCELTime(occurred: occurred, zoneOffsetSeconds: zone)
        case .failure: time = OCELTime(secondsSinceEpoch: e.day.days * 86_400 - Int64(zone))
        }
        var attributes: [OCELEvent.Value] = [
            .init(name: "seq", value: .integer(e.seq)), .init(name: "event_id", value: .string(e.eventID)),
            .init(name: "recorded_at", value: .time(e.recordedAt)), .init(name: "actor", value: .string(e.actor)),
            .init(name: "occurred_at", value: .string(e.occurredAt)),
        ]
        let corrected = corrections.applied(to: e.id)
        if !corrected.isEmpty {
            attributes.append(.init(name: "corrected_by", value: .string(corrected.map(String.init).joined(separator: ","))))
        }
        attributes += mapping.values(e.payload)
        let event = OCELEvent(id: e.eventID, type: e.type, time: time, attributes: attributes, relationships: seen.sorted())
        return (event, facts)
    }
}
