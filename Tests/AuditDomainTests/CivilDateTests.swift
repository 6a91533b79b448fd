import LogFormat
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

    @Test("a date read from stored bytes is the date read from its text, for dates and for what is not one")
    func storedBytes() throws {
        var rng = SplitMix(seed: 12)
        var texts = ["2023-02-29", "2024-02-29", "1899-12-31", "1900-01-01", "2023-1-01", "2023-01-0a", "", "Ngày 1", "2025-01-01T00:00:00Z",
                     #"2025\u002d01-01"#, #"2025-01-3\u0031"#]
        for _ in 0..<2_000 {
            let y = 1880 + Int(rng.next() % 8_200), m = Int(rng.next() % 14), d = Int(rng.next() % 33)
            texts.append("\(y)-\(m < 10 ? "0" : "")\(m)-\(d < 10 ? "0" : "")\(d)")
        }
        for text in texts {
            let entry = Array(#"{"on":"\#(text)"}"#.utf8)
            let read: Result<CivilDate?, PayloadError>? = entry.withUnsafeBufferPointer { bytes in
                ObjectMembers.read(bytes) { members in
                    guard let members else { return nil }
                    var reader = FieldReader(stored: members, path: "payload")
                    return Result { () throws(PayloadError) in try reader.optionalDate("on") }
                }
            }
            // As the text path reads it: the decoded string, parsed.
            let decoded = try JSONParser.parse(entry, normalize: false)
            guard case .object(let object) = decoded, case .string(let s)? = object["on"] else { Issue.record("\(text)"); continue }
            let date = try #require(read, "\(text)").get()
            #expect(date == CivilDate(s), "\(text)")
        }
    }

    @Test("refused", arguments: ["+202-01-01", "2023-02-29", "2023-13-01", "2023-1-01", "-2023-01-01", "2023-01-0a", " 2023-01-01", "1234567-01-01"])
    func refused(text: String) {
        #expect(CivilDate(text: text) == nil)
    }
}
