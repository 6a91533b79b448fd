import Testing

@testable import Compliance

/// `prohibition_window` (docs/compliance.md §5.5): no event of the forbidden type touching the
/// scope inside the window [from, U).
@Suite struct ProhibitionWindowTests {
    static let ref = "ct-cam#R1"
    static let window = "2026-03-01–2026-06-30"

    /// Mergers of Hội A are forbidden from 2026-03-01 until 2026-06-30 (exclusive), or `until`.
    static func ban(until: String = #""2026-06-30""#, extra: String = "") throws -> TemplateLog {
        var log = TemplateLog()
        try log.board()
        for org in ["ht:hoi-a", "ht:hoi-b", "ht:hoi-c", "ht:hoi-d"] { try log.org(org) }
        try log.directive("ct-cam", effectiveFrom: "2026-01-01", [
            TemplateLog.requirement("R1", "prohibition_window", params: #"""
                {"forbidden":"organization.merged","scope":{"ids":["ht:hoi-a"]},"from":"2026-03-01","until":\#(until)\#(extra)}
                """#),
        ])
        return log
    }

    @discardableResult
    static func merge(_ log: inout TemplateLog, _ source: String, into: String, on date: String) throws -> Int64 {
        try log.add("organization.merged", date, #"{"sources":["\#(source)"],"into":"\#(into)","mode":"sap_nhap","basis":"ct-cam"}"#)
    }

    @Test("no forbidden event: satisfied, the window open or closed")
    func satisfied() throws {
        let log = try Self.ban()
        // §5.5: one instance `*`, key `<from>–<U>`, no due; satisfied "… so far (window open)" while T < U.
        let open = try log.check(asOf: "2026-04-01").instance(Self.ref, key: Self.window, assignee: "*")
        #expect(open.verdict == .satisfied && open.due == nil && open.reason == "no organization.merged in the window so far (window open)")
        let closed = try log.check(asOf: "2026-06-30").instance(Self.ref, key: Self.window)
        #expect(closed.verdict == .satisfied && closed.reason == "no organization.merged in the window")
    }

    @Test("a forbidden event inside the window is a violation")
    func violated() throws {
        var log = try Self.ban()
        let hit = try Self.merge(&log, "ht:hoi-a", into: "ht:hoi-b", on: "2026-04-10")
        let i = try log.check(asOf: "2026-05-01").instance(Self.ref, key: Self.window)
        // §5.5 Verdict: any inside hit: violated, evidence the inside hits.
        #expect(i.verdict == .violated && i.evidence == [hit])
        #expect(i.reason == "1 organization.merged in the window: seq \(hit) on 2026-04-10")
    }

    @Test("events before from or on U itself are outside the window")
    func outside() throws {
        var log = try Self.ban()
        try Self.merge(&log, "ht:hoi-b", into: "ht:hoi-a", on: "2026-02-28")
        try Self.merge(&log, "ht:hoi-c", into: "ht:hoi-a", on: "2026-06-30")
        // §5.5: inside means first ≥ from and last < U; U is exclusive.
        #expect(try log.check(asOf: "2026-07-10").instance(Self.ref, key: Self.window).verdict == .satisfied)
    }

    @Test("an event dated by month across the window's edge is indeterminate, once its month has ended")
    func straddling() throws {
        var log = try Self.ban()
        let edge = try Self.merge(&log, "ht:hoi-a", into: "ht:hoi-b", on: "2026-06")
        // §2.3: dated 2026-06, it is not a fact at T = 2026-06-20.
        #expect(try log.check(asOf: "2026-06-20").instance(Self.ref, key: Self.window).verdict == .satisfied)
        // §5.5: 2026-06-01..30 overlaps [from, U) but is not inside (last = U): straddling, indeterminate.
        let i = try log.check(asOf: "2026-07-01").instance(Self.ref, key: Self.window)
        #expect(i.verdict == .indeterminate && i.evidence == [edge])
        #expect(i.reason == "1 organization.merged dated across the window's edge: seq \(edge) in 2026-06")
    }

    @Test("an inside hit outweighs a straddling one, and only the inside hits are evidence")
    func insideBeatsStraddling() throws {
        var log = try Self.ban()
        try Self.merge(&log, "ht:hoi-a", into: "ht:hoi-b", on: "2026-06")
        let inside = try Self.merge(&log, "ht:hoi-c", into: "ht:hoi-a", on: "2026-05-05")
        let i = try log.check(asOf: "2026-07-01").instance(Self.ref, key: Self.window)
        // §5.5 Verdict: any inside hit: violated, evidence the inside hits.
        #expect(i.verdict == .violated && i.evidence == [inside])
    }

    @Test("an event touches the organisations its payload names; others do not count")
    func touches() throws {
        var log = try Self.ban()
        // §5.5 table: organization.merged touches its sources and into: neither is Hội A here.
        try Self.merge(&log, "ht:hoi-c", into: "ht:hoi-d", on: "2026-04-01")
        #expect(try log.check(asOf: "2026-05-01").instance(Self.ref, key: Self.window).verdict == .satisfied)
        // Hội A as `into` is touched.
        let hit = try Self.merge(&log, "ht:hoi-b", into: "ht:hoi-a", on: "2026-04-02")
        #expect(try log.check(asOf: "2026-05-01").instance(Self.ref, key: Self.window).evidence == [hit])
    }

    @Test("an event listed in exceptions is not a hit")
    func exceptions() throws {
        var log = try Self.ban(extra: #","exceptions":["\#(TemplateLog.eventID(8))"]"#)
        // 7 organisations' registrations and the directive come first: the merger is seq 8.
        let excepted = try Self.merge(&log, "ht:hoi-a", into: "ht:hoi-b", on: "2026-04-10")
        #expect(excepted == 8)
        // §5.5 Hits: facts whose event id is not in exceptions.
        #expect(try log.check(asOf: "2026-05-01").instance(Self.ref, key: Self.window).verdict == .satisfied)
    }

    @Test("before from: not applicable")
    func notOpen() throws {
        let log = try Self.ban()
        let i = try log.check(asOf: "2026-02-28").instance(Self.ref, key: Self.window)
        // §5.5: T < from (p's from): not_applicable ("window not open by T").
        #expect(i.verdict == .notApplicable && i.reason == "window not open by 2026-02-28")
    }

    @Test("a lift closes the window at its date; hits before it stay violations")
    func lifted() throws {
        var log = try Self.ban(until: "null")
        try log.add("requirement.lifted", "2026-05-01", #"{"req_ref":"\#(Self.ref)","effective_on":"2026-05-01","basis":"ct-cam"}"#)
        try Self.merge(&log, "ht:hoi-a", into: "ht:hoi-b", on: "2026-05-10")
        // §5.5: U = the earlier of p's until (null: open) and r's until (the lift): key "2026-03-01–2026-05-01".
        let closed = try log.check(asOf: "2026-06-01").instance(Self.ref, key: "2026-03-01–2026-05-01")
        #expect(closed.verdict == .satisfied)
        let before = try Self.merge(&log, "ht:hoi-c", into: "ht:hoi-a", on: "2026-04-20")
        let kept = try log.check(asOf: "2026-06-01").instance(Self.ref, key: "2026-03-01–2026-05-01")
        #expect(kept.verdict == .violated && kept.evidence == [before])
        // Before the lift happened (T < its date) the window is still open.
        #expect(try log.check(asOf: "2026-04-30").results[Self.ref]?.instances.map(\.key) == ["2026-03-01–open"])
    }
}
