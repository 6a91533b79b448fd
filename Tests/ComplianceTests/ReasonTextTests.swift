import AuditDomain
import Foundation
import LogFormat
import Testing
import Wording

@testable import Compliance

/// The reasons of instances and the details of findings in English and Vietnamese
/// (docs/compliance.md, Part 5, §6.2 and "Reasons in Vietnamese"): the English is the text the
/// JSON has always carried; the Vietnamese says the same facts in words, dates and numbers of
/// Vietnamese (`DateText`, `NumberText`, `Vocabulary`).
@Suite struct ReasonTextTests {
    /// A day of the log.
    static func day(_ text: String) -> CivilDate { CivilDate(text)! }
    /// A date as recorded: `YYYY-MM-DD`, `YYYY-MM` or `YYYY`.
    static func shown(_ text: String) -> RecordedDate { RecordedDate(text: text)! }

    /// A reason, the English the templates wrote for it (the patterns of docs/compliance.md,
    /// Part 5), and the ids written in it as they are (slugs, assignment and inspection ids).
    struct Sample: CustomTestStringConvertible {
        let reason: Reason
        let english: String
        var ids: [String] = []
        var testDescription: String { english }
    }

    static let samples: [Sample] = [
        Sample(reason: .notInForce(from: day("2026-06-01")), english: "not in force before 2026-06-01"),
        Sample(reason: .liftedOrEnded(on: day("2026-06-01")), english: "lifted or ended on 2026-06-01"),
        Sample(reason: .liftedBeforeDue(on: day("2026-03-01")), english: "lifted or ended on 2026-03-01, before it fell due"),
        Sample(reason: .liftedBeforeDeadline(on: day("2026-11-30")), english: "lifted or ended on 2026-11-30, before the deadline"),
        Sample(reason: .liftedBeforeNextInspection(on: day("2026-09-01")),
               english: "lifted or ended on 2026-09-01, before the next inspection was due"),
        Sample(reason: .done(.report, on: shown("2024-03-15"), due: day("2024-03-31")), english: "done on 2024-03-15, due 2024-03-31"),
        Sample(reason: .done(.dissemination, on: shown("2024-03"), due: day("2024-03-31")), english: "done on 2024-03, due 2024-03-31"),
        Sample(reason: .doneLate(.meeting, on: shown("2026-04-20"), daysLate: 5, due: day("2026-04-15")),
               english: "done on 2026-04-20, 5 days after the due date 2026-04-15"),
        Sample(reason: .doneLate(.taskCompletion, on: shown("2026-04-01"), daysLate: 1, due: day("2026-03-31")),
               english: "done on 2026-04-01, 1 day after the due date 2026-03-31"),
        Sample(reason: .straddles(.resolution, dated: shown("2026-03"), due: day("2026-03-20")),
               english: "dated 2026-03, which straddles the due date 2026-03-20"),
        Sample(reason: .due(day("2026-06-30")), english: "due 2026-06-30"),
        Sample(reason: .countSoFar(.report, count: 1, required: 2, due: day("2026-04-15")), english: "1 of 2 so far; due 2026-04-15"),
        Sample(reason: .countBy(.meeting, count: 1, required: 2, due: day("2026-04-15")), english: "1 of 2 by 2026-04-15"),
        Sample(reason: .nothingBy(.report, due: day("2024-03-31"), daysOverdue: 12), english: "nothing by 2024-03-31 (12 days overdue)"),
        Sample(reason: .nothingBy(.other, due: day("2026-03-31"), daysOverdue: 1), english: "nothing by 2026-03-31 (1 day overdue)"),
        Sample(reason: .nothingBy(.taskCompletion, due: day("2026-03-31"), daysOverdue: 1_234),
               english: "nothing by 2026-03-31 (1234 days overdue)"),
        Sample(reason: .completionNotRecordable(eventType: "document.registered"),
               english: "completion by document.registered cannot be recorded against a task"),
        Sample(reason: .taskCancelled, english: "task cancelled"),
        Sample(reason: .openWithoutDueDate(assigned: day("2026-03-01")), english: "open, no due date (assigned 2026-03-01)"),
        Sample(reason: .doneWithoutDueDate(.taskCompletion, on: shown("2026-03-20")), english: "done on 2026-03-20"),
        Sample(reason: .doneWithoutDueDate(.report, on: shown("2025")), english: "done on 2025"),
        Sample(reason: .windowNotOpen(asOf: day("2026-02-28")), english: "window not open by 2026-02-28"),
        Sample(reason: .noneInWindow(eventType: "organization.merged", open: true),
               english: "no organization.merged in the window so far (window open)"),
        Sample(reason: .noneInWindow(eventType: "organization.merged", open: false), english: "no organization.merged in the window"),
        Sample(reason: .inWindow(eventType: "organization.merged",
                                 events: [.init(seq: 12, date: shown("2026-04-10")), .init(seq: 15, date: shown("2026-05"))]),
               english: "2 organization.merged in the window: seq 12 on 2026-04-10, seq 15 on 2026-05", ids: ["12", "15"]),
        Sample(reason: .acrossWindowEdge(eventType: "organization.dissolved", events: [.init(seq: 31, date: shown("2026-06"))]),
               english: "1 organization.dissolved dated across the window's edge: seq 31 in 2026-06", ids: ["31"]),
        Sample(reason: .coverageNotRecorded(kind: "party_org_present"), english: "no event records coverage by party_org_present"),
        Sample(reason: .uncoveredGap(from: day("2026-02-01"), to: day("2026-04-14"), graceEnded: day("2026-03-03")),
               english: "uncovered from 2026-02-01 to 2026-04-14; the grace ended 2026-03-03"),
        Sample(reason: .monitored(by: [.init(monitor: "ht:bdv", assignmentId: "a1"), .init(monitor: "ht:btg", assignmentId: "a2")]),
               english: "monitored by ht:bdv (a1), ht:btg (a2)", ids: ["ht:bdv", "a1", "ht:btg", "a2"]),
        Sample(reason: .uncoveredWithinGrace(since: day("2026-01-01"), until: day("2026-01-31")),
               english: "uncovered since 2026-01-01, within the grace until 2026-01-31"),
        Sample(reason: .uncovered(since: day("2026-01-01"), graceEnded: day("2026-01-31")),
               english: "uncovered since 2026-01-01; the grace ended 2026-01-31"),
        Sample(reason: .targetTooPrecise(value: "0.1234567890123456789"),
               english: "the target 0.1234567890123456789 has more digits than this check compares exactly"),
        Sample(reason: .sumsTooLarge, english: "the sums of the figures exceed what this check adds exactly"),
        Sample(reason: .sumRatio(members: 152_340, eligible: 410_000, onTrack: nil, missing: []), english: "Σ members 152340 / Σ eligible 410000"),
        Sample(reason: .sumRatio(members: 120, eligible: 200, onTrack: true, missing: []), english: "Σ members 120 / Σ eligible 200, on track"),
        Sample(reason: .sumRatio(members: 120, eligible: 200, onTrack: false, missing: (1...7).map { "ht:o\($0)" }),
               english: "Σ members 120 / Σ eligible 200, off track; no figures with eligible members from ht:o1, ht:o2, ht:o3, ht:o4, ht:o5 and 2 more",
               ids: (1...5).map { "ht:o\($0)" }),
        Sample(reason: .sumRatio(members: 0, eligible: 0, onTrack: nil, missing: ["ht:hoi-b"]),
               english: "Σ members 0 / Σ eligible 0; no figures with eligible members from ht:hoi-b", ids: ["ht:hoi-b"]),
        Sample(reason: .onTrack(.init(members: 600, eligible: 1000, asOf: day("2026-12-01"))), english: "on track: 600 of 1000 as of 2026-12-01"),
        Sample(reason: .offTrack(.init(members: 500, eligible: nil, asOf: day("2026-10-01"))), english: "off track: 500 as of 2026-10-01"),
        Sample(reason: .noData, english: "no data: no figures"),
        Sample(reason: .met(.init(members: 600, eligible: 1000, asOf: day("2026-12-01"))), english: "600 of 1000 as of 2026-12-01"),
        Sample(reason: .belowTarget(.init(members: 400, eligible: 1000, asOf: day("2026-12-01"))),
               english: "below target: 400 of 1000 as of 2026-12-01"),
        Sample(reason: .noCurrentData(by: day("2026-12-31")), english: "no current data by 2026-12-31"),
        Sample(reason: .inspected(.giamSat, on: shown("2026-05-10")), english: "inspected on 2026-05-10"),
        Sample(reason: .inspectedLate(.kiemTra, on: shown("2026-07-20"), daysLate: 5, due: day("2026-07-15")),
               english: "inspected on 2026-07-20, 5 days after the due date 2026-07-15"),
        Sample(reason: .inspectionStraddles(nil, dated: shown("2026-07"), due: day("2026-07-15")),
               english: "inspected 2026-07, which straddles the due date 2026-07-15"),
        Sample(reason: .noInspection(target: "ht:hoi-a", due: day("2026-07-15"), daysOverdue: 1),
               english: "no inspection of ht:hoi-a by 2026-07-15 (1 day overdue)", ids: ["ht:hoi-a"]),
        Sample(reason: .lastInspected(.thanhTra, on: shown("2026-01-10"), nextDue: day("2026-07-25"), daysOverdue: nil),
               english: "last inspected on 2026-01-10; next due by 2026-07-25"),
        Sample(reason: .lastInspected(.lamViec, on: shown("2026-01"), nextDue: day("2026-07-25"), daysOverdue: 3),
               english: "last inspected on 2026-01; next due by 2026-07-25 (3 days overdue)"),
        Sample(reason: .notInspected(since: day("2026-01-01"), due: day("2026-07-16"), daysOverdue: nil),
               english: "not inspected since 2026-01-01; due by 2026-07-16"),
        Sample(reason: .notInspected(since: day("2026-01-01"), due: day("2026-07-16"), daysOverdue: 1),
               english: "not inspected since 2026-01-01; due by 2026-07-16 (1 day overdue)"),
        Sample(reason: .appraised(on: shown("2026-04-01"), congress: shown("2026-05-10")),
               english: "content appraised on 2026-04-01, congress on 2026-05-10"),
        Sample(reason: .notAppraised(congress: shown("2026-05-10"), since: day("2025-11-10")),
               english: "congress on 2026-05-10 without an approved appraisal since 2025-11-10"),
        Sample(reason: .waitsForResolution, english: "waits for the resolution"),
    ]

    /// The name of a reason's case: the switch has no default, so a new case fails to compile
    /// here until it is named, and ``everyCase()`` then asks for a sample of it.
    static func kind(_ r: Reason) -> String {
        switch r {
        case .notInForce: "notInForce"
        case .liftedOrEnded: "liftedOrEnded"
        case .liftedBeforeDue: "liftedBeforeDue"
        case .liftedBeforeDeadline: "liftedBeforeDeadline"
        case .liftedBeforeNextInspection: "liftedBeforeNextInspection"
        case .done: "done"
        case .doneLate: "doneLate"
        case .straddles: "straddles"
        case .due: "due"
        case .countSoFar: "countSoFar"
        case .countBy: "countBy"
        case .nothingBy: "nothingBy"
        case .completionNotRecordable: "completionNotRecordable"
        case .taskCancelled: "taskCancelled"
        case .openWithoutDueDate: "openWithoutDueDate"
        case .doneWithoutDueDate: "doneWithoutDueDate"
        case .windowNotOpen: "windowNotOpen"
        case .noneInWindow: "noneInWindow"
        case .inWindow: "inWindow"
        case .acrossWindowEdge: "acrossWindowEdge"
        case .coverageNotRecorded: "coverageNotRecorded"
        case .uncoveredGap: "uncoveredGap"
        case .monitored: "monitored"
        case .uncoveredWithinGrace: "uncoveredWithinGrace"
        case .uncovered: "uncovered"
        case .targetTooPrecise: "targetTooPrecise"
        case .sumsTooLarge: "sumsTooLarge"
        case .sumRatio: "sumRatio"
        case .onTrack: "onTrack"
        case .offTrack: "offTrack"
        case .noData: "noData"
        case .met: "met"
        case .belowTarget: "belowTarget"
        case .noCurrentData: "noCurrentData"
        case .inspected: "inspected"
        case .inspectedLate: "inspectedLate"
        case .inspectionStraddles: "inspectionStraddles"
        case .noInspection: "noInspection"
        case .lastInspected: "lastInspected"
        case .notInspected: "notInspected"
        case .appraised: "appraised"
        case .notAppraised: "notAppraised"
        case .waitsForResolution: "waitsForResolution"
        case .verbatim: "verbatim"
        }
    }

    /// Every case but ``Reason/verbatim(_:)`` (text given as it is, the same in both languages).
    static let allKinds: Set<String> = [
        "notInForce", "liftedOrEnded", "liftedBeforeDue", "liftedBeforeDeadline", "liftedBeforeNextInspection", "done", "doneLate",
        "straddles", "due", "countSoFar", "countBy", "nothingBy", "completionNotRecordable", "taskCancelled", "openWithoutDueDate",
        "doneWithoutDueDate", "windowNotOpen", "noneInWindow", "inWindow", "acrossWindowEdge", "coverageNotRecorded", "uncoveredGap",
        "monitored", "uncoveredWithinGrace", "uncovered", "targetTooPrecise", "sumsTooLarge", "sumRatio", "onTrack", "offTrack", "noData",
        "met", "belowTarget", "noCurrentData", "inspected", "inspectedLate", "inspectionStraddles", "noInspection", "lastInspected",
        "notInspected", "appraised", "notAppraised", "waitsForResolution",
    ]

    @Test("every kind of reason has a sample")
    func everyCase() {
        #expect(Set(Self.samples.map { Self.kind($0.reason) }) == Self.allKinds)
    }

    @Test("in English, a reason is the text the templates have always written", arguments: samples)
    func english(_ s: Sample) {
        #expect(s.reason.description == s.english)
        #expect(s.reason.text(.en) == s.english)
        #expect(s.reason == s.english)
    }

    @Test("in Vietnamese, a reason is NFC, dated dd/mm/yyyy, and has no English word of its English text", arguments: samples)
    func vietnamese(_ s: Sample) {
        let vi = s.reason.text(.vi)
        Self.checkVietnamese(vi, english: s.english, ids: s.ids)
    }

    @Test("the Vietnamese of the reasons an inspection report shows most")
    func commonPhrases() {
        #expect(Reason.done(.report, on: Self.shown("2024-03-15"), due: Self.day("2024-03-31")).text(.vi)
            == "Đã báo cáo ngày 15/03/2024, hạn 31/03/2024")
        #expect(Reason.due(Self.day("2026-06-30")).text(.vi) == "Chưa đến hạn (hạn 30/06/2026)")
        let overdue = Reason.nothingBy(.report, due: Self.day("2024-03-31"), daysOverdue: 12).text(.vi)
        #expect(overdue.hasPrefix("Quá hạn 12 ngày") && overdue.contains("chưa có báo cáo") && overdue.contains("31/03/2024"))
        // A count of days is grouped as Vietnamese groups thousands.
        #expect(Reason.nothingBy(.taskCompletion, due: Self.day("2026-03-31"), daysOverdue: 1_234).text(.vi).contains("1.234 ngày"))
        // A date known to the month is said as a month, not as a day.
        #expect(Reason.done(.dissemination, on: Self.shown("2024-03"), due: Self.day("2024-03-31")).text(.vi)
            .contains("trong tháng 03/2024"))
        #expect(Reason.doneWithoutDueDate(.report, on: Self.shown("2025")).text(.vi).contains("trong năm 2025"))
    }

    @Test("the Vietnamese of a ratio of sums gives the sums and their share, grouped and with the decimal comma")
    func ratio() {
        #expect(Reason.sumRatio(members: 152_340, eligible: 410_000, onTrack: nil, missing: []).text(.vi)
            == "Tổng số hội viên 152.340 / tổng số đối tượng 410.000 = 37,16 %")
        // Of seven organisations without figures, the first five are named and the others counted.
        let missing = Reason.sumRatio(members: 120, eligible: 200, onTrack: false, missing: (1...7).map { "ht:o\($0)" }).text(.vi)
        #expect(missing.contains("ht:o5") && !missing.contains("ht:o6") && missing.contains("2 đơn vị khác"))
        // No share of nothing.
        #expect(!Reason.sumRatio(members: 0, eligible: 0, onTrack: nil, missing: []).text(.vi).contains("%"))
        let figures = Reason.belowTarget(.init(members: 4_000, eligible: 10_000, asOf: Self.day("2026-12-01"))).text(.vi)
        #expect(figures.contains("4.000") && figures.contains("10.000") && figures.contains("40,00 %") && figures.contains("01/12/2026"))
    }

    @Test("the Vietnamese names event types and inspection kinds by their labels, not their codes")
    func labels() {
        let merged = Reason.noneInWindow(eventType: "organization.merged", open: false).text(.vi)
        #expect(merged.contains(Vocabulary.label(.eventType, "organization.merged", .vi)) && !merged.contains("organization.merged"))
        for kind in InspectionKind.allCases {
            let text = Reason.inspected(kind, on: Self.shown("2026-05-10")).text(.vi)
            #expect(text.contains(Vocabulary.label(.inspectionKind, kind.rawValue, .vi).lowercased()), "\(kind)")
        }
        // Seqs and ids as written.
        let hits = Reason.inWindow(eventType: "organization.merged", events: [.init(seq: 12_345, date: Self.shown("2026-04-10"))]).text(.vi)
        #expect(hits.contains("12345"))
        #expect(Reason.noInspection(target: "ht:hoi-a", due: Self.day("2026-07-15"), daysOverdue: 1).text(.vi).contains("ht:hoi-a"))
    }

    @Test("the Vietnamese of a duty says what was done or is missing, by what fulfils it")
    func acts() {
        var seen: Set<String> = []
        for act in Reason.Act.allCases {
            let done = Reason.done(act, on: Self.shown("2026-03-20"), due: Self.day("2026-03-31")).text(.vi)
            let missing = Reason.nothingBy(act, due: Self.day("2026-03-31"), daysOverdue: 2).text(.vi)
            Self.checkVietnamese(done, english: "done on 2026-03-20, due 2026-03-31", ids: [])
            Self.checkVietnamese(missing, english: "nothing by 2026-03-31 (2 days overdue)", ids: [])
            seen.insert(done)
        }
        // Each act has its own verb.
        #expect(seen.count == Reason.Act.allCases.count)
        #expect(Reason.Act(eventType: "report.submitted") == .report && Reason.Act(eventType: "meeting.held") == .meeting
            && Reason.Act(eventType: "task.completed") == .taskCompletion && Reason.Act(eventType: "recommendation.resolved") == .resolution
            && Reason.Act(eventType: "directive.disseminated") == .dissemination && Reason.Act(eventType: "congress.held") == .other)
    }

    @Test("a reason given as text is that text in both languages, and compares with text by its English")
    func verbatim() {
        let r = Reason.verbatim("Hội Nông dân: 2025-Q1")
        #expect(r.description == "Hội Nông dân: 2025-Q1" && r.text(.vi) == "Hội Nông dân: 2025-Q1")
        #expect(Reason.taskCancelled == "task cancelled" && !(Reason.taskCancelled == "task"))
        #expect(Reason.due(Self.day("2026-06-30")).hasPrefix("due ") && Reason.due(Self.day("2026-06-30")).hasSuffix("06-30"))
    }

    @Test("an instance's reason is written in JSON as its English text, directly as by the generic encoder")
    func instanceJSON() throws {
        let instances = Self.samples.map {
            ComplianceReport.Instance(assignee: "ht:hoi-a", key: "2026", due: "2026-06-30", verdict: .violated, evidence: [1], reason: $0.reason)
        }
        let result = ComplianceReport.RequirementResult(
            reqRef: "D#R1", template: "periodic_report", textVi: "…", verdict: .violated, instances: instances, paramSource: .all(.text),
            sourceKind: "directive", officialSource: true)
        let direct = try result.json()
        #expect(direct == (try SnakeCaseJSONEncoder().encode(result)))
        let object = try JSONSerialization.jsonObject(with: Data(direct)) as? [String: Any]
        let reasons = (object?["instances"] as? [[String: Any]])?.compactMap { $0["reason"] as? String }
        #expect(reasons == Self.samples.map(\.english))
    }

    // MARK: - Findings

    /// A finding's detail and the English the check has always written for it (docs/compliance.md, §6.2).
    struct DetailSample: CustomTestStringConvertible {
        let kind: String
        let detail: FindingDetail
        let english: String
        var ids: [String] = []
        var testDescription: String { english }
    }

    static let details: [DetailSample] = [
        DetailSample(kind: "late_recording", detail: .lag(days: 15), english: "lag P15D"),
        DetailSample(kind: "orphaned", detail: .orphaned(org: "ht:hoi-a", since: day("2026-03-01")),
                     english: "ht:hoi-a has no successor since 2026-03-01", ids: ["ht:hoi-a"]),
        DetailSample(kind: "holder_inactive",
                     detail: .holderInactive(assignmentId: "a1", monitor: "ht:btg", org: "ht:hoi-a", since: day("2026-03-01")),
                     english: "a1: ht:btg has no successor for ht:hoi-a since 2026-03-01", ids: ["a1", "ht:btg", "ht:hoi-a"]),
        DetailSample(kind: "plan_not_executed",
                     detail: .planNotExecuted(inspectionId: "kt-p", inspector: "ht:bdv", target: "ht:hoi-a", plannedBy: day("2026-03-31")),
                     english: "kt-p: ht:bdv → ht:hoi-a, planned by 2026-03-31", ids: ["kt-p", "ht:bdv", "ht:hoi-a"]),
        DetailSample(kind: "report_before_period_end",
                     detail: .reportBeforePeriodEnd(key: "2026-Q2", dated: shown("2026-05-02"), periodEnd: day("2026-06-30")),
                     english: "a report for 2026-Q2 dated 2026-05-02, before the period ended on 2026-06-30"),
        DetailSample(kind: "membership_drop",
                     detail: .membershipDrop(org: "ht:hoi-a", members: 1200, asOf: day("2026-12-31"), previousMembers: 3000,
                                             previousAsOf: day("2026-06-30")),
                     english: "ht:hoi-a: 1200 members on 2026-12-31 after 3000 on 2026-06-30", ids: ["ht:hoi-a"]),
    ]

    /// The kind of finding a detail is about (the switch has no default: see ``kind(_:)``).
    static func kind(_ d: FindingDetail) -> String {
        switch d {
        case .lag: "late_recording"
        case .orphaned: "orphaned"
        case .holderInactive: "holder_inactive"
        case .planNotExecuted: "plan_not_executed"
        case .reportBeforePeriodEnd: "report_before_period_end"
        case .membershipDrop: "membership_drop"
        case .verbatim: "verbatim"
        }
    }

    @Test("every kind of finding of docs/compliance.md §6.2 has a detail sample")
    func everyFinding() {
        #expect(Set(Self.details.map { Self.kind($0.detail) }) == Set(Self.details.map(\.kind)))
        #expect(Set(Self.details.map(\.kind)) == [
            "late_recording", "orphaned", "holder_inactive", "plan_not_executed", "report_before_period_end", "membership_drop",
        ])
    }

    @Test("in English, a finding's detail is the text the check has always written", arguments: details)
    func detailEnglish(_ s: DetailSample) {
        let finding = ComplianceReport.Finding(kind: s.kind, reqRef: "D#R1", seq: 7, detail: s.detail)
        #expect(finding.detail == s.english && finding.text(.en) == s.english && s.detail.description == s.english)
    }

    @Test("in Vietnamese, a finding's detail is NFC, dated dd/mm/yyyy, and has no English word of its English text", arguments: details)
    func detailVietnamese(_ s: DetailSample) {
        let finding = ComplianceReport.Finding(kind: s.kind, reqRef: "D#R1", seq: 7, detail: s.detail)
        Self.checkVietnamese(finding.text(.vi), english: s.english, ids: s.ids)
    }

    @Test("the Vietnamese of a finding writes period keys, numbers and lags as Vietnamese does")
    func detailPhrases() {
        #expect(FindingDetail.reportBeforePeriodEnd(key: "2026-Q2", dated: Self.shown("2026-05-02"), periodEnd: Self.day("2026-06-30"))
            .text(.vi).contains(DateText.period("2026-Q2", .vi)))
        let drop = FindingDetail.membershipDrop(org: "ht:hoi-a", members: 1200, asOf: Self.day("2026-12-31"), previousMembers: 3000,
                                                previousAsOf: Self.day("2026-06-30")).text(.vi)
        #expect(drop.contains("1.200") && drop.contains("3.000"))
        #expect(FindingDetail.lag(days: 15).text(.vi).contains("15 ngày"))
    }

    @Test("findings keep their details through the compact list, and write them in JSON as their English text")
    func findingJSON() throws {
        let findings = Self.details.enumerated().map { n, s in
            ComplianceReport.Finding(kind: s.kind, reqRef: n % 2 == 0 ? "D#R1" : nil, seq: n % 3 == 0 ? nil : Int64(n), detail: s.detail)
        }
        let encoder = SnakeCaseJSONEncoder()
        for f in findings {
            #expect(f.json() == (try encoder.encode(f)))
            let object = try JSONSerialization.jsonObject(with: Data(f.json())) as? [String: Any]
            #expect(object?["detail"] as? String == f.detail)
        }
        let compact = ComplianceReport.Findings(findings)
        #expect(Array(compact) == findings)
        #expect(compact.map { $0.text(.vi) } == findings.map { $0.what.text(.vi) })
    }

    @Test("a detail given as text and one made by the check with the same English are one finding")
    func sameText() {
        var log = FindingLog()
        log.append(.init(kind: "late_recording", reqRef: "D#R1", seq: 5, detail: .lag(days: 9)))
        log.append(.init(kind: "late_recording", reqRef: "D#R1", seq: 5, detail: "lag P9D"))
        log.append(.init(kind: "late_recording", reqRef: "D#R1", seq: 5, detail: .lag(days: 10)))
        let unique = log.unique()
        #expect(unique.map(\.detail) == ["lag P10D", "lag P9D"])
    }

    // MARK: - Checks

    /// The words of `text`: its runs of letters, lowercased.
    static func words(_ text: String) -> [String] {
        text.split { !$0.isLetter }.map { $0.lowercased() }
    }

    /// Checks the Vietnamese `vi` of a text whose English is `english`, with `ids` written as
    /// they are: NFC; every date of the English (`YYYY-MM-DD`, `YYYY-MM`) in it as
    /// `DD/MM/YYYY` or `MM/YYYY`, and no ISO date left; no word of two letters or more of the
    /// English that is not part of an id.
    static func checkVietnamese(_ vi: String, english: String, ids: [String], sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(!vi.isEmpty, sourceLocation: sourceLocation)
        #expect(vi.unicodeScalars.elementsEqual(vi.precomposedStringWithCanonicalMapping.unicodeScalars), "not NFC: \(vi)",
                sourceLocation: sourceLocation)
        let nsEnglish = english as NSString
        let dates = try! NSRegularExpression(pattern: #"(?<![0-9])([0-9]{4})-([0-9]{2})(?:-([0-9]{2}))?(?![0-9])"#)
        for m in dates.matches(in: english, range: NSRange(location: 0, length: nsEnglish.length)) {
            let year = nsEnglish.substring(with: m.range(at: 1)), month = nsEnglish.substring(with: m.range(at: 2))
            let expected = m.range(at: 3).location == NSNotFound
                ? "\(month)/\(year)" : "\(nsEnglish.substring(with: m.range(at: 3)))/\(month)/\(year)"
            #expect(vi.contains(expected), "\(expected) missing from: \(vi)", sourceLocation: sourceLocation)
        }
        let iso = try! NSRegularExpression(pattern: #"[0-9]{4}-[0-9]{2}"#)
        #expect(iso.firstMatch(in: vi, range: NSRange(location: 0, length: (vi as NSString).length)) == nil, "ISO date left in: \(vi)",
                sourceLocation: sourceLocation)
        for id in ids { #expect(vi.contains(id), "\(id) missing from: \(vi)", sourceLocation: sourceLocation) }
        let allowed = Set(ids.flatMap(words))
        let english = Set(words(english).filter { $0.count >= 2 }).subtracting(allowed)
        let left = Set(words(vi)).intersection(english)
        #expect(left.isEmpty, "English words \(left.sorted()) in: \(vi)", sourceLocation: sourceLocation)
    }
}
