import AuditDomain
import EventLog
import LogFormat

/// T3 `recurring_inspection`: each inspector must inspect each target in every period
/// (`calendar`) or at most `max_gap` after the last inspection (`rolling`). An inspection
/// planned and not carried out by the end of its window plus grace is a `plan_not_executed`
/// finding.
enum RecurringInspection {
    /// The instances of the requirement in `parts` (one per amendment by T for the calendar
    /// mode; an inspection counts for one period, whichever part it falls in), and the
    /// `plan_not_executed` findings, once.
    static func evaluate(_ parts: [ActiveRequirement], _ c: ComplianceContext, _ findings: inout FindingLog)
        -> [ComplianceReport.Instance]
    {
        var used: [String: Set<Int64>] = [:]
        var out: [ComplianceReport.Instance] = []
        var pairs: [(inspector: String, target: String, since: CivilDate)] = []
        for (n, r) in parts.enumerated() {
            // A missed period of this part can be caught up until the next part's first period
            // falls due.
            let next = n + 1 < parts.count ? firstDue(of: parts[n + 1], c) : nil
            let (instances, partPairs) = evaluate(r, c, used: &used, catchUpUntil: next)
            out += instances
            pairs = partPairs
        }
        guard let r = parts.last else { return out }
        // Plans not carried out (a finding beside the verdicts), against the pairs in force at T.
        let grace = ISODuration(r.params["grace"]?.stringValue ?? "P15D")
        for f in c.facts(of: InspectionPlanned.type) {
            guard let plan = f.payload as? InspectionPlanned, plan.plannedWindow.count == 2,
                pairs.contains(where: { $0.target == plan.target && c.holds(plan.inspector, dutyOf: $0.inspector, on: f.first, duty: r.reqRef, follow: r.follow) })
            else { continue }
            let end = grace?.added(to: plan.plannedWindow[1]) ?? plan.plannedWindow[1]
            if !c.index.conducted(plan.inspectionId), c.asOf > end {
                findings.append(.init(kind: "plan_not_executed", reqRef: r.reqRef, seq: f.seq,
                                      detail: .planNotExecuted(inspectionId: plan.inspectionId, inspector: plan.inspector, target: plan.target,
                                                             plannedBy: plan.plannedWindow[1])))
            }
        }
        return out
    }

    /// The due date of the first period of calendar part `r`, if it has one by T.
    private static func firstDue(of r: ActiveRequirement, _ c: ComplianceContext) -> CivilDate? {
        guard let text = r.params["schedule"]?.stringValue, let schedule = RepeatingInterval(text) else { return nil }
        let grace = ISODuration(r.params["grace"]?.stringValue ?? "P15D")
        return PeriodicReport.periods(schedule, grace: grace, from: r.from, until: r.until, asOf: c.asOf, firstFull: r.sinceAmendment).first?.due
    }

    /// One part's instances and its (inspector, target, since) pairs; `used` holds, by pair, the
    /// inspections earlier parts counted.
    private static func evaluate(_ r: ActiveRequirement, _ c: ComplianceContext, used: inout [String: Set<Int64>], catchUpUntil: CivilDate?)
        -> ([ComplianceReport.Instance], [(inspector: String, target: String, since: CivilDate)])
    {
        let p = r.params
        let grace = ISODuration(p["grace"]?.stringValue ?? "P15D")
        let kinds: Set<String>? = p["kinds"].flatMap { v in
            if case .array(let a) = v { return Set(a.compactMap(\.stringValue)) }
            return nil
        }
        guard c.asOf >= r.from else {
            return ([.init(assignee: "*", key: "*", due: nil, verdict: .notApplicable, evidence: [], reason: .notInForce(from: r.from))], [])
        }
        // (inspector, target, since) pairs.
        var pairs: [(inspector: String, target: String, since: CivilDate)] = []
        let monitorOfTarget = p["inspector"] == .string("monitor_of_target")
        let inspectors = monitorOfTarget ? [] : c.members(of: ProhibitionWindow.selector(p["inspector"]), r)
        let targets: [String]
        // With assignment_basis, only the assignments resting on the documents it names; every
        // monitored association within the directive's jurisdiction (by the target's province).
        let assignments = c.assignments(r)
        if p["targets"] == .string("all_monitored") {
            targets = Array(Set(assignments.filter { $0.isActive(on: c.asOf) && c.inJurisdiction($0.target, r) }.map(\.target))).sorted()
        } else {
            targets = c.members(of: ProhibitionWindow.selector(p["targets"]), r)
        }
        let assignmentsByTarget = Dictionary(grouping: assignments, by: \.target)
        for target in targets {
            if monitorOfTarget {
                for a in (assignmentsByTarget[target] ?? []).sorted(by: { $0.assignmentId < $1.assignmentId }) where a.isActive(on: c.asOf) {
                    pairs.append((a.monitor, target, max(a.since, r.from)))
                }
            } else {
                for i in inspectors { pairs.append((i, target, r.from)) }
            }
        }
        func inspections(_ inspector: String, _ target: String) -> [Fact] {
            // Inspections of the target, of an organisation whose duties it took over (named by
            // its old name after a merger), or of the one that took over the target's.
            c.possiblePredecessors(of: target).union(c.possibleHolders(of: target)).flatMap { c.index.inspections(of: $0) }.filter { f in
                guard case .inspection(let i) = f.body, kinds.map({ $0.contains(i.kind.rawValue) }) ?? true else { return false }
                let inspected = c.index.symbols[i.target]
                return (inspected == target || c.holds(target, dutyOf: inspected, on: f.first, duty: r.reqRef, follow: true)
                    || c.holds(inspected, dutyOf: target, on: f.first, duty: r.reqRef, follow: true))
                    && c.holds(c.index.symbols[i.inspector], dutyOf: inspector, on: f.first, duty: r.reqRef, follow: r.follow)
            }.sorted { ($0.first, $0.seq) < ($1.first, $1.seq) }
        }
        var out: [ComplianceReport.Instance] = []
        if p["mode"]?.stringValue == "rolling", let gap = p["max_gap"]?.stringValue.flatMap({ ISODuration($0) }) {
            for pair in pairs {
                let done = inspections(pair.inspector, pair.target).filter { $0.first >= pair.since }
                let last = done.last
                let base = last?.first ?? pair.since
                let deadline = grace?.added(to: gap.added(to: base)) ?? gap.added(to: base)
                // A duty lifted or ended before the next inspection fell due is not owed any more.
                if let until = r.until, until <= deadline, until <= c.asOf {
                    out.append(.init(assignee: pair.inspector, key: pair.target, due: deadline.description, verdict: .notApplicable,
                                     evidence: last.map { [$0.seq] } ?? [], reason: .liftedBeforeNextInspection(on: until)))
                    continue
                }
                // Nobody left to inspect, or to be inspected, when the next inspection falls due.
                guard c.owed(pair.inspector, due: deadline, done: false, r), c.owed(pair.target, due: deadline, done: false, r) else { continue }
                let verdict: Verdict = c.asOf > deadline ? .violated : last == nil ? .pending : .satisfied
                let overdue = verdict == .violated ? c.asOf.days - deadline.days : nil
                out.append(.init(
                    assignee: pair.inspector, key: pair.target, due: deadline.description, verdict: verdict, evidence: last.map { [$0.seq] } ?? [],
                    reason: last.map { Reason.lastInspected(Self.kind($0), on: c.shown($0), nextDue: deadline, daysOverdue: overdue) }
                        ?? .notInspected(since: pair.since, due: deadline, daysOverdue: overdue)))
            }
        } else if let text = p["schedule"]?.stringValue, let schedule = RepeatingInterval(text) {
            let periods = PeriodicReport.periods(schedule, grace: grace, from: r.from, until: r.until, asOf: c.asOf, firstFull: r.sinceAmendment)
            for pair in pairs {
                let counted = "\(pair.inspector) \(pair.target)"  // an inspection counts for one period
                let done = inspections(pair.inspector, pair.target).filter { used[counted]?.contains($0.seq) != true }
                let owed = periods.filter { $0.end >= pair.since }
                // Each inspection, in business-date order, counts for the earliest period without
                // one that had begun by its date, until the next period falls due: on time within
                // the due date, late after it.
                var hits: [Fact?] = Array(repeating: nil, count: owed.count)
                for f in done {
                    for (n, k) in owed.enumerated() where hits[n] == nil && f.first >= k.start {
                        if let next = n + 1 < owed.count ? owed[n + 1].due : catchUpUntil, f.first > max(k.due, next) { continue }
                        hits[n] = f
                        used[counted, default: []].insert(f.seq)
                        break
                    }
                }
                // Nobody left to inspect, or to be inspected: periods due from then on are not owed.
                let (inspectorEnded, targetEnded) = (c.endedBy(pair.inspector), c.endedBy(pair.target))
                for (n, k) in owed.enumerated() {
                    let key = "\(pair.target) \(k.key)"
                    let hit = hits[n]
                    let verdict: Verdict = hit.map { $0.timeliness(due: k.due) } ?? (c.asOf <= k.due ? .pending : .violated)
                    guard c.owed(pair.inspector, ended: inspectorEnded, due: k.due, done: hit != nil, r),
                        c.owed(pair.target, ended: targetEnded, due: k.due, done: hit != nil, r)
                    else { continue }
                    let reason: Reason
                    switch (verdict, hit) {
                    case (.satisfied, let f?): reason = .inspected(Self.kind(f), on: c.shown(f))
                    case (.late, let f?): reason = .inspectedLate(Self.kind(f), on: c.shown(f), daysLate: f.first.days - k.due.days, due: k.due)
                    case (_, let f?): reason = .inspectionStraddles(Self.kind(f), dated: c.shown(f), due: k.due)
                    case (.pending, nil): reason = .due(k.due)
                    default: reason = .noInspection(target: pair.target, due: k.due, daysOverdue: c.asOf.days - k.due.days)
                    }
                    out.append(.init(assignee: pair.inspector, key: key, due: k.due.description, verdict: verdict, evidence: hit.map { [$0.seq] } ?? [],
                                     reason: reason))
                }
            }
        }
        return (out, pairs)
    }

    /// The kind of inspection `f` is (for the reasons' words).
    private static func kind(_ f: Fact) -> InspectionKind? {
        if case .inspection(let i) = f.body { return i.kind }
        return nil
    }
}
