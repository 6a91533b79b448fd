#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import LogFormat

/// Where the envelope members a replay reads stand in a stored entry, found at their places
/// rather than by delimiting every member. A stored entry is canonical JSON, its members in key
/// order: `{"actor":…,"event_id":…,"occurred_at":…,"payload":{…},"recorded_at":…,…,"type":…,"v":…}`
/// for an entry with no author signature and no meta. The head is read up to the payload's
/// opening brace, the type from the end; the payload is then delimited alone (the members
/// between it and the type are not read). Any other shape (an author or meta member, a string
/// with an escape or a byte outside printable ASCII) gives nil: the caller delimits the whole
/// entry, as it does for every entry when this is not used.
///
/// Why: a replay reads five envelope members and the payload of each entry; delimiting the
/// other members of the envelope was a third of the delimiting.
struct StoredEnvelope {
    /// The text of the actor, inside its quotes.
    let actor: Range<Int>
    /// The text of the event id, inside its quotes.
    let eventID: Range<Int>
    /// The text of occurred_at, inside its quotes.
    let occurredAt: Range<Int>
    /// Where the payload's opening brace stands.
    let payloadStart: Int
    /// The text of the type, inside its quotes.
    let type: Range<Int>

    /// The envelope of entry `e`, or nil when it is not of the shape above.
    init?(_ e: UnsafeBufferPointer<UInt8>) {
        var i = 0
        guard Self.expect(e, &i, "{\"actor\":\""), let actor = Self.plainASCII(e, &i),
            Self.expect(e, &i, ",\"event_id\":\""), let eventID = Self.plainASCII(e, &i),
            Self.expect(e, &i, ",\"occurred_at\":\""), let occurredAt = Self.plainASCII(e, &i),
            Self.expect(e, &i, ",\"payload\":"), i < e.count, e[i] == UInt8(ascii: "{"),
            let type = Self.type(e), type.lowerBound > i
        else { return nil }
        self.actor = actor
        self.eventID = eventID
        self.occurredAt = occurredAt
        payloadStart = i
        self.type = type
    }

    /// Whether `e` holds `literal` at `i`; if so, `i` moves past it.
    static func expect(_ e: UnsafeBufferPointer<UInt8>, _ i: inout Int, _ literal: StaticString) -> Bool {
        let n = literal.utf8CodeUnitCount
        guard let base = e.baseAddress, i >= 0, e.count - i >= n, memcmp(base + i, literal.utf8Start, n) == 0 else { return false }
        i += n
        return true
    }

    /// The inside of the string whose opening quote is just before `i`, when it is printable
    /// ASCII without a backslash (its text is then its bytes, as the parser would read them);
    /// `i` moves past the closing quote.
    private static func plainASCII(_ e: UnsafeBufferPointer<UInt8>, _ i: inout Int) -> Range<Int>? {
        let start = i
        guard let end = ObjectMembers.endOfPrintableASCII(in: e, from: start) else { return nil }
        i = end + 1
        return start..<end
    }

    /// The inside of the type's string, read from the end of `e`: `,"type":"…","v":<digits>}`,
    /// the last two members of the outermost object (nothing sorts after `v` in an envelope).
    private static func type(_ e: UnsafeBufferPointer<UInt8>) -> Range<Int>? {
        var j = e.count - 1
        guard j > 0, e[j] == UInt8(ascii: "}") else { return nil }
        j -= 1
        let digitsEnd = j
        while j >= 0, e[j] >= UInt8(ascii: "0"), e[j] <= UInt8(ascii: "9") { j -= 1 }
        guard j < digitsEnd else { return nil }
        var at = j - 4
        guard at >= 0, expect(e, &at, ",\"v\":") else { return nil }
        j -= 5
        guard j >= 0, e[j] == UInt8(ascii: "\"") else { return nil }
        let end = j
        j -= 1
        while j >= 0, e[j] != UInt8(ascii: "\"") {
            guard e[j] >= 0x20, e[j] < 0x7F, e[j] != UInt8(ascii: "\\") else { return nil }
            j -= 1
        }
        at = j - 8
        guard at >= 0, expect(e, &at, ",\"type\":") else { return nil }
        return (j + 1)..<end
    }
}
