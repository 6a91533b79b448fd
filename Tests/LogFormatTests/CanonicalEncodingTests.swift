import Foundation
import TestSupport
import Testing

@testable import LogFormat

/// RFC 8785 (JCS) within the auditlog profile: known answers, refusals, and properties.
@Suite struct CanonicalEncodingTests {
    func canonical(_ text: String) throws -> String {
        String(decoding: CanonicalEncoder.encode(try JSONParser.parse(Array(text.utf8), normalize: true)), as: UTF8.self)
    }

    func refusal(_ text: String, normalize: Bool = true) -> JSONParseError? {
        do {
            _ = try JSONParser.parse(Array(text.utf8), normalize: normalize)
            return nil
        } catch {
            return error
        }
    }

    @Test("cyberphone arrays.json: key order and nesting")
    func arraysVector() throws {
        #expect(try canonical(#"[ 56, { "d": true, "10": null, "1": [ ] } ]"#) == #"[56,{"1":[],"10":null,"d":true}]"#)
    }

    @Test("cyberphone values.json: literals and the escaping of strings")
    func valuesVectorInsideProfile() throws {
        let input = #"{"literals": [null, true, false], "string": "\u20ac$\u000F\u000aA'\u0042\u0022\u005c\\\"\/"}"#
        #expect(try canonical(input) == #"{"literals":[null,true,false],"string":"€$\u000f\nA'B\"\\\\\"/"}"#)
    }

    @Test("cyberphone unicode.json: the profile stores NFC where plain JCS would keep A + U+030A")
    func unicodeVector() throws {
        let out = try canonical(#"{"unnormalized_unicode":"A\u030a"}"#)
        #expect(Array(out.utf8) == Array(#"{"unnormalized_unicode":"Å"}"#.utf8))
        #expect(Array(out.utf8).contains(0xC3))  // U+00C5 precomposed: C3 85
    }

    @Test("the other cyberphone vectors fall outside the profile, each for its stated reason")
    func outsideProfile() {
        // structures.json: 56.0 is a decimal, "" and "F" are not profile keys.
        #expect(refusal(#"{"1": {"f": {"f": "hi","F": 5} ,"\n": 56.0}}"#)?.message.contains("not allowed") == true)
        #expect(refusal(#"{"a": 56.0}"#)?.message.contains("decimal") == true)
        #expect(refusal(#"{"a": 1E30}"#)?.message.contains("decimal") == true)
        #expect(refusal(#"{"": 1}"#) != nil)
        // french.json / weird.json: non-ASCII keys.
        #expect(refusal(#"{"peach": "This sorting order", "péché": "is wrong"}"#)?.message.contains("ASCII") == true)
    }

    @Test("a character to escape at each place of strings read eight bytes at a time")
    func escapesAtEveryPlace() {
        let filler = Array("Hội Nông dân tỉnh Hà Tĩnh".unicodeScalars)
        for special: Unicode.Scalar in ["\"", "\\", "\u{0}", "\u{8}", "\n", "\u{1F}", "\u{7F}", "é"] {
            for length in 0..<filler.count {
                for place in 0...length {
                    var scalars = String.UnicodeScalarView(filler[..<length])
                    scalars.insert(special, at: scalars.index(scalars.startIndex, offsetBy: place))
                    let text = String(scalars)
                    var expected = "\""
                    for c in text.unicodeScalars {
                        switch c {
                        case "\"": expected += "\\\""
                        case "\\": expected += "\\\\"
                        case "\u{8}": expected += "\\b"
                        case "\n": expected += "\\n"
                        case "\u{0}": expected += "\\u0000"
                        case "\u{1F}": expected += "\\u001f"
                        default: expected.unicodeScalars.append(c)
                        }
                    }
                    expected += "\""
                    var out: [UInt8] = []
                    CanonicalEncoder.writeString(text, into: &out)
                    #expect(out == Array(expected.utf8), "\(text.debugDescription)")
                }
            }
        }
    }

    @Test("refusals name the field path")
    func refusalsNamePaths() {
        #expect(refusal(#"{"payload": {"items": [1, 2.5]}}"#)?.path == "payload.items[1]")
        #expect(refusal(#"{"a": 1, "a": 2}"#)?.message.contains("duplicate") == true)
        #expect(refusal(#"{"a": "\ud800"}"#)?.message.contains("surrogate") == true)
        #expect(refusal(#"{"a": "\udc00x"}"#)?.message.contains("surrogate") == true)
        #expect(refusal(#"{"a": "x\u0000"}"#)?.message.contains("U+0000") == true)
        #expect(refusal(#"{"a": 9007199254740992}"#)?.message.contains("out of range") == true)
        #expect(refusal(#"{"a": 123456789012345678901234567890}"#)?.message.contains("out of range") == true)
        #expect(refusal(#"{"a": 01}"#)?.message.contains("leading zeros") == true)
        #expect(refusal("{\"a\": \"tab\there\"}")?.message.contains("must be escaped") == true)
        #expect(refusal(#"{"a": 1} x"#) != nil)
        #expect(refusal(#"{"a": tru}"#) != nil)
        #expect(refusal(#"{"a": "unterminated"#) != nil)
        #expect(refusal(String(repeating: "[", count: 40) + String(repeating: "]", count: 40))?.message.contains("nested") == true)
    }

    @Test("invalid UTF-8 is refused")
    func invalidUTF8() {
        for bad: [UInt8] in [[0xC3, 0x28], [0xFF], [0xED, 0xA0, 0x80], [0xE2, 0x82]] {
            let bytes = Array(#"{"a":""#.utf8) + bad + Array(#""}"#.utf8)
            #expect(throws: JSONParseError.self) { try JSONParser.parse(bytes, normalize: true) }
        }
    }

    @Test("integers at the I-JSON limits round-trip; -0 becomes 0")
    func integerLimits() throws {
        #expect(try canonical(#"[9007199254740991,-9007199254740991,0,-0,42]"#) == "[9007199254740991,-9007199254740991,0,0,42]")
    }

    @Test("NFD Vietnamese input is stored as NFC bytes; verification mode refuses NFD")
    func vietnameseNormalisation() throws {
        let nfd = "Vie\u{0323}\u{0302}t Nam — Tru\u{031B}o\u{031B}\u{0300}ng"
        let nfc = "Việt Nam — Trường"
        let text = "{\"name\":\"\(nfd)\"}"
        #expect(try canonical(text) == "{\"name\":\"\(nfc)\"}")
        #expect(Array(try canonical(text).utf8) == Array("{\"name\":\"\(nfc)\"}".utf8))
        #expect(refusal(text, normalize: false)?.message.contains("NFC") == true)
        #expect(refusal("{\"name\":\"\(nfc)\"}", normalize: false) == nil)
    }

    @Test("property: encode(parse(x)) == x for canonical x, and whitespace never changes the bytes", arguments: 0..<8)
    func roundTrip(seed: UInt64) throws {
        var rng = SplitMix(seed: seed)
        for _ in 0..<250 {
            let value = RandomJSON.value(depth: 0, using: &rng)
            let bytes = CanonicalEncoder.encode(value)
            let parsed = try JSONParser.parse(bytes, normalize: false)
            #expect(parsed == value)
            #expect(CanonicalEncoder.encode(parsed) == bytes)
            let spaced = RandomJSON.spaced(value, using: &rng)
            #expect(CanonicalEncoder.encode(try JSONParser.parse(Array(spaced.utf8), normalize: true)) == bytes)
        }
    }

    @Test("property: any mix of NFD and NFC input yields the NFC bytes", arguments: 0..<4)
    func nfdYieldsNFC(seed: UInt64) throws {
        var rng = SplitMix(seed: seed)
        let words = ["Hội Nông dân", "Mặt trận Tổ quốc", "Đoàn Thanh niên", "Ủy ban", "Trường", "Việt Nam", "Quảng Trị"]
        for _ in 0..<100 {
            let nfc = (0..<Int.random(in: 1...4, using: &rng)).map { _ in words.randomElement(using: &rng)! }.joined(separator: " ")
            let nfd = nfc.decomposedStringWithCanonicalMapping
            #expect(Array(nfd.utf8) != Array(nfc.utf8))
            let fromNFD = try JSONParser.parse(Array("{\"t\":\"\(nfd)\"}".utf8), normalize: true)
            #expect(CanonicalEncoder.encode(fromNFD) == Array("{\"t\":\"\(nfc)\"}".utf8))
        }
    }
}

/// Random values inside the profile.
enum RandomJSON {
    static let keyAlphabet = Array("abcdefghijklmnopqrstuvwxyz0123456789_")
    /// Pieces of text: escapes, controls, one- to four-byte characters, and runs long enough for
    /// the scanners' eight-byte steps (ASCII, and Vietnamese with a mark every few bytes).
    static let textPieces = [
        "a", "Z", "\"", "\\", "/", "\n", "\t", "\u{1}", "\u{1F}", "é", "Việt", "😂", "€", " ", "Đ", "\u{7F}", "\u{2028}",
        "abcdefghijklmnopq", "Phối hợp với Ủy ban Mặt trận", "ǅ˿ḀỿẞỹƯ",
    ]

    static func value(depth: Int, using rng: inout SplitMix) -> JSONValue {
        let pick = Int.random(in: 0..<(depth > 3 ? 5 : 7), using: &rng)
        switch pick {
        case 0: return .null
        case 1: return .bool(Bool.random(using: &rng))
        case 2: return .integer(Int64.random(in: -Limits.maxSafeInteger...Limits.maxSafeInteger, using: &rng))
        case 3: return .integer(Int64.random(in: -1000...1000, using: &rng))
        case 4:
            return .string((0..<Int.random(in: 0...6, using: &rng)).map { _ in textPieces.randomElement(using: &rng)! }.joined())
        case 5: return .array((0..<Int.random(in: 0...4, using: &rng)).map { _ in value(depth: depth + 1, using: &rng) })
        default:
            return .object(object(members: 0...5, keyLength: 1...6, depth: depth + 1, using: &rng))
        }
    }

    /// The members of a random object: up to `members` of them (fewer when keys repeat), keys
    /// of the profile's alphabet with a length in `keyLength`, values made at `depth`.
    static func object(members: ClosedRange<Int>, keyLength: ClosedRange<Int>, depth: Int, using rng: inout SplitMix) -> [String: JSONValue] {
        var object: [String: JSONValue] = [:]
        for _ in 0..<Int.random(in: members, using: &rng) {
            let key = String((0..<Int.random(in: keyLength, using: &rng)).map { _ in keyAlphabet.randomElement(using: &rng)! })
            object[key] = value(depth: depth, using: &rng)
        }
        return object
    }

    /// The same value as JSON text with random whitespace, shuffled keys and escaped characters.
    static func spaced(_ value: JSONValue, using rng: inout SplitMix) -> String {
        let ws = [" ", "", "\n", "\t", "  "]
        func s() -> String { ws.randomElement(using: &rng)! }
        switch value {
        case .null, .bool, .integer: return s() + String(decoding: CanonicalEncoder.encode(value), as: UTF8.self) + s()
        case .string(let text):
            var out = "\""
            for scalar in text.unicodeScalars {
                if scalar == "\"" || scalar == "\\" || scalar.value < 0x20 || Bool.random(using: &rng) && scalar.value < 0xFFFF {
                    out += String(format: "\\u%04x", scalar.value)
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
            return s() + out + "\"" + s()
        case .array(let items):
            return s() + "[" + items.map { spaced($0, using: &rng) }.joined(separator: ",") + "]" + s()
        case .object(let members):
            let keys = members.keys.shuffled(using: &rng)
            return s() + "{" + keys.map { "\"\($0)\"" + s() + ":" + spaced(members[$0]!, using: &rng) }.joined(separator: ",") + "}" + s()
        }
    }
}


/// The standard library's NFC (used on the hot paths) against Foundation's, on Vietnamese text
/// in every form and on random strings of combining marks.
@Suite struct NormalizationAgreementTests {
    @Test("stdlib NFC == Foundation NFC", arguments: 0..<4)
    func agree(seed: UInt64) {
        var rng = SplitMix(seed: seed)
        let pieces: [String] = ["a", "e", "o", "u", "A", "Đ", "ơ", "ư", "\u{0300}", "\u{0301}", "\u{0303}", "\u{0309}", "\u{0323}",
                                "\u{0302}", "\u{0306}", "\u{031B}", "Việt", "Trường", "한", "\u{1100}\u{1161}", "é", "Å", "ﬁ", "😂", " "]
        for _ in 0..<500 {
            let s = (0..<Int.random(in: 1...12, using: &rng)).map { _ in pieces.randomElement(using: &rng)! }.joined()
            let foundation = s.precomposedStringWithCanonicalMapping
            #expect(Array(UnicodeNormalization.nfc(s).utf8) == Array(foundation.utf8), "\(s.unicodeScalars.map { $0.value })")
            #expect(UnicodeNormalization.isNFC(s) == (Array(s.utf8) == Array(foundation.utf8)))
        }
    }
}

/// The fast path's claim: the characters it accepts are starters, NFC alone, and no two of them
/// compose.
@Suite struct NFCFastPathTests {
    static let ranges: [ClosedRange<UInt32>] = [0x80...0x2FF, 0x1E00...0x1EFF, 0x2010...0x206F]
    static let scalars: [Unicode.Scalar] = ranges.flatMap { $0.compactMap(Unicode.Scalar.init) }

    @Test("every accepted character is a starter and NFC on its own")
    func singles() {
        for scalar in Self.scalars {
            let s = String(scalar)
            #expect(scalar.properties.canonicalCombiningClass == .notReordered, "U+\(String(scalar.value, radix: 16))")
            #expect(s._nfcCodeUnits == Array(s.utf8), "U+\(String(scalar.value, radix: 16))")
            #expect(s.withCString { UnicodeNormalization.isCertainlyNFC(UnsafeRawBufferPointer(start: $0, count: strlen($0))) })
        }
    }

    @Test("no pair of accepted characters composes", arguments: 0..<4)
    func pairs(part: Int) {
        let all = Self.scalars
        for (i, a) in all.enumerated() where i % 4 == part {
            for b in all {
                let s = String(a) + String(b)
                #expect(s._nfcCodeUnits == Array(s.utf8), "U+\(String(a.value, radix: 16)) U+\(String(b.value, radix: 16))")
            }
        }
    }

    @Test("combining marks, Hangul jamo and singletons are left to the slow path")
    func rejects() {
        for text in ["e\u{0301}", "\u{1100}\u{1161}", "\u{2000}", "Việt\u{0323}", "😂", "한"] {
            #expect(!text.withCString { UnicodeNormalization.isCertainlyNFC(UnsafeRawBufferPointer(start: $0, count: strlen($0))) })
        }
    }
}
