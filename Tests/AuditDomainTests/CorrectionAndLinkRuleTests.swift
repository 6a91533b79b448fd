import Foundation
import SQLiteDatabase
import Testing

@testable import AuditDomain
@testable import EventLog

/// Rules about corrections, retractions and the links between organisations: successor cycles,
/// the index after a retraction, dates moved by corrections, renumbered documents, references
/// that must be known, business-time order of leaders and names, σ across a tách split.
@Suite struct CorrectionAndLinkRuleTests {
    private func field(_ error: EventLogError?) -> String? {
        if case .invalidInput(_, let field, _)? = error { return field }
        return nil
    }

    private func base() throws -> DomainLog {
        let log = try DomainLog()
        try log.append([Line.org("btv-tu", kind: "party_board"), Line.doc("d1"), Line.org("a"), Line.org("b"), Line.org("c")])
        return log
    }

    @Test("a correction that would close a successor cycle is refused")
    func correctionCycle() throws {
        let log = try base()
        let merge = "0190f4c2-7b1e-7c3a-9d2e-0000000000c1"
        try log.append([Line.make("organization.merged", "2022-01-01", #"{"sources":["c"],"into":"b","mode":"sap_nhap","basis":"d1"}"#, eventID: merge)])
        try log.append([Line.dissolve("b", successor: "a", on: "2022-02-01")])
        #expect(field(log.refusal([Line.make("event.corrected", "2022",
            #"{"target_event_id":"\#(merge)","patch":{"payload":{"sources":["a"]}},"reason_vi":"Sai"}"#)])) == "payload.patch.payload.into")
    }

    @Test("after a retraction the index follows the effective view: links gone, ids free again")
    func retractionUpdatesIndex() throws {
        let log = try base()
        let merge = "0190f4c2-7b1e-7c3a-9d2e-0000000000c2"
        let reg = "0190f4c2-7b1e-7c3a-9d2e-0000000000c3"
        try log.append([Line.make("organization.merged", "2022-01-01", #"{"sources":["c"],"into":"b","mode":"sap_nhap","basis":"d1"}"#, eventID: merge),
                        Line.make("organization.registered", "2022-01-01", #"{"org_id":"x","name_vi":"X","kind":"hqc","level":"province","province":"ha-tinh"}"#, eventID: reg)])
        #expect(log.refusal([Line.designate("b", "c", on: "2022-03-01")]) != nil)  // b ← c: cycle while the merger stands
        try log.append([Line.make("event.retracted", "2023", #"{"target_event_id":"\#(merge)","reason_vi":"nhap_sai"}"#),
                        Line.make("event.retracted", "2023", #"{"target_event_id":"\#(reg)","reason_vi":"trung_lap"}"#),
                        Line.designate("b", "c", on: "2022-03-01")])  // same input: the index was rebuilt in between
        #expect(field(log.refusal([Line.make("task.assigned", "2023", #"{"task_id":"t1","assignee":"x","description_vi":"Việc"}"#)])) == "payload.assignee")
        try log.append([Line.org("x", "X lần hai")])
    }

    @Test("a correction may not move occurred_at into the future")
    func correctionFuture() throws {
        let log = try base()
        let id = "0190f4c2-7b1e-7c3a-9d2e-0000000000c4"
        try log.append([Line.make("organization.renamed", "2022", #"{"org_id":"a","new_name_vi":"A mới"}"#, eventID: id)])
        #expect(field(log.refusal([Line.make("event.corrected", "2022",
            #"{"target_event_id":"\#(id)","patch":{"occurred_at":"2099-12-31"},"reason_vi":"Sai"}"#)])) == "payload.patch.occurred_at")
    }

    @Test("a document's number can be corrected; its style and type follow the new number")
    func documentNumberCorrection() throws {
        let log = try base()
        let id = "0190f4c2-7b1e-7c3a-9d2e-0000000000c5"
        try log.append([Line.make("document.registered", "2021",
            #"{"doc":{"doc_key":"k","number":"152-BC/HND","type_name":"Báo cáo","issuer_org":"btv-tu"}}"#, eventID: id)])
        try log.append([Line.make("event.corrected", "2022",
            #"{"target_event_id":"\#(id)","patch":{"payload":{"doc":{"number":"12-KH/HND"}}},"reason_vi":"Sai số"}"#)])
        let doc = try log.store.withReadTransaction { session in try ProjectionTables.readOnly(session.tables)?.document("k") }
        #expect(doc?.doc.number == "12-KH/HND" && doc?.doc.typeAbbr == "KH")
    }

    @Test("prohibition exceptions must be known events; no organisation is its own parent")
    func selfAndEventReferences() throws {
        let log = try base()
        #expect(field(log.refusal([Line.make("organization.registered", "2020",
            #"{"org_id":"y","name_vi":"Y","kind":"hqc","level":"province","province":"ha-tinh","parent":"y"}"#)])) == "payload.parent")
        let directive = Line.make("directive.issued", "2021", #"""
            {"doc":{"doc_key":"dd","number":null,"type_name":"Chỉ thị","issuer_org":"btv-tu"},"source_kind":"directive",
            "requirements":[{"req_id":"R1","text_vi":"Cấm","template":"prohibition_window","params":{"forbidden":"organization.merged",
            "scope":{"ids":["a"]},"exceptions":["0190f4c2-7b1e-7c3a-9d2e-00000000dead"]},"param_source":"text"}]}
            """#.replacingNewlines)
        #expect(field(log.refusal([directive])) == "payload.requirements[0].params.exceptions[0]")
    }

    @Test("leaders and former names follow business time, not recording order")
    func orderIndependence() throws {
        func records(_ order: [Int]) throws -> OrganizationRecord? {
            let log = try base()
            let lines = [
                Line.make("leadership.changed", "2022-01-01", #"{"org_id":"a","position":"chu_tich","person_name":"X","change":"elected"}"#),
                Line.make("leadership.changed", "2023-01-01", #"{"org_id":"a","position":"chu_tich","person_name":"Y","change":"appointed"}"#),
                Line.make("leadership.changed", "2024-01-01", #"{"org_id":"a","position":"chu_tich","person_name":"Y","change":"relieved"}"#),
                Line.make("organization.renamed", "2021-01-01", #"{"org_id":"a","new_name_vi":"N1"}"#),
                Line.make("organization.renamed", "2023-01-01", #"{"org_id":"a","new_name_vi":"N2"}"#),
            ]
            for i in order { try log.append([lines[i]]) }
            return try log.store.withReadTransaction { session in try ProjectionTables.readOnly(session.tables)?.organization("a") }
        }
        let forward = try records([0, 1, 2, 3, 4])
        let backward = try records([4, 3, 2, 1, 0])
        #expect(forward?.leaders["chu_tich"]?.value == .some(nil))
        #expect(backward?.leaders["chu_tich"]?.value == .some(nil))
        #expect(forward?.name.value == "N2" && backward?.name.value == "N2")
        #expect(forward?.formerNames == ["Tổ chức", "N1"] && backward?.formerNames == ["Tổ chức", "N1"])
    }

    @Test("σ keeps a duty moved by a tách split after the source ends, and stays fast on long chains")
    func tachAndChains() throws {
        let log = try base()
        try log.append([Line.directive()])
        try log.append([Line.make("organization.split", "2025-02-01",
            #"{"source":"a","into":["b"],"mode":"tach","obligation_map":[{"req_ref":"seed-004#R1","to":"b"}],"basis":"d1"}"#),
                        Line.dissolve("a", successor: "c", on: "2025-03-01")])
        let s = SuccessorFunction(events: EffectiveView.events(try log.events(), knownAt: nil), zoneOffsetSeconds: 7 * 3600)
        #expect(s.holders(of: "a", on: CivilDate("2025-06-01")!, duty: "seed-004#R1") == ["b"])
        #expect(s.holders(of: "a", on: CivilDate("2025-06-01")!, duty: "seed-004#R3.4") == ["c"])

        // 24 levels of split-then-merge: every path is shared, so σ must not walk them one by one.
        var lines: [String] = []
        for level in 0..<24 {
            lines += [Line.org("p\(level)l"), Line.org("p\(level)r"), Line.org("p\(level + 1)")]
        }
        let chain = try DomainLog()
        try chain.append([Line.org("btv-tu", kind: "party_board"), Line.doc("d1"), Line.org("p0")] + lines.filter { !$0.contains(#""org_id":"p0""#) })
        var steps: [String] = []
        for level in 0..<24 {
            steps.append(Line.make("organization.split", "2020-01-0\(1 + level % 9)",
                #"{"source":"p\#(level)","into":["p\#(level)l","p\#(level)r"],"mode":"chia","obligation_map":[{"req_ref":"*","to":"p\#(level)l"},{"req_ref":"*","to":"p\#(level)r"}],"basis":"d1"}"#))
            steps.append(Line.merge(["p\(level)l", "p\(level)r"], into: "p\(level + 1)", on: "2020-01-0\(1 + level % 9)"))
        }
        try chain.append(steps)
        let sigma = SuccessorFunction(events: EffectiveView.events(try chain.events(), knownAt: nil), zoneOffsetSeconds: 7 * 3600)
        #expect(sigma.holders(of: "p0", on: CivilDate("2021-01-01")!) == ["p24"])
    }
}
