/// An ISO 8601 repeating interval `R[n]/<date>/<duration>` (`R/2026-01-01/P1Y`): periods of
/// `period` starting at `anchor`, `count` times or without end.
public struct RepeatingInterval: Sendable, Hashable, TextValue {
    /// Number of repetitions, or nil for unbounded.
    public let count: Int?
    /// Start of the first period.
    public let anchor: CivilDate
    /// Length of each period (not zero).
    public let period: ISODuration
    /// The text as given.
    public let text: String

    /// Parses the text, or nil.
    public init?(_ text: String) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].first == "R" else { return nil }
        let reps = parts[0].dropFirst()
        if reps.isEmpty {
            count = nil
        } else {
            guard reps.count <= 6, reps.allSatisfy(\.isASCII), let n = Int(reps), n >= 1 else { return nil }
            count = n
        }
        guard let anchor = CivilDate(parts[1]), let period = ISODuration(String(parts[2])), !period.isZero else { return nil }
        self.anchor = anchor
        self.period = period
        self.text = text
    }

    public var description: String { text }

    public init?(text: String) { self.init(text) }
}
