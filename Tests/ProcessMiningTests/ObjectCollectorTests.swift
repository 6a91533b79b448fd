import AuditDomain
import Testing

@testable import ProcessMining

/// Objects gathered from the events (``ObjectCollector``): their attribute values over time and
/// their O2O relationships.
@Suite struct ObjectCollectorTests {
    static let base = [Sample.org(1, "hoi-a"), Sample.org(2, "btv")]

    private func status(_ events: [ProjectedEvent]) -> [String] {
        let objects = Sample.export(events).objects
        return (objects.first { $0.id == "task/t1" }?.attributes ?? []).filter { $0.name == "status" }.compactMap {
            if case .string(let s) = $0.value { s } else { nil }
        }
    }

    static let assigned = Sample.event(3, "task.assigned", "2025-01-10", #"{"task_id":"t1","assignee":"hoi-a","description_vi":"Việc"}"#)

    @Test func aTaskCancelledAndThenDoneEndsCompleted() {
        let events = Self.base + [
            Self.assigned,
            Sample.event(4, "task.cancelled", "2025-02-01", #"{"task_id":"t1","basis":"d1"}"#),
            Sample.event(5, "task.completed", "2025-03-01", #"{"task_id":"t1"}"#),
        ]
        #expect(status(events) == ["open", "cancelled", "completed"])
    }

    @Test func aTaskDoneIsNotCancelledAfterwards() {
        // Recorded in the other order: the status follows business time, not seq.
        let events = Self.base + [
            Self.assigned,
            Sample.event(4, "task.cancelled", "2025-03-01", #"{"task_id":"t1","basis":"d1"}"#),
            Sample.event(5, "task.completed", "2025-02-01", #"{"task_id":"t1"}"#),
        ]
        #expect(status(events) == ["open", "completed"])
    }

    @Test func aRenameChangesTheNameAtItsTimeAndAReinstatementOfAnActiveBodyChangesNothing() throws {
        let events = Self.base + [
            Sample.event(3, "organization.renamed", "2024-05-01", #"{"org_id":"hoi-a","new_name_vi":"Hội A mới"}"#),
            Sample.event(4, "organization.reinstated", "2024-06-01", #"{"org_id":"hoi-a","basis":"d1"}"#),
        ]
        let (exported, objects) = Sample.export(events)
        let a = try #require(objects.first { $0.id == "org/hoi-a" })
        let rename = try #require(exported.first { $0.type == "organization.renamed" })
        #expect(a.attributes.filter { $0.name == "name" } == [
            OCELObject.Value(name: "name", time: nil, value: .string("Hội hoi-a")),
            OCELObject.Value(name: "name", time: rename.time, value: .string("Hội A mới")),
        ])
        #expect(a.attributes.filter { $0.name == "status" }.count == 1)
        #expect(a.attributes.prefix { $0.time == nil }.count == 5, "the initial values come first")
    }

    @Test func objectRelationshipsAreKeptOnlyBetweenObjectsOfTheExport() throws {
        let events = [
            Sample.org(1, "btv"), Sample.org(2, "hoi-a", parent: "btv"),
            Sample.event(3, "task.assigned", "2025-01-10",
                         #"{"task_id":"t1","assignee":"hoi-a","req_ref":"seed-9#R1","description_vi":"Việc"}"#),
        ]
        let objects = Sample.export(events).objects
        #expect(objects.map(\.id) == ["org/btv", "org/hoi-a", "req/seed-9#R1", "task/t1"])
        #expect(objects.first { $0.id == "org/hoi-a" }?.relationships == [OCELRelationship(objectID: "org/btv", qualifier: "part of")])
        // The directive of the task's requirement is not in the view: no "part of" to it.
        #expect(objects.first { $0.id == "task/t1" }?.relationships == [])
    }
}
