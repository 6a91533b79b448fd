/// Numbers as people write them: Vietnamese groups thousands with `.` and writes the decimal
/// comma (152.340; 37,16 %); English groups with `,` and writes the decimal point (152,340; 37.16%).
public enum NumberText {
    /// `n` with its thousands grouped.
    public static func integer(_ n: Int64, _ language: Language) -> String {
        let digits = String(n.magnitude)
        let separator: Character = language == .vi ? "." : ","
        var grouped = ""
        for (i, c) in digits.enumerated() {
            if i > 0, (digits.count - i) % 3 == 0 { grouped.append(separator) }
            grouped.append(c)
        }
        return n < 0 ? "−" + grouped : grouped
    }

    /// `n` with its thousands grouped.
    public static func integer(_ n: Int, _ language: Language) -> String {
        integer(Int64(n), language)
    }

    /// A decimal written with a point (`"0.60"`, `"-12.5"`, `"410000"`), rewritten for
    /// `language`: grouped integer part, the language's decimal mark, the fraction's digits as
    /// given. Text that is not such a decimal is returned unchanged.
    public static func decimal(_ text: String, _ language: Language) -> String {
        var body = Substring(text)
        let negative = body.first == "-"
        if negative { body = body.dropFirst() }
        let parts = body.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        guard let whole = parts.first, !whole.isEmpty, whole.allSatisfy(\.isASCIIDigit), whole.count <= 18,
            parts.count == 1 || (!parts[1].isEmpty && parts[1].allSatisfy(\.isASCIIDigit)), let n = Int64(whole)
        else { return text }
        var out = integer(n, language)
        if parts.count == 2 { out += (language == .vi ? "," : ".") + parts[1] }
        return negative ? "−" + out : out
    }

    /// `numerator / denominator` as a percentage with `places` decimals, rounded half up
    /// (`37,16 %` in Vietnamese, `37.16%` in English); nil when the denominator is 0.
    public static func percent(_ numerator: Int64, of denominator: Int64, places: Int = 2, _ language: Language) -> String? {
        guard denominator != 0 else { return nil }
        precondition((0...6).contains(places), "percent: at most 6 decimal places")
        var scale: Int64 = 1
        for _ in 0..<places { scale *= 10 }
        // numerator × 100 × scale / denominator, rounded half away from zero, without overflow
        // for the counts a log holds (|numerator| < 2^53 / 10^8 is checked by the caller's data).
        let (product, overflow) = numerator.multipliedReportingOverflow(by: 100 * scale)
        guard !overflow else { return nil }
        let negative = (product < 0) != (denominator < 0)
        let q = product.magnitude / denominator.magnitude
        let r = product.magnitude % denominator.magnitude
        let rounded = Int64(r * 2 >= denominator.magnitude ? q + 1 : q)
        let whole = rounded / scale
        var text = integer(whole, language)
        if places > 0 {
            let fraction = String(rounded % scale)
            text += (language == .vi ? "," : ".") + String(repeating: "0", count: places - fraction.count) + fraction
        }
        if negative, rounded != 0 { text = "−" + text }
        return text + (language == .vi ? " %" : "%")
    }
}

extension Character {
    fileprivate var isASCIIDigit: Bool { ("0"..."9").contains(self) }
}
