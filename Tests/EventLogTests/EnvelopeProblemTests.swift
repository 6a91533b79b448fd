import LogFormat
import Testing

@testable import EventLog

/// The envelope checks `verify` makes on a stored entry, over what the scanner reads.
@Suite struct EnvelopeProblemTests {
    @Test("a well-formed stored envelope has no problem")
    func wellFormed() throws {
        let bytes = Array(#"{"actor":"clerk","event_id":"0190f4c2-7b1e-7c3a-9d2e-5a6b7c8d9e0f","occurred_at":"2025","payload":{"t":"a\nb"},"recorded_at":"2026-01-15T03:00:00.000Z","seq":7,"subject":"org/a","subject_version":2,"type":"a.b","v":1}"#.utf8)
        let raw = try bytes.withUnsafeBytes { try CanonicalScanner.scanRaw($0).get() }
        #expect(bytes.withUnsafeBytes { EventStore.envelopeProblem(raw, in: $0) } == nil)
    }
}
