import AuditDomain
import EventLog

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
        for r in parts {
            let (instances, partPairs) = evaluate(r, c, used: &used)
            out += instances
            pairs = partPairs
        }
        guard let r = parts.last else { return out }
        // Plans not carried out (a finding beside the verdicts), against the pairs in force at T.
        let grace = ISODuration(r.params["grace"]?.stringValue ?? "P15D")
        for f in c.facts(of: InspectionPlanned.type) {
            guard let plan = f.payload as? InspectionPlanned, plan.plannedWindow.count == 2,
                pairs.contains(where: { $0.target == plan.target && c.holds(plan.inspector, dutyOf: $0.inspector, on: f.first, duty: r.reqRef, follow: true) })
            else { continue }
            let end = grace?.added(to: plan.plannedWindow[1]) ?? plan.plannedWindow[1]
            if !c.index.conducted(plan.inspectionId), c.asOf > end {
                findings.append(.init(kind: "plan_not_executed", reqRef: r.reqRef, seq: f.seq,
                                      detail: "\(plan.inspectionId): \(plan.inspector) → \(plan.target), planned by \(plan.plannedWindow[1])"))
            }
        }
        return out
    }

    /// One part's instances and its (inspector, target, since) pairs; `used` holds, by pair, the
    /// inspections earlier parts counted.
    private static func evaluate(_ r: ActiveRequirement, _ c: ComplianceContext, used: inout [String: Set<Int64>])
        -> ([ComplianceReport.Instance], [(inspector: String, target: String, since: CivilDate)])
    {
        let p = r.params
        let grace = ISODuration(p["grace"]?.stringValue ?? "P15D")
        let kinds: Set<String>? = p["kinds"].flatMap { v in
            if case .array(let a) = v { return Set(a.compactMap(\.stringValue)) }
            return nil
        }
        guard c.asOf >= r.from else {
            return ([.init(assignee: "*", key: "*", due: nil, verdict: .notApplicable, evidence: [], reason: "not in force before \(r.from)")], [])
        }
        // (inspector, target, since) pairs.
        var pairs: [(inspector: String, target: String, since: CivilDate)] = []
        let monitorOfTarget = p["inspector"] == .string("monitor_of_target")
        let inspectors = monitorOfTarget ? [] : c.members(of: ProhibitionWindow.selector(p["inspector"]))
        let targets: [String]
        if p["targets"] == .string("all_monitored") {
            targets = Array(Set(c.records.assignments.values.filter { $0.isActive(on: c.asOf) }.map(\.target))).sorted()
        } else {
            targets = c.members(of: ProhibitionWindow.selector(p["targets"]))
        }
        let assignmentsByTarget = Dictionary(grouping: c.records.assignments.values, by: \.target)
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
                                     evidence: last.map { [$0.seq] } ?? [], reason: "lifted or ended on \(until), before the next inspection was due"))
                    continue
                }
                let verdict: Verdict = c.asOf > deadline ? .violated : last == nil ? .pending : .satisfied
                out.append(.init(
                    assignee: pair.inspector, key: pair.target, due: deadline.description, verdict: verdict, evidence: last.map { [$0.seq] } ?? [],
                    reason: last.map { "last inspected on \($0.first); next due by \(deadline)" } ?? "not inspected since \(pair.since); due by \(deadline)"))
            }
        } else if let text = p["schedule"]?.stringValue, let schedule = RepeatingInterval(text) {
            let periods = PeriodicReport.periods(schedule, grace: grace, from: r.from, until: r.until, asOf: c.asOf, firstFull: r.sinceAmendment)
            for pair in pairs {
                let done = inspections(pair.inspector, pair.target).sorted { ($0.first, $0.seq) < ($1.first, $1.seq) }
                let counted = "\(pair.inspector) \(pair.target)"  // an inspection counts for one period, the earliest it fits
                for k in periods where k.end >= pair.since {
                    let inPeriod = done.filter { used[counted]?.contains($0.seq) != true && $0.first >= k.start && $0.first <= k.due }
                    if let hit = inPeriod.first(where: { $0.timeliness(due: k.due) == .satisfied }) {
                        used[counted, default: []].insert(hit.seq)
                        out.append(.init(assignee: pair.inspector, key: "\(pair.target) \(k.key)", due: k.due.description, verdict: .satisfied,
                                         evidence: [hit.seq], reason: "inspected on \(hit.first)"))
                    } else if c.asOf < k.due {
                        out.append(.init(assignee: pair.inspector, key: "\(pair.target) \(k.key)", due: k.due.description, verdict: .pending,
                                         evidence: [], reason: "due \(k.due)"))
                    } else {
                        out.append(.init(assignee: pair.inspector, key: "\(pair.target) \(k.key)", due: k.due.description, verdict: .violated,
                                         evidence: [], reason: "no inspection of \(pair.target) by \(k.due)"))
                    }
                }
            }
        }
        return (out, pairs)
    }
}
