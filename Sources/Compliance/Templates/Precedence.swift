import AuditDomain
import EventLog
import LogFormat

/// T9 `precedence`: each congress held must have been preceded by an appraisal of its content
/// (same organisation and term, with the required result) within `max_lead` before it.
enum Precedence {
    static func evaluate(_ r: ActiveRequirement, _ c: ComplianceContext) -> [ComplianceReport.Instance] {
        let p = r.params
        guard let lead = p["max_lead"]?.stringValue.flatMap({ ISODuration($0) }) else { return [] }
        let result = p["antecedent_result"]?.stringValue ?? "approved"
        let scope = r.requirement.scope ?? r.requirement.assignees
        guard c.asOf >= r.from else {
            return [.init(assignee: "*", key: "*", due: nil, verdict: .notApplicable, evidence: [], reason: .notInForce(from: r.from))]
        }
        var out: [ComplianceReport.Instance] = []
        let appraisals = c.facts(of: CongressAppraised.type)
        for f in c.facts(of: CongressHeld.type) {
            guard let held = f.payload as? CongressHeld, f.first >= r.from, r.until.map({ f.first < $0 }) ?? true,
                scope.map({ c.matches(held.orgId, $0, r) }) ?? true
            else { continue }
            let earliest = lead.subtracted(from: f.first)
            let appraisal = appraisals.last { g in
                guard let a = g.payload as? CongressAppraised else { return false }
                return a.orgId == held.orgId && normalized(a.term) == normalized(held.term) && a.result.rawValue == result
                    && g.first >= earliest && g.first <= f.first
            }
            out.append(.init(
                assignee: held.orgId, key: "congress \(held.term)", due: f.first.description, verdict: appraisal == nil ? .violated : .satisfied,
                evidence: [appraisal?.seq, f.seq].compactMap { $0 },
                reason: appraisal.map { Reason.appraised(on: c.shown($0), congress: c.shown(f)) }
                    ?? .notAppraised(congress: c.shown(f), since: earliest)))
        }
        return out
    }

    private static func normalized(_ term: String) -> String { String(term.map { $0 == "\u{2013}" ? "-" : $0 }) }
}
