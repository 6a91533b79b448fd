import Testing

@testable import Compliance

/// `one_off_task` (docs/compliance.md §5.2): each task under the requirement (or, with none,
/// each assignee) must be done by its due day.
@Suite struct OneOffTaskTests {
    static let ref = "ct-nv#R1"

    /// A directive in force from 2026-01-01 whose R1 is a one-off duty of Hội A with `params`.
    static func duty(_ params: String = #"{"due_on":"2026-03-31"}"#, effective: String = "2026-01-01") throws -> TemplateLog {
        var log = TemplateLog()
        try log.board()
        try log.org("ht:hoi-a")
        try log.org("ht:hoi-b")
        try log.directive("ct-nv", effectiveFrom: effective, [
            TemplateLog.requirement("R1", "one_off_task", assignees: #"{"ids":["ht:hoi-a"]}"#, params: params),
        ])
        return log
    }

    /// Assigns task `id` under R1 to `assignee` on `date`, with its own due (a JSON member) or none.
    @discardableResult
    static func assign(_ log: inout TemplateLog, _ id: String, on date: String = "2026-01-05", to assignee: String = "ht:hoi-a",
                       due: String = "") throws -> Int64
    {
        try log.add("task.assigned", date,
                    #"{"task_id":"\#(id)","req_ref":"\#(ref)","assignee":"\#(assignee)","description_vi":"Rà soát."\#(due)}"#)
    }

    @discardableResult
    static func complete(_ log: inout TemplateLog, _ id: String, on date: String, recordedAt: String? = nil) throws -> Int64 {
        try log.add("task.completed", date, #"{"task_id":"\#(id)"}"#, recordedAt: recordedAt)
    }

    @Test("a task done by its due day is satisfied, on the due day itself unfinished it is pending, the day after violated")
    func satisfiedPendingViolated() throws {
        var log = try Self.duty()
        try Self.assign(&log, "t-done")
        try Self.assign(&log, "t-open")
        let done = try Self.complete(&log, "t-done", on: "2026-03-20")
        // §5.2 deadline instance rule 3: done surely by D (p's due_on, the task having none).
        let t = try log.check(asOf: "2026-03-31").instance(Self.ref, key: "t-done")
        #expect(t.verdict == .satisfied && t.evidence == [done] && t.due == "2026-03-31" && t.assignee == "ht:hoi-a")
        #expect(t.reason == "done on 2026-03-20, due 2026-03-31")
        // §2.4 / §5.2 rule 2: no completion and T ≤ D is pending; T > D violated.
        #expect(try log.check(asOf: "2026-03-31").instance(Self.ref, key: "t-open").verdict == .pending)
        let open = try log.check(asOf: "2026-04-01").instance(Self.ref, key: "t-open")
        #expect(open.verdict == .violated && open.reason == "nothing by 2026-03-31 (1 day overdue)")
    }

    @Test("a completion after the due day is late")
    func late() throws {
        var log = try Self.duty()
        try Self.assign(&log, "t-1")
        let done = try Self.complete(&log, "t-1", on: "2026-04-05")
        let t = try log.check(asOf: "2026-04-30").instance(Self.ref, key: "t-1")
        // §5.2 rule 3 / §2.4: first(f) > D is late, "done on X, N days after the due date D".
        #expect(t.verdict == .late && t.evidence == [done])
        #expect(t.reason == "done on 2026-04-05, 5 days after the due date 2026-03-31")
    }

    @Test("a task's own due comes first, then the params' due_on, then its assignment date plus due_within")
    func dueDays() throws {
        var log = try Self.duty(#"{"due_within":"P30D"}"#)
        try Self.assign(&log, "t-own", on: "2026-02-01", due: #","due_within":"P10D""#)
        try Self.assign(&log, "t-param", on: "2026-02-01")
        let check = try log.check(asOf: "2026-02-05")
        // §5.2: due = the task's own due (assigned on + its due_within) = 2026-02-11.
        #expect(try check.instance(Self.ref, key: "t-own").due == "2026-02-11")
        // else max(assigned on, from) + p's due_within = 2026-02-01 + P30D.
        #expect(try check.instance(Self.ref, key: "t-param").due == "2026-03-03")
    }

    @Test("a task with no due day at all stays open (pending), or satisfied once done")
    func noDueDay() throws {
        var log = try Self.duty("{}")
        try Self.assign(&log, "t-open")
        try Self.assign(&log, "t-done")
        let done = try Self.complete(&log, "t-done", on: "2027-06-01")
        let check = try log.check(asOf: "2027-12-31")
        // §5.2: no due: satisfied if done (evidence the earliest), else pending, with no due.
        let open = try check.instance(Self.ref, key: "t-open")
        #expect(open.verdict == .pending && open.due == nil)
        let t = try check.instance(Self.ref, key: "t-done")
        #expect(t.verdict == .satisfied && t.evidence == [done])
    }

    @Test("a cancelled task is not applicable unless something completed it: done beats cancelled")
    func doneBeatsCancelled() throws {
        var log = try Self.duty()
        try Self.assign(&log, "t-cancelled")
        try Self.assign(&log, "t-done")
        let cancel = try log.add("task.cancelled", "2026-02-01", #"{"task_id":"t-cancelled","basis":"ct-nv"}"#)
        try log.add("task.cancelled", "2026-02-01", #"{"task_id":"t-done","basis":"ct-nv"}"#)
        let done = try Self.complete(&log, "t-done", on: "2026-03-10")
        let check = try log.check(asOf: "2026-06-30")
        // §5.2: cancelled and not done: not_applicable, evidence [the last task.cancelled], "task cancelled".
        let c = try check.instance(Self.ref, key: "t-cancelled")
        #expect(c.verdict == .notApplicable && c.evidence == [cancel] && c.reason == "task cancelled")
        // A cancelled task with a completing fact is judged as usual.
        let d = try check.instance(Self.ref, key: "t-done")
        #expect(d.verdict == .satisfied && d.evidence == [done])
    }

    @Test("a report about the task completes it, whoever sent it")
    func reportAboutTask() throws {
        var log = try Self.duty()
        try Self.assign(&log, "t-1")
        let report = try log.add("report.submitted", "2026-03-15",
                                 #"{"report_id":"rp-1","reporter":"ht:hoi-b","recipient":"ht:bdv","about":["t-1"]}"#)
        // §5.2 Done: every report.submitted whose about lists the task id (any reporter, any recipient).
        let t = try log.check(asOf: "2026-06-30").instance(Self.ref, key: "t-1")
        #expect(t.verdict == .satisfied && t.evidence == [report])
    }

    @Test("what happened first counts: a backfilled on-time completion beats a late one recorded earlier")
    func decisiveCompletion() throws {
        var log = try Self.duty()
        try Self.assign(&log, "t-1")
        _ = try Self.complete(&log, "t-1", on: "2026-04-10")
        let backfilled = try Self.complete(&log, "t-1", on: "2026-03-15", recordedAt: "2026-05-01T03:00:00.000Z")
        // §2.4: the decisive event is the earliest surely on time, whenever it was recorded.
        let check = try log.check(asOf: "2026-06-30")
        let t = try check.instance(Self.ref, key: "t-1")
        #expect(t.verdict == .satisfied && t.evidence == [backfilled])
        // §2.7: a late-recorded task completion gives no late_recording finding.
        #expect(check.findings("late_recording").isEmpty)
    }

    @Test("a completion dated by month across the due day is indeterminate")
    func straddling() throws {
        var log = try Self.duty()
        try Self.assign(&log, "t-1")
        try Self.complete(&log, "t-1", on: "2026-03")
        // Due 2026-03-31, dated 2026-03 (last day 03-31): surely on time (§2.4, worked example 2).
        #expect(try log.check(asOf: "2026-04-30").instance(Self.ref, key: "t-1").verdict == .satisfied)
        var early = try Self.duty(#"{"due_on":"2026-03-20"}"#)
        try Self.assign(&early, "t-1")
        let month = try Self.complete(&early, "t-1", on: "2026-03")
        // Due 2026-03-20: 2026-03-01..31 straddles it.
        let t = try early.check(asOf: "2026-04-30").instance(Self.ref, key: "t-1")
        #expect(t.verdict == .indeterminate && t.evidence == [month])
        #expect(t.reason == "dated 2026-03, which straddles the due date 2026-03-20")
    }

    @Test("without tasks each assignee owes a report under the requirement by from + due_within")
    func withoutTasks() throws {
        var log = try Self.duty(#"{"due_within":"P60D","completion":"report.submitted"}"#)
        let check = try log.check(asOf: "2026-03-02")
        // §5.2 Without tasks: due = from + due_within (2026-03-02); not done: key "no task recorded".
        let open = try check.instance(Self.ref, key: "no task recorded")
        #expect(open.assignee == "ht:hoi-a" && open.due == "2026-03-02" && open.verdict == .pending)
        let report = try log.add("report.submitted", "2026-02-20",
                                 #"{"report_id":"rp-1","reporter":"ht:hoi-a","recipient":"ht:btv","req_ref":"\#(Self.ref)"}"#)
        // Done by the decisive report.submitted with req_ref = r's: key "report".
        let done = try log.check(asOf: "2026-03-31").instance(Self.ref, key: "report")
        #expect(done.verdict == .satisfied && done.evidence == [report])
    }

    @Test("with completion task.completed and no task, nothing can do the duty")
    func withoutTasksByCompletion() throws {
        var log = try Self.duty(#"{"due_within":"P60D"}"#)
        try log.add("report.submitted", "2026-02-20", #"{"report_id":"rp-1","reporter":"ht:hoi-a","recipient":"ht:btv","req_ref":"\#(Self.ref)"}"#)
        // §5.2: the report counts only when completion is report.submitted.
        #expect(try log.check(asOf: "2026-03-03").instance(Self.ref, key: "no task recorded").verdict == .violated)
    }

    @Test("before the effective date: one not-applicable instance; completion by a document: indeterminate")
    func notInForceAndUnjudgeable() throws {
        let log = try Self.duty(effective: "2026-06-01")
        // §5.2: T < from: one instance */*, no due, not_applicable.
        let check = try log.check(asOf: "2026-05-01")
        let na = try check.instance(Self.ref, key: "*", assignee: "*")
        #expect(na.verdict == .notApplicable && na.due == nil && na.reason == "not in force before 2026-06-01")
        #expect(try check.requirement(Self.ref).verdict == .notApplicable)
        // §5.2: completion document.registered: one */* instance indeterminate.
        let doc = try Self.duty(#"{"due_on":"2026-03-31","completion":"document.registered"}"#)
        #expect(try doc.check(asOf: "2026-05-01").instance(Self.ref, key: "*", assignee: "*").verdict == .indeterminate)
    }

    @Test("a lift before the due day makes an undone task not applicable; a task assigned after the lift raises no duty")
    func lifted() throws {
        var log = try Self.duty()
        try Self.assign(&log, "t-1")
        try log.add("requirement.lifted", "2026-03-01", #"{"req_ref":"\#(Self.ref)","effective_on":"2026-03-01","basis":"ct-nv"}"#)
        try Self.assign(&log, "t-late", on: "2026-03-05")
        let check = try log.check(asOf: "2026-04-30")
        // §4.3 / §5.2 rule 1: until ≤ D, until ≤ T, not done before until: not_applicable, no evidence.
        let t = try check.instance(Self.ref, key: "t-1")
        #expect(t.verdict == .notApplicable && t.evidence.isEmpty)
        // §5.2: a task assigned on or after until is skipped.
        #expect(try check.verdicts(Self.ref).keys.map(\.key) == ["t-1"])
    }

    @Test("an assignee dissolved before the due day with nobody to hold the duty owes nothing")
    func endedAssignee() throws {
        var log = try Self.duty(#"{"due_within":"P60D"}"#)
        try log.add("organization.dissolved", "2026-02-01", #"{"org_id":"ht:hoi-a","basis":"ct-nv"}"#)
        // §3.4 case 3 / §5.2 without tasks: due 2026-03-02 ≥ the end 2026-02-01, σ = ∅, not done: not listed.
        #expect(try log.check(asOf: "2026-06-30").requirement(Self.ref).instances.isEmpty)
    }
}
