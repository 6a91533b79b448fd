import AuditDomain
import EventLog
import LogFormat

/// T2 `one_off_task`: each task assigned under the requirement (or, with none, each assignee)
/// must be completed by its due date; with no due date the instance stays open.
enum OneOffTask {
    static func evaluate(_ r: ActiveRequirement, _ c: ComplianceContext) -> [ComplianceReport.Instance] {
        let p = r.params
        let dueOn = p["due_on"]?.stringValue.flatMap { CivilDate($0) }
        let dueWithin = p["due_within"]?.stringValue.flatMap { ISODuration($0) }
        guard c.asOf >= r.from else {
            return [.init(assignee: "*", key: "*", due: nil, verdict: .notApplicable, evidence: [], reason: .notInForce(from: r.from))]
        }
        let tasks = c.records.tasks.values.filter { $0.reqRef == r.reqRef }.sorted { $0.taskId < $1.taskId }
        let completion = p["completion"]?.stringValue ?? TaskCompleted.type
        guard completion == TaskCompleted.type || completion == ReportSubmitted.type else {
            // No payload can name a task as the basis of a document (Schemas/README.md, known gaps).
            return [.init(assignee: "*", key: "*", due: nil, verdict: .indeterminate, evidence: [],
                          reason: .completionNotRecordable(eventType: completion))]
        }
        // What completes the duty, for the reasons' words.
        let act = Reason.Act(eventType: completion)
        var out: [ComplianceReport.Instance] = []
        for t in tasks {
            if let until = r.until, t.assignedOn >= until { continue }  // assigned after the duty was retired
            let due = t.due ?? dueOn ?? dueWithin.map { $0.added(to: max(t.assignedOn, r.from)) }
            // Completed by task.completed, or by a report about the task (docs/compliance.md, "one_off_task").
            let completions = c.index.completions(of: t.taskId)
            let done = due.map { ComplianceContext.decisive(completions, due: $0) }
                ?? completions.min { ($0.first, $0.seq) < ($1.first, $1.seq) }
            if t.status.value == .cancelled, done == nil {
                out.append(.init(assignee: t.assignee, key: t.taskId, due: due?.description, verdict: .notApplicable, evidence: [t.lastSeq],
                                 reason: .taskCancelled))
                continue
            }
            guard let due else {
                out.append(.init(assignee: t.assignee, key: t.taskId, due: nil, verdict: done == nil ? .pending : .satisfied,
                                 evidence: done.map { [$0.seq] } ?? [],
                                 reason: done.map { Reason.doneWithoutDueDate(Reason.Act($0), on: c.shown($0)) }
                                    ?? .openWithoutDueDate(assigned: t.assignedOn)))
                continue
            }
            // A task whose assignee ended before it fell due, with nobody to hold it, is not owed.
            guard c.owed(t.assignee, due: due, done: done != nil, r) else { continue }
            out.append(ResponseWithin.instance(t.assignee, t.taskId, due: due, done: done, until: r.until, act: act, c))
        }
        if tasks.isEmpty, let due = dueOn ?? dueWithin.map({ $0.added(to: r.from) }) {
            // No task recorded: the duty falls on the assignees, done by a report under the requirement.
            let reqRef = c.index.symbols.symbol(r.reqRef)
            for a in c.members(of: r.requirement.assignees, r) {
                let done = completion == ReportSubmitted.type
                    ? ComplianceContext.decisive(c.facts(of: ReportSubmitted.type).filter { f in
                        guard case .report(let rep) = f.body, rep.reqRef == reqRef else { return false }
                        return c.holds(c.index.symbols[rep.reporter], dutyOf: a, on: f.first, duty: r.reqRef, follow: r.follow)
                    }, due: due)
                    : nil
                // An assignee that ended with nobody to hold the duty owes it only if it fell due before.
                guard c.owed(a, due: due, done: done != nil, r) else { continue }
                out.append(ResponseWithin.instance(a, done == nil ? "no task recorded" : "report", due: due, done: done, until: r.until, act: act, c))
            }
        }
        return out
    }
}
