import Foundation
import LogFormat
import SQLiteDatabase
import TestSupport
import Testing

@testable import AuditDomain
@testable import EventLog

/// Inline projections (updated in each append) equal a rebuild from the log, event for event,
/// on random valid histories with out-of-order business dates, corrections and retractions.
@Suite struct ProjectionPropertyTests {
    /// A random history of valid lines, generated against what it has declared so far.
    struct History {
        var rng: SplitMix
        var orgs: [String] = ["btv-tu"]
        var tasks: [String] = []
        var recs: [String] = []
        var assignments: [String] = []
        var events: [String] = []  // event ids given to lines, for corrections
        var retracted: Set<String> = []
        var n = 0

        init(seed: UInt64) { rng = SplitMix(seed: seed) }

        mutating func pick(_ list: [String]) -> String { list[Int(rng.next() % UInt64(list.count))] }
        mutating func date() -> String { "20\(20 + rng.next() % 6)-0\(1 + rng.next() % 9)-1\(rng.next() % 9)" }
        mutating func id() -> String {
            n += 1
            return String(format: "0190f4c2-7b1e-7c3a-9d2e-%012x", n)
        }

        mutating func next() -> String {
            let eid = id()
            events.append(eid)
            func line(_ type: String, _ payload: String, on occurred: String? = nil) -> String {
                #"{"event_id":"\#(eid)","type":"\#(type)","occurred_at":"\#(occurred ?? date())","actor":"clerk","payload":\#(payload)}"#
            }
            switch rng.next() % 13 {
            case 0, 1:
                let slug = "hoi-\(n)"
                orgs.append(slug)
                return line("organization.registered", #"{"org_id":"\#(slug)","name_vi":"Hội số \#(n)","kind":"hqc","level":"province","province":"ha-tinh"}"#)
            case 2:
                return line("organization.renamed", #"{"org_id":"\#(pick(orgs))","new_name_vi":"Tên mới \#(n)"}"#)
            case 3:
                let a = pick(orgs), b = pick(orgs)
                guard a != b, !(a == "btv-tu") else { fallthrough }
                // After every registration (date() ends in 2025-09): a merger is not dated before its organisations.
                return line("organization.merged", #"{"sources":["\#(a)"],"into":"\#(b)","mode":"sap_nhap","basis":"d1"}"#,
                            on: "2025-1\(rng.next() % 3)-1\(rng.next() % 9)")
            case 4:
                // Reports and membership figures carry members their projection does not read
                // (a rebuild reads them with `init(projecting:)`, an append in full): both must agree.
                // Some are about tasks (which they do) or recommendations.
                let month = 1 + rng.next() % 9
                let lastDay = [31, 29, 31, 30, 31, 30, 31, 31, 30][Int(month) - 1]
                let extra = rng.next() % 2 == 0 ? "" : #","period":{"key":"2024-0\#(month)","start":"2024-0\#(month)-01","end":"2024-0\#(month)-\#(lastDay)"},"summary_vi":"Báo cáo \#(n)","metrics":{"so_buoi":\#(n)}"#
                let named = tasks + recs
                let about = named.isEmpty || rng.next() % 2 == 0 ? "" : #","about":["\#(pick(named))"]"#
                return line("report.submitted", #"{"report_id":"r\#(n)","reporter":"\#(pick(orgs))","recipient":"btv-tu"\#(extra)\#(about)}"#)
            case 5:
                let extra = rng.next() % 2 == 0 ? "" : #","new_members":\#(rng.next() % 50),"report_id":"m\#(n)""#
                return line("membership.reported", #"{"org_id":"\#(pick(orgs))","as_of":"\#(date())","members":\#(rng.next() % 900),"eligible":1000\#(extra)}"#)
            case 6:
                let t = "t\(n)"
                tasks.append(t)
                return line("task.assigned", #"{"task_id":"\#(t)","assignee":"\#(pick(orgs))","description_vi":"Việc \#(n)","due_within":"P30D"}"#)
            case 7 where !tasks.isEmpty:
                let t = pick(tasks)
                return rng.next() % 2 == 0
                    ? line("task.completed", #"{"task_id":"\#(t)"}"#) : line("task.cancelled", #"{"task_id":"\#(t)","basis":"d1"}"#)
            case 8:
                let a = "a\(n)"
                assignments.append(a)
                return line("monitoring.assigned", #"{"assignment_id":"\#(a)","monitor":"btv-tu","target":"\#(pick(orgs))","role":"theo_doi","basis":"d1"}"#)
            case 9 where !assignments.isEmpty:
                return line("monitoring.revoked", #"{"assignment_id":"\#(pick(assignments))"}"#)
            case 10:
                let r = "k\(n)"
                recs.append(r)
                return line("recommendation.filed", #"{"rec_id":"\#(r)","from_org":"\#(pick(orgs))","to_org":"btv-tu","text_vi":"Kiến nghị \#(n)"}"#)
            case 11 where !recs.isEmpty:
                return line("recommendation.resolved", #"{"rec_id":"\#(pick(recs))","resolver":"btv-tu","outcome":"accepted"}"#)
            default:
                return line("leadership.changed", #"{"org_id":"\#(pick(orgs))","position":"chu_tich","person_name":"Người \#(n % 4)","change":"\#(rng.next() % 3 == 0 ? "relieved" : "elected")"}"#)
            }
        }

        /// A correction or retraction of an earlier event (one that is not retracted, not a correction).
        mutating func amend(targets: [(id: String, type: String)]) -> String? {
            // Not the events that declare ids: retracting one takes its id out of the log, which
            // this generator does not track (CorrectionAndLinkRuleTests covers that case).
            let declaring: Set<String> = ["organization.registered", "task.assigned", "monitoring.assigned", "recommendation.filed"]
            let candidates = targets.filter { !retracted.contains($0.id) && !$0.type.hasPrefix("event.") && !declaring.contains($0.type) }
            guard !candidates.isEmpty else { return nil }
            let target = candidates[Int(rng.next() % UInt64(candidates.count))]
            let eid = id()
            if rng.next() % 2 == 0 {
                retracted.insert(target.id)
                return #"{"event_id":"\#(eid)","type":"event.retracted","occurred_at":"2025","actor":"clerk","payload":{"target_event_id":"\#(target.id)","reason_vi":"nhap_sai"}}"#
            }
            return #"{"event_id":"\#(eid)","type":"event.corrected","occurred_at":"2025","actor":"clerk","payload":{"target_event_id":"\#(target.id)","patch":{"occurred_at":"\#(date())"},"reason_vi":"Sai ngày"}}"#
        }
    }

    @Test("inline tables equal a rebuild after every append", arguments: [1, 2, 3])
    func inlineEqualsRebuild(seed: Int) throws {
        let log = try DomainLog()
        try log.append([Line.org("btv-tu", kind: "party_board"), Line.doc("d1")])
        var history = History(seed: UInt64(seed) * 104_729)
        var appended: [(id: String, type: String)] = []
        var refused = 0
        for step in 0..<160 {
            let before = history  // a refused input declares nothing: the generator forgets it too
            var lines: [String] = []
            for _ in 0..<(1 + Int(history.rng.next() % 3)) { lines.append(history.next()) }
            if step % 7 == 6, let amend = history.amend(targets: appended) { lines.append(amend) }
            if let refusal = log.refusal(lines) {  // only a merge that would close a cycle is expected
                refused += 1
                #expect(refusal.description.contains("cycle"), "\(refusal)")
                let rng = history.rng  // keep the random stream moving, or the same input comes again
                history = before
                history.rng = rng
                history.n += 100  // fresh ids for the next try
                continue
            }
            for l in lines {
                let v = try JSONParser.parse(Array(l.utf8), normalize: true)
                appended.append((v["event_id"]?.stringValue ?? "", v["type"]?.stringValue ?? ""))
            }
            let (inline, rebuilt) = try log.store.withReadTransaction { session -> (MemoryRecordStore?, MemoryRecordStore) in
                let size = try session.log.size()
                let tables = try ProjectionTables.readOnly(session.tables)
                #expect(try tables?.state()?.seq == size)
                return (try tables?.memoryStore(), try ProjectionReplay.records(session.log, size: size, zoneOffsetSeconds: 7 * 3600))
            }
            #expect(inline?.organizations == rebuilt.organizations, "step \(step)")
            #expect(inline?.tasks == rebuilt.tasks, "step \(step)")
            #expect(inline?.assignments == rebuilt.assignments, "step \(step)")
            #expect(inline?.recommendations == rebuilt.recommendations, "step \(step)")
            #expect(inline?.documents == rebuilt.documents, "step \(step)")
            let index = try DomainIndexTests.keptAndRebuilt(log)
            #expect(index.kept == index.rebuilt, "step \(step)")
        }
        #expect(appended.count > 150 && refused < 20, "appended \(appended.count), refused \(refused)")
    }

    @Test("a replay at (T, K) sees only what occurred by T and was known at K")
    func timeTravel() throws {
        let log = try DomainLog()
        try log.append([Line.org("btv-tu", kind: "party_board"), Line.doc("d1"), Line.org("a", "Hội A"), Line.org("b", "Hội B")])
        let id = "0190f4c2-7b1e-7c3a-9d2e-0000000000aa"
        try log.append([Line.make("organization.merged", "2022-03-15", #"{"sources":["a"],"into":"b","mode":"sap_nhap","basis":"d1"}"#, eventID: id)])
        try log.append([Line.make("organization.renamed", "2023-05-01", #"{"org_id":"b","new_name_vi":"Hội B mới"}"#)])
        try log.append([Line.make("organization.renamed", "2021-05-01", #"{"org_id":"b","new_name_vi":"Hội B cũ"}"#)])
        try log.append([Line.make("event.retracted", "2026-01-05", #"{"target_event_id":"\#(id)","reason_vi":"nhap_sai"}"#)])
        func state(_ t: String?, known: Bool) throws -> MemoryRecordStore {
            try log.store.withReadTransaction { session in
                let size = try session.log.size()
                return try ProjectionReplay.records(session.log, size: known ? size : size - 1, zoneOffsetSeconds: 7 * 3600, asOf: t.flatMap(CivilDate.init))
            }
        }
        #expect(try state("2022-03-14", known: false).organization("a")?.status.value == .active)
        #expect(try state("2023-01-01", known: false).organization("a")?.status.value == .merged)
        #expect(try state("2023-01-01", known: true).organization("a")?.status.value == .active)
        // The later rename wins by business date, though it was recorded first.
        #expect(try state(nil, known: true).organization("b")?.name.value == "Hội B mới")
        #expect(try state("2022-01-01", known: true).organization("b")?.name.value == "Hội B cũ")
    }
}
