import Foundation
import SQLiteDatabase
import Testing

@testable import AuditDomain
@testable import EventLog

/// The append's rules about what a payload says (periods, membership figures, merger dates,
/// reports and inspections recorded once, DocRef styles, assignment_basis): refused with the
/// line and the field, nothing written.
@Suite struct AdmissionRuleTests {
    static let base = AdmissionTests.base + [Line.org("hoi-a", "Hội A"), Line.org("hoi-b", "Hội B", on: "2021-07-15")]

    private func refusal(_ log: DomainLog, _ lines: [String]) throws -> (field: String, message: String)? {
        let before = try log.count()
        guard case .invalidInput(_, let field, let message)? = log.refusal(lines) else { return nil }
        #expect(try log.count() == before, "nothing written")
        return (field, message)
    }

    static func report(_ id: String, key: String, _ start: String, _ end: String, on date: String = "2025-07-05",
                       eventID: String? = nil, about: String = "") -> String {
        Line.make("report.submitted", date, #"""
            {"report_id":"\#(id)","reporter":"hoi-a","recipient":"btv-tu","period":{"key":"\#(key)","start":"\#(start)","end":"\#(end)"}\#(about)}
            """#.replacingNewlines, eventID: eventID)
    }

    static func inspection(_ id: String, rating: String, on date: String = "2025-05-10") -> String {
        Line.make("inspection.conducted", date,
                  #"{"inspection_id":"\#(id)","inspector":"btv-tu","target":"hoi-a","kind":"kiem_tra","rating":"\#(rating)"}"#)
    }

    @Test("period keys stand for their dates", arguments: [
        ("2026", "2026-01-01", "2026-12-31"), ("2026-H1", "2026-01-01", "2026-06-30"), ("2026-H2", "2026-07-01", "2026-12-31"),
        ("2026-Q1", "2026-01-01", "2026-03-31"), ("2026-Q4", "2026-10-01", "2026-12-31"), ("2024-02", "2024-02-01", "2024-02-29"),
        ("2025-02", "2025-02-01", "2025-02-28"), ("2026-12", "2026-12-01", "2026-12-31"),
    ])
    func periodKeyDates(key: String, start: String, end: String) {
        let dates = Period.dates(ofKey: key)
        #expect(dates?.start.description == start && dates?.end.description == end)
    }

    @Test("adhoc and text that is no period key stand for no dates")
    func periodKeyWithoutDates() {
        #expect(Period.dates(ofKey: "adhoc") == nil)
        #expect(Period.dates(ofKey: "2026-Q5") == nil)
        #expect(Period.dates(ofKey: "2026-13") == nil)
    }

    @Test("a report or meeting whose period key contradicts its dates is refused; adhoc takes any dates")
    func periods() throws {
        let log = try DomainLog()
        try log.append(Self.base)
        let wrongStart = try refusal(log, [Self.report("r1", key: "2025-Q2", "2025-01-01", "2025-06-30")])
        #expect(wrongStart?.field == "payload.period.start")
        #expect(wrongStart?.message == "is 2025-01-01 but 2025-Q2 is 2025-04-01 to 2025-06-30 (a period of other dates takes the key adhoc)")
        #expect(try refusal(log, [Self.report("r1", key: "2025-03", "2025-03-01", "2025-03-28")])?.field == "payload.period.end")
        #expect(try refusal(log, [Self.report("r1", key: "2024", "2025-01-01", "2025-12-31")])?.field == "payload.period.start")
        let meeting = Line.make("meeting.held", "2025-04-02", #"""
            {"meeting_id":"m1","convener":"btv-tu","participants":["hoi-a"],"kind":"giao_ban","period":{"key":"2025-H1","start":"2025-01-01","end":"2025-05-31"}}
            """#.replacingNewlines)
        #expect(try refusal(log, [meeting])?.field == "payload.period.end")
        try log.append([Self.report("r1", key: "adhoc", "2025-02-03", "2025-02-09"), Self.report("r2", key: "2025-Q2", "2025-04-01", "2025-06-30")])
    }

    @Test("a correction whose patched period contradicts its key is refused")
    func correctedPeriod() throws {
        let log = try DomainLog()
        let id = "0190f4c2-7b1e-7c3a-9d2e-0000000000b1"
        try log.append(Self.base + [Self.report("r1", key: "2025-Q2", "2025-04-01", "2025-06-30", eventID: id)])
        let patch = Line.make("event.corrected", "2025-08-01",
                              #"{"target_event_id":"\#(id)","patch":{"payload":{"period":{"key":"2025-Q3"}}},"reason_vi":"Sai kỳ"}"#)
        #expect(try refusal(log, [patch])?.field == "payload.patch.payload.period.start")
    }

    @Test("membership figures may not count more members than eligible")
    func members() throws {
        let log = try DomainLog()
        try log.append(Self.base)
        let over = Line.make("membership.reported", "2025-12-31", #"{"org_id":"hoi-a","as_of":"2025-12-31","members":5001,"eligible":5000}"#)
        let found = try refusal(log, [over])
        #expect(found?.field == "payload.members" && found?.message == "is 5001, more than eligible (5000)")
        try log.append([Line.make("membership.reported", "2025-12-31", #"{"org_id":"hoi-a","as_of":"2025-12-31","members":5000,"eligible":5000}"#)])
    }

    @Test("a merger dated surely before its into or a source was registered is refused; one that may be on or after it is not")
    func mergerDates() throws {
        let log = try DomainLog()
        try log.append(Self.base + [Line.org("hoi-c", "Hội C", on: "2021")])
        let intoLater = try refusal(log, [Line.merge(["hoi-a"], into: "hoi-b", on: "2021-07-14")])
        #expect(intoLater?.field == "occurred_at")
        #expect(intoLater?.message == "2021-07-14 is before hoi-b (payload.into) was registered (2021-07-15)")
        let sourceLater = try refusal(log, [Line.merge(["hoi-a", "hoi-b"], into: "btv-tu", on: "2021-06")])
        #expect(sourceLater?.message.contains("hoi-b (payload.sources[1])") == true)
        // Registered some time in 2021: a merger in December 2020 is before it, one in 2021-03 may not be.
        #expect(try refusal(log, [Line.merge(["hoi-c"], into: "hoi-a", on: "2020-12-31")])?.field == "occurred_at")
        // In the same input, the registration comes first: it is known to the check.
        #expect(try refusal(log, [Line.org("hoi-d", on: "2024-01-01"), Line.merge(["hoi-d"], into: "hoi-a", on: "2023")])?.field
                == "occurred_at")
        try log.append([Line.org("hoi-d", on: "2024-01-01"), Line.merge(["hoi-d"], into: "hoi-a", on: "2024")])
        try log.append([Line.merge(["hoi-c"], into: "hoi-b", on: "2021-07")])
    }

    @Test("a correction may not move a merger before its organisations' registrations")
    func correctedMergerDate() throws {
        let log = try DomainLog()
        let id = "0190f4c2-7b1e-7c3a-9d2e-0000000000b2"
        try log.append(Self.base + [Line.make("organization.merged", "2022-01-01",
                                              #"{"sources":["hoi-a"],"into":"hoi-b","mode":"sap_nhap","basis":"d1"}"#, eventID: id)])
        func correct(_ patch: String) -> String {
            Line.make("event.corrected", "2025-08-01", #"{"target_event_id":"\#(id)","patch":\#(patch),"reason_vi":"Sai ngày"}"#)
        }
        #expect(try refusal(log, [correct(#"{"occurred_at":"2021-07-01"}"#)])?.field == "payload.patch.occurred_at")
        try log.append([correct(#"{"occurred_at":"2021-07-15"}"#)])
    }

    @Test("a report_id already recorded is refused, in the log or earlier in the input, whatever the report says")
    func reportIDs() throws {
        let log = try DomainLog()
        let first = Self.report("r1", key: "2025-Q2", "2025-04-01", "2025-06-30", eventID: "0190f4c2-7b1e-7c3a-9d2e-0000000000c1")
        try log.append(Self.base + [first])
        let seq = try log.count()
        let other = try refusal(log, [Self.report("r1", key: "2025-Q3", "2025-07-01", "2025-09-30", on: "2025-10-05")])
        #expect(other?.field == "payload.report_id" && other?.message == "r1 is already recorded at seq \(seq) (recorded once: an import run again needs the same event_id on each line)")
        #expect(try refusal(log, [Self.report("r1", key: "2025-Q2", "2025-04-01", "2025-06-30", on: "2025-07-06")])?.field
                == "payload.report_id")
        #expect(try refusal(log, [Self.report("r2", key: "2025-Q2", "2025-04-01", "2025-06-30"),
                                  Self.report("r2", key: "2025-Q3", "2025-07-01", "2025-09-30", on: "2025-10-05")])?.field
                == "payload.report_id")
        // An exact retry (same event_id) is a duplicate; the same report sent again without its
        // event id (a nightly re-run) would record it twice: refused.
        let retry = try log.append([first])
        #expect(retry.duplicates.count == 1)
        #expect(try refusal(log, [Self.report("r1", key: "2025-Q2", "2025-04-01", "2025-06-30")])?.message
                == "r1 is already recorded at seq \(seq) (recorded once: an import run again needs the same event_id on each line)")
    }

    @Test("correcting or retracting any event leaves the index's version row, and equal to a rebuild")
    func versionRow() throws {
        let log = try DomainLog()
        let id = "0190f4c2-7b1e-7c3a-9d2e-0000000000a2"
        try log.append([Line.org("btv-tu", kind: "party_board"), Line.make("organization.registered", "2020-01-01",
            #"{"org_id":"hoi-x","name_vi":"Hội X","kind":"hqc","level":"province","province":"ha-tinh"}"#, eventID: id)])
        try log.append([Line.make("event.retracted", "2025-08-01", #"{"target_event_id":"\#(id)","reason_vi":"nhap_sai"}"#)])
        #expect(try log.store.db.scalarInt("SELECT count(*) FROM domain_keys WHERE kind = 'index'") == 1)
        let (kept, rebuilt) = try DomainIndexTests.keptAndRebuilt(log)
        #expect(kept == rebuilt)
    }

    @Test("the same report sent twice in one input is refused at the second line; once retracted, its id is free again")
    func reportSentTwice() throws {
        let log = try DomainLog()
        let id = "0190f4c2-7b1e-7c3a-9d2e-0000000000c2"
        let same = Self.report("r1", key: "2025-Q2", "2025-04-01", "2025-06-30")
        let twice = try refusal(log, Self.base + [Self.report("r1", key: "2025-Q2", "2025-04-01", "2025-06-30", eventID: id), same])
        #expect(twice?.field == "payload.report_id")
        try log.append(Self.base + [Self.report("r1", key: "2025-Q2", "2025-04-01", "2025-06-30", eventID: id)])
        try log.append([Line.make("event.retracted", "2025-08-01", #"{"target_event_id":"\#(id)","reason_vi":"trung_lap"}"#)])
        try log.append([same])
        let second = try log.count()
        #expect(try refusal(log, [Self.report("r1", key: "2025-Q3", "2025-07-01", "2025-09-30", on: "2025-10-05")])?.message
                == "r1 is already recorded at seq \(second) (recorded once: an import run again needs the same event_id on each line)")
        let (kept, rebuilt) = try DomainIndexTests.keptAndRebuilt(log)
        #expect(kept == rebuilt)
    }

    @Test("an inspection_id already conducted is refused, whatever it says; a planned inspection shares its id")
    func inspectionIDs() throws {
        let log = try DomainLog()
        let planned = Line.make("inspection.planned", "2025-01-10",
                                #"{"inspection_id":"kt-1","inspector":"btv-tu","target":"hoi-a","planned_window":["2025-05-01","2025-05-31"]}"#)
        try log.append(Self.base + [planned, Self.inspection("kt-1", rating: "tốt")])
        #expect(try refusal(log, [Self.inspection("kt-1", rating: "khá")])?.field == "payload.inspection_id")
        #expect(try refusal(log, [Self.inspection("kt-1", rating: "tốt")])?.field == "payload.inspection_id")
    }

    @Test("a retracted report frees its id; an index of version 1 is rebuilt and knows the reports already in the log")
    func reportIndex() throws {
        let log = try DomainLog()
        let id = "0190f4c2-7b1e-7c3a-9d2e-0000000000d1"
        try log.append(Self.base + [Self.report("r1", key: "2025-Q2", "2025-04-01", "2025-06-30", eventID: id),
                                    Self.report("r9", key: "2025-Q2", "2025-04-01", "2025-06-30")])
        try log.append([Line.make("event.retracted", "2025-08-01", #"{"target_event_id":"\#(id)","reason_vi":"nhap_sai"}"#)])
        try log.append([Self.report("r1", key: "2025-Q3", "2025-07-01", "2025-09-30", on: "2025-10-05")])
        // An index written before reports were kept: no version row, no report rows.
        try log.store.db.execute("DELETE FROM domain_keys WHERE kind IN ('index', 'report')")
        #expect(try refusal(log, [Self.report("r9", key: "2025-Q3", "2025-07-01", "2025-09-30", on: "2025-10-05")])?.field
                == "payload.report_id")
        try log.append([Self.report("r10", key: "2025-Q3", "2025-07-01", "2025-09-30", on: "2025-10-05")])
        #expect(try log.store.db.scalarInt("SELECT CAST(data AS INTEGER) FROM domain_keys WHERE kind = 'index' AND key = 'version'")
                == DomainAdmission.indexVersion)
        let (kept, rebuilt) = try DomainIndexTests.keptAndRebuilt(log)
        #expect(kept == rebuilt)
    }

    @Test("a DocRef's style must be the one its number implies; style other keeps any number as text")
    func docStyles() throws {
        let log = try DomainLog()
        try log.append(Self.base)
        func doc(_ key: String, _ number: String, _ style: String) -> String {
            Line.make("document.registered", "2021-01-01",
                      #"{"doc":{"doc_key":"\#(key)","number":"\#(number)","style":"\#(style)","type_name":"Văn bản","issuer_org":"btv-tu"}}"#)
        }
        #expect(try refusal(log, [doc("k1", "382-TB/TU", "state")])?.field == "payload.doc.style")
        #expect(try refusal(log, [doc("k1", "68/NQ-CP", "party")])?.field == "payload.doc.style")
        try log.append([doc("k1", "382-TB/TU", "party"), doc("k2", "68/NQ-CP", "state"), doc("k3", "Số 7 ngoài hệ thống", "other")])
    }

    static func directive(_ requirement: String, key: String = "dx") -> String {
        Line.make("directive.issued", "2021-12-03", #"""
            {"doc":{"doc_key":"\#(key)","number":null,"type_name":"Thông báo","issuer_org":"btv-tu"},"source_kind":"conclusion_notice",
             "requirements":[\#(requirement)]}
            """#.replacingNewlines)
    }

    static func inspections(_ inspector: String, _ targets: String, basis: String) -> String {
        #"""
        {"req_id":"R1","text_vi":"Kiểm tra hằng năm","template":"recurring_inspection","params":{"inspector":\#(inspector),
         "targets":\#(targets),"schedule":"R/2022-01-01/P1Y","assignment_basis":\#(basis)},"param_source":"text"}
        """#.replacingNewlines
    }

    static func coverage(_ relation: String, basis: String) -> String {
        #"""
        {"req_id":"R1","text_vi":"Mỗi hội có cơ quan theo dõi","template":"coverage","params":{"universe":{"kind":"hqc"},
         "relation":\#(relation),"assignment_basis":\#(basis)},"param_source":"interpretation"}
        """#.replacingNewlines
    }

    @Test("assignment_basis: known doc_keys, only where a requirement draws on monitoring assignments")
    func assignmentBasis() throws {
        let log = try DomainLog()
        try log.append(Self.base)
        let monitor = #""monitor_of_target""#, all = #""all_monitored""#, ids = #"{"ids":["btv-tu"]}"#, kind = #"{"kind":"hqc"}"#
        #expect(try refusal(log, [Self.directive(Self.inspections(monitor, all, basis: #"["khong-co"]"#))])?.field
                == "payload.requirements[0].params.assignment_basis[0]")
        #expect(try refusal(log, [Self.directive(Self.inspections(monitor, all, basis: "[]"))])?.field
                == "payload.requirements[0].params.assignment_basis")
        #expect(try refusal(log, [Self.directive(Self.inspections(ids, kind, basis: #"["d1"]"#))])?.field
                == "payload.requirements[0].params.assignment_basis")
        #expect(try refusal(log, [Self.directive(Self.coverage(#"{"kind":"registration"}"#, basis: #"["d1"]"#))])?.field
                == "payload.requirements[0].params.assignment_basis")
        try log.append([Self.directive(Self.inspections(ids, all, basis: #"["d1"]"#))])
        // A directive may name itself as the basis of the assignments it counts.
        try log.append([Self.directive(Self.coverage(#"{"kind":"monitoring"}"#, basis: #"["d1","dy"]"#), key: "dy")])
    }
}
