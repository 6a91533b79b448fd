import AuditDomain
import EventLog

/// Lookups over the facts of one check, each built on first use and shared by every
/// requirement (twenty directives with a reporting duty each read the reports once, not twenty
/// times). Used on one thread, by one check.
final class FactIndex {
    private let byType: [String: [Fact]]
    private var actors: [String: [String: [PeriodicReport.Submission]]] = [:]
    private var about: [String: [Fact]]?
    private var completions: [String: [Fact]]?
    private var membership: [String: [(Fact, MembershipReported)]]?
    private var resolutions: [String: [Fact]]?
    private var forwards: [String: [String]]?
    private var disseminations: [String: [Fact]]?
    private var inspections: [String: [Fact]]?

    init(_ byType: [String: [Fact]]) { self.byType = byType }

    /// The facts of one type, in seq order.
    func facts(of type: String) -> [Fact] { byType[type] ?? [] }

    /// Reports and meetings of `type` by who made them (reporter or convener), in seq order,
    /// each taken apart once for every requirement that reads them.
    func byActor(_ type: String) -> [String: [PeriodicReport.Submission]] {
        if let known = actors[type] { return known }
        var index: [String: [PeriodicReport.Submission]] = [:]
        for f in facts(of: type) { if let s = PeriodicReport.Submission(f) { index[s.actor, default: []].append(s) } }
        actors[type] = index
        return index
    }

    /// Facts of payload type `P` grouped by the keys `keys` gives each (several, or none), as
    /// `value` makes them, in seq order; kept in `cache` after the first call.
    private func indexed<P: EventPayload, V>(
        _ cache: inout [String: [V]]?, _: P.Type, keys: (P) -> [String], value: (Fact, P) -> V
    ) -> [String: [V]] {
        if let known = cache { return known }
        var index: [String: [V]] = [:]
        for f in facts(of: P.type) {
            guard let p = f.payload as? P else { continue }
            for key in keys(p) { index[key, default: []].append(value(f, p)) }
        }
        cache = index
        return index
    }

    /// Reports by each id they are about (recommendations, tasks), in seq order.
    func reports(about id: String) -> [Fact] {
        indexed(&about, ReportSubmitted.self, keys: { $0.about ?? [] }, value: { f, _ in f })[id] ?? []
    }

    /// What completes task `id`: task.completed, then reports about it.
    func completions(of id: String) -> [Fact] {
        (indexed(&completions, TaskCompleted.self, keys: { [$0.taskId] }, value: { f, _ in f })[id] ?? []) + reports(about: id)
    }

    /// Membership figures by organisation, in seq order.
    func membership(of org: String) -> [(Fact, MembershipReported)] {
        indexed(&membership, MembershipReported.self, keys: { [$0.orgId] }, value: { ($0, $1) })[org] ?? []
    }

    /// Resolutions of recommendation `id`, in seq order.
    func resolutions(of id: String) -> [Fact] {
        indexed(&resolutions, RecommendationResolved.self, keys: { [$0.recId] }, value: { f, _ in f })[id] ?? []
    }

    /// Who recommendation `id` was forwarded to.
    func forwards(of id: String) -> [String] {
        indexed(&forwards, RecommendationForwarded.self, keys: { [$0.recId] }, value: { $1.toOrg })[id] ?? []
    }

    /// Disseminations of document `doc`, in seq order.
    func disseminations(of doc: String) -> [Fact] {
        indexed(&disseminations, DirectiveDisseminated.self, keys: { [$0.docKey] }, value: { f, _ in f })[doc] ?? []
    }

    /// Inspections conducted of `target`, in seq order.
    func inspections(of target: String) -> [Fact] {
        indexed(&inspections, InspectionConducted.self, keys: { [$0.target] }, value: { f, _ in f })[target] ?? []
    }
}
