import EventLog
import LogFormat

/// The corrections and retractions known at some knowledge instant, and what they do to the
/// events they target (Schemas/README.md, "Corrections"): corrections of an event apply in seq order, each a JSON
/// Merge Patch over the payload and occurred_at as left by the previous ones (so the last wins
/// where they overlap); a retracted event drops out of the effective view; retracting a
/// correction undoes it; a retraction is final.
public struct Corrections: Sendable {
    /// Corrections by target event id, in seq order.
    private var corrections: [PackedEventID: [LoggedEvent]] = [:]
    /// Retracted event ids, with the seq of the retraction.
    private var retracted: [PackedEventID: Int64] = [:]
    /// The ids of `corrections` and `retracted` together: a replay asks about every event, and
    /// one hashed lookup (none when there are no corrections) costs half of two.
    private var touched: Set<PackedEventID> = []

    /// The event types that correct or retract others: what a replay reads first.
    public static let types = [EventCorrected.type, EventRetracted.type]

    /// No corrections.
    public init() {}

    /// Takes note of `event` if it is a correction or retraction (other events are ignored).
    /// Feed events in seq order.
    public mutating func add(_ event: LoggedEvent) {
        guard let text = event.target else { return }
        let target = PackedEventID(text)
        touched.insert(target)
        if event.type == EventRetracted.type {
            if retracted[target] == nil { retracted[target] = event.seq }
        } else {
            corrections[target, default: []].append(event)
        }
    }

    /// Whether there are no corrections and no retractions.
    public var isEmpty: Bool { corrections.isEmpty && retracted.isEmpty }

    /// Whether event `id` has corrections or a retraction here.
    public func touches(_ id: PackedEventID) -> Bool { !touched.isEmpty && touched.contains(id) }

    /// Whether event `id` has corrections or a retraction here.
    public func touches(_ id: String) -> Bool { touches(PackedEventID(id)) }

    /// `payload` with the merge patch applied. A document whose number the patch changes loses
    /// the style and type abbreviation derived from the old number, unless the patch gives them:
    /// they are derived again when the payload is read.
    public static func patched(_ payload: [String: JSONValue], with patch: [String: JSONValue]) -> [String: JSONValue] {
        var result = JSONMergePatch.apply(patch, to: payload)
        dropDerived(&result, patch)
        return result
    }

    private static func dropDerived(_ object: inout [String: JSONValue], _ patch: [String: JSONValue]) {
        if patch["number"] != nil {
            if patch["style"] == nil { object["style"] = nil }
            if patch["type_abbr"] == nil { object["type_abbr"] = nil }
        }
        for (key, value) in patch {
            guard case .object(let sub) = value, case .object(var inner)? = object[key] else { continue }
            dropDerived(&inner, sub)
            object[key] = .object(inner)
        }
    }

    /// The seqs of the corrections that apply to event `id` (those not retracted), in seq order.
    public func applied(to id: PackedEventID) -> [Int64] {
        (corrections[id] ?? []).filter { retracted[PackedEventID($0.eventID)] == nil }.map(\.seq)
    }

    /// The seq of the retraction of event `id`, if it was retracted.
    public func retraction(of id: String) -> Int64? { retracted[PackedEventID(id)] }

    /// `event` as corrected, or nil if it was retracted. Corrections and retractions themselves
    /// pass through unchanged (a retracted correction gives nil).
    public func apply(to event: LoggedEvent) -> LoggedEvent? {
        let id = PackedEventID(event.eventID)
        guard retracted[id] == nil else { return nil }
        var e = event
        for c in corrections[id] ?? [] where retracted[PackedEventID(c.eventID)] == nil {
            guard case .object(let patch)? = c.payload["patch"] else { continue }
            if case .object(let p)? = patch["payload"] { e.payload = Self.patched(e.payload, with: p) }
            if case .string(let o)? = patch["occurred_at"] { e.occurredAt = o }
            e.correctedBy.append(c.seq)
        }
        return e
    }
}

/// The effective view of a log at a knowledge instant K (docs/compliance.md, "The view at K"): the events recorded by
/// K, with the corrections and retractions recorded by K applied, without the corrections and
/// retractions themselves.
public enum EffectiveView {
    /// The effective events of `events` (all of one log, in seq order) at `knownAt` (nil for
    /// everything recorded).
    public static func events(_ events: [LoggedEvent], knownAt: Instant?) -> [LoggedEvent] {
        // recorded_at is stored in one fixed format, so text order is time order.
        let limit = knownAt?.description
        let known = events.filter { e in limit.map { e.recordedAt <= $0 } ?? true }
        var corrections = Corrections()
        for e in known { corrections.add(e) }
        return known.compactMap { e in e.target == nil ? corrections.apply(to: e) : nil }
    }
}

extension EffectiveView {
    /// The effective events of the log in `store` at `knownAt` (read whole: fine for the sizes
    /// the demo and tests use; projections stream).
    public static func events(in store: any LogEngine, knownAt: Instant?) throws(DomainError) -> [LoggedEvent] {
        var all: [LoggedEvent] = []
        try DomainError.reading { () throws(EventLogError) in try store.forEachEntry(matching: LogFilter()) { all.append(LoggedEvent($0)) } }
        return events(all, knownAt: knownAt)
    }
}
