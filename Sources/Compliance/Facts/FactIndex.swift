import AuditDomain
import EventLog
import Synchronization

/// The facts of one check and lookups over them, each built on first use and shared by every
/// requirement (twenty directives with a reporting duty each read the reports once, not twenty
/// times). The lookups over the numerous kinds hold 4-byte places in a ``FactList``, not
/// copies. Requirements are judged on several threads at once: a lookup is built under the
/// index's lock by the first thread that needs it, and read by all.
final class FactIndex: Sendable {
    /// The strings the facts name by symbol.
    let symbols: SymbolTable
    private let byType: [String: FactList]
    private let wholePayloads: [Int64: WholePayload]
    private let conductedPlans: Set<String>
    private let lookups = Mutex(Lookups())

    /// The lookups built so far.
    private struct Lookups {
        var actors: [String: [Symbol: [Int32]]] = [:]
        var about: [Symbol: [Int32]]?
        var resolutions: [Symbol: [Int32]]?
        var inspections: [Symbol: [Int32]]?
        var completions: [String: [Fact]]?
        var membership: [String: [(Fact, MembershipReported)]]?
        var forwards: [String: [String]]?
        var disseminations: [String: [Fact]]?
    }

    /// The index over what `gathering` kept.
    init(_ gathering: FactGathering) {
        symbols = gathering.symbols
        byType = gathering.byType
        wholePayloads = gathering.wholePayloads
        conductedPlans = gathering.conductedPlans
    }

    /// The index over the facts of `other` whose seq `keep` accepts (the attested ones, for a
    /// requirement that counts only those); its lookups are built afresh on first use.
    init(_ other: FactIndex, keeping keep: (_ type: String, _ seq: Int64) -> Bool) {
        symbols = other.symbols
        var wholeTypes: [Int64: String] = [:]
        byType = Dictionary(uniqueKeysWithValues: other.byType.map { type, list in
            var kept = FactList()
            for fact in list where keep(type, fact.seq) { kept.append(fact) }
            for fact in list { wholeTypes[fact.seq] = type }
            return (type, kept)
        })
        wholePayloads = other.wholePayloads.filter { seq, _ in wholeTypes[seq].map { keep($0, seq) } ?? true }
        conductedPlans = other.conductedPlans
    }

    /// The facts of one type, in seq order.
    func facts(of type: String) -> FactList { byType[type] ?? FactList() }

    /// The whole payload and event id of a fact of a kind a prohibition forbids.
    func whole(_ fact: Fact) -> WholePayload? { wholePayloads[fact.seq] }

    /// Whether the planned inspection `id` was conducted by T.
    func conducted(_ id: String) -> Bool { conductedPlans.contains(id) }

    /// The facts at `places` in the list of `type`.
    private func facts(_ places: [Int32]?, of type: String) -> [Fact] {
        guard let places else { return [] }
        let list = facts(of: type)
        return places.map { list[Int($0)] }
    }

    /// Places in the list of `type` grouped by the symbols `keys` gives each fact (several, or
    /// none), in seq order; built once, kept at `cache`.
    private func places(
        _ cache: WritableKeyPath<Lookups, [Symbol: [Int32]]?>, of type: String, keys: (Fact) -> [Symbol]
    ) -> [Symbol: [Int32]] {
        lookups.withLock { built in
            if let known = built[keyPath: cache] { return known }
            var index: [Symbol: [Int32]] = [:]
            // Places fit Int32: a list of more facts would not fit in memory first.
            for (place, f) in facts(of: type).enumerated() { for key in keys(f) { index[key, default: []].append(Int32(place)) } }
            built[keyPath: cache] = index
            return index
        }
    }

    /// Reports and meetings of `type` by who made them (reporter or convener), as places in
    /// ``facts(of:)``, in seq order.
    func byActor(_ type: String) -> [Symbol: [Int32]] {
        lookups.withLock { built in
            if let known = built.actors[type] { return known }
            var index: [Symbol: [Int32]] = [:]
            for (place, f) in facts(of: type).enumerated() {
                if let s = PeriodicReport.Submission(f) { index[s.actor, default: []].append(Int32(place)) }
            }
            built.actors[type] = index
            return index
        }
    }

    /// Reports by each id they are about (recommendations, tasks), in seq order.
    func reports(about id: Symbol) -> [Fact] {
        let index = places(\.about, of: ReportSubmitted.type) { f in
            if case .report(let r) = f.body { return symbols.list(r.about) }
            return []
        }
        return facts(index[id], of: ReportSubmitted.type)
    }

    /// Resolutions of recommendation `id`, in seq order.
    func resolutions(of id: Symbol) -> [Fact] {
        let index = places(\.resolutions, of: RecommendationResolved.type) { f in
            if case .resolved(let r) = f.body { return [r.recId] }
            return []
        }
        return facts(index[id], of: RecommendationResolved.type)
    }

    /// Inspections conducted of `target`, in seq order.
    func inspections(of target: String) -> [Fact] {
        let index = places(\.inspections, of: InspectionConducted.type) { f in
            if case .inspection(let i) = f.body { return [i.target] }
            return []
        }
        return facts(index[symbols.symbol(target)], of: InspectionConducted.type)
    }

    /// Facts of payload type `P`, kept whole, grouped by the keys `keys` gives each (several,
    /// or none), as `value` makes them, in seq order; built once, kept at `cache`.
    private func indexed<P: EventPayload, V: Sendable>(
        _ cache: WritableKeyPath<Lookups, [String: [V]]?>, _: P.Type, keys: (P) -> [String], value: (Fact, P) -> V
    ) -> [String: [V]] {
        lookups.withLock { built in
            if let known = built[keyPath: cache] { return known }
            var index: [String: [V]] = [:]
            for f in facts(of: P.type) {
                guard let p = f.payload as? P else { continue }
                for key in keys(p) { index[key, default: []].append(value(f, p)) }
            }
            built[keyPath: cache] = index
            return index
        }
    }

    /// What completes task `id`: task.completed, then reports about it (the definition of
    /// ``TaskDone``, which the task projection and `tasks` follow too).
    func completions(of id: String) -> [Fact] {
        (indexed(\.completions, TaskCompleted.self, keys: { [$0.taskId] }, value: { f, _ in f })[id] ?? [])
            + reports(about: symbols.symbol(id))
    }

    /// Membership figures by organisation, in seq order.
    func membership(of org: String) -> [(Fact, MembershipReported)] {
        indexed(\.membership, MembershipReported.self, keys: { [$0.orgId] }, value: { ($0, $1) })[org] ?? []
    }

    /// Who recommendation `id` was forwarded to.
    func forwards(of id: String) -> [String] {
        indexed(\.forwards, RecommendationForwarded.self, keys: { [$0.recId] }, value: { $1.toOrg })[id] ?? []
    }

    /// Disseminations of document `doc`, in seq order.
    func disseminations(of doc: String) -> [Fact] {
        indexed(\.disseminations, DirectiveDisseminated.self, keys: { [$0.docKey] }, value: { f, _ in f })[doc] ?? []
    }
}
