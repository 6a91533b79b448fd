import AuditDomain
import EventLog
import LogFormat

/// T7 `response_within`: each matching recommendation must be resolved within a duration of
/// max(filing, effective_from), and, with `report_back`, reported back within another duration of
/// the resolution. Forwarding does not reset the clock.
enum ResponseWithin {
    static func evaluate(_ r: ActiveRequirement, _ c: ComplianceContext) -> [ComplianceReport.Instance] {
        let p = r.params
        guard let within = p["within"]?.stringValue.flatMap({ ISODuration($0) }), case .object(let trigger)? = p["trigger"] else { return [] }
        let addressee = ProhibitionWindow.selector(trigger["addressee"])
        let responsible = c.members(of: ProhibitionWindow.selector(p["responsible"]), r)
        let resolvers = Set(c.members(of: ProhibitionWindow.selector(p["resolvers"]), r) + responsible)
        var back: (to: String, within: ISODuration)?
        if case .object(let b)? = p["report_back"], let to = b["to"]?.stringValue, let w = b["within"]?.stringValue.flatMap({ ISODuration($0) }) {
            back = (to, w)
        }
        let assignee = responsible.joined(separator: " ")
        guard c.asOf >= r.from else {
            return [.init(assignee: assignee, key: "*", due: nil, verdict: .notApplicable, evidence: [], reason: .notInForce(from: r.from))]
        }
        var out: [ComplianceReport.Instance] = []
        let symbols = c.index.symbols
        for f in c.facts(of: RecommendationFiled.type) {
            guard case .filed(let filed) = f.body else { continue }
            // Filed after the requirement was lifted or ended: no duty arises.
            if let until = r.until, f.first >= until { continue }
            if let channel = trigger["channel"]?.stringValue, filed.channel?.rawValue != channel { continue }
            if let meeting = trigger["meeting_id"]?.stringValue, symbols.string(filed.meetingId) != meeting { continue }
            if let a = addressee, !c.matches(symbols[filed.toOrg], a, r) { continue }
            let recId = symbols[filed.recId]
            if let d = trigger["filed_from"]?.stringValue.flatMap({ CivilDate($0) }), f.first < d { continue }
            if let d = trigger["filed_to"]?.stringValue.flatMap({ CivilDate($0) }), f.first > d { continue }
            let start = max(f.first, r.from)
            let due = within.added(to: start)
            let allowed = resolvers.union(c.index.forwards(of: recId))
            // The resolution by someone allowed to resolve it that decides the clock.
            let resolution = ComplianceContext.decisive(c.index.resolutions(of: filed.recId).filter { g in
                guard case .resolved(let res) = g.body else { return false }
                return allowed.contains { c.holds(symbols[res.resolver], dutyOf: $0, on: g.first, duty: r.reqRef, follow: r.follow) }
            }, due: due)
            let resolved = Self.instance(assignee, "\(recId) resolution", due: due, done: resolution, until: r.until, act: .resolution, c)
            out.append(resolved)
            guard let back else { continue }
            guard let resolution else {
                if resolved.verdict == .notApplicable {
                    out.append(.init(assignee: assignee, key: "\(recId) report-back", due: nil, verdict: .notApplicable, evidence: [],
                                     reason: resolved.reason))
                    continue
                }
                out.append(.init(assignee: assignee, key: "\(recId) report-back", due: nil, verdict: .pending, evidence: [],
                                 reason: .waitsForResolution))
                continue
            }
            let dueBack = back.within.added(to: resolution.first)
            let report = ComplianceContext.decisive(c.index.reports(about: filed.recId).filter { g in
                guard case .report(let rep) = g.body else { return false }
                let to = symbols[rep.recipient]
                return c.holds(to, dutyOf: back.to, on: g.first, duty: r.reqRef, follow: true) || to == back.to
            }, due: dueBack)
            out.append(Self.instance(assignee, "\(recId) report-back", due: dueBack, done: report, until: r.until, act: .report, c))
        }
        return out
    }

    /// An instance done by `done` (or not) against `due`; a duty lifted or ended on `until`
    /// before it fell due (and not done by then) is not owed any more. `act` is what would do it
    /// (the reasons' words; a done instance says what `done` is).
    static func instance(
        _ assignee: String, _ key: String, due: CivilDate, done: Fact?, until: CivilDate?, act: Reason.Act, _ c: ComplianceContext
    ) -> ComplianceReport.Instance {
        if let until, until <= due, until <= c.asOf, done.map({ $0.first >= until }) ?? true {
            return .init(assignee: assignee, key: key, due: due.description, verdict: .notApplicable, evidence: [],
                         reason: .liftedBeforeDue(on: until))
        }
        guard let done else {
            // A deadline runs to the end of its local day.
            if c.asOf <= due { return .init(assignee: assignee, key: key, due: due.description, verdict: .pending, evidence: [], reason: .due(due)) }
            return .init(assignee: assignee, key: key, due: due.description, verdict: .violated, evidence: [],
                         reason: .nothingBy(act, due: due, daysOverdue: c.asOf.days - due.days))
        }
        let verdict = done.timeliness(due: due)
        let how = Reason.Act(done)
        let reason: Reason = verdict == .satisfied ? .done(how, on: c.shown(done), due: due)
            : verdict == .late ? .doneLate(how, on: c.shown(done), daysLate: done.first.days - due.days, due: due)
            : .straddles(how, dated: c.shown(done), due: due)
        return .init(assignee: assignee, key: key, due: due.description, verdict: verdict, evidence: [done.seq], reason: reason)
    }
}
