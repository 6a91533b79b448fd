import Testing

@testable import Compliance

/// `precedence` (docs/compliance.md §5.8): each congress held is preceded by an approved
/// appraisal of the same organisation and term, at most `max_lead` before it.
@Suite struct PrecedenceTests {
    static let ref = "ct-dh#R1"

    /// The associations of Hà Tĩnh (scope `{"kind":"hqc"}` bounded by the issuer's province)
    /// must have their congress content appraised at most P6M before the congress.
    static func rule(scope: String? = #"{"kind":"hqc"}"#, extra: String = "", effective: String = "2026-01-01") throws -> TemplateLog {
        var log = TemplateLog()
        try log.board()
        try log.org("ht:hoi-a")
        try log.org("ct:hoi-c", province: "can-tho")
        try log.directive("ct-dh", effectiveFrom: effective, [
            TemplateLog.requirement("R1", "precedence", scope: scope, params: #"""
                {"antecedent":"congress.appraised","consequent":"congress.held","max_lead":"P6M"\#(extra)}
                """#),
        ])
        return log
    }

    @discardableResult
    static func appraise(_ log: inout TemplateLog, on date: String, org: String = "ht:hoi-a", term: String = "2026-2031", result: String = "approved")
        throws -> Int64
    {
        try log.add("congress.appraised", date, #"{"org_id":"\#(org)","term":"\#(term)","appraiser":"ht:btv","result":"\#(result)"}"#)
    }

    @discardableResult
    static func congress(_ log: inout TemplateLog, on date: String = "2026-05-10", org: String = "ht:hoi-a", term: String = "2026–2031") throws
        -> Int64
    {
        try log.add("congress.held", date, #"{"org_id":"\#(org)","term":"\#(term)"}"#)
    }

    @Test("an approved appraisal before the congress satisfies it; the en dash in the term counts as a hyphen")
    func satisfied() throws {
        var log = try Self.rule()
        let appraisal = try Self.appraise(&log, on: "2026-03-01")
        let held = try Self.congress(&log)
        let i = try log.check(asOf: "2026-06-01").instance(Self.ref, key: "congress 2026–2031")
        // §5.8: assignee = org_id, key = "congress <term>" as written, due = the congress's first day,
        // satisfied with evidence [appraisal, congress] ascending; "2026-2031" matches "2026–2031".
        #expect(i.assignee == "ht:hoi-a" && i.due == "2026-05-10")
        #expect(i.verdict == .satisfied && i.evidence == [appraisal, held])
    }

    @Test("a congress without an approved appraisal is violated")
    func violated() throws {
        var log = try Self.rule()
        try Self.appraise(&log, on: "2026-03-01", result: "returned")
        let held = try Self.congress(&log)
        let i = try log.check(asOf: "2026-06-01").instance(Self.ref, key: "congress 2026–2031")
        // §5.8: only result = antecedent_result (default approved) counts; violated with evidence [congress].
        #expect(i.verdict == .violated && i.evidence == [held])
        #expect(i.reason == "congress on 2026-05-10 without an approved appraisal since 2025-11-10")
    }

    @Test("antecedent_result names the result that counts")
    func antecedentResult() throws {
        var log = try Self.rule(extra: #","antecedent_result":"returned""#)
        try Self.appraise(&log, on: "2026-03-01", result: "returned")
        try Self.congress(&log)
        // §5.8: `result` = antecedent_result.
        #expect(try log.check(asOf: "2026-06-01").instance(Self.ref, key: "congress 2026–2031").verdict == .satisfied)
    }

    @Test("the appraisal must lie in [congress − max_lead, congress], both ends included", arguments: [
        ("2025-11-10", true), ("2025-11-09", false), ("2026-05-10", true), ("2026-05-11", false),
    ])
    func lead(appraised: String, counts: Bool) throws {
        var log = try Self.rule()
        try Self.appraise(&log, on: appraised)
        try Self.congress(&log)
        // §5.8: earliest = first − max_lead (2026-05-10 − P6M = 2025-11-10) ≤ first(appraisal) ≤ first(congress).
        #expect(try log.check(asOf: "2026-06-01").instance(Self.ref, key: "congress 2026–2031").verdict == (counts ? .satisfied : .violated))
    }

    @Test("an appraisal of another term or another organisation does not count")
    func correlation() throws {
        var log = try Self.rule()
        try Self.appraise(&log, on: "2026-03-01", term: "2021-2026")
        try log.org("ht:hoi-b")
        try Self.appraise(&log, on: "2026-03-01", org: "ht:hoi-b")
        try Self.congress(&log)
        // §5.8: the same org_id and the same term.
        #expect(try log.check(asOf: "2026-06-01").instance(Self.ref, key: "congress 2026–2031").verdict == .violated)
    }

    @Test("of several approved appraisals the last in seq order is the evidence")
    func lastInSeqOrder() throws {
        var log = try Self.rule()
        try Self.appraise(&log, on: "2026-04-01")
        let held = try Self.congress(&log)
        // Recorded after the congress, dated before it (a backfill): the last in seq order.
        let backfill = try Self.appraise(&log, on: "2026-02-01")
        // §5.8: the appraisal is the last in seq order (not the latest dated); evidence
        // [appraisal, congress] ascending by seq (§6.3).
        #expect(try log.check(asOf: "2026-06-01").instance(Self.ref, key: "congress 2026–2031").evidence == [held, backfill])
    }

    @Test("congresses outside the scope or the requirement's window raise no instance")
    func scopeAndWindow() throws {
        var log = try Self.rule()
        // Cần Thơ's association is outside a Hà Tĩnh directive's description (§3.3).
        try Self.congress(&log, org: "ct:hoi-c")
        // Held before from: no instance (§5.8: from ≤ first).
        try Self.congress(&log, on: "2025-12-20", term: "2021–2026")
        #expect(try log.check(asOf: "2026-06-01").requirement(Self.ref).instances.isEmpty)
        // Without scope and assignees the requirement concerns every organisation (§5.8, §3.3).
        var everyone = try Self.rule(scope: nil)
        try Self.congress(&everyone, org: "ct:hoi-c")
        #expect(try everyone.check(asOf: "2026-06-01").requirement(Self.ref).instances.map(\.assignee) == ["ct:hoi-c"])
    }

    @Test("without scope, the assignees bound the congresses judged; a lift ends the duty for congresses from its date")
    func assigneesAndLift() throws {
        var log = TemplateLog()
        try log.board()
        try log.org("ht:hoi-a")
        try log.org("ht:hoi-b")
        try log.directive("ct-dh", effectiveFrom: "2026-01-01", [
            TemplateLog.requirement("R1", "precedence", assignees: #"{"ids":["ht:hoi-a"]}"#, params: #"""
                {"antecedent":"congress.appraised","consequent":"congress.held","max_lead":"P6M"}
                """#),
        ])
        try Self.congress(&log, on: "2026-04-01", org: "ht:hoi-b")
        try Self.congress(&log, on: "2026-04-01")
        try log.add("requirement.lifted", "2026-05-01", #"{"req_ref":"\#(Self.ref)","effective_on":"2026-05-01","basis":"ct-dh"}"#)
        try Self.congress(&log, on: "2026-05-01", term: "2031–2036")
        // §5.8: scope is r's scope, else r's assignees; congresses with from ≤ first < until.
        #expect(try log.check(asOf: "2026-06-01").verdicts(Self.ref) == [InstanceKey("ht:hoi-a", "congress 2026–2031"): .violated])
    }

    @Test("before the effective date: one not-applicable instance")
    func notInForce() throws {
        let log = try Self.rule(effective: "2026-06-01")
        // §5.8: T < from: one `*` instance not_applicable.
        let i = try log.check(asOf: "2026-05-01").instance(Self.ref, key: "*", assignee: "*")
        #expect(i.verdict == .notApplicable)
    }

    @Test("a congress dated by month is due on its first day and counts once the month has ended")
    func monthDated() throws {
        var log = try Self.rule()
        try Self.appraise(&log, on: "2026-03-01")
        try Self.congress(&log, on: "2026-05")
        // §2.3: not a fact at T = 2026-05-20.
        #expect(try log.check(asOf: "2026-05-20").requirement(Self.ref).instances.isEmpty)
        // §5.8: due = the congress's first day.
        let i = try log.check(asOf: "2026-06-01").instance(Self.ref, key: "congress 2026–2031")
        #expect(i.due == "2026-05-01" && i.verdict == .satisfied)
    }
}
