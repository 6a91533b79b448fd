import Testing

@testable import LogFormat

/// An entry encoded ahead of its seq, event id and subject version gives, once they are filled
/// in, the bytes the canonical encoder gives for the whole envelope.
@Suite struct EntryTemplateTests {
    static let recordedAt = "2026-01-15T03:00:00.000Z"

    static func line(_ text: String) throws -> AppendLine {
        try AppendLine(JSONParser.parse(Array(text.utf8), normalize: true), line: 1)
    }

    static func encoded(_ line: AppendLine, seq: Int64, eventID: String, version: Int64) throws -> [UInt8] {
        let instant = try #require(Instant(rfc3339: recordedAt))
        return CanonicalEncoder.encode(
            Entry.envelope(seq: seq, eventID: eventID, line: line, subject: line.subject ?? "", subjectVersion: version,
                           recordedAt: instant))
    }

    @Test("a plain line: the envelope's keys in byte order, written out by hand")
    func knownAnswer() throws {
        let line = try Self.line(
            #"{"type":"report.submitted","occurred_at":"2025-08-03","actor":"ban-tuyen-giao","subject":"org/a","payload":{"b":2,"a":"Hội"}}"#)
        let bytes = EntryTemplate(line: line, subject: "org/a", recordedAt: Self.recordedAt)
            .bytes(seq: 12, eventID: "0190f4c2-7b1e-7c3a-9d2e-5a6b7c8d9e0f", subjectVersion: 3)
        let expected = #"{"actor":"ban-tuyen-giao","event_id":"0190f4c2-7b1e-7c3a-9d2e-5a6b7c8d9e0f","occurred_at":"2025-08-03","#
            + #""payload":{"a":"Hội","b":2},"recorded_at":"2026-01-15T03:00:00.000Z","seq":12,"subject":"org/a","#
            + #""subject_version":3,"type":"report.submitted","v":1}"#
        #expect(bytes == Array(expected.utf8))
    }

    @Test("with meta, author, escapes, nested values and integers of every width, the encoder's bytes")
    func agreesWithTheEncoder() throws {
        let author = try AuthorSignature.sign(Array("x".utf8), with: SignerKey(name: "ht:hnd/vp", seed: Array(repeating: 7, count: 32)))
        var signed = try Self.line(
            #"{"type":"organization.renamed","occurred_at":"2026-01-02","actor":"hnd","subject":"org/x","#
                + #""event_id":"0190f4c2-7b1e-7c3a-9d2e-00000000a001","payload":{"n":"Hội Nông dân"}}"#)
        signed.author = author
        let lines = [
            try Self.line(#"{"type":"a.b","occurred_at":"2025-01-01","actor":"x","subject":"s","payload":{}}"#),
            try Self.line(
                #"{"type":"meeting.held","occurred_at":"2025-03-04T09:30:00+07:00","actor":"a \"quoted\" \\ actor","#
                    + #""subject":"org/\"q\"","payload":{"list":[1,-2,{"z":null,"y":true}],"text":"e\u0301\n\u0001"},"#
                    + #""meta":{"note":"ghi chú","source":"s"}}"#),
            signed,
        ]
        let ids = ["0190f4c2-7b1e-7c3a-9d2e-5a6b7c8d9e0f", "0190f4c2-7b1e-7c3a-9d2e-00000000a001"]
        for line in lines {
            let subject = try #require(line.subject)
            let template = EntryTemplate(line: line, subject: subject, recordedAt: Self.recordedAt)
            for (seq, version) in [(1, 1), (9, 10), (10, 99), (1_000_000, 100), (Limits.maxSafeInteger, Limits.maxSafeInteger)] {
                for id in ids {
                    let bytes = template.bytes(seq: Int64(seq), eventID: id, subjectVersion: Int64(version))
                    #expect(bytes == (try Self.encoded(line, seq: Int64(seq), eventID: id, version: Int64(version))))
                }
            }
        }
    }
}
