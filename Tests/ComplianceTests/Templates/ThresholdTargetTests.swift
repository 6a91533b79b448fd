import Testing

@testable import Compliance

/// `threshold_target` (docs/compliance.md §5.4): by the deadline, each organisation in scope
/// (or the scope as a whole, `sum_ratio`) reports figures meeting the target.
@Suite struct ThresholdTargetTests {
    static let ref = "ct-ct#R1"
    static let rate = "membership_rate >= 0.60"

    /// A target in force from 2026-01-01 (unless `effective` says otherwise), deadline 2026-12-31,
    /// over Hội A (or `scope`).
    static func target(op: String = ">=", value: String = "0.60", metric: String = "membership_rate", scope: String = #"{"ids":["ht:hoi-a"]}"#,
                       extra: String = "", effective: String = "2026-01-01", effectiveUntil: String? = nil) throws -> TemplateLog
    {
        var log = TemplateLog()
        try log.board()
        try log.org("ht:hoi-a")
        try log.org("ht:hoi-b")
        try log.directive("ct-ct", effectiveFrom: effective, effectiveUntil: effectiveUntil, [
            TemplateLog.requirement("R1", "threshold_target", params: #"""
                {"metric":"\#(metric)","op":"\#(op)","value":"\#(value)","scope":\#(scope),"deadline":"2026-12-31"\#(extra)}
                """#),
        ])
        return log
    }

    /// A membership figure of `org` as of `asOf` (dated that day unless `on` says otherwise).
    @discardableResult
    static func figure(_ log: inout TemplateLog, _ org: String = "ht:hoi-a", asOf: String, members: Int, eligible: Int?, on date: String? = nil)
        throws -> Int64
    {
        let e = eligible.map { #","eligible":\#($0)"# } ?? ""
        return try log.add("membership.reported", date ?? asOf, #"{"org_id":"\#(org)","as_of":"\#(asOf)","members":\#(members)\#(e)}"#)
    }

    @Test("a rate exactly at the target meets >= and fails >, compared exactly")
    func boundary() throws {
        for (op, met) in [(">=", true), (">", false)] {
            var log = try Self.target(op: op)
            // 600 of 1000 is exactly 0.60 (§5.4: compared exactly as fractions with value).
            let f = try Self.figure(&log, asOf: "2026-12-01", members: 600, eligible: 1000)
            let i = try log.check(asOf: "2027-01-05").instance(Self.ref, key: "membership_rate \(op) 0.60", assignee: "ht:hoi-a")
            // §5.4 per_org: T ≥ deadline and the measure meets the target: satisfied; else violated after the deadline.
            #expect(i.verdict == (met ? .satisfied : .violated) && i.evidence == [f] && i.due == "2026-12-31")
            #expect(met ? i.reason == "600 of 1000 as of 2026-12-01" : i.reason.hasPrefix("below target: "))
        }
        // <= and < by members/1 (metric members): 100 members against "100".
        for (op, met) in [("<=", true), ("<", false)] {
            var log = try Self.target(op: op, value: "100", metric: "members")
            try Self.figure(&log, asOf: "2026-12-01", members: 100, eligible: nil)
            #expect(try log.check(asOf: "2027-01-05").instance(Self.ref, key: "members \(op) 100").verdict == (met ? .satisfied : .violated))
        }
    }

    @Test("before the deadline every instance is pending: on track, off track or no data")
    func beforeDeadline() throws {
        var log = try Self.target(scope: #"{"ids":["ht:hoi-a","ht:hoi-b","ht:btv"]}"#)
        try Self.figure(&log, asOf: "2026-06-30", members: 70, eligible: 100)
        try Self.figure(&log, "ht:hoi-b", asOf: "2026-06-30", members: 50, eligible: 100)
        let check = try log.check(asOf: "2026-07-01")
        // §5.4 per_org: T < deadline: pending, reason "on track: …", "off track: …" or "no data".
        #expect(try check.instance(Self.ref, key: Self.rate, assignee: "ht:hoi-a").reason.hasPrefix("on track: "))
        #expect(try check.instance(Self.ref, key: Self.rate, assignee: "ht:hoi-b").reason.hasPrefix("off track: "))
        #expect(try check.instance(Self.ref, key: Self.rate, assignee: "ht:btv").reason.hasPrefix("no data"))
        #expect(try check.requirement(Self.ref).instances.allSatisfy { $0.verdict == .pending })
    }

    @Test("unmet on the deadline day itself is pending, violated the day after")
    func deadlineDay() throws {
        var log = try Self.target()
        try Self.figure(&log, asOf: "2026-12-01", members: 50, eligible: 100)
        // §5.4 per_org: pending on the deadline day itself (T = deadline), violated after it.
        #expect(try log.check(asOf: "2026-12-31").instance(Self.ref, key: Self.rate).verdict == .pending)
        let after = try log.check(asOf: "2027-01-01").instance(Self.ref, key: Self.rate)
        #expect(after.verdict == .violated && after.reason.hasPrefix("below target: "))
    }

    @Test("from the deadline on, only figures as of [deadline − staleness, deadline] count")
    func staleness() throws {
        var log = try Self.target()
        // As of 2025-12-30: before 2026-12-31 − P1Y = 2025-12-31, too old.
        try Self.figure(&log, asOf: "2025-12-30", members: 90, eligible: 100)
        // As of after the deadline: outside the window too.
        try Self.figure(&log, asOf: "2027-01-02", members: 90, eligible: 100)
        let i = try log.check(asOf: "2027-01-10").instance(Self.ref, key: Self.rate)
        // §5.4: no figure in the window: violated after the deadline, "no current data by <deadline>".
        #expect(i.verdict == .violated && i.evidence.isEmpty && i.reason == "no current data by 2026-12-31")
        // A staleness of P2Y takes the 2025-12-30 figure.
        var longer = try Self.target(extra: #","staleness":"P2Y""#)
        let old = try Self.figure(&longer, asOf: "2025-12-30", members: 90, eligible: 100)
        let j = try longer.check(asOf: "2027-01-10").instance(Self.ref, key: Self.rate)
        #expect(j.verdict == .satisfied && j.evidence == [old])
    }

    @Test("the latest figure by as_of is used, not the latest recorded")
    func latestByAsOf() throws {
        var log = try Self.target()
        let later = try Self.figure(&log, asOf: "2026-11-30", members: 70, eligible: 100)
        // Recorded after it, a figure as of an earlier date (a backfill) does not replace it.
        try Self.figure(&log, asOf: "2026-10-31", members: 10, eligible: 100, on: "2026-12-05")
        let i = try log.check(asOf: "2027-01-05").instance(Self.ref, key: Self.rate)
        // §5.4: the latest by (as_of, seq) is used.
        #expect(i.verdict == .satisfied && i.evidence == [later])
    }

    @Test("a rate without eligible members is undefined and does not meet the target")
    func undefinedRate() throws {
        var log = try Self.target()
        try Self.figure(&log, asOf: "2026-12-01", members: 70, eligible: nil)
        // §5.4 Measure: membership_rate undefined when eligible is absent; otherwise violated after the deadline.
        #expect(try log.check(asOf: "2027-01-05").instance(Self.ref, key: Self.rate).verdict == .violated)
    }

    @Test("a target with more than 18 decimals is indeterminate")
    func tooPrecise() throws {
        let log = try Self.target(value: "0.6000000000000000001")
        let i = try log.check(asOf: "2027-01-05").instance(Self.ref, key: "membership_rate >= 0.6000000000000000001", assignee: "*")
        // §5.4 step 1: value with more than 18 decimals: one instance `*`, indeterminate.
        #expect(i.verdict == .indeterminate && i.due == "2026-12-31")
    }

    @Test("an effective_until before the deadline makes the target not applicable, even while it is still in force")
    func endedBeforeDeadline() throws {
        let log = try Self.target(effectiveUntil: "2026-11-30")
        let check = try log.check(asOf: "2026-06-01")
        // §5.4 step 2 / §4.3: until ≤ deadline, even an effective_until after T: not_applicable.
        let i = try check.instance(Self.ref, key: Self.rate, assignee: "*")
        #expect(i.verdict == .notApplicable && i.reason == "lifted or ended on 2026-11-30, before the deadline")
        #expect(check.results[Self.ref]?.instances.count == 1)
    }

    @Test("before the effective date: one not-applicable instance keyed *")
    func notInForce() throws {
        let log = try Self.target(effective: "2026-06-01")
        // §5.4 step 3: T < from: not_applicable, key `*`.
        let i = try log.check(asOf: "2026-05-01").instance(Self.ref, key: "*", assignee: "*")
        #expect(i.verdict == .notApplicable && i.due == "2026-12-31")
    }

    @Test("an organisation of the scope that ended stays listed; its successor's figure counts for it")
    func endedMembers() throws {
        var log = try Self.target(scope: #"{"kind":"hqc"}"#)
        try log.add("organization.dissolved", "2026-03-01", #"{"org_id":"ht:hoi-b","basis":"ct-ct"}"#)
        try log.org("ht:hoi-c")
        try log.add("organization.merged", "2026-03-01", #"{"sources":["ht:hoi-c"],"into":"ht:hoi-a","mode":"sap_nhap","basis":"ct-ct"}"#)
        let f = try Self.figure(&log, asOf: "2026-12-01", members: 70, eligible: 100)
        let check = try log.check(asOf: "2027-01-05")
        // §5.4 per_org: ended members included (§3.4 does not apply): Hội B, no figures, is violated.
        #expect(try check.instance(Self.ref, key: Self.rate, assignee: "ht:hoi-b").verdict == .violated)
        // Figures whose org_id holds o's duty on their date count for o (Hội A's for Hội C).
        let c = try check.instance(Self.ref, key: Self.rate, assignee: "ht:hoi-c")
        #expect(c.verdict == .satisfied && c.evidence == [f])
    }

    @Test("sum_ratio: one instance judged on the sums; a member without figures makes it indeterminate")
    func sumRatio() throws {
        let scope = #"{"ids":["ht:hoi-a","ht:hoi-b"]}"#
        var log = try Self.target(scope: scope, extra: #","aggregation":"sum_ratio""#)
        let a = try Self.figure(&log, asOf: "2026-12-01", members: 80, eligible: 100)
        // §5.4 sum_ratio: a member without a figure with eligible is missing: indeterminate after the deadline.
        let missing = try log.check(asOf: "2027-01-05").instance(Self.ref, key: Self.rate, assignee: "ht:hoi-a ht:hoi-b")
        #expect(missing.verdict == .indeterminate && missing.reason.hasSuffix("; no figures with eligible members from ht:hoi-b"))
        // Σm/Σe = (80 + 40) / (100 + 100) = 0.60 meets >= 0.60 (though Hội B alone is at 0.40).
        let b = try Self.figure(&log, "ht:hoi-b", asOf: "2026-12-01", members: 40, eligible: 100)
        let met = try log.check(asOf: "2027-01-05").instance(Self.ref, key: Self.rate)
        #expect(met.verdict == .satisfied && met.evidence == [a, b])
        // Before the deadline: pending, "on track".
        let early = try log.check(asOf: "2026-12-15").instance(Self.ref, key: Self.rate)
        #expect(early.verdict == .pending && early.reason == "Σ members 120 / Σ eligible 200, on track")
    }

    @Test("sum_ratio below target: pending on the deadline day, violated after")
    func sumRatioBelow() throws {
        var log = try Self.target(scope: #"{"ids":["ht:hoi-a","ht:hoi-b"]}"#, extra: #","aggregation":"sum_ratio""#)
        try Self.figure(&log, asOf: "2026-12-01", members: 60, eligible: 100)
        try Self.figure(&log, "ht:hoi-b", asOf: "2026-12-01", members: 59, eligible: 100)
        // §5.4 sum_ratio: 119/200 < 0.60: pending on the deadline day itself, violated after it.
        #expect(try log.check(asOf: "2026-12-31").instance(Self.ref, key: Self.rate).verdict == .pending)
        #expect(try log.check(asOf: "2027-01-01").instance(Self.ref, key: Self.rate).verdict == .violated)
    }
}
