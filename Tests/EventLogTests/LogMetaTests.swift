import Testing

@testable import EventLog

/// The log's own settings, as the store reads them from its metadata row.
@Suite struct LogMetaTests {
    @Test("the log's zone offset is the one in force when the log was created, whenever a command runs")
    func zoneOffsetAtCreation() {
        func meta(_ zone: String, _ created: String) -> LogMeta {
            LogMeta(origin: "example.org/log", vkey: "", timezone: zone, createdAt: created, catalogue: LogMeta.noCatalogue)
        }
        #expect(meta("Asia/Ho_Chi_Minh", "2026-01-15T03:00:00.000Z").zoneOffsetSeconds == 7 * 3600)
        #expect(meta("UTC", "2026-07-15T03:00:00.000Z").zoneOffsetSeconds == 0)
        // A zone with daylight saving (init refuses it; a log made before keeps its offset).
        #expect(meta("Europe/Berlin", "2026-01-15T03:00:00.000Z").zoneOffsetSeconds == 3600)
        #expect(meta("Europe/Berlin", "2026-07-15T03:00:00.000Z").zoneOffsetSeconds == 7200)
        #expect(LogMeta.observesDaylightSaving("Europe/Berlin") && LogMeta.observesDaylightSaving("America/New_York"))
        #expect(!LogMeta.observesDaylightSaving("Asia/Ho_Chi_Minh") && !LogMeta.observesDaylightSaving("UTC"))
    }
}
