import Testing

@testable import Compliance

/// `coverage` (docs/compliance.md §5.6): every organisation of a universe is monitored (a
/// state at T, with a grace for the uncovered) or has disseminated a document.
@Suite struct CoverageTests {
    static let ref = "ct-cov#R1"

    /// The associations of Hà Tĩnh (Hội A, Hội B, registered 2020) must each be monitored
    /// (role theo_doi, grace P30D, from 2026-01-01 unless `effective` says otherwise), or as
    /// `params` say.
    static func universe(_ params: String? = nil, effective: String = "2026-01-01", effectiveUntil: String? = nil) throws -> TemplateLog {
        var log = TemplateLog()
        try log.board()
        try log.org("ht:btg", kind: "party_commission")
        try log.org("ht:hoi-a")
        try log.org("ht:hoi-b")
        try log.directive("ct-cov", effectiveFrom: effective, effectiveUntil: effectiveUntil, [
            TemplateLog.requirement("R1", "coverage", params: params ?? #"""
                {"universe":{"kind":"hqc"},"relation":{"kind":"monitoring","role":"theo_doi"},"grace":"P30D"}
                """#),
        ])
        return log
    }

    @discardableResult
    static func assign(_ log: inout TemplateLog, _ id: String, _ monitor: String = "ht:bdv", _ target: String = "ht:hoi-a", role: String = "theo_doi",
                       on date: String = "2025-06-01", until: String? = nil) throws -> Int64
    {
        let u = until.map { #","until":"\#($0)""# } ?? ""
        return try log.add("monitoring.assigned", date,
                           #"{"assignment_id":"\#(id)","monitor":"\#(monitor)","target":"\#(target)","role":"\#(role)","basis":"ct-cov"\#(u)}"#)
    }

    @discardableResult
    static func revoke(_ log: inout TemplateLog, _ id: String, on date: String) throws -> Int64 {
        try log.add("monitoring.revoked", date, #"{"assignment_id":"\#(id)"}"#)
    }

    @Test("a monitored member is satisfied; an uncovered one is satisfied within the grace, on its last day too, violated after")
    func monitoring() throws {
        var log = try Self.universe()
        let a1 = try Self.assign(&log, "a1")
        // §5.6 step 3: covered (min 1): satisfied, no due, evidence the covering assignments' last seqs.
        let a = try log.check(asOf: "2026-01-31").instance(Self.ref, key: "ht:hoi-a", assignee: "ht:hoi-a")
        #expect(a.verdict == .satisfied && a.due == nil && a.evidence == [a1] && a.reason == "monitored by ht:bdv (a1)")
        // Hội B: S = max(registered_on, from) = 2026-01-01, due = S + P30D = 2026-01-31; T ≤ due: satisfied.
        let b = try log.check(asOf: "2026-01-31").instance(Self.ref, key: "ht:hoi-b")
        #expect(b.verdict == .satisfied && b.due == "2026-01-31" && b.evidence.isEmpty)
        let late = try log.check(asOf: "2026-02-01").instance(Self.ref, key: "ht:hoi-b")
        #expect(late.verdict == .violated && late.reason == "uncovered since 2026-01-01; the grace ended 2026-01-31")
    }

    @Test("an assignment that ended (revoked, or past its until) no longer covers, and the grace runs from its end")
    func endedAssignments() throws {
        var log = try Self.universe()
        try Self.assign(&log, "a1")
        try Self.revoke(&log, "a1", on: "2026-03-01")
        try Self.assign(&log, "b1", "ht:bdv", "ht:hoi-b", until: "2026-02-28")
        // §5.6 step 3: end = revoked-on (2026-03-01), or until + 1 day (2026-03-01); S = max(S, end),
        // due = S + P30D = 2026-03-31: within the grace on that day, violated after it.
        let within = try log.check(asOf: "2026-03-31").requirement(Self.ref).instances
        #expect(within.map(\.key) == ["ht:hoi-a", "ht:hoi-b"])
        #expect(within.allSatisfy { $0.verdict == .satisfied && $0.due == "2026-03-31" && $0.evidence.isEmpty })
        #expect(try log.check(asOf: "2026-04-01").requirement(Self.ref).instances.allSatisfy { $0.verdict == .violated })
    }

    @Test("only assignments with the role count, and at least min of them")
    func roleAndMin() throws {
        var log = try Self.universe(#"{"universe":{"ids":["ht:hoi-a"]},"relation":{"kind":"monitoring","role":"theo_doi"},"min":2,"grace":"P30D"}"#)
        try Self.assign(&log, "a1")
        try Self.assign(&log, "a2", "ht:btg", role: "tham_muu")
        // §5.6 step 2: counted assignments have the role; step 3: fewer than min cover: uncovered since S.
        #expect(try log.check(asOf: "2026-02-01").instance(Self.ref, key: "ht:hoi-a").verdict == .violated)
        let a3 = try Self.assign(&log, "a3", "ht:btg")
        let covered = try log.check(asOf: "2026-02-01").instance(Self.ref, key: "ht:hoi-a")
        #expect(covered.verdict == .satisfied && covered.evidence.count == 2 && covered.evidence.contains(a3))
    }

    @Test("a monitor gone with no successor does not cover: a holder_inactive finding, and the grace runs from its end")
    func holderInactive() throws {
        var log = try Self.universe(#"{"universe":{"ids":["ht:hoi-a"]},"relation":{"kind":"monitoring"},"grace":"P30D"}"#)
        let a1 = try Self.assign(&log, "a1", "ht:btg")
        try log.add("organization.dissolved", "2026-03-01", #"{"org_id":"ht:btg","basis":"ct-cov"}"#)
        let check = try log.check(asOf: "2026-04-01")
        // §5.6 step 3: σ(monitor, T) = ∅: finding (the assignment's last seq), S = max(S, E); due E + P30D.
        let i = try check.instance(Self.ref, key: "ht:hoi-a")
        #expect(i.verdict == .violated && i.due == "2026-03-31")
        let found = check.findings("holder_inactive")
        #expect(found.map(\.seq) == [a1] && found.first?.reqRef == Self.ref)
        #expect(found.first?.detail == "a1: ht:btg has no successor for ht:hoi-a since 2026-03-01")
        // With require_active_holder false the assignment still covers.
        var lenient = try Self.universe(#"""
            {"universe":{"ids":["ht:hoi-a"]},"relation":{"kind":"monitoring"},"require_active_holder":false}
            """#)
        try Self.assign(&lenient, "a1", "ht:btg")
        try lenient.add("organization.dissolved", "2026-03-01", #"{"org_id":"ht:btg","basis":"ct-cov"}"#)
        #expect(try lenient.check(asOf: "2026-04-01").instance(Self.ref, key: "ht:hoi-a").verdict == .satisfied)
    }

    @Test("a monitor merged into another keeps covering through its successor")
    func holderMerged() throws {
        var log = try Self.universe(#"{"universe":{"ids":["ht:hoi-a"]},"relation":{"kind":"monitoring"}}"#)
        try Self.assign(&log, "a1", "ht:btg")
        try log.add("organization.merged", "2026-03-01", #"{"sources":["ht:btg"],"into":"ht:bdv","mode":"hop_nhat","basis":"ct-cov"}"#)
        let check = try log.check(asOf: "2026-06-01")
        // §5.6 step 3: σ(monitor, T) ≠ ∅: the assignment covers.
        #expect(try check.instance(Self.ref, key: "ht:hoi-a").verdict == .satisfied && check.findings("holder_inactive").isEmpty)
    }

    @Test("members merged or dissolved by T are not in the universe; suspended ones are")
    func universeAtT() throws {
        var log = try Self.universe()
        try log.add("organization.dissolved", "2026-02-01", #"{"org_id":"ht:hoi-a","basis":"ct-cov"}"#)
        try log.add("organization.suspended", "2026-02-01", #"{"org_id":"ht:hoi-b","basis":"ct-cov"}"#)
        // §5.6 step 3: status at T active or suspended; an organisation ended by T gets no instance.
        #expect(try log.check(asOf: "2026-03-01").requirement(Self.ref).instances.map(\.key) == ["ht:hoi-b"])
    }

    @Test("not applicable before from and, as a whole, once lifted or ended")
    func notApplicable() throws {
        let before = try Self.universe(effective: "2026-06-01")
        // §5.6 step 1: T < from: one */* instance not_applicable.
        let i = try before.check(asOf: "2026-05-01").instance(Self.ref, key: "*", assignee: "*")
        #expect(i.verdict == .notApplicable && i.reason == "not in force before 2026-06-01")
        let ended = try Self.universe(effectiveUntil: "2026-06-01")
        // Else until ≤ T: one */* not_applicable ("lifted or ended on <until>").
        let j = try ended.check(asOf: "2026-06-01").instance(Self.ref, key: "*", assignee: "*")
        #expect(j.verdict == .notApplicable && j.reason == "lifted or ended on 2026-06-01")
        #expect(try ended.check(asOf: "2026-05-31").requirement(Self.ref).instances.map(\.key) == ["ht:hoi-a", "ht:hoi-b"])
    }

    @Test("over_interval: a past gap longer than the grace is a violation though covered at T; a shorter one is not")
    func overInterval() throws {
        let params = #"{"universe":{"ids":["ht:hoi-a"]},"relation":{"kind":"monitoring"},"grace":"P30D","over_interval":true}"#
        var log = try Self.universe(params)
        try Self.assign(&log, "a1")
        try Self.revoke(&log, "a1", on: "2026-02-01")
        try Self.assign(&log, "a2", "ht:btg", on: "2026-04-15")
        let i = try log.check(asOf: "2026-06-01").instance(Self.ref, key: "ht:hoi-a")
        // §5.6 step 4: uncovered [2026-02-01, 2026-04-14], longer than 2026-02-01 + P30D = 2026-03-03.
        #expect(i.verdict == .violated && i.due == "2026-03-03" && i.evidence.isEmpty)
        #expect(i.reason == "uncovered from 2026-02-01 to 2026-04-14; the grace ended 2026-03-03")
        var short = try Self.universe(params)
        try Self.assign(&short, "a1")
        try Self.revoke(&short, "a1", on: "2026-02-01")
        try Self.assign(&short, "a2", "ht:btg", on: "2026-03-04")
        // Uncovered 2026-02-01..2026-03-03: the last day is not after start + grace.
        #expect(try short.check(asOf: "2026-06-01").instance(Self.ref, key: "ht:hoi-a").verdict == .satisfied)
    }

    @Test("coverage by registration or by a Party organisation is indeterminate")
    func unrecorded() throws {
        let log = try Self.universe(#"{"universe":{"kind":"hqc"},"relation":{"kind":"registration","system":"csdl-hoi"}}"#)
        // §5.6: kind registration or party_org_present: one */* indeterminate.
        #expect(try log.check(asOf: "2026-06-01").instance(Self.ref, key: "*", assignee: "*").verdict == .indeterminate)
    }

    /// Coverage by dissemination of the directive itself, grace P30D.
    static let dissemination = #"{"universe":{"kind":"hqc"},"relation":{"kind":"dissemination","doc_key":"ct-cov"},"grace":"P30D"}"#

    @discardableResult
    static func disseminate(_ log: inout TemplateLog, _ org: String = "ht:hoi-a", on date: String) throws -> Int64 {
        try log.add("directive.disseminated", date, #"{"org":"\#(org)","doc_key":"ct-cov"}"#)
    }

    @Test("dissemination: on time satisfied, late late, none pending on the due day and violated after")
    func disseminationVerdicts() throws {
        var log = try Self.universe(Self.dissemination)
        let onTime = try Self.disseminate(&log, on: "2026-01-20")
        let late = try Self.disseminate(&log, "ht:hoi-b", on: "2026-02-05")
        let check = try log.check(asOf: "2026-02-10")
        // §5.6 dissemination: due = max(registered_on, from) + grace = 2026-01-31; the deadline instance (§5.2).
        let a = try check.instance(Self.ref, key: "ht:hoi-a", assignee: "ht:hoi-a")
        #expect(a.verdict == .satisfied && a.evidence == [onTime] && a.due == "2026-01-31")
        let b = try check.instance(Self.ref, key: "ht:hoi-b")
        #expect(b.verdict == .late && b.evidence == [late])
        let none = try Self.universe(Self.dissemination)
        #expect(try none.check(asOf: "2026-01-31").instance(Self.ref, key: "ht:hoi-a").verdict == .pending)
        #expect(try none.check(asOf: "2026-02-01").instance(Self.ref, key: "ht:hoi-a").verdict == .violated)
    }

    @Test("dissemination: a member registered after from is due from its registration")
    func disseminationLateMember() throws {
        var log = try Self.universe(Self.dissemination)
        try log.org("ht:hoi-new", on: "2026-03-10")
        // §5.6 dissemination step 2: S = max(o's registered_on, from).
        #expect(try log.check(asOf: "2026-03-15").instance(Self.ref, key: "ht:hoi-new").due == "2026-04-09")
    }

    @Test("dissemination: a member dissolved before its due day with no successor is not listed unless it had done it")
    func disseminationEndedMember() throws {
        var log = try Self.universe(Self.dissemination)
        let done = try Self.disseminate(&log, "ht:hoi-b", on: "2026-01-10")
        try log.add("organization.dissolved", "2026-01-20", #"{"org_id":"ht:hoi-a","basis":"ct-cov"}"#)
        try log.add("organization.dissolved", "2026-01-20", #"{"org_id":"ht:hoi-b","basis":"ct-cov"}"#)
        let check = try log.check(asOf: "2026-03-01")
        // §3.4 case 3: due 2026-01-31 ≥ end 2026-01-20, σ = ∅: listed only if already done (ended members
        // stay in a dissemination universe, §5.6 step 2).
        #expect(try check.verdicts(Self.ref) == [InstanceKey("ht:hoi-b", "ht:hoi-b"): .satisfied])
        #expect(try check.instance(Self.ref, key: "ht:hoi-b").evidence == [done])
    }
}
