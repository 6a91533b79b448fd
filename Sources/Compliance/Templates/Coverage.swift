import AuditDomain
import EventLog
import LogFormat

/// T6 `coverage`: every organisation of the universe must have at least `min` active relations
/// (here: monitoring assignments with the role) whose holder still exists or has a successor;
/// an organisation uncovered for longer than the grace is a violation.
enum Coverage {
    static func evaluate(_ r: ActiveRequirement, _ c: ComplianceContext, _ findings: inout FindingLog)
        -> [ComplianceReport.Instance]
    {
        let p = r.params
        guard let universe = ProhibitionWindow.selector(p["universe"]), case .object(let relation)? = p["relation"] else { return [] }
        if relation["kind"]?.stringValue == "dissemination", let doc = relation["doc_key"]?.stringValue {
            return dissemination(r, c, universe: universe, doc: doc)
        }
        guard relation["kind"]?.stringValue == "monitoring" else {
            // No event records membership of a document system or a Party organisation inside an
            // association (Schemas/README.md, known gaps): nothing to judge by.
            return [.init(assignee: "*", key: "*", due: nil, verdict: .indeterminate, evidence: [],
                          reason: .coverageNotRecorded(kind: relation["kind"]?.stringValue ?? "?"))]
        }
        let role = relation["role"]?.stringValue
        let minimum = Int(p["min"]?.integerValue ?? 1)
        let grace = ISODuration(p["grace"]?.stringValue ?? "P30D")
        let requireHolder = p["require_active_holder"] != .bool(false)
        let overInterval = p["over_interval"] == .bool(true)
        guard c.asOf >= r.from else {
            return [.init(assignee: "*", key: "*", due: nil, verdict: .notApplicable, evidence: [], reason: .notInForce(from: r.from))]
        }
        if let until = r.until, until <= c.asOf {
            return [.init(assignee: "*", key: "*", due: nil, verdict: .notApplicable, evidence: [], reason: .liftedOrEnded(on: until))]
        }
        var out: [ComplianceReport.Instance] = []
        // With assignment_basis, only the assignments resting on the documents it names.
        let byTarget = Dictionary(grouping: c.assignments(r), by: \.target)
        for org in c.members(of: universe, r) {
            guard let record = c.records.organization(org), record.status.value == .active || record.status.value == .suspended else { continue }
            var covering: [AssignmentRecord] = []
            // Uncovered counts from when the organisation entered the universe, at the earliest
            // from when the requirement took effect.
            var since = max(record.registeredOn, r.from)
            for a in (byTarget[org] ?? []).sorted(by: { $0.assignmentId < $1.assignmentId }) {
                guard role.map({ $0 == a.role.rawValue }) ?? true, a.since <= c.asOf else { continue }
                if let end = [a.revokedOn, a.until.map { CivilDate(days: $0.days + 1) }].compactMap({ $0 }).min(), end <= c.asOf {
                    since = max(since, end)
                    continue
                }
                if requireHolder, c.successors.holders(of: a.monitor, on: c.asOf, follow: r.follow).isEmpty {
                    let ended = c.successors.endDate(of: a.monitor) ?? c.asOf
                    findings.append(.init(kind: "holder_inactive", reqRef: r.reqRef, seq: a.lastSeq,
                                          detail: .holderInactive(assignmentId: a.assignmentId, monitor: a.monitor, org: org, since: ended)))
                    since = max(since, ended)
                    continue
                }
                covering.append(a)
            }
            let deadline = grace?.added(to: since) ?? since
            // over_interval: a gap longer than the grace anywhere in [from, T] is a violation,
            // even if the organisation is covered again at T.
            if overInterval, let gap = Self.longGap(byTarget[org] ?? [], role: role, minimum: minimum, requireHolder: requireHolder,
                                                     from: max(record.registeredOn, r.from), grace: grace, follow: r.follow, c)
            {
                out.append(.init(assignee: org, key: org, due: gap.due.description, verdict: .violated, evidence: [],
                                 reason: .uncoveredGap(from: gap.start, to: gap.end.map { CivilDate(days: $0.days - 1) } ?? c.asOf, graceEnded: gap.due)))
                continue
            }
            if covering.count >= minimum {
                out.append(.init(assignee: org, key: org, due: nil, verdict: .satisfied, evidence: covering.map(\.lastSeq),
                                 reason: .monitored(by: covering.map { Reason.Monitor(monitor: $0.monitor, assignmentId: $0.assignmentId) })))
            } else if c.asOf <= deadline {
                out.append(.init(assignee: org, key: org, due: deadline.description, verdict: .satisfied, evidence: [],
                                 reason: .uncoveredWithinGrace(since: since, until: deadline)))
            } else {
                out.append(.init(assignee: org, key: org, due: deadline.description, verdict: .violated, evidence: [],
                                 reason: .uncovered(since: since, graceEnded: deadline)))
            }
        }
        return out
    }

    /// The first stretch of [from, T] in which fewer than `minimum` of `assignments` (with the
    /// role, and, with `requireHolder`, a monitor that exists or has a successor) were active,
    /// longer than the grace: its start, its end (exclusive; nil: still open at T) and the date
    /// the grace ran out.
    static func longGap(
        _ assignments: [AssignmentRecord], role: String?, minimum: Int, requireHolder: Bool, from: CivilDate, grace: ISODuration?,
        follow: Bool, _ c: ComplianceContext
    ) -> (start: CivilDate, end: CivilDate?, due: CivilDate)? {
        // Coverage changes: +1 when an assignment starts, -1 when it ends (the day after).
        var changes: [(day: CivilDate, delta: Int)] = []
        for a in assignments where role.map({ $0 == a.role.rawValue }) ?? true {
            var ends = [a.revokedOn, a.until.map { CivilDate(days: $0.days + 1) }].compactMap { $0 }
            if requireHolder, let ended = c.successors.endDate(of: a.monitor), c.successors.holders(of: a.monitor, on: ended, follow: follow).isEmpty {
                ends.append(ended)
            }
            let end = ends.min()
            guard a.since <= c.asOf, end.map({ $0 > a.since }) ?? true else { continue }
            changes.append((a.since, 1))
            if let end { changes.append((end, -1)) }
        }
        changes.sort { ($0.day, $0.delta) < ($1.day, $1.delta) }
        var count = 0
        var gapStart: CivilDate? = from
        var i = 0
        func check(_ start: CivilDate, _ end: CivilDate?) -> (CivilDate, CivilDate?, CivilDate)? {
            let due = grace?.added(to: start) ?? start
            let last = end.map { CivilDate(days: $0.days - 1) } ?? c.asOf
            return last > due ? (start, end, due) : nil
        }
        while i < changes.count {
            let day = changes[i].day
            while i < changes.count, changes[i].day == day {
                count += changes[i].delta
                i += 1
            }
            if day > c.asOf { break }
            if count >= minimum, let start = gapStart {
                if day > start, let gap = check(start, day) { return gap }
                gapStart = nil
            } else if count < minimum, gapStart == nil {
                gapStart = max(day, from)
            }
        }
        if let start = gapStart, start <= c.asOf { return check(start, nil) }
        return nil
    }

    /// Coverage by dissemination: every organisation of the universe has studied or passed on
    /// the document (`directive.disseminated`) within the grace after the requirement took effect
    /// (or after it entered the universe).
    static func dissemination(_ r: ActiveRequirement, _ c: ComplianceContext, universe: OrgSelector, doc: String)
        -> [ComplianceReport.Instance]
    {
        let grace = ISODuration(r.params["grace"]?.stringValue ?? "P30D")
        guard c.asOf >= r.from else {
            return [.init(assignee: "*", key: "*", due: nil, verdict: .notApplicable, evidence: [], reason: .notInForce(from: r.from))]
        }
        // Each organisation's duty falls due on its own date: a lift or end closes only those
        // not yet due (violations already due stay).
        // An organisation that has ended keeps the instances due before its end (a breach that
        // happened stays one); one due after it, with nobody to hold the duty, is not owed.
        return c.members(of: universe, r).compactMap { org -> ComplianceReport.Instance? in
            guard let record = c.records.organization(org) else { return nil }
            let since = max(record.registeredOn, r.from)
            if let until = r.until, since >= until { return nil }  // entered the universe after the duty ended
            let due = grace?.added(to: since) ?? since
            let done = ComplianceContext.decisive(c.index.disseminations(of: doc).filter { f in
                guard let d = f.payload as? DirectiveDisseminated else { return false }
                return d.org == org || c.holds(d.org, dutyOf: org, on: f.first, duty: r.reqRef, follow: r.follow)
            }, due: due)
            guard c.owed(org, due: due, done: done != nil, r) else { return nil }
            return ResponseWithin.instance(org, org, due: due, done: done, until: r.until, act: .dissemination, c)
        }
    }
}
