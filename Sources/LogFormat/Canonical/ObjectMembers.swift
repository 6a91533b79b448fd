#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The members of one JSON object in stored entry bytes, delimited but not parsed: a member's
/// value is parsed only when it is asked for.
///
/// For replays of entries the log already holds, which read a handful of known fields from
/// each payload: building a dictionary of every member (a hash per key, a boxed value each) cost
/// more than the reading itself. Keys are found by comparing bytes. Bytes that are not a plain
/// object (a key with an escape, a value that does not end where it should) give nil, and the
/// caller falls back to the parser, which says what is wrong.
///
/// Made only by ``read(_:_:)`` and ``withObject(at:_:)``, and valid only inside the closure they
/// call: the members' positions live on the stack there (a replay delimits three objects per
/// event, and an array of positions for each was a third of its allocations).
public struct ObjectMembers {
    /// Where one member's key (inside its quotes) and value stand in the object's bytes.
    @usableFromInline
    struct Span {
        @usableFromInline var key: Range<Int>
        @usableFromInline var value: Range<Int>
    }

    /// How ``delimit(_:at:into:nesting:)`` ended.
    @usableFromInline
    enum Delimited {
        /// The first `count` spans hold the object's members; it ends just before `end`.
        case members(count: Int, end: Int)
        /// The bytes are not a plain object.
        case notAnObject
        /// The object has more members than the spans can hold.
        case tooMany
    }

    /// The member whose object value ``delimit(_:at:into:nesting:)`` delimits along with the
    /// outer object (a replay reads an entry's payload: delimiting it apart would scan its
    /// bytes a second time), and what came of it.
    @usableFromInline
    struct Nesting {
        @usableFromInline let key: StaticString
        @usableFromInline let spans: UnsafeMutableBufferPointer<Span>
        /// Whether a member of that name was met (later ones of the same name are not read).
        @usableFromInline var seen = false
        /// Where the member's value stands and how many members it has, once delimited.
        @usableFromInline var found: (value: Range<Int>, count: Int)?

        @usableFromInline
        init(key: StaticString, spans: UnsafeMutableBufferPointer<Span>) {
            self.key = key
            self.spans = spans
        }
    }

    @usableFromInline let bytes: UnsafeBufferPointer<UInt8>
    /// Each member's key and value, as positions in `bytes`.
    private let spans: UnsafeBufferPointer<Span>

    /// Members whose positions fit on the stack: more than any payload or envelope of the
    /// catalogue holds (a larger object is delimited again into a heap buffer; not a limit).
    @usableFromInline
    static let stackMembers = 24

    @usableFromInline
    init(bytes: UnsafeBufferPointer<UInt8>, spans: UnsafeBufferPointer<Span>) {
        self.bytes = bytes
        self.spans = spans
    }

    /// Calls `body` with the members of the object occupying all of `bytes`, or with nil when
    /// they are not a plain object; the members must not leave `body`.
    @inlinable
    public static func read<R, E: Error>(_ bytes: UnsafeBufferPointer<UInt8>, _ body: (ObjectMembers?) throws(E) -> R) throws(E) -> R {
        var none: Nesting?
        return try read(bytes, &none) { (members, _) throws(E) -> R in try body(members) }
    }

    /// Calls `body` with the members of the object occupying all of `bytes` (nil when they are
    /// not a plain object) and the members of its member `key`'s value, delimited in the same
    /// pass (nil when that is absent or not an object, or has more members than fit on the
    /// stack: ``withObject(at:_:)`` then reads it); the members must not leave `body`.
    @inlinable
    public static func read<R, E: Error>(
        _ bytes: UnsafeBufferPointer<UInt8>, nesting key: StaticString, _ body: (ObjectMembers?, ObjectMembers?) throws(E) -> R
    ) throws(E) -> R {
        try withUnsafeTemporaryAllocation(of: Span.self, capacity: stackMembers) { (scratch) throws(E) -> R in
            var nesting: Nesting? = Nesting(key: key, spans: scratch)
            return try read(bytes, &nesting) { (members, nesting) throws(E) -> R in
                guard let members, let found = nesting?.found else { return try body(members, nil) }
                let inner = ObjectMembers(bytes: UnsafeBufferPointer(rebasing: bytes[found.value]),
                                          spans: UnsafeBufferPointer(rebasing: scratch[..<found.count]))
                return try body(members, inner)
            }
        }
    }

    /// Calls `body` with the members of the object that starts at `start` in `bytes` and the
    /// position just after it, or with nil (and `start`) when no plain object starts there or
    /// it has more members than fit on the stack; the members must not leave `body`. For a
    /// reader that knows where an object begins but not where it ends (an entry's payload,
    /// found at its place in the envelope).
    @inlinable
    public static func read<R, E: Error>(
        _ bytes: UnsafeBufferPointer<UInt8>, objectAt start: Int, _ body: (ObjectMembers?, Int) throws(E) -> R
    ) throws(E) -> R {
        try withUnsafeTemporaryAllocation(of: Span.self, capacity: stackMembers) { (scratch) throws(E) -> R in
            var none: Nesting?
            guard case .members(let count, let end) = delimit(bytes, at: start, into: scratch, nesting: &none) else {
                return try body(nil, start)
            }
            return try body(ObjectMembers(bytes: UnsafeBufferPointer(rebasing: bytes[start..<end]),
                                          spans: UnsafeBufferPointer(rebasing: scratch[..<count])), end)
        }
    }

    /// ``read(_:_:)``, delimiting `nesting`'s member along.
    @inlinable
    static func read<R, E: Error>(
        _ bytes: UnsafeBufferPointer<UInt8>, _ nesting: inout Nesting?, _ body: (ObjectMembers?, Nesting?) throws(E) -> R
    ) throws(E) -> R {
        try withUnsafeTemporaryAllocation(of: Span.self, capacity: stackMembers) { (scratch) throws(E) -> R in
            switch delimit(bytes, at: 0, into: scratch, nesting: &nesting) {
            case .members(let count, let end) where end == bytes.count:
                return try body(ObjectMembers(bytes: bytes, spans: UnsafeBufferPointer(rebasing: scratch[..<count])), nesting)
            case .members, .notAnObject:
                return try body(nil, nil)
            case .tooMany:
                // Every member takes at least four bytes (`"":0` and a comma or the brace).
                return try withUnsafeTemporaryAllocation(of: Span.self, capacity: bytes.count / 4 + 1) { (all) throws(E) -> R in
                    var none: Nesting?
                    guard case .members(let count, let end) = delimit(bytes, at: 0, into: all, nesting: &none), end == bytes.count else {
                        return try body(nil, nil)
                    }
                    return try body(ObjectMembers(bytes: bytes, spans: UnsafeBufferPointer(rebasing: all[..<count])), nil)
                }
            }
        }
    }

    /// Delimits the members of the object that starts at `start` in `bytes` into `spans` (their
    /// positions relative to `start`), and `nesting`'s member's value with them when it is an
    /// object whose members fit in its spans.
    @usableFromInline
    static func delimit(
        _ bytes: UnsafeBufferPointer<UInt8>, at start: Int, into spans: UnsafeMutableBufferPointer<Span>, nesting: inout Nesting?
    ) -> Delimited {
        let n = bytes.count
        guard start + 1 < n, bytes[start] == UInt8(ascii: "{") else { return .notAnObject }
        if bytes[start + 1] == UInt8(ascii: "}") { return .members(count: 0, end: start + 2) }
        var count = 0
        var i = start + 1
        while true {
            guard i < n, bytes[i] == UInt8(ascii: "\"") else { return .notAnObject }
            let keyStart = i + 1
            i = Self.quoteOrBackslash(in: bytes, from: keyStart)
            guard i < n, bytes[i] == UInt8(ascii: "\"") else { return .notAnObject }
            let keyEnd = i
            i += 1
            guard i < n, bytes[i] == UInt8(ascii: ":") else { return .notAnObject }
            i += 1
            let valueStart = i
            var valueEnd: Int?
            // Only the first member of that name, as ``range(of:)`` finds only the first.
            if var wanted = nesting, !wanted.seen, Self.equal(bytes, keyStart..<keyEnd, wanted.key) {
                wanted.seen = true
                var none: Nesting?
                if i < n, bytes[i] == UInt8(ascii: "{"),
                    case .members(let inner, let end) = delimit(bytes, at: valueStart, into: wanted.spans, nesting: &none)
                {
                    wanted.found = (valueStart..<end, inner)
                    valueEnd = end
                }
                nesting = wanted
            }
            guard let valueEnd = valueEnd ?? Self.end(ofValueAt: i, in: bytes), valueEnd < n else { return .notAnObject }
            guard count < spans.count else { return .tooMany }
            let span = Span(key: (keyStart - start)..<(keyEnd - start), value: (valueStart - start)..<(valueEnd - start))
            spans.initializeElement(at: count, to: span)
            count += 1
            i = valueEnd
            if bytes[i] == UInt8(ascii: ",") {
                i += 1
                continue
            }
            guard bytes[i] == UInt8(ascii: "}") else { return .notAnObject }
            return .members(count: count, end: i + 1)
        }
    }

    /// Whether the bytes at `range` are those of `key`.
    @usableFromInline
    static func equal(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, _ key: StaticString) -> Bool {
        guard range.count == key.utf8CodeUnitCount, let base = bytes.baseAddress else { return false }
        return memcmp(base + range.lowerBound, key.utf8Start, range.count) == 0
    }

    /// Where the value of member `key` stands, or nil when the object has no such member.
    public func range(of key: String) -> Range<Int>? {
        var key = key
        return key.withUTF8 { k in
            guard let base = bytes.baseAddress, let wanted = k.baseAddress else { return nil }
            for span in spans where span.key.count == k.count && memcmp(base + span.key.lowerBound, wanted, k.count) == 0 {
                return span.value
            }
            return nil
        }
    }

    /// The bytes at `range` (from ``range(of:)``): a member's value as stored.
    public func bytes(in range: Range<Int>) -> UnsafeBufferPointer<UInt8> { UnsafeBufferPointer(rebasing: bytes[range]) }

    /// The value at `range` (from ``range(of:)``), parsed; nil if it is not JSON of the profile.
    public func value(at range: Range<Int>) -> JSONValue? {
        if let s = text(at: range) { return .string(s) }
        return try? JSONParser.parse(UnsafeBufferPointer(rebasing: bytes[range]), normalize: false)
    }

    /// The text of the string at `range` when it holds no escape and no control character (ids,
    /// slugs, dates and nearly all Vietnamese text), made straight from its bytes; nil for any
    /// other value, which the parser then reads (and checks). Text with non-ASCII bytes is
    /// returned only if it is valid UTF-8 and known to be NFC by the quick test, so it is
    /// returned exactly when the parser would return it: anything else goes to the parser.
    public func text(at range: Range<Int>) -> String? {
        guard let (inner, ascii) = plain(at: range) else { return nil }
        if ascii { return String(decoding: inner, as: UTF8.self) }
        guard UnicodeNormalization.isCertainlyNFC(inner) else { return nil }
        return String(validating: inner, as: UTF8.self)
    }

    /// The bytes inside the quotes of the string at `range` when it holds no escape and no
    /// control character, not checked as UTF-8 (for values read straight into a type, such as
    /// an event id); nil for any other value.
    public func plainBytes(at range: Range<Int>) -> UnsafeRawBufferPointer? { plain(at: range)?.inner }

    /// The bytes inside the quotes of a plain string at `range`, and whether they are all ASCII.
    private func plain(at range: Range<Int>) -> (inner: UnsafeRawBufferPointer, ascii: Bool)? {
        guard range.count >= 2, bytes[range.lowerBound] == UInt8(ascii: "\""), bytes[range.upperBound - 1] == UInt8(ascii: "\"") else {
            return nil
        }
        let inner = UnsafeRawBufferPointer(rebasing: UnsafeRawBufferPointer(bytes)[(range.lowerBound + 1)..<(range.upperBound - 1)])
        // Eight bytes at a time (a plain string's bytes hold no quote, so a quote is not looked
        // for apart), then the last few one by one.
        var highBits: UInt64 = 0
        var k = 0
        let count = inner.count
        while k + 8 <= count {
            let w = inner.loadUnaligned(fromByteOffset: k, as: UInt64.self)
            if ByteLanes.endOrEscape(w) != 0 { return nil }
            highBits |= w
            k += 8
        }
        var ascii = highBits & 0x8080_8080_8080_8080 == 0
        while k < count {
            let b = inner[k]
            if b < 0x20 || b == UInt8(ascii: "\\") { return nil }
            if b >= 0x80 { ascii = false }
            k += 1
        }
        return (inner, ascii)
    }

    /// The text of member `key` when it is plain (see ``text(at:)``).
    public func text(_ key: String) -> String? { range(of: key).flatMap(text(at:)) }

    /// Calls `body` with the members of the object at `range`, or with nil if the value there
    /// is not an object (as ``read(_:_:)``).
    @inlinable
    public func withObject<R, E: Error>(at range: Range<Int>, _ body: (ObjectMembers?) throws(E) -> R) throws(E) -> R {
        try Self.read(UnsafeBufferPointer(rebasing: bytes[range]), body)
    }

    /// The position just after the value that starts at `start`, or nil if none ends in `bytes`.
    private static func end(ofValueAt start: Int, in bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        let n = bytes.count
        guard start < n else { return nil }
        var i = start
        switch bytes[i] {
        case UInt8(ascii: "\""):
            return endOfString(at: i, in: bytes)
        case UInt8(ascii: "{"), UInt8(ascii: "["):
            var depth = 0
            while i < n {
                // Eight bytes at a time, to the first quote, brace or bracket.
                i = ByteLanes.firstMarked(in: UnsafeRawBufferPointer(bytes), from: i, ByteLanes.structural)
                guard i < n else { return nil }
                switch bytes[i] {
                case UInt8(ascii: "\""):
                    guard let after = endOfString(at: i, in: bytes) else { return nil }
                    i = after
                    continue
                case UInt8(ascii: "{"), UInt8(ascii: "["):
                    depth += 1
                case UInt8(ascii: "}"), UInt8(ascii: "]"):
                    depth -= 1
                    if depth == 0 { return i + 1 }
                default:
                    break
                }
                i += 1
            }
            return nil
        default:
            // A number or a literal: up to the next delimiter. One that holds a bracket, a brace, a
            // quote or a colon is no number or literal (damaged bytes): then no value ends here,
            // so that where an object ends is the same whether it was delimited member by member
            // (a nested payload) or by counting brackets.
            while i < n, bytes[i] != UInt8(ascii: ","), bytes[i] != UInt8(ascii: "}"), bytes[i] != UInt8(ascii: "]") {
                switch bytes[i] {
                case UInt8(ascii: "{"), UInt8(ascii: "["), UInt8(ascii: "\""), UInt8(ascii: ":"): return nil
                default: i += 1
                }
            }
            return i > start ? i : nil
        }
    }

    /// The first quote or backslash in `bytes` from `start`, or `bytes.count`.
    @inline(__always)
    private static func quoteOrBackslash(in bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Int {
        var i = ByteLanes.firstMarked(in: UnsafeRawBufferPointer(bytes), from: start, ByteLanes.quoteOrBackslash)
        while i < bytes.count, bytes[i] != UInt8(ascii: "\""), bytes[i] != UInt8(ascii: "\\") { i += 1 }
        return i
    }

    /// Where the string whose text begins at `start` ends (the index of its closing quote), when
    /// its text is printable ASCII (0x20–0x7E) without a backslash; nil otherwise (another byte
    /// first, or no closing quote). For readers that take such text as its bytes.
    public static func endOfPrintableASCII(in bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Int? {
        // Eight bytes at a time to the first control, quote, backslash, DEL or byte ≥ 0x80; then
        // byte by byte from there.
        var i = ByteLanes.firstMarked(in: UnsafeRawBufferPointer(bytes), from: start) { w in
            ByteLanes.endOrEscape(w) | ByteLanes.lanes(of: w, equalTo: 0x7F) | (w & 0x8080_8080_8080_8080)
        }
        while i < bytes.count {
            let b = bytes[i]
            if b == UInt8(ascii: "\"") { return i }
            guard b >= 0x20, b < 0x7F, b != UInt8(ascii: "\\") else { return nil }
            i += 1
        }
        return nil
    }

    /// The position just after the string whose opening quote is at `start`.
    private static func endOfString(at start: Int, in bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        var i = start + 1
        let n = bytes.count
        while i < n {
            i = ByteLanes.firstMarked(in: UnsafeRawBufferPointer(bytes), from: i, ByteLanes.quoteOrBackslash)
            guard i < n else { return nil }
            switch bytes[i] {
            case UInt8(ascii: "\""): return i + 1
            case UInt8(ascii: "\\"): i += 2
            default: i += 1
            }
        }
        return nil
    }
}
