/// Checks in one pass, without building a tree, that bytes are exactly the canonical form of an
/// entry in the profile, and reads the top-level envelope fields on the way.
///
/// This is what `verify` runs on every stored entry. It accepts exactly the bytes `b` for which
/// `CanonicalEncoder.encode(JSONParser.parse(b, normalize: false)) == b` with an object at the
/// top (a property test holds the two to that): no whitespace, object keys in strictly
/// increasing byte order (so sorted and unique) matching `[a-z0-9_]+`, integers without leading
/// zeros, `-0` or a magnitude above 2^53 − 1, strings escaped exactly as JCS escapes them, valid
/// UTF-8, NFC text, no U+0000, nesting at most ``Limits/maxDepth``.
public struct CanonicalScanner: ~Copyable {
    /// The top-level fields of an entry that `verify` checks.
    public struct Envelope: Sendable {
        public var v: Int64?
        public var seq: Int64?
        public var subjectVersion: Int64?
        public var eventID: String?
        public var type: String?
        public var subject: String?
        public var occurredAt: String?
        public var recordedAt: String?
        public var actor: String?
        /// Whether `payload` is present and an object.
        public var payloadIsObject = false
        /// Whether `meta`, when present, is an object.
        public var metaIsObject: Bool?
        /// Whether `author` (an author's signature), when present, is an object.
        public var authorIsObject: Bool?
        /// The first top-level key that is not an envelope field.
        public var unknownKey: String?
        /// Whether a known field has a value of the wrong kind.
        public var wrongKind: String?
        /// Where the payload's value stands in the scanned bytes (braces included).
        public var payload: Range<Int>?
    }

    /// The envelope as positions in the scanned bytes: text fields are the byte ranges inside
    /// their quotes, for callers that check and compare them as bytes without building Strings.
    public struct RawEnvelope: Sendable {
        public var v: Int64?
        public var seq: Int64?
        public var subjectVersion: Int64?
        public var eventID: Range<Int>?
        public var type: Range<Int>?
        public var subject: Range<Int>?
        public var occurredAt: Range<Int>?
        public var recordedAt: Range<Int>?
        public var actor: Range<Int>?
        /// Whether one of those text fields holds an escape (its bytes are then not its text).
        public var anyEscaped = false
        /// Whether `payload` is present and an object.
        public var payloadIsObject = false
        /// Where the payload's value stands (braces included).
        public var payload: Range<Int>?
        /// Whether `meta`, when present, is an object.
        public var metaIsObject: Bool?
        /// Whether `author`, when present, is an object.
        public var authorIsObject: Bool?
        /// The first top-level key that is not an envelope field.
        public var unknownKey: String?
        /// Whether a known field has a value of the wrong kind.
        public var wrongKind: String?
    }

    /// How a scan treats the bytes of the payload.
    public enum PayloadCheck: Sendable {
        /// Checked as the rest of the entry is: what `verify` and appends need.
        case canonical
        /// Only delimited (strings honoured, brackets counted), not checked: for replays of
        /// entries the log already holds, which parse the payload next anyway (and so still
        /// refuse bytes that are not JSON). Whether it is canonical is `verify`'s question.
        case delimited
    }

    private enum Kind { case object, array, string, integer, literal }

    private let bytes: UnsafeRawBufferPointer
    private let payloadCheck: PayloadCheck
    private var i = 0
    private var scratch: [UInt8] = []
    /// Whether the last string scanned held an escape (the envelope's text fields then need
    /// decoding before they are compared; no second look at their bytes).
    private var lastStringEscaped = false

    private init(_ bytes: UnsafeRawBufferPointer, payload: PayloadCheck = .canonical) {
        self.bytes = bytes
        payloadCheck = payload
    }

    /// Scans `bytes`; returns the envelope, or why the bytes are not a canonical entry (with
    /// `payload: .delimited`, an entry whose payload may not be canonical).
    public static func scan(_ bytes: UnsafeRawBufferPointer, payload: PayloadCheck = .canonical) -> Result<Envelope, JSONParseError> {
        let scanner = CanonicalScanner(bytes)
        return scanRaw(bytes, payload: payload).map { raw in
            func text(_ r: Range<Int>?) -> String? { r.map { scanner.stringValue(($0.lowerBound - 1)..<($0.upperBound + 1)) } }
            return Envelope(
                v: raw.v, seq: raw.seq, subjectVersion: raw.subjectVersion, eventID: text(raw.eventID), type: text(raw.type),
                subject: text(raw.subject), occurredAt: text(raw.occurredAt), recordedAt: text(raw.recordedAt),
                actor: text(raw.actor), payloadIsObject: raw.payloadIsObject, metaIsObject: raw.metaIsObject,
                authorIsObject: raw.authorIsObject, unknownKey: raw.unknownKey, wrongKind: raw.wrongKind, payload: raw.payload)
        }
    }

    /// Scans `bytes` like ``scan(_:)-(UnsafeRawBufferPointer)``, returning where the envelope's
    /// fields stand instead of copies of them.
    public static func scanRaw(_ bytes: UnsafeRawBufferPointer, payload: PayloadCheck = .canonical) -> Result<RawEnvelope, JSONParseError> {
        var scanner = CanonicalScanner(bytes, payload: payload)
        do throws(JSONParseError) {
            let envelope = try scanner.topLevel()
            guard scanner.i == bytes.count else { throw JSONParseError(path: "", message: "bytes after the entry") }
            return .success(envelope)
        } catch {
            return .failure(error)
        }
    }

    /// Scans `bytes`.
    public static func scan(_ bytes: [UInt8]) -> Result<Envelope, JSONParseError> {
        bytes.withUnsafeBytes { scan($0) }
    }

    private func fail(_ message: String) -> JSONParseError {
        JSONParseError(path: "", message: "\(message) at byte \(i + 1)")
    }

    private func peek() -> UInt8? { i < bytes.count ? bytes[i] : nil }

    @inline(__always)
    private mutating func expect(_ byte: UInt8) throws(JSONParseError) {
        guard i < bytes.count, bytes[i] == byte else { throw missing(byte) }
        i += 1
    }

    @inline(never)
    private func missing(_ byte: UInt8) -> JSONParseError { fail("expected '\(Character(Unicode.Scalar(byte)))'") }

    private mutating func topLevel() throws(JSONParseError) -> RawEnvelope {
        var envelope = RawEnvelope()
        try expect(UInt8(ascii: "{"))
        if peek() == UInt8(ascii: "}") {
            i += 1
            return envelope
        }
        var previousKey: Range<Int>?
        while true {
            let key = try keyRange(after: previousKey)
            previousKey = key
            try expect(UInt8(ascii: ":"))
            let field = Self.field(UnsafeRawBufferPointer(rebasing: bytes[key]))
            let start = i
            let kind: Kind
            if field == .payload, payloadCheck == .delimited, peek() == UInt8(ascii: "{") {
                try skipContainer()
                kind = .object
            } else {
                kind = try value(depth: 1)
            }
            func wrong() {
                if envelope.wrongKind == nil { envelope.wrongKind = String(decoding: UnsafeRawBufferPointer(rebasing: bytes[key]), as: UTF8.self) }
            }
            switch field {
            case .v, .seq, .subjectVersion:
                guard kind == .integer else { wrong(); break }
                let n = integerValue(start..<i)
                if field == .v { envelope.v = n } else if field == .seq { envelope.seq = n } else { envelope.subjectVersion = n }
            case .eventID, .type, .subject, .occurredAt, .recordedAt, .actor:
                guard kind == .string else { wrong(); break }
                let text = (start + 1)..<(i - 1)
                if lastStringEscaped { envelope.anyEscaped = true }
                switch field {
                case .eventID: envelope.eventID = text
                case .type: envelope.type = text
                case .subject: envelope.subject = text
                case .occurredAt: envelope.occurredAt = text
                case .recordedAt: envelope.recordedAt = text
                default: envelope.actor = text
                }
            case .payload:
                envelope.payloadIsObject = kind == .object
                envelope.payload = start..<i
            case .meta: envelope.metaIsObject = kind == .object
            case .author: envelope.authorIsObject = kind == .object
            case nil:
                if envelope.unknownKey == nil { envelope.unknownKey = String(decoding: UnsafeRawBufferPointer(rebasing: bytes[key]), as: UTF8.self) }
            }
            switch peek() {
            case UInt8(ascii: ","): i += 1
            case UInt8(ascii: "}"):
                i += 1
                return envelope
            default: throw fail("expected ',' or '}'")
            }
        }
    }

    /// The envelope's fields, by their key.
    private enum Field {
        case v, seq, subjectVersion, eventID, type, subject, occurredAt, recordedAt, actor, payload, meta, author

        /// The field's key as little-endian words: its first eight bytes (zero after a shorter
        /// key) and, for a longer key, its last eight.
        var words: (first: UInt64, last: UInt64) {
            switch self {
            case .v: (0x0000_0000_0000_0076, 0)  // "v"
            case .seq: (0x0000_0000_0071_6573, 0)  // "seq"
            case .subjectVersion: (0x5F74_6365_6A62_7573, 0x6E6F_6973_7265_765F)  // "subject_version"
            case .eventID: (0x6469_5F74_6E65_7665, 0)  // "event_id"
            case .type: (0x0000_0000_6570_7974, 0)  // "type"
            case .subject: (0x0074_6365_6A62_7573, 0)  // "subject"
            case .occurredAt: (0x6465_7272_7563_636F, 0x7461_5F64_6572_7275)  // "occurred_at"
            case .recordedAt: (0x6465_6472_6F63_6572, 0x7461_5F64_6564_726F)  // "recorded_at"
            case .actor: (0x0000_0072_6F74_6361, 0)  // "actor"
            case .payload: (0x0064_616F_6C79_6170, 0)  // "payload"
            case .meta: (0x0000_0000_6174_656D, 0)  // "meta"
            case .author: (0x0000_726F_6874_7561, 0)  // "author"
            }
        }
    }

    /// The envelope field `key` names, compared as bytes (no String is built for a key): the
    /// length and first byte pick the one candidate, whose words the key's must equal.
    private static func field(_ key: UnsafeRawBufferPointer) -> Field? {
        guard let first = key.first else { return nil }
        let candidate: Field
        switch (key.count, first) {
        case (1, _): candidate = .v
        case (3, _): candidate = .seq
        case (4, UInt8(ascii: "t")): candidate = .type
        case (4, _): candidate = .meta
        case (5, _): candidate = .actor
        case (6, _): candidate = .author
        case (7, UInt8(ascii: "s")): candidate = .subject
        case (7, _): candidate = .payload
        case (8, _): candidate = .eventID
        case (11, UInt8(ascii: "o")): candidate = .occurredAt
        case (11, _): candidate = .recordedAt
        case (15, _): candidate = .subjectVersion
        default: return nil
        }
        // Compared as one or two words (no call to memcmp for each key of each entry).
        let n = key.count
        var head: UInt64 = 0, tail: UInt64 = 0
        if n >= 8 {
            head = key.loadUnaligned(as: UInt64.self)
            if n > 8 { tail = key.loadUnaligned(fromByteOffset: n - 8, as: UInt64.self) }
        } else {
            for k in 0..<n { head |= UInt64(key[k]) << (8 * k) }
        }
        let words = candidate.words
        return head == words.first && tail == words.last ? candidate : nil
    }

    /// The offset of the first byte from `start` that `mark` marks (it sets the high bit of that
    /// byte's lane in a word of eight), read eight bytes at a time; where fewer than eight bytes
    /// are left unmarked, the offset of the first of them (the caller goes on byte by byte).
    @inline(__always)
    private func firstMarked(from start: Int, _ mark: (UInt64) -> UInt64) -> Int {
        ByteLanes.firstMarked(in: bytes, from: start, mark)
    }

    /// Reads a key, checks it is a profile key greater than `previous`, and returns its byte range.
    private mutating func keyRange(after previous: Range<Int>?) throws(JSONParseError) -> Range<Int> {
        try expect(UInt8(ascii: "\""))
        let start = i
        // Eight key bytes at a time, to the first byte that is not one (the closing quote).
        i = firstMarked(from: i, ByteLanes.notKeyByte)
        while let b = peek(), b != UInt8(ascii: "\"") {
            guard (b >= UInt8(ascii: "a") && b <= UInt8(ascii: "z")) || (b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9"))
                || b == UInt8(ascii: "_")
            else { throw fail("key is not ASCII [a-z0-9_]+") }
            i += 1
        }
        let key = start..<i
        guard !key.isEmpty else { throw fail("empty key") }
        try expect(UInt8(ascii: "\""))
        if let previous {
            guard lexicographicallyLess(previous, key) else { throw fail("keys are not sorted or not unique") }
        }
        return key
    }

    private func lexicographicallyLess(_ a: Range<Int>, _ b: Range<Int>) -> Bool {
        var x = a.lowerBound, y = b.lowerBound
        while x < a.upperBound && y < b.upperBound {
            if bytes[x] != bytes[y] { return bytes[x] < bytes[y] }
            x += 1
            y += 1
        }
        return a.count < b.count
    }

    private mutating func value(depth: Int) throws(JSONParseError) -> Kind {
        guard let b = peek() else { throw fail("unexpected end") }
        switch b {
        case UInt8(ascii: "{"):
            guard depth < Limits.maxDepth else { throw fail("nested too deep") }
            i += 1
            if peek() == UInt8(ascii: "}") {
                i += 1
                return .object
            }
            var previous: Range<Int>?
            while true {
                previous = try keyRange(after: previous)
                try expect(UInt8(ascii: ":"))
                _ = try value(depth: depth + 1)
                if peek() == UInt8(ascii: ",") {
                    i += 1
                    continue
                }
                try expect(UInt8(ascii: "}"))
                return .object
            }
        case UInt8(ascii: "["):
            guard depth < Limits.maxDepth else { throw fail("nested too deep") }
            i += 1
            if peek() == UInt8(ascii: "]") {
                i += 1
                return .array
            }
            while true {
                _ = try value(depth: depth + 1)
                if peek() == UInt8(ascii: ",") {
                    i += 1
                    continue
                }
                try expect(UInt8(ascii: "]"))
                return .array
            }
        case UInt8(ascii: "\""):
            try string()
            return .string
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            try integer()
            return .integer
        case UInt8(ascii: "t"): try literal("true")
        case UInt8(ascii: "f"): try literal("false")
        case UInt8(ascii: "n"): try literal("null")
        default: throw fail("not canonical JSON")
        }
        return .literal
    }

    /// Moves past the object or array at `i` without checking what it holds: brackets are
    /// counted outside strings, strings end at their first unescaped quote.
    private mutating func skipContainer() throws(JSONParseError) {
        var depth = 0
        while i < bytes.count {
            switch bytes[i] {
            case UInt8(ascii: "\""):
                i += 1
                while true {
                    // Eight bytes at a time, to the first quote or backslash.
                    i = firstMarked(from: i, ByteLanes.quoteOrBackslash)
                    guard i < bytes.count else { throw fail("unterminated string") }
                    let b = bytes[i]
                    if b == UInt8(ascii: "\"") { break }
                    i += b == UInt8(ascii: "\\") ? 2 : 1
                }
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                depth += 1
            case UInt8(ascii: "}"), UInt8(ascii: "]"):
                depth -= 1
                if depth == 0 {
                    i += 1
                    return
                }
            default:
                break
            }
            i += 1
        }
        throw fail("unterminated object")
    }

    private mutating func literal(_ word: StaticString) throws(JSONParseError) {
        let count = word.utf8CodeUnitCount
        guard i + count <= bytes.count else { throw fail("bad literal") }
        for k in 0..<count where bytes[i + k] != word.utf8Start[k] { throw fail("bad literal") }
        i += count
    }

    private mutating func integer() throws(JSONParseError) {
        let start = i
        if peek() == UInt8(ascii: "-") { i += 1 }
        let digits = i
        while let b = peek(), b >= UInt8(ascii: "0"), b <= UInt8(ascii: "9") { i += 1 }
        let count = i - digits
        guard count > 0 else { throw fail("bad number") }
        guard count == 1 || bytes[digits] != UInt8(ascii: "0") else { throw fail("number with a leading zero") }
        guard !(count == 1 && bytes[digits] == UInt8(ascii: "0") && digits > start) else { throw fail("-0 is not canonical") }
        guard count <= 16, integerValue(start..<i).magnitude <= Limits.maxSafeInteger else {
            throw fail("integer out of range")
        }
    }

    private func integerValue(_ range: Range<Int>) -> Int64 {
        var value: Int64 = 0
        var negative = false
        for k in range {
            let b = bytes[k]
            if b == UInt8(ascii: "-") { negative = true } else { value = value &* 10 &+ Int64(b - UInt8(ascii: "0")) }
        }
        return negative ? -value : value
    }

    /// The decoded text of the string token at `range` (already validated).
    private func stringValue(_ range: Range<Int>) -> String {
        let inner = UnsafeRawBufferPointer(rebasing: bytes[(range.lowerBound + 1)..<(range.upperBound - 1)])
        // Most envelope strings have no escape: decode them in place.
        if !inner.contains(UInt8(ascii: "\\")) { return String(decoding: inner, as: UTF8.self) }
        var out: [UInt8] = []
        out.reserveCapacity(range.count)
        var k = range.lowerBound + 1
        let end = range.upperBound - 1
        while k < end {
            let b = bytes[k]
            if b == UInt8(ascii: "\\") {
                let e = bytes[k + 1]
                switch e {
                case UInt8(ascii: "b"): out.append(0x08)
                case UInt8(ascii: "t"): out.append(0x09)
                case UInt8(ascii: "n"): out.append(0x0A)
                case UInt8(ascii: "f"): out.append(0x0C)
                case UInt8(ascii: "r"): out.append(0x0D)
                case UInt8(ascii: "u"): out.append(Self.hexValue(bytes[k + 4]) << 4 | Self.hexValue(bytes[k + 5]))
                default: out.append(e)
                }
                k += e == UInt8(ascii: "u") ? 6 : 2
            } else {
                out.append(b)
                k += 1
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    private static func hexValue(_ c: UInt8) -> UInt8 {
        c <= UInt8(ascii: "9") ? c - UInt8(ascii: "0") : c - UInt8(ascii: "a") + 10
    }

    private mutating func string() throws(JSONParseError) {
        let start = i
        i += 1
        let n = bytes.count
        // Whether every non-ASCII character so far is one `isCertainlyNFC` accepts: then the
        // text is NFC without normalising it. The Vietnamese letters take the two inline paths.
        var certainlyNFC = true
        var escaped = false
        while true {
            // Eight bytes at a time, over plain ASCII and the two- and three-byte letters of
            // Vietnamese (valid and certainly NFC: ByteLanes.textWord), to the first byte that
            // needs a look: a quote, a backslash, a control or another character. The next word
            // is read whatever this one held (a letter may run on into it), so that the loads do
            // not wait for the tests.
            var j = i  // in a register, not in self, while the run lasts
            var carry = ByteLanes.TextCarry()
            while j + 8 <= n {
                let w = bytes.loadUnaligned(fromByteOffset: j, as: UInt64.self)
                let run = ByteLanes.textWord(w, carry: &carry)
                if run == 8 {
                    j += 8
                    continue
                }
                if run >= 0 {
                    j += run  // to the byte that stops the run
                    carry = ByteLanes.TextCarry()
                } else if carry.continuation == 0 {
                    j += ByteLanes.firstLane(w & 0x8080_8080_8080_8080)  // ASCII before the first byte ≥ 0x80
                }
                break
            }
            // At the end of the bytes or of a failed word, go back to the lead of a letter that
            // runs on into the next word, for a closer look at it.
            if carry.continuation != 0 {
                j -= 1
                while bytes[j] & 0xC0 == 0x80 { j -= 1 }
            }
            i = j
            guard i < n else { throw fail("unterminated string") }
            let b = bytes[i]
            if b >= 0xC2 && b <= 0xCB {
                // U+0080–U+02FF, Vietnamese letters with one mark among them: valid with one
                // continuation byte (0xC2 and up are never overlong), and certainly NFC.
                guard i + 1 < n, bytes[i + 1] & 0xC0 == 0x80 else { throw fail("text is not valid UTF-8") }
                i += 2
                continue
            }
            if b == 0xE1, i + 2 < n, bytes[i + 1] >= 0xB8, bytes[i + 1] <= 0xBB, bytes[i + 2] & 0xC0 == 0x80 {
                // U+1E00–U+1EFF (Latin Extended Additional: letters with two marks): valid and
                // certainly NFC.
                i += 3
                continue
            }
            if b >= 0x80 {
                let lead = i
                try utf8Sequence()
                if certainlyNFC { certainlyNFC = UnicodeNormalization.isCertainlyNFC(UnsafeRawBufferPointer(rebasing: bytes[lead..<i])) }
                continue
            }
            if b == UInt8(ascii: "\"") {
                i += 1
                break
            }
            if b == UInt8(ascii: "\\") {
                escaped = true
                guard i + 1 < n else { throw fail("unterminated string") }
                switch bytes[i + 1] {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "b"), UInt8(ascii: "t"), UInt8(ascii: "n"),
                    UInt8(ascii: "f"), UInt8(ascii: "r"):
                    i += 2
                case UInt8(ascii: "u"):
                    // JCS writes \u00xx (lower-case hex) only for controls without a short form.
                    guard i + 6 <= n, bytes[i + 2] == UInt8(ascii: "0"), bytes[i + 3] == UInt8(ascii: "0"),
                        Self.isLowerHex(bytes[i + 4]), Self.isLowerHex(bytes[i + 5])
                    else { throw fail("escape is not canonical") }
                    let code = Self.hexValue(bytes[i + 4]) << 4 | Self.hexValue(bytes[i + 5])
                    guard code < 0x20, ![0x08, 0x09, 0x0A, 0x0C, 0x0D].contains(code) else {
                        throw fail("escape is not canonical")
                    }
                    guard code != 0 else { throw fail("U+0000 is not allowed in text") }
                    i += 6
                default: throw fail("escape is not canonical")
                }
                continue
            }
            if b < 0x20 { throw fail("unescaped control character") }
            i += 1  // plain ASCII in the last seven bytes
        }
        lastStringEscaped = escaped
        if !certainlyNFC {
            let text = escaped
                ? stringValue(start..<i)
                : String(decoding: UnsafeRawBufferPointer(rebasing: bytes[(start + 1)..<(i - 1)]), as: UTF8.self)
            guard UnicodeNormalization.isNFC(text) else { throw fail("text is not in Unicode NFC") }
        }
    }

    private static func isLowerHex(_ c: UInt8) -> Bool {
        (c >= UInt8(ascii: "0") && c <= UInt8(ascii: "9")) || (c >= UInt8(ascii: "a") && c <= UInt8(ascii: "f"))
    }

    /// Validates one multi-byte UTF-8 sequence at `i` (RFC 3629: no overlongs, no surrogates).
    private mutating func utf8Sequence() throws(JSONParseError) {
        let b0 = bytes[i]
        let length: Int
        var lower: UInt8 = 0x80, upper: UInt8 = 0xBF
        switch b0 {
        case 0xC2...0xDF: length = 2
        case 0xE0: length = 3; lower = 0xA0
        case 0xE1...0xEC, 0xEE...0xEF: length = 3
        case 0xED: length = 3; upper = 0x9F
        case 0xF0: length = 4; lower = 0x90
        case 0xF1...0xF3: length = 4
        case 0xF4: length = 4; upper = 0x8F
        default: throw fail("text is not valid UTF-8")
        }
        guard i + length <= bytes.count else { throw fail("text is not valid UTF-8") }
        let b1 = bytes[i + 1]
        guard b1 >= lower && b1 <= upper else { throw fail("text is not valid UTF-8") }
        for k in 2..<length where bytes[i + k] & 0xC0 != 0x80 { throw fail("text is not valid UTF-8") }
        i += length
    }
}
