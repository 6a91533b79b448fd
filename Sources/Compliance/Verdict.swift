/// The verdict on one obligation instance or one requirement (docs/compliance.md, "Verdicts").
public enum Verdict: String, Sendable, Hashable, Codable, CaseIterable, Comparable {
    case satisfied, pending, indeterminate, late, violated
    case notApplicable = "not_applicable"

    /// How bad: a requirement takes its worst instance (not_applicable instances are ignored).
    var severity: Int {
        switch self {
        case .notApplicable: -1
        case .satisfied: 0
        case .pending: 1
        case .indeterminate: 2
        case .late: 3
        case .violated: 4
        }
    }

    public static func < (a: Verdict, b: Verdict) -> Bool { a.severity < b.severity }

    /// The worst of `verdicts`, ignoring not_applicable; not_applicable when there is nothing else.
    public static func worst(_ verdicts: some Sequence<Verdict>) -> Verdict {
        verdicts.filter { $0 != .notApplicable }.max() ?? .notApplicable
    }
}
