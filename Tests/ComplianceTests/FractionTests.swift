import Testing

@testable import Compliance

/// Decimal targets read exactly, with their sign, and compare like the numbers they write.
@Suite struct FractionTests {
    @Test("known values", arguments: [
        ("0.60", 60, 100), ("-0.5", -5, 10), ("-1.5", -15, 10), ("12", 12, 1), ("0.000000000000000001", 1, 1_000_000_000_000_000_000),
    ])
    func known(text: String, numerator: Int64, denominator: Int64) throws {
        let f = try #require(Fraction(decimal: text))
        #expect(f.compare(Fraction(numerator, denominator)) == 0)
    }

    @Test("not decimals", arguments: ["", "1.-5", "+1", "1.", ".5", "1e3", "--1", "1.2.3", " 1", "0.1234567890123456789", "99999999999999999999"])
    func refused(text: String) {
        #expect(Fraction(decimal: text) == nil)
    }

    @Test("property: compare agrees with the order of the integers scaled to a common denominator")
    func property() {
        var rng = SystemRandomNumberGenerator()
        for _ in 0..<5_000 {
            // Two decimals with up to 6 places, scaled by 10^6 to integers compared directly.
            func random() -> (String, Int64) {
                let whole = Int64.random(in: -999_999...999_999, using: &rng)
                let places = Int.random(in: 0...6, using: &rng)
                var digits = ""
                for _ in 0..<places { digits += String(Int.random(in: 0...9, using: &rng)) }
                let sign = whole < 0 || (whole == 0 && Bool.random(using: &rng)) ? "-" : ""
                let text = sign + String(abs(whole)) + (places > 0 ? "." + digits : "")
                var scaled = abs(whole) * 1_000_000
                var unit: Int64 = 100_000
                for d in digits.utf8 {
                    scaled += Int64(d - 0x30) * unit
                    unit /= 10
                }
                return (text, sign.isEmpty ? scaled : -scaled)
            }
            let (a, x) = random()
            let (b, y) = random()
            guard let fa = Fraction(decimal: a), let fb = Fraction(decimal: b) else {
                Issue.record("\(a) or \(b) not read")
                return
            }
            #expect(fa.compare(fb) == (x < y ? -1 : x == y ? 0 : 1), "\(a) vs \(b)")
        }
    }
}
