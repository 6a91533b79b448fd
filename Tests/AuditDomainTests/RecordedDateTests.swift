import Foundation
import LogFormat
import Testing

@testable import AuditDomain
@testable import EventLog

/// Dates kept at the precision they were recorded (a year, a month, a day): registrations,
/// stamps, and monitors shown with who holds their duties now.
@Suite struct RecordedDateTests {
    @Test("a year or a month is written as such, read back, and orders by its first day", arguments: [
        ("1991", "1991-01-01"), ("2021-07", "2021-07-01"), ("2021-07-15", "2021-07-15"),
    ])
    func text(text: String, first: String) throws {
        let date = try #require(RecordedDate(text: text))
        #expect(date.description == text && date.first == CivilDate(first))
        let occurred = try OccurredAt.parse(text).get()
        let fromEvent = RecordedDate(firstDay: CivilDate(firstDayOf: occurred, zoneOffsetSeconds: 7 * 3600), occurredAt: text)
        #expect(fromEvent == date)
        #expect(RecordedDate(text: "1991-13") == nil && RecordedDate(text: "91") == nil)
    }

    @Test("an instant is recorded as its local day")
    func instant() throws {
        let text = "2021-07-14T20:00:00Z"
        let occurred = try OccurredAt.parse(text).get()
        let date = RecordedDate(firstDay: CivilDate(firstDayOf: occurred, zoneOffsetSeconds: 7 * 3600), occurredAt: text)
        #expect(date.description == "2021-07-15")
    }

    @Test("an organisation registered in a year or a month keeps that precision, in its record and its stamps")
    func registration() throws {
        let log = try DomainLog()
        try log.append(AdmissionTests.base + [Line.org("hoi-a", on: "1991"), Line.org("hoi-b", on: "2021-07")])
        let records = try ProjectionView.load(log.store, asOf: nil, knownAt: nil, today: CivilDate("2026-01-15")!).records
        let a = try #require(records.organization("hoi-a"))
        #expect(a.registered.description == "1991" && a.registeredOn == CivilDate("1991-01-01"))
        #expect(a.status.stamp.date.description == "1991")
        #expect(records.organization("hoi-b")?.registered.description == "2021-07")
        let json = try SnakeCaseJSONEncoder().encodeText(a)
        #expect(json.contains(#""registered_on":"1991""#) && !json.contains("1991-01-01"))
        #expect(try SnakeCaseJSONDecoder().decode(OrganizationRecord.self, from: Array(json.utf8)) == a)
    }

    @Test("a monitor that merged away is shown with the body that holds its duties now, the monitor kept")
    func monitorNow() throws {
        let log = try DomainLog()
        try log.append(AdmissionTests.base + [
            Line.org("bdv-tu", kind: "party_commission"), Line.org("btgdv-tu", kind: "party_commission"), Line.org("btg-tu", kind: "party_commission"),
            Line.org("hoi-a"),
            Line.make("monitoring.assigned", "2021-12-03", #"{"assignment_id":"a1","monitor":"bdv-tu","target":"hoi-a","role":"theo_doi","basis":"d1"}"#),
            Line.make("monitoring.assigned", "2021-12-03", #"{"assignment_id":"a2","monitor":"btg-tu","target":"hoi-a","role":"tham_muu","basis":"d1"}"#),
            Line.merge(["bdv-tu"], into: "btgdv-tu", on: "2025-03-01", mode: "hop_nhat"),
            Line.dissolve("btg-tu", on: "2025-03-01"),
        ])
        func monitors(_ asOf: String) throws -> [String: [String]] {
            let view = try ProjectionView.load(log.store, asOf: CivilDate(asOf), knownAt: nil, today: CivilDate("2026-01-15")!)
            let shown = view.shown(try #require(view.records.organization("hoi-a")))
            return Dictionary(uniqueKeysWithValues: shown.monitoring.map { ($0.monitor, $0.monitorNow ?? ["unset"]) })
        }
        #expect(try monitors("2025-06-30") == ["bdv-tu": ["btgdv-tu"], "btg-tu": []])
        #expect(try monitors("2024-06-30") == ["bdv-tu": ["bdv-tu"], "btg-tu": ["btg-tu"]])
    }
}
