import AuditDomain
import EventLog
import LogFormat
import Testing

@testable import ProcessMining

/// The mapping table (``OCELMapping``, docs/ocel.md): which types are exported, the attributes
/// they declare, and what each payload relates.
@Suite struct OCELMappingTests {
    @Test func everyCatalogueTypeIsExportedOrLeftOutWithAReason() {
        for kind in EventCatalogue.all {
            let mapped = OCELMapping.byType[kind.type] != nil
            let leftOut = OCELMapping.leftOut[kind.type] != nil
            #expect(mapped != leftOut, "\(kind.type): mapped \(mapped), left out \(leftOut)")
        }
        #expect(Set(OCELMapping.leftOut.keys).isSubset(of: Set(EventCatalogue.all.map { $0.type })))
    }

    @Test func typesDeclareDistinctAttributesAndPlainDistinctTables() {
        for (types, prefix) in [(OCELMapping.eventTypes, "event_"), (OCELMapping.objectTypes, "object_")] {
            let suffixes = types.map(\.tableSuffix)
            #expect(Set(suffixes).count == types.count)
            for t in types {
                let names = t.attributes.map(\.name)
                #expect(Set(names).count == names.count, "\(t.name) declares an attribute twice")
                #expect(!names.contains { $0.hasPrefix("ocel_") }, "\(t.name)")
                #expect(t.tableSuffix.allSatisfy { $0.isASCII && ($0.isLowercase || $0.isNumber || $0 == "_") }, "\(t.tableSuffix)")
                // The relational schema's own tables must not be taken for a type's.
                #expect(!["event_object", "event_map_type", "object_object", "object_map_type"].contains(prefix + t.tableSuffix))
            }
        }
        #expect(OCELType(name: "report.submitted", attributes: []).tableSuffix == "report_submitted")
    }

    @Test func eventsCarryTheEnvelopeFirstAndOnlyAttributesTheirTypeDeclares() {
        let events = [
            Sample.org(1, "hoi-a"),
            Sample.event(2, "membership.reported", "2025-06-30", #"{"org_id":"hoi-a","as_of":"2025-06-30","members":120,"eligible":200}"#),
        ]
        let exported = Sample.export(events).events
        #expect(exported.count == 2)
        let membership = exported[1]
        #expect(membership.attributes.prefix(5).map(\.name) == ["seq", "event_id", "recorded_at", "actor", "occurred_at"])
        #expect(membership.attributes.first { $0.name == "members" }?.value == .integer(120))
        #expect(membership.attributes.first { $0.name == "new_members" } == nil)
        for e in exported {
            let declared = Set(OCELMapping.eventTypes.first { $0.name == e.type }?.attributes.map(\.name) ?? [])
            #expect(Set(e.attributes.map(\.name)).isSubset(of: declared))
        }
    }

    @Test func correctedByNamesTheCorrectionsApplied() throws {
        let event = Sample.org(1, "hoi-a")
        var corrections = Corrections()
        let patch = #"{"target_event_id":"\#(event.eventID)","patch":{"payload":{"name_vi":"Hội B"}},"reason_vi":"sai tên"}"#
        guard case .object(let payload) = try JSONParser.parse(Array(patch.utf8), normalize: true) else { return }
        corrections.add(LoggedEvent(seq: 7, eventID: "01900000-0000-7000-8000-000000000007", type: "event.corrected", subject: "event/x",
                                    occurredAt: "2026-01-15", recordedAt: "2026-01-15T03:00:00.000Z", actor: "test", payload: payload))
        let mapped = try #require(OCELExport.map(event, index: ViewIndex(), corrections: corrections, zoneOffsetSeconds: Sample.zone))
        #expect(mapped.0.attributes.first { $0.name == "corrected_by" }?.value == .string("7"))
        let plain = try #require(OCELExport.map(event, index: ViewIndex(), corrections: Corrections(), zoneOffsetSeconds: Sample.zone))
        #expect(plain.0.attributes.first { $0.name == "corrected_by" } == nil)
    }

    @Test func aMergerRelatesItsSourcesAndTheMergedOrganisationWhichSucceedsThem() throws {
        let events = [
            Sample.org(1, "hoi-a"), Sample.org(2, "hoi-b"), Sample.org(3, "hoi-c"),
            Sample.event(4, "organization.merged", "2025-03-01", #"{"sources":["hoi-a","hoi-b"],"into":"hoi-c","mode":"sap_nhap","basis":"d1"}"#),
        ]
        let (exported, objects) = Sample.export(events)
        let merger = try #require(exported.last)
        #expect(merger.relationships == [
            OCELRelationship(objectID: "doc/d1", qualifier: "basis"), OCELRelationship(objectID: "org/hoi-a", qualifier: "merged from"),
            OCELRelationship(objectID: "org/hoi-b", qualifier: "merged from"), OCELRelationship(objectID: "org/hoi-c", qualifier: "merged into"),
        ])
        let c = try #require(objects.first { $0.id == "org/hoi-c" })
        #expect(c.relationships == [OCELRelationship(objectID: "org/hoi-a", qualifier: "successor of"),
                                    OCELRelationship(objectID: "org/hoi-b", qualifier: "successor of")])
        let a = try #require(objects.first { $0.id == "org/hoi-a" })
        let status = a.attributes.filter { $0.name == "status" }
        #expect(status == [OCELObject.Value(name: "status", time: nil, value: .string("active")),
                           OCELObject.Value(name: "status", time: merger.time, value: .string("merged"))])
        let basis = try #require(objects.first { $0.id == "doc/d1" })
        #expect(basis.type == "document")
    }

    @Test func aReportAboutAnIdRelatesTheTaskOrRecommendationTheViewHolds() throws {
        let events = [
            Sample.org(1, "hoi-a"), Sample.org(2, "btv"),
            Sample.event(3, "task.assigned", "2025-01-10", #"{"task_id":"t1","assignee":"hoi-a","description_vi":"Việc","due_on":"2025-02-01"}"#),
            Sample.event(4, "recommendation.filed", "2025-01-11", #"{"rec_id":"k1","from_org":"hoi-a","to_org":"btv","text_vi":"Kiến nghị"}"#),
            Sample.event(5, "report.submitted", "2025-01-20",
                         #"{"report_id":"r1","reporter":"hoi-a","recipient":"btv","about":["t1","k1","z9"]}"#),
        ]
        let (exported, objects) = Sample.export(events)
        let report = try #require(exported.last)
        #expect(report.relationships.filter { $0.qualifier == "about" }.map(\.objectID) == ["rec/k1", "task/t1"])
        #expect(!objects.contains { $0.id.hasSuffix("/z9") })
        let task = try #require(objects.first { $0.id == "task/t1" })
        #expect(task.attributes.filter { $0.name == "status" }.map(\.value) == [.string("open"), .string("completed")])
    }

    @Test func anEventThatRelatesToNoObjectIsLeftOut() {
        let revoked = Sample.event(2, "monitoring.revoked", "2025-05-01", #"{"assignment_id":"a1"}"#)
        #expect(OCELExport.map(revoked, index: ViewIndex(), corrections: Corrections(), zoneOffsetSeconds: Sample.zone) == nil)
        let assigned = Sample.event(1, "monitoring.assigned", "2025-01-01",
                                    #"{"assignment_id":"a1","monitor":"btv","target":"hoi-a","role":"theo_doi","basis":"d1"}"#)
        let (exported, _) = Sample.export([assigned, revoked])
        #expect(exported.last?.relationships == [OCELRelationship(objectID: "org/btv", qualifier: "monitor"),
                                                 OCELRelationship(objectID: "org/hoi-a", qualifier: "monitored")])
    }

    @Test func aDocumentIsADirectiveWhenTheViewIssuesItAsOne() {
        let index = ViewIndex()
        #expect(index.objectType(of: ObjectRef(.doc, "seed-004")) == .document)
        #expect(ObjectRef(.req, "seed-004#R1").directive == ObjectRef(.doc, "seed-004"))
        #expect(ObjectRef(.org, "ht:hoi-nong-dan").id == "org/ht:hoi-nong-dan")
    }
}
