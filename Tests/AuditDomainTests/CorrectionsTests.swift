import LogFormat
import TestSupport
import Testing

@testable import AuditDomain
@testable import EventLog

/// JSON Merge Patch (RFC 7396) and the effective view at a knowledge instant.
@Suite struct CorrectionsTests {
    @Test("RFC 7396 Appendix A examples", arguments: [
        (#"{"a":"b"}"#, #"{"a":"c"}"#, #"{"a":"c"}"#),
        (#"{"a":"b"}"#, #"{"b":"c"}"#, #"{"a":"b","b":"c"}"#),
        (#"{"a":"b"}"#, #"{"a":null}"#, #"{}"#),
        (#"{"a":"b","b":"c"}"#, #"{"a":null}"#, #"{"b":"c"}"#),
        (#"{"a":["b"]}"#, #"{"a":"c"}"#, #"{"a":"c"}"#),
        (#"{"a":"c"}"#, #"{"a":["b"]}"#, #"{"a":["b"]}"#),
        (#"{"a":{"b":"c"}}"#, #"{"a":{"b":"d","c":null}}"#, #"{"a":{"b":"d"}}"#),
        (#"{"a":[{"b":"c"}]}"#, #"{"a":[1]}"#, #"{"a":[1]}"#),
        (#"["a","b"]"#, #"["c","d"]"#, #"["c","d"]"#),
        (#"{"a":"b"}"#, #"["c"]"#, #"["c"]"#),
        (#"{"a":"foo"}"#, "null", "null"),
        (#"{"a":"foo"}"#, #""bar""#, #""bar""#),
        (#"{"e":null}"#, #"{"a":1}"#, #"{"a":1,"e":null}"#),
        (#"[1,2]"#, #"{"a":"b","c":null}"#, #"{"a":"b"}"#),
        (#"{}"#, #"{"a":{"bb":{"ccc":null}}}"#, #"{"a":{"bb":{}}}"#),
    ])
    func rfc7396(target: String, patch: String, result: String) throws {
        let t = try JSONParser.parse(Array(target.utf8), normalize: true)
        let p = try JSONParser.parse(Array(patch.utf8), normalize: true)
        let r = try JSONParser.parse(Array(result.utf8), normalize: true)
        #expect(JSONMergePatch.apply(p, to: t) == r)
    }

    static func event(_ seq: Int64, _ type: String = "organization.renamed", payload: [String: JSONValue], recorded: String = "2026-01-01T00:00:00.000Z") -> LoggedEvent {
        LoggedEvent(seq: seq, eventID: "e\(seq)", type: type, subject: "s", occurredAt: "2025", recordedAt: recorded, actor: "x", payload: payload)
    }

    static func correction(_ seq: Int64, of target: Int64, _ patch: [String: JSONValue], recorded: String = "2026-01-01T00:00:00.000Z") -> LoggedEvent {
        event(seq, EventCorrected.type, payload: ["target_event_id": .string("e\(target)"), "patch": .object(["payload": .object(patch)])],
              recorded: recorded)
    }

    static func retraction(_ seq: Int64, of target: Int64, recorded: String = "2026-01-01T00:00:00.000Z") -> LoggedEvent {
        event(seq, EventRetracted.type, payload: ["target_event_id": .string("e\(target)")], recorded: recorded)
    }

    @Test("last correction wins; retracting a correction restores; a retracted event drops out; K sees only what was recorded by K")
    func rules() throws {
        let events = [
            Self.event(1, payload: ["name": .string("A"), "x": .integer(1)], recorded: "2025-01-01T00:00:00.000Z"),
            Self.correction(2, of: 1, ["name": .string("B")], recorded: "2025-02-01T00:00:00.000Z"),
            Self.correction(3, of: 1, ["name": .string("C"), "x": .null], recorded: "2025-03-01T00:00:00.000Z"),
            Self.retraction(4, of: 3, recorded: "2025-04-01T00:00:00.000Z"),
            Self.event(5, payload: ["name": .string("Z")], recorded: "2025-05-01T00:00:00.000Z"),
            Self.retraction(6, of: 5, recorded: "2025-06-01T00:00:00.000Z"),
        ]
        func view(_ k: String?) -> [Int64: String] {
            let known = k.map { Instant(rfc3339: $0)! }
            return Dictionary(uniqueKeysWithValues: EffectiveView.events(events, knownAt: known).map { ($0.seq, $0.payload["name"]?.stringValue ?? "") })
        }
        #expect(view("2025-01-15T00:00:00Z") == [1: "A"])
        #expect(view("2025-02-15T00:00:00Z") == [1: "B"])
        #expect(view("2025-03-15T00:00:00Z") == [1: "C"])
        #expect(view("2025-04-15T00:00:00Z") == [1: "B"])
        #expect(view("2025-05-15T00:00:00Z") == [1: "B", 5: "Z"])
        #expect(view(nil) == [1: "B"])
        let final = EffectiveView.events(events, knownAt: nil)
        #expect(final.first?.payload["x"] == .integer(1))
        #expect(final.first?.correctedBy == [2])
    }

    /// A reference model written from the rules alone: replay the history per event.
    static func reference(_ events: [LoggedEvent]) -> [Int64: [String: JSONValue]] {
        var retracted: Set<String> = []
        for e in events where e.type == EventRetracted.type { retracted.insert(e.payload["target_event_id"]?.stringValue ?? "") }
        var out: [Int64: [String: JSONValue]] = [:]
        for e in events where e.type != EventCorrected.type && e.type != EventRetracted.type && !retracted.contains(e.eventID) {
            var payload = e.payload
            for c in events where c.type == EventCorrected.type && c.payload["target_event_id"]?.stringValue == e.eventID
                && !retracted.contains(c.eventID)
            {
                for (k, v) in c.payload["patch"]?["payload"]?.objectValue ?? [:] { payload[k] = v == .null ? nil : v }
            }
            out[e.seq] = payload
        }
        return out
    }

    @Test("property: random histories of corrections and retractions match the reference model", arguments: [1, 2, 3, 5, 8, 13, 40])
    func property(size: Int) {
        var rng = SplitMix(seed: UInt64(size) * 7919)
        for _ in 0..<200 {
            var events: [LoggedEvent] = []
            var originals: [Int64] = []
            var corrections: [Int64] = []
            var retracted: Set<Int64> = []
            for seq in Int64(1)...Int64(size) {
                let roll = rng.next() % 10
                if roll < 4 || originals.isEmpty {
                    events.append(Self.event(seq, payload: ["a": .integer(Int64(rng.next() % 5)), "b": .integer(seq)]))
                    originals.append(seq)
                } else if roll < 8 {
                    let live = originals.filter { !retracted.contains($0) }
                    guard let target = live.randomElement(using: &rng) else { continue }
                    let key = ["a", "b", "c"].randomElement(using: &rng) ?? "a"
                    let value: JSONValue = rng.next() % 4 == 0 ? .null : .integer(Int64(rng.next() % 9))
                    events.append(Self.correction(seq, of: target, [key: value]))
                    corrections.append(seq)
                } else {
                    let candidates = (originals + corrections).filter { !retracted.contains($0) }
                    guard let target = candidates.randomElement(using: &rng) else { continue }
                    events.append(Self.retraction(seq, of: target))
                    retracted.insert(target)
                }
            }
            let view = EffectiveView.events(events, knownAt: nil)
            #expect(Dictionary(uniqueKeysWithValues: view.map { ($0.seq, $0.payload) }) == Self.reference(events))
        }
    }
}

