import Testing

@testable import LogFormat

/// Input repeated in an error message stays one short, inert line.
@Suite struct EchoedTextTests {
    @Test("plain and Vietnamese text is quoted as it is")
    func plain() {
        #expect(echoed("2025-13") == "\"2025-13\"")
        #expect(echoed("Hội Nông dân") == "\"Hội Nông dân\"")
    }

    @Test("controls, quotes, backslashes, separators and bidi controls are escaped")
    func escapes() {
        #expect(echoed("a\nb") == "\"a\\nb\"")
        #expect(echoed("\u{1B}[2J") == "\"\\u001b[2J\"")
        #expect(echoed("say \"x\\y\"") == "\"say \\\"x\\\\y\\\"\"")
        #expect(echoed("\u{7F}\u{85}\u{2028}\u{202E}\u{2066}\t\r") == "\"\\u007f\\u0085\\u2028\\u202e\\u2066\\t\\r\"")
    }

    @Test("long text is cut after the limit, with an ellipsis", arguments: [1, 5, 40])
    func cut(limit: Int) {
        let long = String(repeating: "x", count: 1_000)
        #expect(echoed(long, limit: limit) == "\"" + String(repeating: "x", count: limit) + "\u{2026}\"")
        #expect(echoed(String(repeating: "x", count: limit), limit: limit).count == limit + 2)
    }

    @Test("every echo of random scalars is one line of printable characters, bounded in length")
    func random() {
        var rng = SystemRandomNumberGenerator()
        for _ in 0..<500 {
            var text = String.UnicodeScalarView()
            for _ in 0..<Int.random(in: 0...80, using: &rng) {
                let v = [UInt32.random(in: 0...0x3000, using: &rng), UInt32.random(in: 0...0xA0, using: &rng)].randomElement(using: &rng) ?? 0
                if let s = Unicode.Scalar(v) { text.append(s) }
            }
            let out = echoed(String(text))
            #expect(!out.unicodeScalars.contains { $0.value < 0x20 || (0x7F...0x9F).contains($0.value) || $0 == "\u{2028}" })
            #expect(out.unicodeScalars.count <= 2 + Limits.maxEchoedCharacters * 6 + 1)
        }
    }
}
