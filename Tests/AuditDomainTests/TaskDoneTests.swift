import Foundation
import LogFormat
import Testing

@testable import AuditDomain
@testable import EventLog

/// One definition of done for tasks (``TaskDone``): a `task.completed` or a report about the
/// task, whichever is earliest; the task projection and `tasks --overdue` follow it.
@Suite struct TaskDoneTests {
    static let base = AdmissionTests.base + [
        Line.org("hoi-a", "Hội A"),
        Line.make("task.assigned", "2025-01-10", #"{"task_id":"t1","assignee":"hoi-a","description_vi":"Việc 1","due_on":"2025-02-01"}"#),
        Line.make("task.assigned", "2025-01-10", #"{"task_id":"t2","assignee":"hoi-a","description_vi":"Việc 2","due_on":"2025-02-01"}"#),
        Line.make("recommendation.filed", "2025-01-11", #"{"rec_id":"k1","from_org":"hoi-a","to_org":"btv-tu","text_vi":"Kiến nghị"}"#),
    ]

    static func report(_ id: String, on date: String, about: [String]) -> String {
        let list = about.map { "\"\($0)\"" }.joined(separator: ",")
        return Line.make("report.submitted", date, #"{"report_id":"\#(id)","reporter":"hoi-a","recipient":"btv-tu","about":[\#(list)]}"#)
    }

    static func completed(_ task: String, on date: String) -> String { Line.make("task.completed", date, #"{"task_id":"\#(task)"}"#) }

    static func cancelled(_ task: String, on date: String) -> String {
        Line.make("task.cancelled", date, #"{"task_id":"\#(task)","basis":"d1"}"#)
    }

    private func view(_ log: DomainLog, asOf: String) throws -> ProjectionView {
        try ProjectionView.load(log.store, asOf: CivilDate(asOf), knownAt: nil, today: CivilDate("2026-01-15")!)
    }

    @Test("the tasks an event does: a completion's task, every id a report is about, nothing else")
    func taskIDs() throws {
        func ids(_ line: String) throws -> [String] {
            let v = try JSONParser.parse(Array(line.utf8), normalize: true)
            let checked = try EventCatalogue.read(type: v["type"]?.stringValue ?? "", payload: v["payload"]?.objectValue ?? [:])
            return TaskDone.taskIDs(doneBy: checked.payload)
        }
        #expect(try ids(Self.completed("t1", on: "2025-01-20")) == ["t1"])
        #expect(try ids(Self.report("r1", on: "2025-01-20", about: ["t2", "k1"])) == ["t2", "k1"])
        #expect(try ids(Self.cancelled("t1", on: "2025-01-20")) == [])
    }

    @Test("a report about a task does it on the report's date: no longer open or overdue, its assignee's open tasks without it")
    func reportDoesTask() throws {
        let log = try DomainLog()
        try log.append(Self.base + [Self.report("r1", on: "2025-01-20", about: ["t1", "k1"])])
        let now = try view(log, asOf: "2025-06-30")
        #expect(now.tasks(overdueOnly: true).map(\.taskId) == ["t2"])
        let t1 = now.records.tasks["t1"]
        #expect(t1?.status.value == .completed && t1?.status.stamp.day == CivilDate("2025-01-20") && t1?.doneAt?.day == CivilDate("2025-01-20"))
        #expect(now.records.organization("hoi-a")?.openTasks == ["t2"])
        // Before the report's date the task is still open (and overdue after its due date).
        #expect(try view(log, asOf: "2025-01-19").tasks(openOnly: true).map(\.taskId) == ["t1", "t2"])
    }

    @Test("done on the earliest of completions and reports, whatever order they are recorded in")
    func earliestDone() throws {
        let log = try DomainLog()
        try log.append(Self.base + [Self.completed("t1", on: "2025-03-01"), Self.report("r1", on: "2025-02-10", about: ["t1"]),
                                    Self.report("r2", on: "2025-01-25", about: ["t2"]), Self.completed("t2", on: "2025-02-20")])
        let tasks = try view(log, asOf: "2025-06-30").records.tasks
        #expect(tasks["t1"]?.doneAt?.day == CivilDate("2025-02-10") && tasks["t1"]?.status.stamp.day == CivilDate("2025-02-10"))
        #expect(tasks["t2"]?.doneAt?.day == CivilDate("2025-01-25"))
        // The projection tables kept by the appends say the same as a replay.
        let (inline, replayed) = try log.store.withReadTransaction { session in
            (try ProjectionTables.readOnly(session.tables)?.memoryStore(), try ProjectionReplay.records(session.log, size: try log.count(), zoneOffsetSeconds: 7 * 3600))
        }
        #expect(inline?.tasks == replayed.tasks)
    }

    @Test("a task done is completed, cancelled before or after; one only cancelled is cancelled")
    func doneOrCancelled() throws {
        let log = try DomainLog()
        let third = Line.make("task.assigned", "2025-01-10", #"{"task_id":"t3","assignee":"hoi-a","description_vi":"Việc 3","due_on":"2025-02-01"}"#)
        try log.append(Self.base + [third, Self.report("r1", on: "2025-01-20", about: ["t1"]), Self.cancelled("t1", on: "2025-01-25"),
                                    Self.cancelled("t2", on: "2025-01-15"), Self.completed("t2", on: "2025-01-30"),
                                    Self.cancelled("t3", on: "2025-01-15")])
        let tasks = try view(log, asOf: "2025-06-30").records.tasks
        #expect(tasks["t1"]?.status.value == .completed && tasks["t1"]?.cancelledAt?.day == CivilDate("2025-01-25"))
        #expect(tasks["t2"]?.status.value == .completed && tasks["t2"]?.cancelledAt?.day == CivilDate("2025-01-15"))
        #expect(tasks["t3"]?.status.value == .cancelled)
    }
}
