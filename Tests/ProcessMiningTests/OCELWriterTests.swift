import Foundation
import LogFormat
import SQLiteDatabase
import Testing

@testable import ProcessMining

/// The two writers and the output file: what lands in the JSON and SQLite formats.
@Suite struct OCELWriterTests {
    static let events = [
        Sample.org(1, "btv"), Sample.org(2, "hoi-a", parent: "btv"),
        Sample.event(3, "organization.renamed", "2024-05", #"{"org_id":"hoi-a","new_name_vi":"Hội A mới"}"#),
    ]

    private func directory() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("ocel-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }

    private func write(_ sink: any OCELSink) throws {
        let (events, objects) = Sample.export(Self.events)
        try sink.begin(eventTypes: OCELMapping.eventTypes, objectTypes: OCELMapping.objectTypes)
        for e in events { try sink.write(e) }
        for o in objects { try sink.write(o) }
        try sink.finish()
    }

    @Test func eventTimesAreTheFirstInstantOfOccurredAtInUTC() {
        func time(_ text: String) -> String {
            guard case .success(let o) = OccurredAt.parse(text) else { return "unparsed" }
            return OCELTime(occurred: o, zoneOffsetSeconds: Sample.zone).description
        }
        #expect(time("2025-03") == "2025-02-28T17:00:00Z")
        #expect(time("1930") == "1929-12-31T17:00:00Z")
        #expect(time("2025-01-22") == "2025-01-21T17:00:00Z")
        #expect(time("2025-01-22T08:00+07:00") == "2025-01-22T01:00:00Z")
        #expect(time("2025-01-22T08:00:30Z") == "2025-01-22T08:00:30Z")
        #expect(OCELTime.initial.description == "1970-01-01T00:00:00Z")
    }

    @Test func theJSONFormatHoldsTheTypesEventsAndObjectsInSortedKeyOrder() throws {
        let dir = try directory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("log.json").path
        let file = try OCELOutputFile(path: path)
        try write(OCELJSONWriter(output: ByteOutput(descriptor: file.descriptor, name: path)))
        try file.commit()
        let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
        let text = String(decoding: bytes, as: UTF8.self)
        let order = ["\"eventTypes\"", "\"events\"", "\"objectTypes\"", "\"objects\""].map { text.range(of: $0)?.lowerBound }
        #expect(order.allSatisfy { $0 != nil } && order.map { $0! } == order.map { $0! }.sorted())
        // Foundation's parser: the log's own refuses keys that are not snake_case, as OCEL's are.
        let document = try #require(try JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any])
        let events = try #require(document["events"] as? [[String: Any]])
        let objects = try #require(document["objects"] as? [[String: Any]])
        #expect(events.count == 3 && objects.count == 2)
        #expect(events[2]["time"] as? String == "2024-04-30T17:00:00Z")
        let attributes = try #require(objects[1]["attributes"] as? [[String: Any]])
        #expect(attributes.first?["time"] as? String == "1970-01-01T00:00:00Z")
        #expect(attributes.contains { $0["name"] as? String == "name" && $0["time"] as? String == "2024-04-30T17:00:00Z" })
    }

    @Test func theSQLiteFormatDeclaresItsKeysAndKeepsChangesInRowsOfTheirOwn() throws {
        let dir = try directory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("log.sqlite").path
        let file = try OCELOutputFile(path: path)
        let writer = try OCELSQLiteWriter(path: file.temporaryPath)
        try write(writer)
        try file.commit()
        let db = try Connection(path: path, mode: .readOnly, busyTimeoutMilliseconds: 0)
        var keys: [String] = []
        try db.forEachRow(#"SELECT name FROM pragma_table_info('event_object') WHERE pk > 0 ORDER BY pk"#) { keys.append($0.text(0)) }
        #expect(keys == ["ocel_event_id", "ocel_object_id", "ocel_qualifier"])
        var references: [String] = []
        try db.forEachRow(#"SELECT "from" || '>' || "table" || '.' || "to" FROM pragma_foreign_key_list('object_organisation')"#) {
            references.append($0.text(0))
        }
        #expect(references == ["ocel_id>object.ocel_id"])
        #expect(try db.scalarText(#"SELECT type FROM pragma_table_info('event_organization_renamed') WHERE name = 'ocel_time'"#) == "TIMESTAMP")
        #expect(try db.scalarInt(#"SELECT count(*) FROM "event""#) == 3)
        #expect(try db.scalarInt(#"SELECT count(*) FROM "object_organisation" WHERE ocel_changed_field IS NULL"#) == 2)
        #expect(try db.scalarText(#"SELECT ocel_time || ' ' || name FROM "object_organisation" WHERE ocel_changed_field = 'name'"#)
            == "2024-04-30T17:00:00Z Hội A mới")
        #expect(try db.scalarText(#"SELECT ocel_target_id || ' ' || ocel_qualifier FROM "object_object""#) == "org/btv part of")
    }

    @Test func anExistingFileIsRefusedAndLeftAsItWas() throws {
        let dir = try directory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("taken").path
        try Data("mine".utf8).write(to: URL(fileURLWithPath: path))
        #expect(throws: OCELExportError.exists(path)) { try OCELOutputFile(path: path) }
        // Taken while the export ran: the commit refuses too, and leaves no temporary file.
        let other = dir.appendingPathComponent("late").path
        let file = try OCELOutputFile(path: other)
        try Data("theirs".utf8).write(to: URL(fileURLWithPath: other))
        #expect(throws: OCELExportError.exists(other)) { try file.commit() }
        #expect(try String(contentsOfFile: other, encoding: .utf8) == "theirs")
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted() == ["late", "taken"])
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "mine")
    }
}
