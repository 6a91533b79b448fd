import Testing

@testable import Compliance

/// `response_within` (docs/compliance.md §5.7): each recommendation that triggers the duty is
/// resolved within a duration, and, with `report_back`, reported back within another.
@Suite struct ResponseWithinTests {
    static let ref = "ct-kn#R1"

    /// The provincial People's Committee must resolve the recommendations filed at briefings
    /// (channel giao_ban) within P30D and report back to the board within P15D.
    static func duty(responsible: String = #"{"ids":["ht:ubnd"]}"#, trigger: String = #""channel":"giao_ban""#, reportBack: Bool = true,
                     effective: String = "2026-01-01") throws -> TemplateLog
    {
        var log = TemplateLog()
        try log.board()
        try log.org("ht:ubnd", kind: "government")
        try log.org("ht:so-tc", kind: "department")
        try log.org("ht:hoi-a")
        let back = reportBack ? #","report_back":{"to":"ht:btv","within":"P15D"}"# : ""
        try log.directive("ct-kn", effectiveFrom: effective, [
            TemplateLog.requirement("R1", "response_within", params: #"""
                {"trigger":{"type":"recommendation.filed",\#(trigger)},"responsible":\#(responsible),"within":"P30D"\#(back)}
                """#),
        ])
        return log
    }

    @discardableResult
    static func file(_ log: inout TemplateLog, _ id: String = "K1", on date: String = "2026-02-01", channel: String = "giao_ban") throws -> Int64 {
        try log.add("recommendation.filed", date,
                    #"{"rec_id":"\#(id)","from_org":"ht:hoi-a","to_org":"ht:btv","text_vi":"Đề nghị hỗ trợ.","channel":"\#(channel)"}"#)
    }

    @discardableResult
    static func resolve(_ log: inout TemplateLog, _ id: String = "K1", by resolver: String = "ht:ubnd", on date: String) throws -> Int64 {
        try log.add("recommendation.resolved", date, #"{"rec_id":"\#(id)","resolver":"\#(resolver)","outcome":"accepted"}"#)
    }

    @discardableResult
    static func reportBack(_ log: inout TemplateLog, _ id: String = "K1", to recipient: String = "ht:btv", on date: String) throws -> Int64 {
        try log.add("report.submitted", date, #"{"report_id":"rb-\#(date)","reporter":"ht:ubnd","recipient":"\#(recipient)","about":["\#(id)"]}"#)
    }

    @Test("a resolution within the duration and a report back within its own: both satisfied")
    func satisfied() throws {
        var log = try Self.duty()
        try Self.file(&log)
        let resolution = try Self.resolve(&log, on: "2026-02-20")
        let back = try Self.reportBack(&log, on: "2026-03-05")
        let check = try log.check(asOf: "2026-04-01")
        // §5.7: due = start + within = 2026-02-01 + P30D = 2026-03-03; key "<rec_id> resolution".
        let r = try check.instance(Self.ref, key: "K1 resolution", assignee: "ht:ubnd")
        #expect(r.verdict == .satisfied && r.evidence == [resolution] && r.due == "2026-03-03")
        // report_back: due = first(R) + within = 2026-03-07; decisive report about K1 to `to`.
        let b = try check.instance(Self.ref, key: "K1 report-back", assignee: "ht:ubnd")
        #expect(b.verdict == .satisfied && b.evidence == [back] && b.due == "2026-03-07")
        // Instances: per recommendation, resolution then report-back.
        #expect(check.results[Self.ref]?.instances.map(\.key) == ["K1 resolution", "K1 report-back"])
    }

    @Test("unresolved: pending on the due day itself, violated after; the report back waits for the resolution")
    func pendingThenViolated() throws {
        var log = try Self.duty()
        try Self.file(&log)
        let onDue = try log.check(asOf: "2026-03-03")
        // §5.2 deadline instance rule 2 (shared by §5.7): no f: pending while T ≤ D.
        #expect(try onDue.instance(Self.ref, key: "K1 resolution").verdict == .pending)
        // §5.7 report_back without a resolution: pending ("waits for the resolution"), no due.
        let b = try onDue.instance(Self.ref, key: "K1 report-back")
        #expect(b.verdict == .pending && b.due == nil && b.reason == "waits for the resolution")
        let after = try log.check(asOf: "2026-03-04").instance(Self.ref, key: "K1 resolution")
        #expect(after.verdict == .violated && after.reason == "nothing by 2026-03-03 (1 day overdue)")
    }

    @Test("a resolution after the due day is late; the report back is due from the resolution")
    func late() throws {
        var log = try Self.duty()
        try Self.file(&log)
        try Self.resolve(&log, on: "2026-03-10")
        let check = try log.check(asOf: "2026-03-25")
        // §5.2 rule 3: first(f) > D is late.
        let r = try check.instance(Self.ref, key: "K1 resolution")
        #expect(r.verdict == .late && r.reason == "done on 2026-03-10, 7 days after the due date 2026-03-03")
        // §5.7: the report back is due first(R) + P15D = 2026-03-25: pending on that day.
        let b = try check.instance(Self.ref, key: "K1 report-back")
        #expect(b.verdict == .pending && b.due == "2026-03-25")
    }

    @Test("an organisation it was forwarded to may resolve it, without resetting the clock; others may not")
    func forwarded() throws {
        var log = try Self.duty()
        try Self.file(&log)
        try log.add("recommendation.forwarded", "2026-02-25", #"{"rec_id":"K1","by":"ht:ubnd","to_org":"ht:so-tc"}"#)
        try Self.resolve(&log, by: "ht:hoi-a", on: "2026-02-26")
        let byForward = try Self.resolve(&log, by: "ht:so-tc", on: "2026-03-02")
        let r = try log.check(asOf: "2026-04-01").instance(Self.ref, key: "K1 resolution")
        // §5.7: allowed resolvers include every to_org of forwards; Hội A is not allowed, so its
        // earlier resolution does not count; the due stays 2026-03-03 (forwarding does not reset it).
        #expect(r.verdict == .satisfied && r.evidence == [byForward] && r.due == "2026-03-03")
    }

    @Test("a report back to someone else does not count")
    func reportBackRecipient() throws {
        var log = try Self.duty()
        try Self.file(&log)
        try Self.resolve(&log, on: "2026-02-20")
        try Self.reportBack(&log, to: "ht:bdv", on: "2026-03-01")
        // §5.7: the report's recipient must be `to` or hold `to`'s duty.
        #expect(try log.check(asOf: "2026-03-08").instance(Self.ref, key: "K1 report-back").verdict == .violated)
    }

    @Test("a recommendation filed before the effective date runs from the effective date")
    func startsAtFrom() throws {
        var log = try Self.duty(effective: "2026-01-15")
        try Self.file(&log, on: "2025-12-01")
        // §5.7: start = max(first, from) = 2026-01-15; due = 2026-02-14.
        #expect(try log.check(asOf: "2026-02-01").instance(Self.ref, key: "K1 resolution").due == "2026-02-14")
    }

    @Test("only recommendations matching the trigger raise a duty")
    func trigger() throws {
        var log = try Self.duty(trigger: #""channel":"giao_ban","filed_from":"2026-02-01","filed_to":"2026-02-28""#, reportBack: false)
        try Self.file(&log, "K-letter", channel: "van_ban")
        try Self.file(&log, "K-early", on: "2026-01-31")
        try Self.file(&log, "K-first", on: "2026-02-01")
        try Self.file(&log, "K-last", on: "2026-02-28")
        try Self.file(&log, "K-late", on: "2026-03-01")
        // §5.7 Triggering: channel equal; first within [filed_from, filed_to], each inclusive.
        #expect(try log.check(asOf: "2026-03-05").results[Self.ref]?.instances.map(\.key) == ["K-first resolution", "K-last resolution"])
    }

    @Test("the shared duty's assignee is every responsible organisation, joined by spaces")
    func sharedAssignee() throws {
        var log = try Self.duty(responsible: #"{"ids":["ht:ubnd","ht:so-tc"]}"#, reportBack: false)
        try Self.file(&log)
        let byEither = try Self.resolve(&log, by: "ht:so-tc", on: "2026-02-10")
        let r = try log.check(asOf: "2026-03-01").instance(Self.ref, key: "K1 resolution")
        // §5.7: assignee = the members of responsible joined by single spaces; each may resolve.
        #expect(r.assignee == "ht:ubnd ht:so-tc" && r.verdict == .satisfied && r.evidence == [byEither])
    }

    @Test("before the effective date: one not-applicable instance keyed *")
    func notInForce() throws {
        let log = try Self.duty(effective: "2026-06-01")
        let i = try log.check(asOf: "2026-05-01").instance(Self.ref, key: "*")
        // §5.7: T < from: one instance (the responsible assignee, key `*`, no due) not_applicable.
        #expect(i.assignee == "ht:ubnd" && i.verdict == .notApplicable && i.due == nil)
    }

    @Test("a lift before the due day makes an unresolved recommendation not applicable; one filed after raises none")
    func lifted() throws {
        var log = try Self.duty()
        try Self.file(&log)
        try log.add("requirement.lifted", "2026-02-15", #"{"req_ref":"\#(Self.ref)","effective_on":"2026-02-15","basis":"ct-kn"}"#)
        try Self.file(&log, "K2", on: "2026-02-20")
        let check = try log.check(asOf: "2026-04-01")
        // §4.3 / §5.2 rule 1: until ≤ D, until ≤ T, no decisive event: not_applicable; the
        // report back of a not-applicable resolution is not_applicable too (§5.7).
        #expect(try check.verdicts(Self.ref) == [InstanceKey("ht:ubnd", "K1 resolution"): .notApplicable,
                                                 InstanceKey("ht:ubnd", "K1 report-back"): .notApplicable])
        #expect(try check.requirement(Self.ref).verdict == .notApplicable)
    }
}
