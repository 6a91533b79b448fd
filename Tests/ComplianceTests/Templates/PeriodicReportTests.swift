import Testing

@testable import Compliance

/// `periodic_report` (docs/compliance.md §5.1): one instance per assignee and period, met by a
/// report to the recipient by the period's end plus grace.
@Suite struct PeriodicReportTests {
    static let ref = "ct-bc#R1"

    /// Hội A owes the board a quarterly report, schedule R/2026-01-01/P3M, grace P15D (so
    /// 2026-Q1 is due 2026-04-15, Q2 2026-07-15, Q3 2026-10-15), from `effective`.
    static func quarterly(effective: String = "2026-01-01", extra: String = "", policy: String? = nil, assignee: String = "ht:hoi-a") throws
        -> TemplateLog
    {
        var log = TemplateLog()
        try log.board()
        try log.org("ht:hoi-a")
        try log.org("ht:hoi-b")
        try log.directive("ct-bc", effectiveFrom: effective, [
            TemplateLog.requirement("R1", "periodic_report", assignees: #"{"ids":["\#(assignee)"]}"#, policy: policy, params: #"""
                {"event_type":"report.submitted","recipient":"ht:btv","schedule":"R/2026-01-01/P3M","grace":"P15D"\#(extra)}
                """#),
        ])
        return log
    }

    /// A report of `reporter` to the board, with a period key (whose dates the key names) or none.
    @discardableResult
    static func report(_ log: inout TemplateLog, _ id: String, on date: String, key: String? = nil, by reporter: String = "ht:hoi-a",
                       recordedAt: String? = nil) throws -> Int64
    {
        let spans = ["2026-Q1": ("2026-01-01", "2026-03-31"), "2026-Q2": ("2026-04-01", "2026-06-30"), "2026-H1": ("2026-01-01", "2026-06-30")]
        let period = try key.map { k in
            let (start, end) = try #require(spans[k])
            return #","period":{"key":"\#(k)","start":"\#(start)","end":"\#(end)"}"#
        } ?? ""
        return try log.add("report.submitted", date, #"{"report_id":"\#(id)","reporter":"\#(reporter)","recipient":"ht:btv"\#(period)}"#,
                           recordedAt: recordedAt)
    }

    @Test("a keyed report by the due day satisfies its period; only periods begun by T exist")
    func satisfied() throws {
        var log = try Self.quarterly()
        let r = try Self.report(&log, "rp-q1", on: "2026-04-10", key: "2026-Q1")
        let check = try log.check(asOf: "2026-05-01")
        // §2.6: a period exists only once it has begun (Q3 starts 2026-07-01 > T).
        #expect(Set(try check.verdicts(Self.ref).keys) == [InstanceKey("ht:hoi-a", "2026-Q1"), InstanceKey("ht:hoi-a", "2026-Q2")])
        // §5.1 verdict rule 1: last ≤ D is satisfied, evidence the report; due = end + grace.
        let q1 = try check.instance(Self.ref, key: "2026-Q1")
        #expect(q1.verdict == .satisfied && q1.evidence == [r] && q1.due == "2026-04-15")
        // §5.1 verdict rule 4: not done, T ≤ D is pending.
        #expect(try check.instance(Self.ref, key: "2026-Q2").verdict == .pending)
        // §1: the requirement takes the worst verdict of its instances.
        #expect(try check.requirement(Self.ref).verdict == .pending)
    }

    @Test("nothing by the due day: pending on the due day itself, violated the day after")
    func pendingThenViolated() throws {
        let log = try Self.quarterly()
        // §2.4: a due day is inclusive; pending while T ≤ D.
        #expect(try log.check(asOf: "2026-04-15").instance(Self.ref, key: "2026-Q1").verdict == .pending)
        // §2.4: violated when T > D, "N days overdue" with N = T − D.
        let q1 = try log.check(asOf: "2026-04-16").instance(Self.ref, key: "2026-Q1")
        #expect(q1.verdict == .violated && q1.evidence.isEmpty)
        #expect(q1.reason == "nothing by 2026-04-15 (1 day overdue)")
    }

    @Test("a keyed report after the due day is late, by the days after it")
    func late() throws {
        var log = try Self.quarterly()
        let r = try Self.report(&log, "rp-q1", on: "2026-04-20", key: "2026-Q1")
        let q1 = try log.check(asOf: "2026-05-01").instance(Self.ref, key: "2026-Q1")
        // §5.1 verdict rule 3: first > D is late, "done on X, N days after the due date D".
        #expect(q1.verdict == .late && q1.evidence == [r])
        #expect(q1.reason == "done on 2026-04-20, 5 days after the due date 2026-04-15")
    }

    @Test("a month-dated report straddling the due day is indeterminate, and does not count before its month ends")
    func straddling() throws {
        var log = try Self.quarterly()
        let r = try Self.report(&log, "rp-q1", on: "2026-04", key: "2026-Q1")
        // §2.4: first ≤ D < last straddles D (2026-04-01..2026-04-30 against 2026-04-15).
        let q1 = try log.check(asOf: "2026-04-30").instance(Self.ref, key: "2026-Q1")
        #expect(q1.verdict == .indeterminate && q1.evidence == [r])
        // §2.3: an event dated 2026-04 has not happened by T = 2026-04-14: the period is still pending.
        #expect(try log.check(asOf: "2026-04-14").instance(Self.ref, key: "2026-Q1").verdict == .pending)
    }

    @Test("worked example 5: unkeyed reports catch up the earliest unmet quarter")
    func catchUp() throws {
        var log = try Self.quarterly()
        let first = try Self.report(&log, "rp-1", on: "2026-05-02")
        let second = try Self.report(&log, "rp-2", on: "2026-07-10")
        let check = try log.check(asOf: "2026-08-01")
        // §5.1 attribution: the 05-02 report goes to Q1 (unmet, begun, Q2 not yet due): late by 17 days.
        let q1 = try check.instance(Self.ref, key: "2026-Q1")
        #expect(q1.verdict == .late && q1.evidence == [first])
        #expect(q1.reason == "done on 2026-05-02, 17 days after the due date 2026-04-15")
        // Q1 is met, so the 07-10 report goes to Q2, on time.
        let q2 = try check.instance(Self.ref, key: "2026-Q2")
        #expect(q2.verdict == .satisfied && q2.evidence == [second])
        // Q3 has begun and is due 2026-10-15.
        #expect(try check.instance(Self.ref, key: "2026-Q3").verdict == .pending)
        #expect(try check.requirement(Self.ref).verdict == .late)
    }

    @Test("an unkeyed report after the next period fell due no longer catches up the missed one")
    func catchUpBound() throws {
        var log = try Self.quarterly()
        let r = try Self.report(&log, "rp-1", on: "2026-07-20")
        let check = try log.check(asOf: "2026-08-01")
        // §5.1 attribution rule 4: Q1 takes events only until max(its due 04-15, Q2's due 07-15).
        #expect(try check.instance(Self.ref, key: "2026-Q1").verdict == .violated)
        // The report goes to the next unmet slot it fits: Q2 (bound max(07-15, 10-15)), late.
        let q2 = try check.instance(Self.ref, key: "2026-Q2")
        #expect(q2.verdict == .late && q2.evidence == [r])
    }

    @Test("a report keyed by a half-year covers both of its quarters, and never another period")
    func coveringKey() throws {
        var log = try Self.quarterly()
        let r = try Self.report(&log, "rp-h1", on: "2026-07-05", key: "2026-H1")
        let check = try log.check(asOf: "2026-11-01")
        // Worked example 5 / §5.1: a report keyed 2026-H1 counts for Q1 (late) and Q2 (on time).
        let q1 = try check.instance(Self.ref, key: "2026-Q1")
        let q2 = try check.instance(Self.ref, key: "2026-Q2")
        #expect(q1.verdict == .late && q1.evidence == [r])
        #expect(q2.verdict == .satisfied && q2.evidence == [r])
        // §5.1: a keyed event never counts for any other slot (Q3, due 2026-10-15, stays unmet).
        #expect(try check.instance(Self.ref, key: "2026-Q3").verdict == .violated)
    }

    @Test("a keyed report sent before its period ended counts for that period only, with a report_before_period_end finding")
    func reportBeforePeriodEnd() throws {
        var log = try Self.quarterly()
        let early = try Self.report(&log, "rp-q2", on: "2026-05-02", key: "2026-Q2")
        let catchUp = try Self.report(&log, "rp-x", on: "2026-07-10")
        let check = try log.check(asOf: "2026-08-01")
        // Worked example 5: keyed 2026-Q2, it counts for Q2 only; the unkeyed 07-10 report catches up Q1, late.
        #expect(try check.instance(Self.ref, key: "2026-Q2").evidence == [early])
        let q1 = try check.instance(Self.ref, key: "2026-Q1")
        #expect(q1.verdict == .late && q1.evidence == [catchUp])
        // §6.2 report_before_period_end: dated before the last day of the span its key names.
        let found = check.findings("report_before_period_end")
        #expect(found.map(\.seq) == [early])
        #expect(found.first?.detail == "a report for 2026-Q2 dated 2026-05-02, before the period ended on 2026-06-30")
    }

    @Test("a report recorded more than seven days after it happened gives a late_recording finding; seven days none")
    func lateRecording() throws {
        var log = try Self.quarterly()
        // §2.7: lag = recorded day − last day; 2026-04-10 recorded 2026-04-25 (local) is 15 days.
        let lagging = try Self.report(&log, "rp-q1", on: "2026-04-10", key: "2026-Q1", recordedAt: "2026-04-25T03:00:00.000Z")
        // 2026-07-10 recorded 2026-07-17: a lag of exactly 7 is not late.
        _ = try Self.report(&log, "rp-q2", on: "2026-07-10", key: "2026-Q2", recordedAt: "2026-07-17T03:00:00.000Z")
        let check = try log.check(asOf: "2026-08-01")
        // The report was on time, whenever it was recorded (worked example 3).
        #expect(try check.instance(Self.ref, key: "2026-Q1").verdict == .satisfied)
        #expect(check.findings("late_recording").map(\.seq) == [lagging])
        #expect(check.findings("late_recording").first?.detail == "lag P15D")
    }

    @Test("before the effective date the requirement is not applicable, though the period containing it may be listed")
    func notYetInForce() throws {
        let log = try Self.quarterly(effective: "2026-02-15")
        let check = try log.check(asOf: "2026-02-01")
        // §4.1: T < from makes the requirement not_applicable, whatever its instances; §2.6 with
        // containing_effective_from: Q1 (begun by T, ending after from) is already listed.
        #expect(try check.requirement(Self.ref).verdict == .notApplicable)
        #expect(try check.instance(Self.ref, key: "2026-Q1").verdict == .pending)
    }

    @Test("first_full skips the period that began before the effective date")
    func firstFull() throws {
        let log = try Self.quarterly(effective: "2026-02-15", extra: #","first_period":"first_full""#)
        // §2.6 rule 4: with first_full, skip a period starting before from.
        #expect(Set(try log.check(asOf: "2026-05-01").verdicts(Self.ref).keys) == [InstanceKey("ht:hoi-a", "2026-Q2")])
    }

    @Test("an assignee dissolved with no successor keeps the breaches due before its end and owes nothing after")
    func endedWithoutSuccessor() throws {
        var log = try Self.quarterly()
        try log.add("organization.dissolved", "2026-05-10", #"{"org_id":"ht:hoi-a","basis":"ct-bc"}"#)
        // §3.4 case 1: Q1 fell due (04-15) before the end (05-10): its breach stays; case 3:
        // Q2 and Q3, due after the end with nobody holding the duty and not done, are not listed.
        #expect(try log.check(asOf: "2026-08-01").verdicts(Self.ref) == [InstanceKey("ht:hoi-a", "2026-Q1"): .violated])
    }

    @Test("after a merger the successor's report counts for the periods due after it")
    func mergedIntoSuccessor() throws {
        var log = try Self.quarterly()
        try log.add("organization.merged", "2026-05-10", #"{"sources":["ht:hoi-a"],"into":"ht:hoi-b","mode":"sap_nhap","basis":"ct-bc"}"#)
        let r = try Self.report(&log, "rp-b", on: "2026-07-10", key: "2026-Q2", by: "ht:hoi-b")
        let check = try log.check(asOf: "2026-08-01")
        // §3.4 case 2 / worked example 4: σ(A, 07-10) = {B}: B's report counts for A's Q2.
        let q2 = try check.instance(Self.ref, key: "2026-Q2", assignee: "ht:hoi-a")
        #expect(q2.verdict == .satisfied && q2.evidence == [r])
        // A breach before the merger stays a breach.
        #expect(try check.instance(Self.ref, key: "2026-Q1").verdict == .violated)
    }

    @Test("with successor_policy none nobody takes over: the periods due after the end are not listed")
    func noSuccessorPolicy() throws {
        var log = try Self.quarterly(policy: "none")
        try log.add("organization.merged", "2026-05-10", #"{"sources":["ht:hoi-a"],"into":"ht:hoi-b","mode":"sap_nhap","basis":"ct-bc"}"#)
        try Self.report(&log, "rp-b", on: "2026-07-10", key: "2026-Q2", by: "ht:hoi-b")
        // §5.1 Which slots: with successor_policy none, every period due on or after the end of an
        // assignee that ended by T and was not done is not listed (B's report is not A's: rule 2).
        #expect(try log.check(asOf: "2026-08-01").verdicts(Self.ref) == [InstanceKey("ht:hoi-a", "2026-Q1"): .violated])
    }

    @Test("a period that ended before the assignee was registered is not an instance")
    func beforeRegistration() throws {
        var log = try Self.quarterly(assignee: "ht:hoi-c")
        try log.org("ht:hoi-c", on: "2026-05-01")
        // §5.1 Which slots: not a slot whose last day (Q1: 2026-03-31) is before registered_on.
        #expect(try log.check(asOf: "2026-06-01").verdicts(Self.ref).keys.map(\.key) == ["2026-Q2"])
    }

    @Test("an amendment starts a part: periods begun before its cut keep the old parameters, later ones take the new")
    func amendedInParts() throws {
        var log = try Self.quarterly()
        try log.add("requirement.amended", "2026-05-10", #"{"req_ref":"\#(Self.ref)","params_patch":{"grace":"P30D"},"basis":"ct-bc"}"#)
        let check = try log.check(asOf: "2026-08-01")
        // §4.2: part 1 from the cut 2026-05-10 uses first_full periods; Q2 (begun 04-01) stays in part 0
        // with grace P15D (due 07-15); Q3 (from 07-01) is judged with P30D: due 2026-09-30 + P30D.
        #expect(try check.instance(Self.ref, key: "2026-Q2").due == "2026-07-15")
        #expect(try check.instance(Self.ref, key: "2026-Q3").due == "2026-10-30")
        #expect(try check.requirement(Self.ref).instances.map(\.key) == ["2026-Q1", "2026-Q2", "2026-Q3"])
    }

    @Test("a successor designated some time after the end takes up the periods due from its designation on")
    func designatedLater() throws {
        var log = try Self.quarterly()
        try log.add("organization.dissolved", "2026-05-10", #"{"org_id":"ht:hoi-a","basis":"ct-bc"}"#)
        try log.add("successor.designated", "2026-08-01", #"{"predecessor":"ht:hoi-a","successor":"ht:hoi-b"}"#)
        // §3.4 case 2 and 3 (appendix point 4): σ is asked on each due day: Q2 (due 07-15) has no
        // holder and is not listed; Q3 (due 10-15) and Q4 (due 2027-01-15) are held by Hội B from
        // 08-01, and owed.
        #expect(try log.check(asOf: "2026-11-01").verdicts(Self.ref)
            == [InstanceKey("ht:hoi-a", "2026-Q1"): .violated, InstanceKey("ht:hoi-a", "2026-Q3"): .violated,
                InstanceKey("ht:hoi-a", "2026-Q4"): .pending])
    }

    @Test("periods of a month-end anchor are computed from the anchor without drift, keyed by start date, and R<n> bounds them")
    func scheduleArithmetic() throws {
        var log = TemplateLog()
        try log.board()
        try log.org("ht:hoi-a")
        try log.directive("ct-bc", effectiveFrom: "2026-01-01", [
            TemplateLog.requirement("R1", "periodic_report", assignees: #"{"ids":["ht:hoi-a"]}"#, params: #"""
                {"event_type":"report.submitted","recipient":"ht:btv","schedule":"R3/2026-01-31/P1M","grace":"P5D"}
                """#),
        ])
        let instances = try log.check(asOf: "2026-12-31").requirement(Self.ref).instances
        // §2.5: anchor + k × P1M clamps each month (01-31, 02-28, 03-31: no drift to the 28th);
        // §2.6: a start that is not the first of a month keys the period by its date; R3 allows 3 periods.
        #expect(instances.map(\.key) == ["2026-01-31", "2026-02-28", "2026-03-31"])
        // end_k = start_{k+1} − 1 day; due = end + P5D (2026-02-27 + 5, 2026-03-30 + 5, 2026-04-29 + 5).
        #expect(instances.map(\.due) == ["2026-03-04", "2026-04-04", "2026-05-04"])
    }

    @Test("with min_count 2, one report is not enough")
    func minCount() throws {
        var log = try Self.quarterly(extra: #","min_count":2"#)
        let r = try Self.report(&log, "rp-1", on: "2026-04-01", key: "2026-Q1")
        let q1 = try log.check(asOf: "2026-04-20").instance(Self.ref, key: "2026-Q1")
        // §5.1 verdict rule 5: fewer than m events after D is violated, evidence all of M, "k of m by D".
        #expect(q1.verdict == .violated && q1.evidence == [r] && q1.reason == "1 of 2 by 2026-04-15")
    }
}
