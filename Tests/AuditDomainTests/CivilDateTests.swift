import TestSupport
import Testing

@testable import AuditDomain

/// Dates as the projections write and read them.
@Suite struct CivilDateTests {
    @Test("property: text round-trips for every day from year 0 to 20000")
    func roundTrip() throws {
        var rng = SplitMix(seed: 11)
        let first = try #require(CivilDate(text: "0000-01-01")).days
        let last = try #require(CivilDate(text: "20000-12-31")).days
        for _ in 0..<20_000 {
            let d = CivilDate(days: first + Int64(rng.next() % UInt64(last - first + 1)))
            #expect(CivilDate(text: d.description) == d, "\(d.days) \(d.description)")
        }
        #expect(CivilDate(text: "2024-02-29")?.description == "2024-02-29")
    }

    @Test("refused", arguments: ["+202-01-01", "2023-02-29", "2023-13-01", "2023-1-01", "-2023-01-01", "2023-01-0a", " 2023-01-01", "1234567-01-01"])
    func refused(text: String) {
        #expect(CivilDate(text: text) == nil)
    }
}
