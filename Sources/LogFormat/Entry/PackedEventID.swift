/// An event id as decoded events and correction indexes hold it: the UUID's 16 bytes when the id
/// is in canonical form (every id the store writes or accepts), else its text. Equal exactly
/// when the texts are equal.
///
/// Why: a replay holds an id for each decoded event until the projections have applied it, and
/// a 36-character `String` is a heap object each; at ten million events those objects, freed
/// chunk by chunk, were a large part of malloc's work.
public enum PackedEventID: Sendable, Hashable, CustomStringConvertible {
    /// A canonical UUID, its first and last eight bytes big-endian.
    case uuid(high: UInt64, low: UInt64)
    /// Any other text (only a damaged log holds one).
    case text(String)

    /// The id `text`.
    public init(_ text: String) {
        var text = text
        self = text.withUTF8 { utf8 in Self.uuid(utf8: UnsafeRawBufferPointer(utf8)) } ?? .text(text)
    }

    /// The id whose UTF-8 text is `utf8`, if it is a canonical UUID; nil otherwise.
    public init?(canonicalUTF8 utf8: UnsafeRawBufferPointer) {
        guard let id = Self.uuid(utf8: utf8) else { return nil }
        self = id
    }

    /// The id as text.
    public var description: String {
        switch self {
        case .uuid(let high, let low): Self.format(high: high, low: low)
        case .text(let text): text
        }
    }

    /// The UUID in canonical text `b` (lower-case 8-4-4-4-12), or nil.
    private static func uuid(utf8 b: UnsafeRawBufferPointer) -> PackedEventID? {
        guard b.count == 36, let source = b.baseAddress, b[8] == UInt8(ascii: "-"), b[13] == UInt8(ascii: "-"),
            b[18] == UInt8(ascii: "-"), b[23] == UInt8(ascii: "-")
        else { return nil }
        // The 32 digits without the dashes, then eight at a time (a replay reads one id per entry).
        var digits: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)
        withUnsafeMutableBytes(of: &digits) { d in
            guard let to = d.baseAddress else { return }
            to.copyMemory(from: source, byteCount: 8)
            (to + 8).copyMemory(from: source + 9, byteCount: 4)
            (to + 12).copyMemory(from: source + 14, byteCount: 4)
            (to + 16).copyMemory(from: source + 19, byteCount: 4)
            (to + 20).copyMemory(from: source + 24, byteCount: 12)
        }
        guard let w0 = hex8(digits.0), let w1 = hex8(digits.1), let w2 = hex8(digits.2), let w3 = hex8(digits.3) else { return nil }
        return .uuid(high: w0 << 32 | w1, low: w2 << 32 | w3)
    }

    /// The value of eight lower-case hex digits loaded as a word (the first digit in its first
    /// byte in memory), or nil if any byte is not one.
    private static func hex8(_ word: UInt64) -> UInt64? {
        let x = UInt64(littleEndian: word)  // the first digit in the lowest byte
        let ones: UInt64 = 0x0101_0101_0101_0101
        // Each byte's digit value: its low four bits, plus 9 for a letter (bit 6 set). At most
        // 24, so no byte carries into the next.
        let n = (x & (ones &* 0x0F)) &+ ((x >> 6) & ones) &* 9
        // Valid exactly when every value is below 16 and the byte is the lower-case digit of it.
        let letters = ((n &+ ones &* 0x76) >> 7) & ones  // 1 where the value is 10 or more
        guard (n &+ ones &* 0x70) & (ones &* 0x80) == 0, n &+ ones &* 0x30 &+ letters &* 0x27 == x else { return nil }
        // Pack the eight four-bit values, the first digit the most significant.
        var v = n.byteSwapped
        v = (v >> 4 | v) & 0x00FF_00FF_00FF_00FF
        v = (v >> 8 | v) & 0x0000_FFFF_0000_FFFF
        return (v >> 16 | v) & 0xFFFF_FFFF
    }

    /// The canonical text (lower-case 8-4-4-4-12) of the UUID whose bytes are `high` then `low`,
    /// written straight into a 36-byte string.
    static func format(high: UInt64, low: UInt64) -> String {
        let digits: StaticString = "0123456789abcdef"
        return String(unsafeUninitializedCapacity: 36) { out in
            var o = 0
            for nibble in 0..<32 {
                if nibble == 8 || nibble == 12 || nibble == 16 || nibble == 20 {
                    out[o] = UInt8(ascii: "-")
                    o += 1
                }
                let word = nibble < 16 ? high : low
                out[o] = digits.utf8Start[Int(word >> UInt64(60 - 4 * (nibble % 16)) & 0xF)]
                o += 1
            }
            return o
        }
    }
}
