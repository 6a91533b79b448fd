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

    /// Lanes of `w` that end a JSON string or cannot stand in one as they are: a control
    /// (< 0x20), `"` and `\`. Bytes ≥ 0x80 are not among them (``textWord(_:carry:)`` reads those).
    @inline(__always)
    static func endOrEscape(_ w: UInt64) -> UInt64 {
        let control = (w &- ones &* 0x20) & ~w & high
        return control | lanes(of: w, equalTo: 0x22) | lanes(of: w, equalTo: 0x5C)
    }

    private static let low7: UInt64 = 0x7F7F_7F7F_7F7F_7F7F

    /// Lanes of `w` equal to `byte`, exactly: no lane is marked for a borrow from below, so a
    /// mask of it may be tested lane by lane, not only for its first lane.
    @inline(__always)
    static func exactLanes(of w: UInt64, equalTo byte: UInt8) -> UInt64 {
        let v = w ^ (ones &* UInt64(byte))
        return ~(((v & low7) &+ low7) | v) & high
    }

    /// What a word of string text leaves for the next: the lanes of the next word that must be
    /// continuation bytes, and those of them that must be 0xB8–0xBB, for a character that
    /// ``textWord(_:carry:)`` saw start and not end.
    struct TextCarry {
        var continuation: UInt64 = 0
        var second: UInt64 = 0
    }

    /// Reads `w`, eight bytes of string text that follow whole characters or the characters
    /// `carry` describes, without looking at them one by one. The text it takes is what a JSON
    /// string holds as it is and what is certainly NFC: ASCII other than a control, `"` and `\`;
    /// U+0080–U+02FF (a lead byte 0xC2–0xCB and one continuation byte); and U+1E00–U+1EFF (0xE1,
    /// 0xB8–0xBB, a continuation byte), where the Vietnamese letters are.
    ///
    /// Returns 8 when all eight bytes are such text (`carry` then describes a character that runs
    /// on into the next word); 0–7, the first byte that ends or escapes the string, when the
    /// bytes before it are such text; -1 for anything else: another character, bytes that are
    /// not UTF-8, or a character cut by the byte that ends the string, which need a closer look.
    @inline(__always)
    static func textWord(_ w: UInt64, carry: inout TextCarry) -> Int {
        let stop = endOrEscape(w)
        let upper = w & high
        if (stop | upper | carry.continuation) == 0 { return 8 }
        // Lanes before the first that ends or escapes the string.
        let inside = stop == 0 ? high : ((stop & (0 &- stop)) &- 1) & high
        let ours = upper & inside
        // Continuation bytes: 10xxxxxx (bit 7 set, bit 6 clear).
        let continuation = w & ~(w << 1) & ours
        // Lead bytes 0xC2–0xCB: low seven bits 0x42–0x4B.
        let lead2 = ours & atLeast(w, 0x42) & ~atLeast(w, 0x4C)
        let lead3 = exactLanes(of: w, equalTo: 0xE1) & ours
        let secondOf3 = exactLanes(of: w & ~(ones &* 0x03), equalTo: 0xB8)
        // Each lead names the lanes that must be its continuation bytes, here or in the next word.
        let needed = (lead2 << 8) | (lead3 << 8) | (lead3 << 16) | carry.continuation
        let second = (lead3 << 8) | carry.second
        guard ours & ~(lead2 | lead3 | continuation) == 0,  // no other byte ≥ 0x80
            continuation == needed & inside,  // each continuation byte where a lead wants one, and only there
            second & inside & ~secondOf3 == 0,  // 0xE1 followed by 0xB8–0xBB
            needed & ~inside == 0  // no character cut by the byte that ends the string
        else { return -1 }
        if stop != 0 { return firstLane(stop) }
        carry = TextCarry(continuation: (lead2 >> 56) | (lead3 >> 56) | (lead3 >> 48), second: lead3 >> 56)
        return 8
    }

    /// Lanes of `w` whose byte is at least `c` (≤ 0x80), exactly, for bytes below 0x80 (a lane of
    /// a byte ≥ 0x80 is read as that byte less 0x80): no carry between lanes.
    @inline(__always)
    private static func atLeast(_ w: UInt64, _ c: UInt8) -> UInt64 { ((w & low7) &+ ones &* UInt64(0x80 - c)) & high }

    /// Lanes of `w` that are not a byte of a profile key (`[a-z0-9_]`), exactly: every lane is
    /// marked or not on its own, so the first marked lane is the first byte that ends the key.
    @inline(__always)
    static func notKeyByte(_ w: UInt64) -> UInt64 {
        let letter = atLeast(w, 0x61) & ~atLeast(w, 0x7B)
        let digit = atLeast(w, 0x30) & ~atLeast(w, 0x3A)
        let key = (letter | digit | exactLanes(of: w, equalTo: 0x5F)) & ~w
        return ~key & high
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

    /// The offset of the first byte of `bytes` from `start` that `mark` marks, read eight bytes
    /// at a time; where fewer than eight bytes are left and none of those before them is marked,
    /// the offset of the first of them (the caller goes on byte by byte). The loop every scanner
    /// here runs to skip ordinary bytes.
    @inline(__always)
    static func firstMarked(in bytes: UnsafeRawBufferPointer, from start: Int, _ mark: (UInt64) -> UInt64) -> Int {
        var j = start
        while j + 8 <= bytes.count {
            let marked = mark(bytes.loadUnaligned(fromByteOffset: j, as: UInt64.self))
            if marked != 0 { return j + firstLane(marked) }
            j += 8
        }
        return j
    }

    /// The index (0–7) of the first byte a nonzero mask marks.
    @inline(__always)
    static func firstLane(_ mask: UInt64) -> Int { mask.trailingZeroBitCount >> 3 }
}
