/// Tests on eight bytes at once (SWAR: one 64-bit word, one lane per byte, little-endian), for
/// the scanners that skip runs of ordinary bytes in JSON text.
///
/// Each mask has the top bit of a lane set where that lane's byte is one of those searched for.
/// A lane above a match may be set too (the subtraction's borrow runs upwards), never a lane
/// below the first match; so a mask is zero exactly when no byte matches, and its lowest set
/// bit marks the first byte that does (``firstLane(_:)``).
enum ByteLanes {
    private static let ones: UInt64 = 0x0101_0101_0101_0101
    private static let high: UInt64 = 0x8080_8080_8080_8080

    /// Lanes of `x` that are zero.
    @inline(__always)
    static func zeroLanes(_ x: UInt64) -> UInt64 { (x &- ones) & ~x & high }

    /// Lanes of `w` equal to `byte`.
    @inline(__always)
    static func lanes(of w: UInt64, equalTo byte: UInt8) -> UInt64 { zeroLanes(w ^ (ones &* UInt64(byte))) }

    /// Lanes of `w` that a JSON string cannot hold as they are: a control (< 0x20), `"`, `\`,
    /// and every byte ≥ 0x80 (the start or the rest of a multi-byte UTF-8 sequence), which
    /// needs checking one by one.
    @inline(__always)
    static func specialInString(_ w: UInt64) -> UInt64 {
        let control = (w &- ones &* 0x20) & ~w & high
        return (w & high) | control | lanes(of: w, equalTo: 0x22) | lanes(of: w, equalTo: 0x5C)
    }

    /// Lanes of `w` that are `"` or `\`.
    @inline(__always)
    static func quoteOrBackslash(_ w: UInt64) -> UInt64 { lanes(of: w, equalTo: 0x22) | lanes(of: w, equalTo: 0x5C) }

    /// Lanes of `w` that are `"`, `{`, `}`, `[` or `]` (a brace and its bracket differ only in
    /// bit 0x20).
    @inline(__always)
    static func structural(_ w: UInt64) -> UInt64 {
        let folded = w | (ones &* 0x20)
        return lanes(of: w, equalTo: 0x22) | lanes(of: folded, equalTo: 0x7B) | lanes(of: folded, equalTo: 0x7D)
    }

    /// The index (0–7) of the first byte a nonzero mask marks.
    @inline(__always)
    static func firstLane(_ mask: UInt64) -> Int { mask.trailingZeroBitCount >> 3 }
}
