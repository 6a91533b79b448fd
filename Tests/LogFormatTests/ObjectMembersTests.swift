import TestSupport
import Testing

@testable import LogFormat

/// Reading members from stored bytes without parsing the object must find exactly what the
/// parser finds, and must refuse (never crash on, never misread) bytes that are not an object.
@Suite struct ObjectMembersTests {
    static func members(_ bytes: [UInt8], _ body: (ObjectMembers?) -> Void) {
        bytes.withUnsafeBufferPointer { ObjectMembers.read($0, body) }
    }

    /// Reads every member of `object` (encoded canonically) through ``ObjectMembers`` and
    /// expects the parser's value at every depth; returns how many members were compared.
    static func readsAsParsed(_ object: [String: JSONValue]) -> Int {
        let bytes = CanonicalEncoder.encode(.object(object))
        var found = 0
        members(bytes) { m in
            guard let m else {
                Issue.record("refused \(String(decoding: bytes, as: UTF8.self))")
                return
            }
            for (key, value) in object {
                let range = m.range(of: key)
                #expect(range.flatMap { m.value(at: $0) } == value, "\(key) in \(String(decoding: bytes, as: UTF8.self))")
                if case .object(let inner) = value, let range {
                    m.withObject(at: range) { nested in
                        #expect(nested != nil)
                        for (k, v) in inner { #expect(nested?.range(of: k).flatMap { nested?.value(at: $0) } == v) }
                    }
                }
                found += 1
            }
            for absent in ["", "zz_absent", "a_b_c_d_e_f_g"] where object[absent] == nil { #expect(m.range(of: absent) == nil) }
        }
        return found
    }

    @Test("property: every member of a canonical object is found with the parser's value; absent keys are not", arguments: 0..<6)
    func agreesWithParser(seed: UInt64) {
        var rng = SplitMix(seed: seed)
        var found = 0
        for _ in 0..<400 { found += Self.readsAsParsed(RandomJSON.object(members: 0...8, keyLength: 1...6, depth: 2, using: &rng)) }
        #expect(found > 1000)
    }

    @Test("property: objects with more members than fit on the stack are read whole", arguments: 0..<3)
    func manyMembers(seed: UInt64) {
        var rng = SplitMix(seed: seed)
        var largest = 0
        for _ in 0..<60 {
            let object = RandomJSON.object(members: 20...90, keyLength: 2...8, depth: 1, using: &rng)
            largest = max(largest, object.count)
            #expect(Self.readsAsParsed(object) == object.count)
        }
        #expect(largest > 2 * ObjectMembers.stackMembers)
    }

    @Test("property: no strict prefix of a canonical object, and no byte cut out of it, reads as an object that misplaces a member", arguments: 0..<4)
    func damagedBytes(seed: UInt64) {
        var rng = SplitMix(seed: seed)
        for _ in 0..<150 {
            let object = RandomJSON.object(members: 1...5, keyLength: 1...4, depth: 2, using: &rng)
            let bytes = CanonicalEncoder.encode(.object(object))
            for end in 0..<bytes.count { Self.members(Array(bytes[..<end])) { #expect($0 == nil, "prefix of \(end) bytes") } }
            for cut in 0..<bytes.count {
                var damaged = bytes
                damaged.remove(at: cut)
                // Whatever it finds, a value it returns must be a value the parser reads at that
                // key in the damaged bytes (or the damaged bytes are not JSON at all).
                Self.members(damaged) { m in
                    guard let m, case .object(let parsed)? = try? JSONParser.parse(damaged, normalize: false) else { return }
                    for key in object.keys {
                        if let v = m.range(of: key).flatMap({ m.value(at: $0) }) { #expect(parsed[key] == v) }
                    }
                }
            }
        }
    }

    /// Reads `bytes` with member `payload` delimited along. Where the bytes are JSON, every
    /// value found (outer, or in the payload) is the parser's; where they are the canonical
    /// `object`, everything is found, and the payload's members whenever it is an object whose
    /// members fit on the stack.
    static func nestingAgrees(_ bytes: [UInt8], canonical object: [String: JSONValue]? = nil) {
        let text = String(decoding: bytes, as: UTF8.self)
        let parsed = (try? JSONParser.parse(bytes, normalize: false))?.objectValue
        bytes.withUnsafeBufferPointer { buffer in
            ObjectMembers.read(buffer, nesting: "payload") { outer, payload in
                if outer == nil { #expect(payload == nil) }
                // JSON or not, the outer members are those the plain read finds.
                Self.members(bytes) { plain in
                    #expect((outer == nil) == (plain == nil), "\(text)")
                    guard let outer, let plain else { return }
                    for key in ["payload", "a", "b", "zz", ""] {
                        #expect(outer.range(of: key).map { Array(outer.bytes(in: $0)) } == plain.range(of: key).map { Array(plain.bytes(in: $0)) },
                                "\(key) in \(text)")
                    }
                }
                guard let parsed else { return }
                if let object {
                    #expect(outer != nil, "\(text)")
                    if case .object(let inner)? = object["payload"] {
                        #expect((payload != nil) == (inner.count <= ObjectMembers.stackMembers), "\(text)")
                    } else {
                        #expect(payload == nil, "\(text)")
                    }
                }
                guard let outer else { return }
                for key in ["payload", "a", "b", "zz", ""] {
                    if let v = outer.range(of: key).flatMap({ outer.value(at: $0) }) { #expect(parsed[key] == v, "\(key) in \(text)") }
                }
                guard let payload, case .object(let inner)? = parsed["payload"] else { return }
                for key in Set(inner.keys).union(["zz", ""]) {
                    let v = payload.range(of: key).flatMap { payload.value(at: $0) }
                    if let v { #expect(inner[key] == v, "payload.\(key) in \(text)") }
                    if object != nil { #expect(v == inner[key]) }
                }
            }
        }
    }

    @Test("a damaged payload and a repeated payload member are read as the plain read reads them")
    func nestingEdges() {
        Self.nestingAgrees(Array(#"{"payload":{"a":x{},"b":1}"#.utf8))
        Self.nestingAgrees(Array(#"{"payload":{"a":1},"payload":{"a":2}}"#.utf8))
        Array(#"{"payload":"s","payload":{"a":1}}"#.utf8).withUnsafeBufferPointer { buffer in
            ObjectMembers.read(buffer, nesting: "payload") { outer, payload in
                #expect(outer != nil)
                #expect(payload == nil)  // the first member of the name is a string
            }
        }
    }

    @Test("property: a member delimited along with its object reads as when delimited apart, whole or damaged", arguments: 0..<4)
    func nesting(seed: UInt64) {
        var rng = SplitMix(seed: seed)
        for round in 0..<300 {
            var object = RandomJSON.object(members: 0...4, keyLength: 1...2, depth: 1, using: &rng)
            switch round % 4 {
            case 0: object["payload"] = .object(RandomJSON.object(members: 0...6, keyLength: 1...2, depth: 2, using: &rng))
            case 1: object["payload"] = .object(RandomJSON.object(members: 25...40, keyLength: 3...6, depth: 1, using: &rng))
            case 2: object["payload"] = RandomJSON.value(depth: 2, using: &rng)
            default: break  // no payload
            }
            let bytes = CanonicalEncoder.encode(.object(object))
            Self.nestingAgrees(bytes, canonical: object)
            guard round % 4 == 0 else { continue }
            for end in 0..<bytes.count { Self.nestingAgrees(Array(bytes[..<end])) }
            for cut in 0..<bytes.count {
                var damaged = bytes
                damaged.remove(at: cut)
                Self.nestingAgrees(damaged)
            }
        }
    }

    @Test("keys with escapes, values of every kind, and the empty object")
    func shapes() {
        Self.members(Array("{}".utf8)) { m in
            #expect(m != nil)
            #expect(m?.range(of: "a") == nil)
        }
        Self.members(Array(#"{"a\u0062":1}"#.utf8)) { #expect($0 == nil) }
        Self.members(Array(#"{"a":"x\"}","b":[1,{"c":"]"}],"d":-12,"e":null,"f":true}"#.utf8)) { m in
            #expect(m?.range(of: "a").flatMap { m?.value(at: $0) } == .string("x\"}"))
            #expect(m?.range(of: "b").flatMap { m?.value(at: $0) } == .array([.integer(1), .object(["c": .string("]")])]))
            #expect(m?.range(of: "d").flatMap { m?.value(at: $0) } == .integer(-12))
            #expect(m?.range(of: "e").flatMap { m?.value(at: $0) } == .null)
            #expect(m?.range(of: "f").flatMap { m?.value(at: $0) } == .bool(true))
            if let m, let a = m.range(of: "a") { m.withObject(at: a) { #expect($0 == nil) } }
        }
        for bad in [#"[1]"#, #"{"a":}"#, #"{"a":1,}"#, #"{"a"1}"#, #"{"a":1}}"#, #"{"a":"x}"#, #"{a:1}"#] {
            Self.members(Array(bad.utf8)) { #expect($0 == nil, "\(bad)") }
        }
    }

    @Test("text read straight from its bytes is byte for byte the parser's, and refused where the parser refuses")
    func textAsTheParserReadsIt() {
        let nfd = "Ho\u{0302}\u{0323}i"  // "Hội" decomposed: not NFC, which the parser refuses in stored entries
        let texts: [[UInt8]] = [
            Array("Hội Nông dân xã Phú Lộc".utf8), Array("Đoàn Thanh niên".utf8), Array("ASCII only".utf8),
            Array(nfd.utf8), Array("😂 €".utf8), Array("漢字".utf8), [0xC3, 0x28], [0xE1, 0xBA], [0xED, 0xA0, 0x80],
            Array(#"tab\tescaped"#.utf8), Array("\u{7F}\u{2028}".utf8),
        ]
        for text in texts {
            let bytes = Array(#"{"t":""#.utf8) + text + Array(#""}"#.utf8)
            Self.members(bytes) { m in
                guard let m, let range = m.range(of: "t") else {
                    Issue.record("no member t in \(bytes)")
                    return
                }
                let parsed: String?
                if case .object(let object)? = try? JSONParser.parse(bytes, normalize: false), case .string(let s)? = object["t"] {
                    parsed = s
                } else {
                    parsed = nil
                }
                let read: String? = if case .string(let s)? = m.value(at: range) { s } else { nil }
                #expect(read.map { Array($0.utf8) } == parsed.map { Array($0.utf8) }, "\(text)")
                if let direct = m.text(at: range) { #expect(Array(direct.utf8) == parsed.map { Array($0.utf8) }) }
            }
        }
        // A control, an escape, a letter in NFD or another non-ASCII character at each place of
        // strings long enough to be read eight bytes at a time.
        let inserts: [[UInt8]] = [[0x01], [0x1F], Array(#"\n"#.utf8), Array(#"\u00e9"#.utf8), Array("o\u{0302}".utf8), Array("ộ".utf8), [0x7F]]
        for length in 0..<26 {
            for place in 0...length {
                // Alone, and followed by a member whose bytes hold a control, an escape and a
                // non-ASCII letter (what follows a string's closing quote is not its text).
                for (insert, after) in inserts.flatMap({ i in [(i, ""), (i, #","u":"\t\u0001ộ\\""#)] }) {
                    let filler = Array("abcdefghijklmnopqrstuvwxyz".utf8.prefix(length))
                    let text = Array(filler[..<place]) + insert + Array(filler[place...])
                    let bytes = Array(#"{"t":""#.utf8) + text + Array("\"\(after)}".utf8)
                    Self.members(bytes) { m in
                        guard let m, let range = m.range(of: "t") else {
                            Issue.record("no member t in \(bytes)")
                            return
                        }
                        let parsed: String? = if case .object(let o)? = try? JSONParser.parse(bytes, normalize: false), case .string(let s)? = o["t"] { s } else { nil }
                        let direct = m.text(at: range)
                        // Plain exactly when it holds no control and no escape; read only where the parser reads the same.
                        #expect((m.plainBytes(at: range) != nil) == !text.contains { $0 < 0x20 || $0 == UInt8(ascii: "\\") }, "\(text)")
                        if let direct { #expect(Array(direct.utf8) == parsed.map { Array($0.utf8) }, "\(text)") }
                        if insert == Array("o\u{0302}".utf8) { #expect(direct == nil, "\(text)") }
                        if insert == [0x7F] || insert == Array("ộ".utf8) { #expect(direct != nil, "\(text)") }
                    }
                }
            }
        }
        Self.members(Array(#"{"t":"Hội"}"#.utf8)) { m in #expect(m?.text("t") == "Hội") }
        // The end of printable ASCII text: each byte that stops it, at each place.
        for length in 0..<20 {
            for place in 0...length {
                for special: UInt8 in [0x00, 0x1F, 0x20, 0x22, 0x5C, 0x7E, 0x7F, 0x80, 0xC3, 0xFF] {
                    var text = Array(repeating: UInt8(ascii: "a"), count: length)
                    text.insert(special, at: place)
                    let bytes = [UInt8(ascii: "x")] + text + Array(#""}"#.utf8)
                    var expected: Int?
                    for (k, b) in bytes.enumerated().dropFirst() {
                        if b == UInt8(ascii: "\"") { expected = k; break }
                        if b < 0x20 || b >= 0x7F || b == UInt8(ascii: "\\") { break }
                    }
                    let end = bytes.withUnsafeBufferPointer { ObjectMembers.endOfPrintableASCII(in: $0, from: 1) }
                    #expect(end == expected, "\(text)")
                }
            }
        }
        Self.members(Array(#"{"t":"Ho\#u{0302}\#u{0323}i"}"#.utf8)) { m in #expect(m?.text("t") == nil) }
    }
}

/// An object read where it starts inside longer bytes (an entry's payload found at its place):
/// the same members as reading it alone, and the position just after its closing brace.
@Suite struct ObjectMembersAtTests {
    @Test("property: an object read at its start inside other bytes has the parser's members and ends at its closing brace", arguments: 0..<4)
    func objectAt(seed: UInt64) {
        var rng = SplitMix(seed: seed)
        for _ in 0..<200 {
            let object = RandomJSON.object(members: 0...8, keyLength: 1...6, depth: 2, using: &rng)
            let inner = CanonicalEncoder.encode(.object(object))
            let prefix = Array("{\"a\":\"x\",\"payload\":".utf8)
            let bytes = prefix + inner + Array(",\"z\":1}".utf8)
            bytes.withUnsafeBufferPointer { b in
                ObjectMembers.read(b, objectAt: prefix.count) { m, end in
                    guard let m else {
                        if object.count <= ObjectMembers.stackMembers { Issue.record("refused \(String(decoding: inner, as: UTF8.self))") }
                        return
                    }
                    #expect(end == prefix.count + inner.count)
                    for (key, value) in object { #expect(m.range(of: key).flatMap { m.value(at: $0) } == value) }
                }
            }
        }
    }

    @Test("no object at the position: nil")
    func notAnObject() {
        let bytes = Array("{\"a\":[1,2],\"b\":\"{\"}".utf8)
        bytes.withUnsafeBufferPointer { b in
            ObjectMembers.read(b, objectAt: 5) { m, end in
                #expect(m == nil)
                #expect(end == 5)
            }
            // A brace inside a string opens no object that ends in the bytes.
            ObjectMembers.read(b, objectAt: 16) { m, _ in #expect(m == nil) }
        }
    }
}
