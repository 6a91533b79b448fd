import EventLog
import LogFormat

/// The timeline an inspector reads for one organisation: every event that named it, its
/// predecessors or its successors, with both times, and what later corrected or retracted it.
public enum OrganizationHistory {
    /// One event of the timeline.
    public struct Item: Sendable, Encodable {
        public let seq: Int64
        public let occurredAt: String
        public let recordedAt: String
        public let type: String
        public let subject: String
        public let eventId: String
        /// Which of the organisations followed it names.
        public let orgs: [String]
        /// Seqs of the corrections that apply to it (recorded by K).
        public let correctedBy: [Int64]
        /// The seq of its retraction, if retracted by K.
        public let retractedBy: Int64?
        /// The payload as stored.
        public let payload: JSONValue
    }

    /// The timeline of `slug` in `store` at knowledge instant `knownAt`, limited to business
    /// dates `from`...`to`, in seq order. `related` are the organisations followed besides
    /// `slug` (its predecessors and successors, from ``relatedOrganizations(of:in:)``).
    public static func items(
        _ store: any LogEngine, slug: String, related: Set<String>, knownAt: Instant?, from: CivilDate?, to: CivilDate?
    ) throws(DomainError) -> [Item] {
        let zone = store.meta.zoneOffsetSeconds
        let limit = knownAt?.description
        let followed = related.union([slug])
        do {
            return try store.withReadTransaction { session in
                var corrections: [String: [Int64]] = [:]
                var retractions: [String: Int64] = [:]
                var effectiveView = Corrections()
                let size = try session.log.size()
                try session.log.forEachEntry(upTo: size, types: Corrections.types) { seq, bytes in
                    let e = LoggedEvent(try Entry(seq: seq, bytes: Array(bytes)))
                    guard limit.map({ e.recordedAt <= $0 }) ?? true, let target = e.target else { return }
                    effectiveView.add(e)
                    if e.type == EventRetracted.type { retractions[target] = retractions[target] ?? e.seq } else { corrections[target, default: []].append(e.seq) }
                }
                var included: Set<String> = []
                var out: [Item] = []
                try session.log.forEachEntry(upTo: size) { seq, bytes in
                    let stored = LoggedEvent(try Entry(seq: seq, bytes: Array(bytes)))
                    guard limit.map({ stored.recordedAt <= $0 }) ?? true else { return }
                    // Read as corrected (a retracted event is shown as it was stored, marked retracted).
                    let e = effectiveView.apply(to: stored) ?? stored
                    var named: Set<String> = []
                    if let checked = try? EventCatalogue.read(type: e.type, payload: e.payload) {
                        for need in checked.refs.needs where need.kinds.contains(.org) { named.insert(need.key) }
                        for d in checked.refs.declarations where d.kind == .org { named.insert(d.key) }
                    }
                    let touches = named.intersection(followed)
                    guard !touches.isEmpty || (e.target.map(included.contains) ?? false) else { return }
                    guard case .success(let occurred) = OccurredAt.parse(e.occurredAt) else { return }
                    let day = CivilDate(firstDayOf: occurred, zoneOffsetSeconds: zone)
                    if let from, day < from { return }
                    if let to, day > to { return }
                    included.insert(e.eventID)
                    out.append(Item(
                        seq: e.seq, occurredAt: e.occurredAt, recordedAt: e.recordedAt, type: e.type, subject: e.subject, eventId: e.eventID,
                        orgs: touches.sorted(), correctedBy: corrections[e.eventID] ?? [], retractedBy: retractions[e.eventID],
                        payload: .object(e.payload)))
                }
                return out
            }
        } catch {
            throw .log(error)
        }
    }

    /// `slug`'s predecessors and successors in `view`, followed to the end of each chain.
    public static func relatedOrganizations(of slug: String, in view: ProjectionView) -> Set<String> {
        relatedOrganizations(of: slug, in: view.records)
    }

    /// `slug`'s predecessors and successors in `records`, followed to the end of each chain.
    public static func relatedOrganizations(of slug: String, in records: MemoryRecordStore) -> Set<String> {
        var seen: Set<String> = [slug]
        var queue = [slug]
        while let next = queue.popLast() {
            guard let r = records.organization(next) else { continue }
            for o in r.predecessors + r.successors where seen.insert(o).inserted { queue.append(o) }
        }
        seen.remove(slug)
        return seen
    }
}
