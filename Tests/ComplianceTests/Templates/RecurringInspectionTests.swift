import Testing

@testable import Compliance

/// `recurring_inspection` (docs/compliance.md §5.3): each inspector inspects each target every
/// period (calendar) or within `max_gap` of the last inspection (rolling).
@Suite struct RecurringInspectionTests {
    static let ref = "ct-kt#R1"

    /// Ban Dân vận monitors Hội A since 2025-06-01 (assignment a1); the directive, in force from
    /// `effective`, asks the monitor of each monitored association to inspect it every half-year
    /// (2026-H1 due 2026-07-15, 2026-H2 due 2027-01-15), or with `params`.
    static func duty(_ params: String? = nil, effective: String = "2026-01-01", assignedOn: String = "2025-06-01") throws -> TemplateLog {
        var log = TemplateLog()
        try log.board()
        try log.org("ht:hoi-a")
        try log.org("ht:hoi-b")
        try log.add("monitoring.assigned", assignedOn,
                    #"{"assignment_id":"a1","monitor":"ht:bdv","target":"ht:hoi-a","role":"theo_doi","basis":"ct-kt"}"#)
        try log.directive("ct-kt", effectiveFrom: effective, [
            TemplateLog.requirement("R1", "recurring_inspection", params: params ?? #"""
                {"inspector":"monitor_of_target","targets":"all_monitored","mode":"calendar","schedule":"R/2026-01-01/P6M","grace":"P15D"}
                """#),
        ])
        return log
    }

    @discardableResult
    static func inspect(_ log: inout TemplateLog, _ id: String, on date: String, target: String = "ht:hoi-a", kind: String = "kiem_tra") throws
        -> Int64
    {
        try log.add("inspection.conducted", date, #"{"inspection_id":"\#(id)","inspector":"ht:bdv","target":"\#(target)","kind":"\#(kind)"}"#)
    }

    @Test("an inspection within the period satisfies it; the instance is the monitor's, keyed by target and period")
    func satisfied() throws {
        var log = try Self.duty()
        let f = try Self.inspect(&log, "kt-1", on: "2026-05-10")
        let check = try log.check(asOf: "2026-08-01")
        // §5.3: assignee = I, key = "<G> <period key>", due = the slot's due; satisfied "inspected on X".
        let h1 = try check.instance(Self.ref, key: "ht:hoi-a 2026-H1", assignee: "ht:bdv")
        #expect(h1.verdict == .satisfied && h1.evidence == [f] && h1.due == "2026-07-15" && h1.reason == "inspected on 2026-05-10")
        // §5.3 step 4: a slot without an inspection is pending while T ≤ due.
        #expect(try check.instance(Self.ref, key: "ht:hoi-a 2026-H2").verdict == .pending)
    }

    @Test("no inspection: pending on the due day itself, violated the day after")
    func pendingThenViolated() throws {
        let log = try Self.duty()
        // §5.3 step 4 / §2.4: pending while T ≤ due.
        #expect(try log.check(asOf: "2026-07-15").instance(Self.ref, key: "ht:hoi-a 2026-H1").verdict == .pending)
        let h1 = try log.check(asOf: "2026-07-16").instance(Self.ref, key: "ht:hoi-a 2026-H1")
        // else violated, "no inspection of G by D (N days overdue)", no evidence.
        #expect(h1.verdict == .violated && h1.evidence.isEmpty)
        #expect(h1.reason == "no inspection of ht:hoi-a by 2026-07-15 (1 day overdue)")
    }

    @Test("an inspection after the due day catches the missed period up, late, and counts for that period only")
    func late() throws {
        var log = try Self.duty()
        let f = try Self.inspect(&log, "kt-1", on: "2026-07-20")
        let check = try log.check(asOf: "2026-08-01")
        // §5.3 step 3: the first slot without one, begun by the inspection, within the catch-up bound
        // (max of H1's due 07-15 and H2's due 2027-01-15): H1, late.
        let h1 = try check.instance(Self.ref, key: "ht:hoi-a 2026-H1")
        #expect(h1.verdict == .late && h1.evidence == [f])
        #expect(h1.reason == "inspected on 2026-07-20, 5 days after the due date 2026-07-15")
        // Each inspection counts for one slot only.
        #expect(try check.instance(Self.ref, key: "ht:hoi-a 2026-H2").evidence.isEmpty)
    }

    @Test("past the next period's due day an inspection no longer catches up the missed one")
    func catchUpBound() throws {
        var log = try Self.duty()
        let f = try Self.inspect(&log, "kt-1", on: "2027-02-01")
        let check = try log.check(asOf: "2027-02-10")
        // §5.3 step 3: 2026-H1's bound is max(2026-07-15, 2027-01-15): 2027-02-01 is past it.
        #expect(try check.instance(Self.ref, key: "ht:hoi-a 2026-H1").verdict == .violated)
        // 2026-H2's bound is max(2027-01-15, 2027-H1's due 2027-07-15): it takes the inspection, late.
        let h2 = try check.instance(Self.ref, key: "ht:hoi-a 2026-H2")
        #expect(h2.verdict == .late && h2.evidence == [f])
        #expect(try check.instance(Self.ref, key: "ht:hoi-a 2027-H1").verdict == .pending)
    }

    @Test("two inspections in one period meet it once; the second does not count for a period not yet begun")
    func onePerPeriod() throws {
        var log = try Self.duty()
        let first = try Self.inspect(&log, "kt-1", on: "2026-03-01")
        try Self.inspect(&log, "kt-2", on: "2026-05-01")
        let check = try log.check(asOf: "2026-08-01")
        // §5.3 step 3: the earliest goes to H1; the next finds H1 taken and H2 not begun (start_s ≤ first(f)).
        #expect(try check.instance(Self.ref, key: "ht:hoi-a 2026-H1").evidence == [first])
        let h2 = try check.instance(Self.ref, key: "ht:hoi-a 2026-H2")
        #expect(h2.verdict == .pending && h2.evidence.isEmpty)
    }

    @Test("a month-dated inspection straddling the due day is indeterminate")
    func straddling() throws {
        var log = try Self.duty()
        let f = try Self.inspect(&log, "kt-1", on: "2026-07")
        let h1 = try log.check(asOf: "2026-08-01").instance(Self.ref, key: "ht:hoi-a 2026-H1")
        // §5.3 step 4 / §2.4: 2026-07-01..31 straddles 2026-07-15.
        #expect(h1.verdict == .indeterminate && h1.evidence == [f])
        #expect(h1.reason == "inspected 2026-07, which straddles the due date 2026-07-15")
    }

    @Test("only the inspection kinds listed count")
    func kinds() throws {
        var log = try Self.duty(#"""
            {"inspector":"monitor_of_target","targets":"all_monitored","kinds":["kiem_tra"],"schedule":"R/2026-01-01/P6M","grace":"P15D"}
            """#)
        try Self.inspect(&log, "gs-1", on: "2026-05-10", kind: "giam_sat")
        // §5.3: inspections count when their kind is in kinds (when given).
        #expect(try log.check(asOf: "2026-08-01").instance(Self.ref, key: "ht:hoi-a 2026-H1").verdict == .violated)
    }

    @Test("pairs of a selector inspector start at from; a monitor's pair at its assignment's since")
    func pairs() throws {
        let bySelector = try Self.duty(#"""
            {"inspector":{"ids":["ht:bdv"]},"targets":{"ids":["ht:hoi-a","ht:hoi-b"]},"schedule":"R/2026-01-01/P6M","grace":"P15D"}
            """#)
        // §5.3 Pairs: a selector gives (inspector, target, from) for each member inspector and target.
        #expect(Set(try bySelector.check(asOf: "2026-08-01").verdicts(Self.ref).keys)
            == [InstanceKey("ht:bdv", "ht:hoi-a 2026-H1"), InstanceKey("ht:bdv", "ht:hoi-a 2026-H2"),
                InstanceKey("ht:bdv", "ht:hoi-b 2026-H1"), InstanceKey("ht:bdv", "ht:hoi-b 2026-H2")])
        // monitor_of_target: since = max(the assignment's since, from); slots end ≥ since (H1 ends before 2026-08-01).
        let late = try Self.duty(assignedOn: "2026-08-01")
        #expect(Set(try late.check(asOf: "2026-09-01").verdicts(Self.ref).keys) == [InstanceKey("ht:bdv", "ht:hoi-a 2026-H2")])
    }

    @Test("a monitor with two assignments of one target makes two equal pairs; the second finds the inspection taken")
    func equalPairs() throws {
        var log = try Self.duty()
        try log.add("monitoring.assigned", "2025-07-01",
                    #"{"assignment_id":"a2","monitor":"ht:bdv","target":"ht:hoi-a","role":"tham_muu","basis":"ct-kt"}"#)
        let f = try Self.inspect(&log, "kt-1", on: "2026-05-10")
        let h1 = try log.check(asOf: "2026-08-01").requirement(Self.ref).instances.filter { $0.key == "ht:hoi-a 2026-H1" }
        // §5.3 Pairs: one per assignment holding on T (any role), in assignment id order; step 2:
        // an inspection attributed to an earlier pair of the same (inspector, target) is left out.
        #expect(h1.map(\.assignee) == ["ht:bdv", "ht:bdv"])
        #expect(h1.map(\.verdict) == [.satisfied, .violated] && h1.map(\.evidence) == [[f], []])
    }

    @Test("before the effective date: one not-applicable instance")
    func notInForce() throws {
        let log = try Self.duty(effective: "2026-06-01")
        let check = try log.check(asOf: "2026-05-01")
        // §5.3: T < from: one instance */*, no due, not_applicable.
        let na = try check.instance(Self.ref, key: "*", assignee: "*")
        #expect(na.verdict == .notApplicable && na.due == nil && check.results[Self.ref]?.instances.count == 1)
    }

    @Test("a target dissolved with no successor keeps its past breaches and owes nothing due after its end")
    func endedTarget() throws {
        var log = try Self.duty()
        try log.add("organization.dissolved", "2026-09-01", #"{"org_id":"ht:hoi-a","basis":"ct-kt"}"#)
        // §3.4 for the target: H1 (due 2026-07-15 < end) stays violated; H2 (due 2027-01-15 ≥ end,
        // σ = ∅, nothing attributed) is not listed.
        #expect(try log.check(asOf: "2027-02-01").verdicts(Self.ref) == [InstanceKey("ht:bdv", "ht:hoi-a 2026-H1"): .violated])
    }

    @Test("an inspection of the target under the name of an association merged into it counts")
    func targetUnderOldName() throws {
        var log = try Self.duty()
        try log.org("ht:hoi-old")
        try log.add("organization.merged", "2026-03-01", #"{"sources":["ht:hoi-old"],"into":"ht:hoi-a","mode":"sap_nhap","basis":"ct-kt"}"#)
        let f = try Self.inspect(&log, "kt-1", on: "2026-04-01", target: "ht:hoi-old")
        // §5.3: the inspection's target X counts for G when G holds X's duty on that day.
        let h1 = try log.check(asOf: "2026-08-01").instance(Self.ref, key: "ht:hoi-a 2026-H1")
        #expect(h1.verdict == .satisfied && h1.evidence == [f])
    }

    @Test("an inspection planned and not carried out by its window's end plus grace is a plan_not_executed finding")
    func planNotExecuted() throws {
        var log = try Self.duty()
        let plan = try log.add("inspection.planned", "2026-02-01",
                               #"{"inspection_id":"kt-p","inspector":"ht:bdv","target":"ht:hoi-a","planned_window":["2026-03-01","2026-03-31"]}"#)
        // §5.3 Findings: end = window[1] + grace = 2026-04-15; a finding only when T > end.
        #expect(try log.check(asOf: "2026-04-15").findings("plan_not_executed").isEmpty)
        let found = try log.check(asOf: "2026-04-16").findings("plan_not_executed")
        #expect(found.map(\.seq) == [plan] && found.first?.reqRef == Self.ref)
        #expect(found.first?.detail == "kt-p: ht:bdv → ht:hoi-a, planned by 2026-03-31")
        // An inspection.conducted with the same inspection_id, a fact at T, executes the plan.
        try Self.inspect(&log, "kt-p", on: "2026-04-20")
        #expect(try log.check(asOf: "2026-05-01").findings("plan_not_executed").isEmpty)
    }

    /// The rolling form: the next inspection is due max_gap plus grace after the last one.
    static let rolling = #"{"inspector":"monitor_of_target","targets":"all_monitored","mode":"rolling","max_gap":"P6M","grace":"P15D"}"#

    @Test("rolling: pending until first inspected, satisfied after, violated once the next one is overdue")
    func rollingVerdicts() throws {
        var log = try Self.duty(Self.rolling)
        // §5.3 Rolling: no inspection: base = since = max(2025-06-01, from 2026-01-01); due = base + P6M + P15D.
        let open = try log.check(asOf: "2026-03-01").instance(Self.ref, key: "ht:hoi-a", assignee: "ht:bdv")
        #expect(open.verdict == .pending && open.due == "2026-07-16" && open.reason == "not inspected since 2026-01-01; due by 2026-07-16")
        let f = try Self.inspect(&log, "kt-1", on: "2026-04-01")
        // An inspection: satisfied "last inspected on X; next due by <due>", due from its date.
        let done = try log.check(asOf: "2026-06-01").instance(Self.ref, key: "ht:hoi-a")
        #expect(done.verdict == .satisfied && done.evidence == [f] && done.due == "2026-10-16")
        // T > due: violated, also when an inspection exists (the next one is overdue).
        #expect(try log.check(asOf: "2026-10-16").instance(Self.ref, key: "ht:hoi-a").verdict == .satisfied)
        let overdue = try log.check(asOf: "2026-10-17").instance(Self.ref, key: "ht:hoi-a")
        #expect(overdue.verdict == .violated && overdue.reason.hasSuffix("(1 day overdue)"))
    }

    @Test("rolling: a lift before the next inspection fell due makes it not applicable")
    func rollingLifted() throws {
        var log = try Self.duty(Self.rolling)
        let f = try Self.inspect(&log, "kt-1", on: "2026-04-01")
        try log.add("requirement.lifted", "2026-06-01", #"{"req_ref":"\#(Self.ref)","effective_on":"2026-06-01","basis":"ct-kt"}"#)
        // §5.3 Rolling / §4.3: until ≤ due and until ≤ T: not_applicable, evidence [last].
        let i = try log.check(asOf: "2026-12-01").instance(Self.ref, key: "ht:hoi-a")
        #expect(i.verdict == .notApplicable && i.evidence == [f])
    }
}
