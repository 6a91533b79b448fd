import Foundation
import SQLiteDatabase
import Testing

@testable import AuditDomain
@testable import EventLog

/// The catalogue's reference rules, checked by the real store on real SQLite.
@Suite struct AdmissionTests {
    static let base = [Line.org("btv-tu", "Ban Thường vụ Tỉnh ủy", kind: "party_board"), Line.doc("d1")]

    private func field(_ error: EventLogError?) -> String? {
        if case .invalidInput(_, let field, _)? = error { return field }
        return nil
    }

    @Test("an id named by an earlier line of the same input is known; the subject is derived")
    func sameBatch() throws {
        let log = try DomainLog()
        try log.append(Self.base + [
            Line.org("hoi-nguoi-mu", "Hội Người mù tỉnh"),
            Line.make("monitoring.assigned", "2021-12-03",
                      #"{"assignment_id":"a1","monitor":"btv-tu","target":"hoi-nguoi-mu","role":"theo_doi","basis":"d1"}"#),
        ])
        let subjects = try log.events().map(\.subject)
        #expect(subjects == ["org/btv-tu", "doc/d1", "org/hoi-nguoi-mu", "monitoring/a1"])
    }

    @Test("unknown references, reused ids and a subject that is not the derived one are refused, nothing written")
    func refusals() throws {
        let log = try DomainLog()
        try log.append(Self.base)
        let cases: [(String, String)] = [
            (Line.make("monitoring.assigned", "2021-12-03",
                       #"{"assignment_id":"a1","monitor":"btv-tu","target":"khong-co","role":"theo_doi","basis":"d1"}"#), "payload.target"),
            (Line.org("btv-tu"), "payload.org_id"),
            (Line.make("task.completed", "2021-12-03", #"{"task_id":"t-none"}"#), "payload.task_id"),
            (Line.make("monitoring.assigned", "2021-12-03",
                       #"{"assignment_id":"a1","monitor":"btv-tu","target":"btv-tu","role":"theo_doi","basis":"no-such-doc"}"#), "payload.basis"),
            (Line.make("event.corrected", "2021-12-03",
                       #"{"target_event_id":"0190f4c2-7b1e-7c3a-9d2e-5a6b7c8d9e0f","patch":{"payload":{"name_vi":"x"}},"reason_vi":"Sai tên"}"#),
             "payload.target_event_id"),
            (#"{"type":"organization.renamed","occurred_at":"2021","actor":"x","subject":"org/other","payload":{"org_id":"btv-tu","new_name_vi":"Tên mới"}}"#, "subject"),
            (Line.make("unknown.type", "2021", "{}"), "type"),
        ]
        for (line, expected) in cases {
            let before = try log.count()
            #expect(field(log.refusal([line])) == expected, "\(line)")
            #expect(try log.count() == before)
        }
    }

    @Test("successor links may not form a cycle, a merge into itself included")
    func cycles() throws {
        let log = try DomainLog()
        try log.append(Self.base + [Line.org("a"), Line.org("b"), Line.org("c")])
        try log.append([Line.merge(["a"], into: "b", on: "2022-01-01"), Line.designate("b", "c", on: "2022-02-01")])
        #expect(field(log.refusal([Line.dissolve("c", successor: "a", on: "2022-03-01")])) == "payload.successor")
        #expect(field(log.refusal([Line.merge(["c"], into: "c", on: "2022-03-01")])) == "payload.into")
        #expect(log.refusal([Line.dissolve("c", successor: "btv-tu", on: "2022-03-01")]) == nil)
    }

    @Test("corrections: not of a retracted event, not of a correction; the patched payload must stay valid")
    func corrections() throws {
        let log = try DomainLog()
        let orgID = "0190f4c2-7b1e-7c3a-9d2e-000000000001"
        let corrID = "0190f4c2-7b1e-7c3a-9d2e-000000000002"
        try log.append(Self.base + [Line.make("organization.registered", "2020-01-01",
            #"{"org_id":"hoi-x","name_vi":"Hội X","kind":"hqc","level":"province","province":"ha-tinh"}"#, eventID: orgID)])
        #expect(field(log.refusal([Line.make("event.corrected", "2021",
            #"{"target_event_id":"\#(orgID)","patch":{"payload":{"kind":"not-a-kind"}},"reason_vi":"Sai loại"}"#)])) == "payload.patch.payload.kind")
        #expect(field(log.refusal([Line.make("event.corrected", "2021",
            #"{"target_event_id":"\#(orgID)","patch":{"payload":{"org_id":"hoi-y"}},"reason_vi":"Sai mã"}"#)])) == "payload.patch.payload")
        try log.append([Line.make("event.corrected", "2021",
            #"{"target_event_id":"\#(orgID)","patch":{"payload":{"name_vi":"Hội Xê"}},"reason_vi":"Sai tên"}"#, eventID: corrID)])
        #expect(field(log.refusal([Line.make("event.corrected", "2021",
            #"{"target_event_id":"\#(corrID)","patch":{"payload":{"reason_vi":"y"}},"reason_vi":"z"}"#)])) == "payload.target_event_id")
        try log.append([Line.make("event.retracted", "2021", #"{"target_event_id":"\#(orgID)","reason_vi":"nhap_sai"}"#)])
        #expect(field(log.refusal([Line.make("event.corrected", "2021",
            #"{"target_event_id":"\#(orgID)","patch":{"payload":{"name_vi":"Hội Z"}},"reason_vi":"Sai tên"}"#)])) == "payload.target_event_id")
        #expect(field(log.refusal([Line.make("event.retracted", "2021", #"{"target_event_id":"\#(orgID)","reason_vi":"trung_lap"}"#)]))
            == "payload.target_event_id")
    }

    @Test("an organisation named earlier in the input is unknown once a later line retracts its registration")
    func namedThenRetracted() throws {
        let log = try DomainLog()
        let orgID = "0190f4c2-7b1e-7c3a-9d2e-000000000003"
        let register = Line.make("organization.registered", "2020-01-01",
            #"{"org_id":"hoi-x","name_vi":"Hội X","kind":"hqc","level":"province","province":"ha-tinh"}"#, eventID: orgID)
        let rename = Line.make("organization.renamed", "2022", #"{"org_id":"hoi-x","new_name_vi":"Hội Xê"}"#)
        let retract = Line.make("event.retracted", "2023", #"{"target_event_id":"\#(orgID)","reason_vi":"nhap_sai"}"#)
        let refused = log.refusal(Self.base + [register, rename, retract, rename])
        #expect(field(refused) == "payload.org_id")
        if case .invalidInput(let line, _, _)? = refused { #expect(line == Self.base.count + 4) } else { Issue.record("not refused") }
        #expect(try log.count() == 0)
    }

    @Test("an amendment must leave the requirement's params valid")
    func amendments() throws {
        let log = try DomainLog()
        let directive = Line.make("directive.issued", "2021-07-26", #"""
            {"doc":{"doc_key":"seed-004","number":null,"type_name":"Thông báo kết luận","issuer_org":"btv-tu"},
             "source_kind":"conclusion_notice","requirements":[{"req_id":"R1","text_vi":"Báo cáo hằng năm",
             "template":"periodic_report","assignees":{"ids":["btv-tu"]},"params":{"event_type":"report.submitted",
             "recipient":"btv-tu","schedule":"R/2021-01-01/P1Y"},"param_source":"text"}]}
            """#.replacingNewlines)
        try log.append(Self.base + [directive])
        #expect(field(log.refusal([Line.make("requirement.amended", "2022",
            #"{"req_ref":"seed-004#R1","params_patch":{"schedule":"yearly"},"basis":"d1"}"#)])) == "payload.params_patch.schedule")
        #expect(field(log.refusal([Line.make("requirement.amended", "2022",
            #"{"req_ref":"seed-004#R9","params_patch":{"grace":"P30D"},"basis":"d1"}"#)])) == "payload.req_ref")
        try log.append([Line.make("requirement.amended", "2022", #"{"req_ref":"seed-004#R1","params_patch":{"grace":"P30D"},"basis":"d1"}"#)])
        // The stored params now carry the amendment: removing the schedule is refused.
        #expect(field(log.refusal([Line.make("requirement.amended", "2023",
            #"{"req_ref":"seed-004#R1","params_patch":{"schedule":null},"basis":"d1"}"#)])) == "payload.params_patch.schedule")
    }

    @Test("the domain index is rebuilt from the events when it was dropped")
    func rebuild() throws {
        let log = try DomainLog()
        try log.append(Self.base + [Line.org("hoi-a")])
        try log.store.db.execute("DROP TABLE domain_keys; DROP TABLE domain_state")
        #expect(field(log.refusal([Line.org("hoi-a")])) == "payload.org_id")
        try log.append([Line.make("organization.renamed", "2022", #"{"org_id":"hoi-a","new_name_vi":"Hội A mới"}"#)])
    }

    @Test("an index made before domain_keys_seq gets it at the next append, and keeps refusing known ids")
    func seqIndexAdded() throws {
        let log = try DomainLog()
        try log.append(Self.base + [Line.org("hoi-a")])
        try log.store.db.execute("DROP INDEX domain_keys_seq")
        try log.append([Line.org("hoi-b")])
        #expect(try log.store.db.scalarInt("SELECT count(*) FROM sqlite_master WHERE type = 'index' AND name = 'domain_keys_seq'") == 1)
        #expect(field(log.refusal([Line.org("hoi-b")])) == "payload.org_id")
    }
}

extension String {
    /// The text with its line breaks removed (for readable multi-line JSON literals).
    var replacingNewlines: String { split(separator: "\n").map { $0.trimmingPrefixSpaces }.joined() }
}

extension Substring {
    fileprivate var trimmingPrefixSpaces: Substring { drop { $0 == " " } }
}

/// The domain index kept in each append (a correction or retraction refreshes only its target's
/// rows) equals the index rebuilt from the whole log.
@Suite struct DomainIndexTests {
    /// The index rows as text, in a fixed order.
    static func rows(_ db: Connection) throws -> [String] {
        var out: [String] = []
        try db.forEachRow("SELECT kind, key, seq, coalesce(data, '-') FROM domain_keys ORDER BY kind, key") {
            out.append("key \($0.text(0)) \($0.text(1)) \($0.int64(2)) \($0.text(3))")
        }
        try db.forEachRow("SELECT predecessor, successor, seq FROM domain_links ORDER BY 1, 2, 3") {
            out.append("link \($0.text(0)) \($0.text(1)) \($0.int64(2))")
        }
        return out
    }

    /// The index as kept, and as rebuilt from the log (the rebuild is rolled back).
    static func keptAndRebuilt(_ log: DomainLog) throws -> (kept: [String], rebuilt: [String]) {
        let db = log.store.db
        let kept = try rows(db)
        try db.execute("SAVEPOINT rebuild")
        defer { try? db.execute("ROLLBACK TO rebuild; RELEASE rebuild") }
        let admission = try DomainAdmission(log.store.session(), logSize: try log.count(), zoneOffsetSeconds: 7 * 3600)
        try admission.rebuild(upTo: try log.count())
        return (kept, try rows(db))
    }

    static func id(_ n: Int) -> String { String(format: "0190f4c2-7b1e-7c3a-9d2e-%012x", n) }

    static let directive = Line.make("directive.issued", "2021-07-26", #"""
        {"doc":{"doc_key":"dd","number":null,"type_name":"Chỉ thị","issuer_org":"btv-tu"},"source_kind":"directive",
         "requirements":[{"req_id":"R1","text_vi":"Báo cáo hằng năm","template":"periodic_report","assignees":{"ids":["btv-tu"]},
         "params":{"event_type":"report.submitted","recipient":"btv-tu","schedule":"R/2021-01-01/P1Y"},"param_source":"text"},
         {"req_id":"R2","text_vi":"Báo cáo hằng quý","template":"periodic_report","assignees":{"ids":["btv-tu"]},
         "params":{"event_type":"report.submitted","recipient":"btv-tu","schedule":"R/2021-01-01/P3M"},"param_source":"text"}]}
        """#.replacingNewlines, eventID: id(1))

    static func amend(_ n: Int, _ req: String, _ patch: String) -> String {
        Line.make("requirement.amended", "2022", #"{"req_ref":"dd#\#(req)","params_patch":\#(patch),"basis":"d1"}"#, eventID: id(n))
    }

    static func correct(_ n: Int, _ target: Int, _ patch: String) -> String {
        Line.make("event.corrected", "2023", #"{"target_event_id":"\#(id(target))","patch":{"payload":\#(patch)},"reason_vi":"Sửa"}"#,
                  eventID: id(n))
    }

    static func retract(_ n: Int, _ target: Int) -> String {
        Line.make("event.retracted", "2023", #"{"target_event_id":"\#(id(target))","reason_vi":"nhap_sai"}"#, eventID: id(n))
    }

    @Test("corrections and retractions of directives, amendments and dissolutions, in one input and apart")
    func refreshEqualsRebuild() throws {
        let inputs: [[String]] = [
            AdmissionTests.base + [Line.org("a", "Hội A"), Line.org("b", "Hội B"), Line.org("c", "Hội C"), Self.directive],
            [Self.amend(2, "R1", #"{"grace":"P10D"}"#), Self.amend(3, "R2", #"{"grace":"P5D"}"#)],
            // a corrected directive: its requirements' params are derived again, amendments on top
            [Self.correct(4, 1, #"{"requirements":[{"req_id":"R1","text_vi":"Báo cáo","template":"periodic_report","assignees":{"ids":["btv-tu"]},"params":{"event_type":"report.submitted","recipient":"btv-tu","schedule":"R/2021-01-01/P6M"},"param_source":"text"},{"req_id":"R2","text_vi":"Báo cáo hằng quý","template":"periodic_report","assignees":{"ids":["btv-tu"]},"params":{"event_type":"report.submitted","recipient":"btv-tu","schedule":"R/2021-01-01/P3M"},"param_source":"text"}]}"#),
             Self.amend(5, "R1", #"{"grace":"P20D"}"#),
             Self.correct(6, 2, #"{"params_patch":{"grace":"P12D"}}"#),
             Line.make("organization.dissolved", "2022-03-01", #"{"org_id":"a","successor":"b","basis":"d1"}"#, eventID: Self.id(7)),
             Self.retract(8, 3)],
            [Self.correct(9, 7, #"{"successor":"c"}"#), Self.retract(10, 6)],
            [Self.retract(11, 9)],
            [Self.retract(12, 7), Line.org("d", "Hội D"), Self.retract(13, 5)],
        ]
        let log = try DomainLog()
        for (n, input) in inputs.enumerated() {
            try log.append(input)
            let (kept, rebuilt) = try Self.keptAndRebuilt(log)
            #expect(kept == rebuilt, "after input \(n)")
        }
        // R1: the corrected directive's schedule, amendment 2 as first recorded (its correction
        // was retracted), amendment 5 retracted; R2: amendment 3 retracted. The dissolution is
        // retracted: no links left.
        let rows = try Self.rows(log.store.db)
        #expect(rows.contains { $0.hasPrefix("key req dd#R1 ") && $0.contains("P6M") && $0.contains("P10D") })
        #expect(rows.contains { $0.hasPrefix("key req dd#R2 ") && !$0.contains("grace") })
        #expect(!rows.contains { $0.hasPrefix("link ") })
    }
}
