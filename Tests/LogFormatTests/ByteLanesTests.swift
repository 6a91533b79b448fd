import TestSupport
import Testing

@testable import LogFormat

/// The eight-byte tests of ``ByteLanes`` against byte-by-byte readings of the same bytes.
@Suite struct ByteLanesTests {
    /// Pieces of string bytes, valid or not: ASCII, the ends and escapes of a string, the
    /// two- and three-byte letters of Vietnamese and their neighbours, other sequences, and cut,
    /// stray and overlong bytes.
    static let pieces: [[UInt8]] = [
        Array("a".utf8), Array("Z".utf8), Array(" ".utf8), Array("~".utf8), [0x7F], [0x22], [0x5C], [0x00], [0x1F], [0x20],
        [0x21], [0x5B], [0x5D], Array("é".utf8), Array("Đ".utf8), Array("ư".utf8), [0xC2, 0x80], [0xCB, 0xBF], [0xCC, 0x80],
        [0xC1, 0xBF], [0xC0, 0x80], [0xDF, 0xBF], Array("ệ".utf8), Array("Ḁ".utf8), Array("ỿ".utf8), [0xE1, 0xB7, 0xBF],
        [0xE1, 0xBC, 0x80], [0xE1, 0x80, 0x80], [0xE0, 0xA0, 0x80], [0xED, 0xA0, 0x80], Array("–".utf8), Array("€".utf8),
        Array("😂".utf8), [0x80], [0xBF], [0xB8], [0xC3], [0xE1], [0xE1, 0xBB], [0xE1, 0xBB, 0x41], [0xC6, 0xC0], [0xFF],
        [0xF5, 0x80, 0x80, 0x80],
    ]

    /// Whether `b` ends or escapes a string, or is a control: what the string loop stops at.
    static func stops(_ b: UInt8) -> Bool { b == 0x22 || b == 0x5C || b < 0x20 }

    static func isContinuation(_ b: UInt8) -> Bool { b & 0xC0 == 0x80 }

    /// What ``ByteLanes/textWord(_:carry:)`` gives over the words of `text`, read byte by byte
    /// from its documentation: the word and the result of the first that does not give 8, or nil
    /// when every word does. The text it takes is whole characters of its kinds; a byte that
    /// ends or escapes the string gives its place; anything else (another character, bytes
    /// that are not UTF-8, a character cut by a byte that ends the string) gives -1 in the word
    /// of the first byte that is not what the text so far wants.
    static func expectedOutcome(_ text: [UInt8]) -> (word: Int, result: Int)? {
        func wrong(_ p: Int) -> (word: Int, result: Int) { (p / 8, -1) }
        var q = 0
        while q < text.count {
            let b = text[q]
            if stops(b) { return (q / 8, q % 8) }
            if b < 0x80 {
                q += 1
            } else if b >= 0xC2 && b <= 0xCB {
                guard q + 1 < text.count else { return nil }
                guard isContinuation(text[q + 1]) else { return wrong(q + 1) }
                q += 2
            } else if b == 0xE1 {
                guard q + 1 < text.count else { return nil }
                guard text[q + 1] >= 0xB8 && text[q + 1] <= 0xBB else { return wrong(q + 1) }
                guard q + 2 < text.count else { return nil }
                guard isContinuation(text[q + 2]) else { return wrong(q + 2) }
                q += 3
            } else {
                return wrong(q)
            }
        }
        return nil
    }

    /// What ``ByteLanes/textWord(_:carry:)`` gives over the words of `text` (a multiple of 8 bytes).
    static func outcome(_ text: [UInt8]) -> (word: Int, result: Int)? {
        var carry = ByteLanes.TextCarry()
        for k in 0..<(text.count / 8) {
            let result = ByteLanes.textWord(word(Array(text[(8 * k)..<(8 * k + 8)])), carry: &carry)
            if result != 8 { return (k, result) }
        }
        return nil
    }

    static func word(_ bytes: [UInt8]) -> UInt64 {
        bytes.withUnsafeBytes { $0.loadUnaligned(as: UInt64.self) }
    }

    @Test("property: textWord is the byte-by-byte reading, over texts made of pieces", arguments: 0..<4)
    func textWordMatchesBytes(seed: UInt64) {
        var rng = SplitMix(seed: seed)
        var results = Set<Int>()
        for _ in 0..<20_000 {
            var text: [UInt8] = []
            let words = Int.random(in: 1...4, using: &rng)
            while text.count < 8 * words {
                // Mostly ASCII and Vietnamese letters, as in real text, with the rest mixed in.
                text += Int.random(in: 0..<(6 * words), using: &rng) == 0
                    ? Self.pieces.randomElement(using: &rng)!
                    : [Array("a".utf8), Array("ệ".utf8), Array("à".utf8), Array("ơ".utf8), Array("Ấ".utf8)].randomElement(using: &rng)!
            }
            text.removeLast(text.count - 8 * words)
            let expected = Self.expectedOutcome(text)
            let found = Self.outcome(text)
            #expect(found?.word == expected?.word && found?.result == expected?.result, "\(text.map { String($0, radix: 16) })")
            results.insert(expected?.result ?? 8)
        }
        // Every outcome, -1 through 8, occurs, or the property says little.
        #expect(results == Set(-1...8))
    }

    @Test("textWord on words spelled out")
    func textWordExamples() {
        // [word, result] of the first word that does not give 8; [] when every word does.
        func run(_ bytes: [UInt8]) -> [Int] { Self.outcome(bytes).map { [$0.word, $0.result] } ?? [] }
        #expect(run(Array("abcdefgh".utf8)) == [])
        #expect(run(Array("Việt N".utf8)) == [])  // V, i, ệ (three bytes), t, space, N
        #expect(run(Array("abc\"defg".utf8)) == [0, 3])
        #expect(run(Array("ab\\cdefg".utf8)) == [0, 2])
        #expect(run(Array("abcdefg".utf8) + [0x0A]) == [0, 7])
        #expect(run(Array("abcdef".utf8) + Array("ệ".utf8) + Array("abcdefg".utf8)) == [])  // ệ across two words
        #expect(run(Array("abcdefg".utf8) + Array("é".utf8) + Array("\"bcdefg".utf8)) == [1, 1])  // é across two words, then a quote
        #expect(run(Array("abcdefg".utf8) + [0xC3] + Array("\"bcdefgh".utf8)) == [1, -1])  // é cut by a quote
        #expect(run(Array("abcde".utf8) + [0xE1, 0xBB, 0x22]) == [0, -1])  // ệ cut by a quote
        #expect(run(Array("ab".utf8) + Array("–".utf8) + Array("cde".utf8)) == [0, -1])  // a dash: a closer look
        #expect(run(Array("ab".utf8) + [0x80] + Array("cdefg".utf8)) == [0, -1])  // a stray continuation byte
        #expect(run(Array("é".utf8) + [0xCC, 0x81] + Array("abcd".utf8)) == [0, -1])  // a combining mark: a closer look
        #expect(run([0xC3, 0x41] + Array("abcdef".utf8)) == [0, -1])  // a lead without its continuation
        #expect(run(Array("é\"".utf8) + [0xFF, 0xFF, 0xFF, 0xFF, 0xFF]) == [0, 2])  // bytes after the quote are not read
    }

    @Test("exactLanes marks every equal lane and no other")
    func exactLanes() {
        var rng = SplitMix(seed: 7)
        for _ in 0..<10_000 {
            let w = (0..<8).map { _ in [0x00, 0x01, 0xE0, 0xE1, 0xE2, 0x61, 0x80, 0xFF].randomElement(using: &rng)! as UInt8 }
            let mask = ByteLanes.exactLanes(of: Self.word(w), equalTo: 0xE1)
            for k in 0..<8 { #expect((mask >> (8 * k + 7)) & 1 == (w[k] == 0xE1 ? 1 : 0)) }
            #expect(mask & ~0x8080_8080_8080_8080 == 0)
        }
    }
}
