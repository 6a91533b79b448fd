import AuditDomain
import EventLog

/// Lookups over the facts of one check, each built on first use and shared by every
/// requirement (twenty directives with a reporting duty each read the reports once, not twenty
/// times). Used on one thread, by one check.
final class FactIndex {
    private let byType: [String: [Fact]]
    private var actors: [String: [String: [Fact]]] = [:]
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

    /// Reports and meetings of `type` by who made them (reporter or convener), in seq order.
    func byActor(_ type: String) -> [String: [Fact]] {
        if let known = actors[type] { return known }
        var index: [String: [Fact]] = [:]
        for f in facts(of: type) { if let actor = PeriodicReport.parts(f.payload)?.0 { index[actor, default: []].append(f) } }
        actors[type] = index
        return index
    }

    /// Reports by each id they are about (recommendations, tasks), in seq order.
    func reports(about id: String) -> [Fact] {
        if about == nil {
            var index: [String: [Fact]] = [:]
            for f in facts(of: ReportSubmitted.type) { for id in (f.payload as? ReportSubmitted)?.about ?? [] { index[id, default: []].append(f) } }
            about = index
        }
        return about?[id] ?? []
    }

    /// What completes task `id`: task.completed, or a report about it.
    func completions(of id: String) -> [Fact] {
        if completions == nil {
            var index: [String: [Fact]] = [:]
            for f in facts(of: TaskCompleted.type) { if let t = f.payload as? TaskCompleted { index[t.taskId, default: []].append(f) } }
            for f in facts(of: ReportSubmitted.type) { for id in (f.payload as? ReportSubmitted)?.about ?? [] { index[id, default: []].append(f) } }
            completions = index
        }
        return completions?[id] ?? []
    }

    /// Membership figures by organisation, in seq order.
    func membership(of org: String) -> [(Fact, MembershipReported)] {
        if membership == nil {
            var index: [String: [(Fact, MembershipReported)]] = [:]
            for f in facts(of: MembershipReported.type) { if let m = f.payload as? MembershipReported { index[m.orgId, default: []].append((f, m)) } }
            membership = index
        }
        return membership?[org] ?? []
    }

    /// Resolutions of recommendation `id`, in seq order.
    func resolutions(of id: String) -> [Fact] {
        if resolutions == nil {
            var index: [String: [Fact]] = [:]
            for f in facts(of: RecommendationResolved.type) { if let r = f.payload as? RecommendationResolved { index[r.recId, default: []].append(f) } }
            resolutions = index
        }
        return resolutions?[id] ?? []
    }

    /// Who recommendation `id` was forwarded to.
    func forwards(of id: String) -> [String] {
        if forwards == nil {
            var index: [String: [String]] = [:]
            for f in facts(of: RecommendationForwarded.type) { if let r = f.payload as? RecommendationForwarded { index[r.recId, default: []].append(r.toOrg) } }
            forwards = index
        }
        return forwards?[id] ?? []
    }

    /// Disseminations of document `doc`, in seq order.
    func disseminations(of doc: String) -> [Fact] {
        if disseminations == nil {
            var index: [String: [Fact]] = [:]
            for f in facts(of: DirectiveDisseminated.type) { if let d = f.payload as? DirectiveDisseminated { index[d.docKey, default: []].append(f) } }
            disseminations = index
        }
        return disseminations?[doc] ?? []
    }

    /// Inspections conducted of `target`, in seq order.
    func inspections(of target: String) -> [Fact] {
        if inspections == nil {
            var index: [String: [Fact]] = [:]
            for f in facts(of: InspectionConducted.type) { if let i = f.payload as? InspectionConducted { index[i.target, default: []].append(f) } }
            inspections = index
        }
        return inspections?[target] ?? []
    }
}
