/// The successor links as first recorded, in seq order: who took over whose duties, for the
/// authorship rules (a signer acting for a successor may record for the body it took over). A
/// later correction of a merger does not move them, so the append, `verify` and the rebuild of
/// the domain index judge an entry by the same links (docs/authorship.md).
public struct AuthorshipLinks: Sendable {
    /// The types whose payloads make successor links.
    public static let types = [OrganizationMerged.type, OrganizationSplit.type, OrganizationDissolved.type, SuccessorDesignated.type]

    private var successors: [String: Set<String>] = [:]

    /// No links.
    public init() {}

    /// Takes in the links `refs` makes (those of an event as recorded).
    public mutating func apply(_ refs: References) {
        for link in refs.links { successors[link.predecessor, default: []].insert(link.successor) }
    }

    /// Whether `org` is `owner` or one of its successors.
    public func follows(_ owner: String, _ org: String) -> Bool {
        var seen: Set<String> = [owner]
        var queue = [owner]
        while let next = queue.popLast() {
            if next == org { return true }
            for s in successors[next] ?? [] where seen.insert(s).inserted { queue.append(s) }
        }
        return false
    }
}
