import Foundation
import TestSupport
import Testing

@testable import LogFormat

/// The one-pass scanner that `verify` uses must accept exactly the bytes that the parser and
/// encoder agree are canonical: `encode(parse(b)) == b` with an object at the top.
@Suite struct CanonicalScannerTests {
    static func oracle(_ bytes: [UInt8]) -> Bool {
        guard let value = try? JSONParser.parse(bytes, normalize: false), case .object = value else { return false }
        return CanonicalEncoder.encode(value) == bytes
    }

    static func scanner(_ bytes: [UInt8]) -> Bool {
        if case .success = CanonicalScanner.scan(bytes) { return true }
        return false
    }

    static let edits: [[UInt8]] = [
        Array(" ".utf8), Array("\n".utf8), Array("\\".utf8), Array("\"".utf8), Array("\\u0041".utf8), Array("\\/".utf8),
        Array("\\u000a".utf8), Array("\\u001F".utf8), Array("\\u001f".utf8), Array("0".utf8), Array("-".utf8),
        Array(".5".utf8), Array("e1".utf8), Array(",".utf8), Array("}".utf8), Array("]".utf8), Array(":".utf8),
        Array("\u{0301}".utf8), Array("é".utf8), [0xFF], [0xC3], [0xED, 0xA0, 0x80], Array("A".utf8), Array("\\u0000".utf8),
        Array("\\b".utf8), Array("\\u0008".utf8), Array("null".utf8), Array("\"a\":1".utf8),
        // Cut, bent and neighbouring forms of the two- and three-byte letters of Vietnamese.
        [0xE1, 0xBB], [0xE1, 0xBB, 0x41], [0xE1, 0xBB, 0x87], [0xE1, 0xBC, 0x80], [0xE1, 0xB7, 0xBF], [0xCB, 0xBF],
        [0xCC, 0x80], [0xC2], [0xC6, 0xB0], [0xC6, 0xC0], [0x80], Array("Phối hợp với".utf8),
    ]

    @Test("property: scanner == parse+encode oracle on canonical entries and their mutations", arguments: 0..<6)
    func differential(seed: UInt64) {
        var rng = SplitMix(seed: seed)
        var accepted = 0, refused = 0
        for _ in 0..<400 {
            let members = RandomJSON.object(members: 1...6, keyLength: 1...5, depth: 1, using: &rng)
            let canonical = CanonicalEncoder.encode(.object(members))
            #expect(Self.scanner(canonical) && Self.oracle(canonical))
            for _ in 0..<12 {
                var mutated = canonical
                let at = Int.random(in: 0...mutated.count, using: &rng)
                switch Int.random(in: 0..<3, using: &rng) {
                case 0: mutated.insert(contentsOf: Self.edits.randomElement(using: &rng)!, at: at)
                case 1: if at < mutated.count { mutated.remove(at: at) }
                default:
                    if at < mutated.count {
                        mutated.replaceSubrange(at...at, with: Self.edits.randomElement(using: &rng)!)
                    }
                }
                let expected = Self.oracle(mutated)
                #expect(Self.scanner(mutated) == expected, "\(String(decoding: mutated, as: UTF8.self).debugDescription)")
                if expected { accepted += 1 } else { refused += 1 }
            }
        }
        // Both outcomes must occur, or the property says little.
        #expect(accepted > 50 && refused > 1000)
    }

    @Test("property: scanner == oracle on long strings of letters, marks, escapes and broken bytes", arguments: 0..<4)
    func differentialText(seed: UInt64) {
        var rng = SplitMix(seed: seed)
        var accepted = 0, refused = 0
        let letters = [Array("a".utf8), Array("ệ".utf8), Array("à".utf8), Array("ơ".utf8), Array("Ấ".utf8), Array(" ".utf8)]
        for _ in 0..<3_000 {
            var text: [UInt8] = []
            for _ in 0..<Int.random(in: 0...40, using: &rng) {
                // Mostly letters; a rarer piece (an escape, another character, a broken byte) in about two strings of five.
                text += Int.random(in: 0..<40, using: &rng) == 0
                    ? ByteLanesTests.pieces.randomElement(using: &rng)! : letters.randomElement(using: &rng)!
            }
            // A key of 1 to 8 letters: the string starts at every offset of an eight-byte step.
            let key = Array(String(repeating: "k", count: Int.random(in: 1...8, using: &rng)).utf8)
            let bytes = Array("{\"".utf8) + key + Array("\":\"".utf8) + text + Array("\"}".utf8)
            let expected = Self.oracle(bytes)
            #expect(Self.scanner(bytes) == expected, "\(bytes.map { String($0, radix: 16) })")
            if expected { accepted += 1 } else { refused += 1 }
        }
        #expect(accepted > 500 && refused > 500)
    }

    @Test("the envelope fields are read back")
    func envelope() throws {
        let bytes = Array(#"{"actor":"clerk","event_id":"0190f4c2-7b1e-7c3a-9d2e-5a6b7c8d9e0f","occurred_at":"2025","payload":{"t":"a\nb"},"recorded_at":"2026-01-15T03:00:00.000Z","seq":7,"subject":"org/a","subject_version":2,"type":"a.b","v":1}"#.utf8)
        let e = try CanonicalScanner.scan(bytes).get()
        #expect(e.seq == 7 && e.v == 1 && e.subjectVersion == 2 && e.actor == "clerk" && e.type == "a.b")
        #expect(e.eventID == "0190f4c2-7b1e-7c3a-9d2e-5a6b7c8d9e0f" && e.payloadIsObject && e.metaIsObject == nil)
        let raw = try bytes.withUnsafeBytes { try CanonicalScanner.scanRaw($0).get() }
        #expect(raw.eventID.map { String(decoding: bytes[$0], as: UTF8.self) } == e.eventID && !raw.anyEscaped)
        // An escape in an envelope text field (not only in the payload) marks the envelope, which
        // then has its fields decoded before they are compared with the query columns.
        for field in ["actor", "subject", "type"] {
            let escaped = Array(String(decoding: bytes, as: UTF8.self)
                .replacingOccurrences(of: #""\#(field)":""#, with: #""\#(field)":"q\\"#).utf8)
            let marked = try escaped.withUnsafeBytes { try CanonicalScanner.scanRaw($0).get() }
            #expect(marked.anyEscaped, "\(field)")
        }
        let odd = try CanonicalScanner.scan(Array(#"{"extra":1,"seq":"7"}"#.utf8)).get()
        #expect(odd.unknownKey == "extra" && odd.wrongKind == "seq")
    }

    @Test("every envelope key is read as its field, and a key one byte off is not")
    func envelopeKeys() throws {
        let keys = ["actor", "author", "event_id", "meta", "occurred_at", "payload", "recorded_at", "seq", "subject",
                    "subject_version", "type", "v"]
        for key in keys {
            let known = try CanonicalScanner.scan(Array("{\"\(key)\":{}}".utf8)).get()
            #expect(known.unknownKey == nil, "\(key)")
            // The same length and first byte (the candidate the scanner picks), one byte changed.
            for k in 0..<key.utf8.count {
                var bytes = Array(key.utf8)
                bytes[k] = bytes[k] == UInt8(ascii: "z") ? UInt8(ascii: "y") : UInt8(ascii: "z")
                let other = String(decoding: bytes, as: UTF8.self)
                let scanned = try CanonicalScanner.scan(Array("{\"\(other)\":{}}".utf8)).get()
                #expect(scanned.unknownKey == other)
            }
        }
    }

    @Test("S15-S17: re-encoded, NFD and duplicate-key entries are refused")
    func tamperedEncodings() {
        #expect(!Self.scanner(Array(#"{"a":1, "b":2}"#.utf8)))
        #expect(!Self.scanner(Array(#"{"a":"\u0041"}"#.utf8)))
        #expect(!Self.scanner(Array("{\"a\":\"Vie\u{0323}\u{0302}t\"}".utf8)))
        #expect(Self.scanner(Array("{\"a\":\"Việt\"}".utf8)))
        #expect(!Self.scanner(Array(#"{"a":1,"a":1}"#.utf8)))
        #expect(!Self.scanner(Array(#"{"b":1,"a":1}"#.utf8)))
        #expect(!Self.scanner(Array(#"{"A":1}"#.utf8)))
        #expect(!Self.scanner(Array(#"{"a":-0}"#.utf8)))
        #expect(!Self.scanner(Array(#"{"a":9007199254740992}"#.utf8)))
        #expect(Self.scanner(Array(#"{"a":-9007199254740991}"#.utf8)))
    }

    /// An entry around `payload` (its bytes as given), with every envelope field.
    static func entry(payload: [UInt8]) -> [UInt8] {
        Array(#"{"actor":"clerk","event_id":"0190f4c2-7b1e-7c3a-9d2e-5a6b7c8d9e0f","occurred_at":"2025","payload":"#.utf8) + payload
            + Array(#","recorded_at":"2026-01-15T03:00:00.000Z","seq":7,"subject":"org/a","subject_version":2,"type":"a.b","v":1}"#.utf8)
    }

    @Test("property: a delimited payload ends where the canonical scan says, for random payloads", arguments: 0..<4)
    func delimitedMatchesCanonical(seed: UInt64) throws {
        var rng = SplitMix(seed: seed)
        for _ in 0..<300 {
            var members = RandomJSON.object(members: 0...6, keyLength: 1...5, depth: 1, using: &rng)
            // Brackets and quotes inside text must not end the payload early.
            members["zz"] = .string("}]{[\"\\\"} \u{1}")
            let bytes = Self.entry(payload: CanonicalEncoder.encode(.object(members)))
            let canonical = try bytes.withUnsafeBytes { try CanonicalScanner.scanRaw($0).get() }
            let delimited = try bytes.withUnsafeBytes { try CanonicalScanner.scanRaw($0, payload: .delimited).get() }
            #expect(delimited.payload == canonical.payload && delimited.payloadIsObject)
            #expect(delimited.seq == 7 && delimited.subjectVersion == 2 && delimited.recordedAt == canonical.recordedAt)
        }
    }

    @Test("a delimited payload is not checked, but must still end")
    func delimitedPayloadIsOnlyDelimited() {
        func scans(_ payload: String, _ check: CanonicalScanner.PayloadCheck) -> Bool {
            let bytes = Self.entry(payload: Array(payload.utf8))
            return bytes.withUnsafeBytes { if case .success = CanonicalScanner.scanRaw($0, payload: check) { return true } else { return false } }
        }
        // Not canonical (unsorted keys, whitespace, NFD): refused when checked, passed through when delimited.
        for payload in [#"{"b":1,"a":2}"#, #"{ "a": [1, 2] }"#, "{\"a\":\"Vie\u{0323}\u{0302}t\"}"] {
            #expect(!scans(payload, .canonical) && scans(payload, .delimited), "\(payload)")
        }
        // Unterminated: refused either way, without reading past the bytes.
        for payload in [#"{"a":"}"#, #"{"a":[1,2}"#, #"{"a":"\"#] {
            let bytes = Array(#"{"actor":"a","payload":"#.utf8) + Array(payload.utf8)
            #expect(bytes.withUnsafeBytes { if case .failure = CanonicalScanner.scanRaw($0, payload: .delimited) { return true } else { return false } }, "\(payload)")
        }
        #expect(scans(#"{"a":"x\"}"}"#, .delimited) && scans(#"{"a":"x\\"}"#, .delimited))
    }
}
