import LogFormat
import Testing

@testable import AuditDomain

/// The envelope members a replay reads, found at their places in a canonical entry, are those
/// the parser finds; an entry of another shape is left to the reader that delimits it whole.
@Suite struct StoredEnvelopeTests {
    static let id = "019bbf98-7b81-7cc5-a663-9a3176b8f4ef"

    /// The canonical bytes of an envelope with `extra` members besides the usual ones.
    static func entry(actor: String = "an3:hoi-201", type: String = "report.submitted", payload: [String: JSONValue],
                      extra: [String: JSONValue] = [:]) -> [UInt8] {
        var fields: [String: JSONValue] = [
            "v": .integer(1), "seq": .integer(5000), "event_id": .string(id), "type": .string(type),
            "subject": .string("report/x"), "subject_version": .integer(1), "occurred_at": .string("2022-02-04"),
            "recorded_at": .string("2026-01-15T03:00:00.000Z"), "actor": .string(actor), "payload": .object(payload),
        ]
        for (k, v) in extra { fields[k] = v }
        return CanonicalEncoder.encode(.object(fields))
    }

    /// The texts at the envelope's ranges, and the payload's bytes up to its end as the parser
    /// encodes it; nil when no envelope was found.
    static func read(_ bytes: [UInt8]) -> (actor: String, id: String, occurredAt: String, type: String, payload: String)? {
        bytes.withUnsafeBufferPointer { b in
            guard let e = StoredEnvelope(b) else { return nil }
            func text(_ r: Range<Int>) -> String { String(decoding: b[r], as: UTF8.self) }
            return ObjectMembers.read(b, objectAt: e.payloadStart) { _, end in
                (text(e.actor), text(e.eventID), text(e.occurredAt), text(e.type), text(e.payloadStart..<end))
            }
        }
    }

    @Test("the members of a plain entry, even with nested members named type and v in its payload")
    func plainEntry() {
        let payload: [String: JSONValue] = [
            "trigger": .object(["type": .string("recommendation.filed"), "v": .integer(2)]),
            "summary_vi": .string("Hội đã tổ chức \",\"type\":\"x\",\"v\":1}"),
        ]
        let e = Self.read(Self.entry(payload: payload))
        #expect(e?.actor == "an3:hoi-201")
        #expect(e?.id == Self.id)
        #expect(e?.occurredAt == "2022-02-04")
        #expect(e?.type == "report.submitted")
        #expect(e?.payload == String(decoding: CanonicalEncoder.encode(.object(payload)), as: UTF8.self))
    }

    @Test("an author signature or meta member, or an actor with an escape or outside ASCII: not read at its places")
    func otherShapes() {
        let author: JSONValue = .object(["signer": .string("s"), "key_id": .string("k"), "sig": .string("AA==")])
        #expect(Self.read(Self.entry(payload: [:], extra: ["author": author])) == nil)
        #expect(Self.read(Self.entry(payload: [:], extra: ["meta": .object(["k": .string("v")])])) == nil)
        #expect(Self.read(Self.entry(actor: "a\"b", payload: [:])) == nil)
        #expect(Self.read(Self.entry(actor: "Văn thư", payload: [:])) == nil)
        #expect(Self.read(Self.entry(type: "x\ny", payload: [:])) == nil)
        #expect(Self.read(Self.entry(payload: [:])) != nil)
    }

    @Test("bytes cut short or not an entry: nil, never a misread")
    func damaged() {
        let whole = Self.entry(payload: ["a": .integer(1)])
        for cut in [0, 1, 10, whole.count / 2, whole.count - 2, whole.count - 1] {
            let e = Self.read(Array(whole[..<cut]))
            #expect(e == nil, "cut at \(cut)")
        }
        #expect(Self.read(Array("{}".utf8)) == nil)
    }
}
