import TestSupport
import Testing

@testable import LogFormat

/// The four forms of occurred_at and the recorded_at instant format.
@Suite struct TimeTests {
    @Test("valid business times in each form", arguments: [
        "2025", "2025-03", "2025-03-14", "2024-02-29", "2025-03-14T09:30+07:00", "2025-03-14T09:30:15+07:00",
        "2025-03-14T02:30:00Z", "1900-01-01", "2025-12-31T23:59:59-11:30",
    ])
    func valid(text: String) throws {
        let parsed = try OccurredAt.parse(text).get()
        #expect(parsed.text == text)
    }

    @Test("impossible or malformed business times are refused", arguments: [
        "2023-02-30", "2023-02-29", "2025-13", "2025-00", "2025-04-31", "25-03-14", "2025/03/14", "2025-03-14T25:00+07:00",
        "2025-03-14T09:60+07:00", "2025-03-14T09:30", "2025-03-14T09:30+7", "2025-03-14 09:30+07:00", "", "1899",
        "2025-03-14T09:30:00.5+07:00", "２０２５",
    ])
    func invalid(text: String) {
        #expect((try? OccurredAt.parse(text).get()) == nil)
    }

    @Test("property: isValid(utf8:) accepts exactly what parse accepts, on valid times and their mutations", arguments: 0..<4)
    func isValidMatchesParse(seed: UInt64) {
        var rng = SplitMix(seed: seed)
        let forms = ["2025", "2024-02", "2024-02-29", "2025-03-14T09:30+07:00", "2025-03-14T02:30:00Z", "2025-12-31T23:59:59-11:30"]
        let alphabet = Array("0123456789-:+TZz. ".utf8) + [0xC3, 0xA1]
        for _ in 0..<3000 {
            var bytes = Array(forms[Int.random(in: 0..<forms.count, using: &rng)].utf8)
            for _ in 0..<Int.random(in: 0...3, using: &rng) {
                let at = Int.random(in: 0...bytes.count, using: &rng)
                switch Int.random(in: 0..<3, using: &rng) {
                case 0 where at < bytes.count: bytes[at] = alphabet[Int.random(in: 0..<alphabet.count, using: &rng)]
                case 1 where at < bytes.count: bytes.remove(at: at)
                default: bytes.insert(alphabet[Int.random(in: 0..<alphabet.count, using: &rng)], at: at)
                }
            }
            let text = String(decoding: bytes, as: UTF8.self)
            let parsed = (try? OccurredAt.parse(text).get()) != nil
            #expect(Array(text.utf8).withUnsafeBytes { OccurredAt.isValid(utf8: $0) } == parsed, "\(text)")
        }
    }

    @Test("periods: start and end in the log's zone")
    func periods() throws {
        let zone = 7 * 3600
        let day = try OccurredAt.parse("2025-03-14").get()
        #expect(day.startSeconds(zoneOffsetSeconds: zone) == Instant(rfc3339: "2025-03-13T17:00:00Z")!.millisecondsSinceEpoch / 1000)
        #expect(day.endSeconds(zoneOffsetSeconds: zone) - day.startSeconds(zoneOffsetSeconds: zone) == 86_400)
        let month = try OccurredAt.parse("2024-02").get()
        #expect(month.endSeconds(zoneOffsetSeconds: 0) - month.startSeconds(zoneOffsetSeconds: 0) == 29 * 86_400)
        let year = try OccurredAt.parse("2025").get()
        #expect(year.endSeconds(zoneOffsetSeconds: 0) - year.startSeconds(zoneOffsetSeconds: 0) == 365 * 86_400)
        let instant = try OccurredAt.parse("2025-03-14T09:30+07:00").get()
        #expect(instant.startSeconds(zoneOffsetSeconds: -5 * 3600) == Instant(rfc3339: "2025-03-14T02:30:00Z")!.millisecondsSinceEpoch / 1000)
    }

    @Test("property: recorded_at text round-trips for random instants", arguments: 0..<4)
    func instantRoundTrip(seed: UInt64) throws {
        var rng = SplitMix(seed: seed)
        for _ in 0..<2000 {
            let ms = Int64.random(in: -2_208_988_800_000...253_402_300_799_999, using: &rng)
            let instant = Instant(millisecondsSinceEpoch: ms)
            let text = instant.description
            #expect(text.utf8.count == 24)
            #expect(Instant(rfc3339: text) == instant)
        }
        #expect(Instant(rfc3339: "2026-01-15T10:00:00+07:00")?.description == "2026-01-15T03:00:00.000Z")
        #expect(Instant(rfc3339: "2026-02-30T10:00:00Z") == nil)
    }

    @Test("UUIDv7: canonical, version 7, strictly increasing within a millisecond")
    func uuidV7() {
        var generator = UUIDv7Generator()
        var previous = ""
        for _ in 0..<5000 {
            let id = generator.next(millis: 1_760_000_000_000)
            #expect(EventID.isCanonical(id))
            #expect(Array(id)[14] == "7")
            #expect("89ab".contains(Array(id)[19]), "variant 10: \(id)")
            #expect(id > previous)
            previous = id
        }
        #expect(EventID.canonical("0190F4C2-7B1E-7C3A-9D2E-5A6B7C8D9E0F") == "0190f4c2-7b1e-7c3a-9d2e-5a6b7c8d9e0f")
        #expect(EventID.canonical("0190f4c2-7b1e-7c3a-9d2e-5a6b7c8d9e0") == nil)
    }

    @Test("property: a packed event id is its UUID's 16 bytes exactly when the text is canonical, and always gives back its text")
    func packedEventID() {
        let known = PackedEventID("0190f4c2-7b1e-7c3a-9d2e-5a6b7c8d9e0f")
        #expect(known == .uuid(high: 0x0190_f4c2_7b1e_7c3a, low: 0x9d2e_5a6b_7c8d_9e0f))
        #expect(known.description == "0190f4c2-7b1e-7c3a-9d2e-5a6b7c8d9e0f")
        var rng = SplitMix(seed: 7)
        let alphabet = Array("0123456789abcdefABCDEF-gz ")
        var packed = 0
        var texts: [String] = []
        for _ in 0..<20_000 {
            let high = rng.next(), low = rng.next()
            var chars = Array(PackedEventID.uuid(high: high, low: low).description)
            if rng.next() % 2 == 0 {
                for _ in 0...(rng.next() % 2) { chars[Int(rng.next() % UInt64(chars.count))] = alphabet[Int(rng.next() % UInt64(alphabet.count))] }
            }
            if rng.next() % 16 == 0 { chars.removeLast() }
            let text = String(chars)
            let id = PackedEventID(text)
            #expect(id.description == text)
            if case .uuid = id { packed += 1 }
            #expect((id == PackedEventID.text(text)) == !EventID.isCanonical(text), "\(text)")
            var bytes = text
            bytes.withUTF8 { #expect((PackedEventID(canonicalUTF8: UnsafeRawBufferPointer($0)) != nil) == EventID.isCanonical(text)) }
            texts.append(text)
        }
        #expect(packed > 5000)
        // Every byte value at every position of a canonical id: read as a UUID exactly when still canonical.
        let base = Array(known.description.utf8)
        for position in base.indices {
            for byte in UInt8.min...UInt8.max {
                var bytes = base
                bytes[position] = byte
                let canonical = EventID.isCanonical(utf8: bytes)
                let read = bytes.withUnsafeBytes { PackedEventID(canonicalUTF8: $0) }
                #expect((read != nil) == canonical, "byte \(byte) at \(position)")
                if canonical { #expect(read?.description.utf8.elementsEqual(bytes) == true) }
            }
        }
        // Equal exactly when the texts are.
        for i in 1..<texts.count { #expect((PackedEventID(texts[i]) == PackedEventID(texts[i - 1])) == (texts[i] == texts[i - 1])) }
    }
}

/// Envelope field rules.
@Suite struct EnvelopeRuleTests {
    @Test("dotted types", arguments: [("report.submitted", true), ("a.b.c", true), ("a1_x.b2", true), ("report", false),
                                      ("Report.submitted", false), ("a..b", false), ("a.b.", false), (".a.b", false),
                                      ("a.1b", false), ("a-b.c", false), ("", false), ("a.b c", false)])
    func dotted(type: String, valid: Bool) {
        #expect(AppendLine.isDottedType(type) == valid)
    }
}

/// The byte-level check verify uses for recorded_at agrees with parsing and printing.
@Suite struct CanonicalInstantTextTests {
    static func reference(_ text: String) -> Bool { Instant(rfc3339: text)?.description == text }

    @Test("edge cases agree with parse-and-print", arguments: [
        "2026-01-15T03:00:00.000Z", "2024-02-29T23:59:59.999Z", "2023-02-29T00:00:00.000Z", "2026-13-01T00:00:00.000Z",
        "2026-01-15T24:00:00.000Z", "2026-01-15T03:60:00.000Z", "2026-01-15T03:00:60.000Z", "2026-01-15T03:00:00Z",
        "2026-01-15T03:00:00.000+00:00", "2026-01-15t03:00:00.000Z", "2026-01-15T03:00:00.0000Z", "1900-01-01T00:00:00.000Z",
        "0000-01-01T00:00:00.000Z", "2026-01-00T00:00:00.000Z", "2026-01-15T03:00:00.00aZ", "", "２０２６-01-15T03:00:00.000Z",
    ])
    func edges(text: String) {
        #expect(Instant.isCanonicalText(text) == Self.reference(text))
    }

    @Test("random mutations of a canonical instant agree with parse-and-print")
    func mutations() {
        var rng = SystemRandomNumberGenerator()
        let alphabet = Array("0123456789-:TZ.+ tz")
        for _ in 0..<20_000 {
            var chars = Array(Instant(millisecondsSinceEpoch: Int64.random(in: -2_208_988_800_000...4_102_444_800_000, using: &rng)).description)
            for _ in 0..<Int.random(in: 0...2, using: &rng) {
                chars[Int.random(in: 0..<chars.count, using: &rng)] = alphabet.randomElement(using: &rng) ?? "0"
            }
            let text = String(chars)
            #expect(Instant.isCanonicalText(text) == Self.reference(text), "\(text)")
            // The packed recorded_at holds the instant exactly for these texts, and gives back every text.
            let recorded = RecordedAt(text)
            #expect(recorded.description == text)
            #expect((recorded == .instant(Instant(rfc3339: text) ?? Instant(millisecondsSinceEpoch: .min))) == Self.reference(text), "\(text)")
            #expect(recorded.instant == Instant(rfc3339: text))
        }
    }
}
