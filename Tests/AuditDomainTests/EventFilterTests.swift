import LogFormat
import TestSupport
import Testing

@testable import AuditDomain
@testable import EventLog

/// The pre-parse filter of replays never refuses an event the exact test would keep.
@Suite struct EventFilterTests {
    static let rule = EventFilter.PayloadRule(field: "recipient", values: ["btv-tu", "ht:bdv-tu"], orMembers: ["about", "req_ref"])
    static let filter = EventFilter(rules: ["report.submitted": rule])

    func admits(_ type: String, _ payload: String) -> Bool {
        Array(payload.utf8).withUnsafeBytes { Self.filter.admits(type: type, payload: $0) }
    }

    @Test("by the member's value, by other members, and other types always")
    func known() {
        #expect(admits("report.submitted", #"{"recipient":"btv-tu","reporter":"a"}"#))
        #expect(admits("report.submitted", #"{"recipient":"ht:bdv-tu"}"#))
        #expect(!admits("report.submitted", #"{"recipient":"so-noi-vu","reporter":"btv-tu"}"#))
        #expect(!admits("report.submitted", #"{"recipient":"btv-tu-2"}"#))
        #expect(admits("report.submitted", #"{"about":["k1"],"recipient":"so-noi-vu"}"#))
        #expect(admits("report.submitted", #"{"recipient":"so-noi-vu","req_ref":"d#R1"}"#))
        // A nested member of the same name can only admit more.
        #expect(admits("report.submitted", #"{"metrics":{"recipient":"btv-tu"},"recipient":"x"}"#))
        #expect(admits("organization.registered", #"{"org_id":"a"}"#))
        #expect(!admits("report.submitted", #"{"recipient":"#))
    }

    @Test("property: every canonical payload whose recipient is wanted, or that is about something, is admitted")
    func property() throws {
        var rng = SplitMix(seed: 7)
        let names = ["btv-tu", "ht:bdv-tu", "so-noi-vu", "btv", "tu", "ht:bdv-tu2", "a\"b"]
        for _ in 0..<2_000 {
            var object: [String: JSONValue] = ["reporter": .string(names[Int(rng.next() % UInt64(names.count))])]
            let recipient = names[Int(rng.next() % UInt64(names.count))]
            object["recipient"] = .string(recipient)
            if rng.next() % 5 == 0 { object["about"] = .array([.string("k1")]) }
            if rng.next() % 7 == 0 { object["metrics"] = .object(["recipient": .string(names[Int(rng.next() % UInt64(names.count))])]) }
            if rng.next() % 9 == 0 { object["summary_vi"] = .string("\"recipient\":\"" + names[Int(rng.next() % UInt64(names.count))]) }
            let bytes = CanonicalEncoder.encode(.object(object))
            let wanted = Self.rule.values.contains(recipient) || object["about"] != nil
            let admitted = bytes.withUnsafeBytes { Self.filter.admits(type: "report.submitted", payload: $0) }
            if wanted { #expect(admitted, "\(String(decoding: bytes, as: UTF8.self))") }
        }
    }
}
