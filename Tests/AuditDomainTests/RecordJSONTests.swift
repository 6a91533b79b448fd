import LogFormat
import Testing

@testable import AuditDomain

/// The projection tables' JSON of organisations, assignments and recommendations written member
/// by member (``RecordJSON``): the same bytes as the generic ``SnakeCaseJSONEncoder``, and nil
/// exactly where that encoder refuses the value.
@Suite struct RecordJSONTests {
    @Test("generated records (every optional set or not, escapes, the largest integers, years outside 0...9999) give the generic encoder's bytes")
    func sameBytesAsTheGenericEncoder() throws {
        var g = RecordGenerator(seed: 2026, farDates: true)
        for _ in 0..<500 {
            let org = g.organization()
            #expect(RecordJSON.organization(org) == (try SnakeCaseJSONEncoder().encode(org)), "\(org.orgId)")
            let assignment = g.assignment()
            #expect(RecordJSON.assignment(assignment) == (try SnakeCaseJSONEncoder().encode(assignment)))
            let recommendation = g.recommendation()
            #expect(RecordJSON.recommendation(recommendation) == (try SnakeCaseJSONEncoder().encode(recommendation)))
        }
    }

    @Test("a value the generic encoder refuses gives nil, so that encoder reports it")
    func refusesWhatTheGenericEncoderRefuses() {
        var g = RecordGenerator(seed: 5)
        var org = g.organization()
        org.leaders = [:]
        org.leadership = [:]
        #expect(RecordJSON.organization(org) != nil)

        var nul = org
        nul.formerNames = ["a\u{0}b"]
        var big = org
        big.lastSeq = Limits.maxSafeInteger + 1
        var key = org
        key.leaders = ["Chu_tich": Stamped("X", Stamp(day: CivilDate("2024-01-01")!, seq: 1))]
        for refused in [nul, big, key] {
            #expect(RecordJSON.organization(refused) == nil)
            #expect(throws: SnakeCaseJSONError.self) { try SnakeCaseJSONEncoder().encode(refused) }
        }

        var rec = g.recommendation()
        rec.lastSeq = -Limits.maxSafeInteger - 1
        #expect(RecordJSON.recommendation(rec) == nil)
        #expect(throws: SnakeCaseJSONError.self) { try SnakeCaseJSONEncoder().encode(rec) }
        var assignment = g.assignment()
        assignment.target = "\u{0}"
        #expect(RecordJSON.assignment(assignment) == nil)
        #expect(throws: SnakeCaseJSONError.self) { try SnakeCaseJSONEncoder().encode(assignment) }
    }
}
