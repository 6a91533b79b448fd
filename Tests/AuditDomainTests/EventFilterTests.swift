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

    /// The test over the payload's delimited members.
    func admitsMembers(_ type: String, _ payload: String) -> Bool {
        let bytes = Array(payload.utf8)
        return bytes.withUnsafeBufferPointer { buffer in
            ObjectMembers.read(buffer) { members in members.map { Self.filter.admits(type: type, payload: $0) } ?? true }
        }
    }

    @Test("over delimited members: by the top-level member's value and members only")
    func knownMembers() {
        #expect(admitsMembers("report.submitted", #"{"recipient":"btv-tu","reporter":"a"}"#))
        #expect(admitsMembers("report.submitted", #"{"recipient":"ht:bdv-tu"}"#))
        #expect(!admitsMembers("report.submitted", #"{"recipient":"so-noi-vu","reporter":"btv-tu"}"#))
        #expect(!admitsMembers("report.submitted", #"{"recipient":"btv-tu-2"}"#))
        #expect(admitsMembers("report.submitted", #"{"about":["k1"],"recipient":"so-noi-vu"}"#))
        #expect(admitsMembers("report.submitted", #"{"recipient":"so-noi-vu","req_ref":"d#R1"}"#))
        // A nested member is not the payload's: the decoded event's reader does not see it either.
        #expect(!admitsMembers("report.submitted", #"{"metrics":{"recipient":"btv-tu"},"recipient":"x"}"#))
        #expect(!admitsMembers("report.submitted", #"{"summary_vi":"\"about\":1","recipient":"x"}"#))
        // Not a plain string: decided after parsing.
        #expect(admitsMembers("report.submitted", #"{"recipient":"a\"b"}"#))
        #expect(admitsMembers("report.submitted", #"{"recipient":7}"#))
        #expect(!admitsMembers("report.submitted", #"{"reporter":"btv-tu"}"#))
        #expect(admitsMembers("organization.registered", #"{"org_id":"a"}"#))
    }

    @Test("property: over delimited members, admitted exactly when the recipient is wanted or the payload is about something")
    func propertyMembers() {
        var rng = SplitMix(seed: 11)
        let names = ["btv-tu", "ht:bdv-tu", "so-noi-vu", "btv", "tu", "ht:bdv-tu2"]
        for _ in 0..<2_000 {
            var object: [String: JSONValue] = ["reporter": .string(names[Int(rng.next() % UInt64(names.count))])]
            let recipient = names[Int(rng.next() % UInt64(names.count))]
            object["recipient"] = .string(recipient)
            if rng.next() % 5 == 0 { object["about"] = .array([.string("k1")]) }
            if rng.next() % 6 == 0 { object["req_ref"] = .string("d#R1") }
            if rng.next() % 7 == 0 { object["metrics"] = .object(["recipient": .string(names[Int(rng.next() % UInt64(names.count))])]) }
            let bytes = CanonicalEncoder.encode(.object(object))
            let wanted = Self.rule.values.contains(recipient) || object["about"] != nil || object["req_ref"] != nil
            let admitted = bytes.withUnsafeBufferPointer { buffer in
                ObjectMembers.read(buffer) { members in members.map { Self.filter.admits(type: "report.submitted", payload: $0) } }
            }
            #expect(admitted == wanted, "\(String(decoding: bytes, as: UTF8.self))")
        }
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
