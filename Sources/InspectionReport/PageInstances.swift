import Compliance

/// The instances a report writes out in full: those of the organisations on the page asked for
/// (its findings, timelines and matrix rows), kept while the check hands over its requirements
/// one at a time. Which organisations are on a page is known only when the last requirement is
/// judged (rows are ordered by province and name, whatever the requirements' order), so this
/// keeps the instances of the first `capacity` organisations in row order among those seen so
/// far (`page × ReportLimits.organizationsPerPage`), and forgets those of an organisation
/// pushed out by one that comes before it. At the end it holds every instance of the page's
/// organisations, in the check's order: memory grows with the page asked for, not with the log.
///
/// A later page of a large log would keep too many: past `limit` instances this gives up
/// (``overflowed``), and the report judges again with the page's organisations known,
/// keeping only theirs (``init(keeping:)``).
struct PageInstances {
    /// One instance kept: the requirement it belongs to and where it stood among its instances.
    private struct Kept {
        var requirement: Int
        var position: Int
        var instance: ComplianceReport.Instance
    }

    private let capacity: Int
    private let limit: Int
    /// Whether the organisations kept are fixed (``init(keeping:)``), not chosen as rows come.
    private let fixed: Bool
    /// The keys of the organisations kept, in row order.
    private var order: [ComplianceMatrix.Row.Key] = []
    private var kept: [String: [Kept]] = [:]
    private var count = 0
    /// Whether more than `limit` instances were to be kept: then none are.
    private(set) var overflowed = false

    /// Keeps the instances of the first `capacity` organisations in row order, up to `limit` instances.
    init(capacity: Int, limit: Int = ReportLimits.instancesKeptWhileJudging) {
        self.capacity = max(0, capacity)
        self.limit = limit
        fixed = false
    }

    /// Keeps every instance of `assignees`, and no other.
    init(keeping assignees: Set<String>) {
        capacity = assignees.count
        limit = .max
        fixed = true
        for a in assignees { kept[a] = [] }
    }

    /// Offers a row seen for the first time: kept while fewer than `capacity` rows are kept or
    /// when it comes before the last of them (which is then forgotten with its instances).
    mutating func admit(_ row: ComplianceMatrix.Row) {
        guard !fixed, !overflowed else { return }
        let key = row.key
        if order.count >= capacity {
            guard let last = order.last, key < last else { return }
            order.removeLast()
            count -= kept[last.assignee]?.count ?? 0
            kept[last.assignee] = nil
        }
        var low = 0
        var high = order.count
        while low < high {
            let mid = (low + high) / 2
            if order[mid] < key { low = mid + 1 } else { high = mid }
        }
        order.insert(key, at: low)
        kept[row.assignee] = []
    }

    /// Keeps those of `instances` (of requirement `ri`, in the check's order) whose organisation is kept.
    mutating func add(_ instances: [ComplianceReport.Instance], requirement ri: Int) {
        for (n, i) in instances.enumerated() where kept[i.assignee] != nil {
            kept[i.assignee]!.append(Kept(requirement: ri, position: n, instance: i))
            count += 1
        }
        if count > limit {
            overflowed = true
            order = []
            kept = [:]
            count = 0
        }
    }

    /// The instances of `assignees` (all of them kept) per requirement, of `count`
    /// requirements, each requirement's in the order the check gave them.
    func instances(of assignees: Set<String>, requirements count: Int) -> [[ComplianceReport.Instance]] {
        var all: [Kept] = []
        for a in assignees { all += kept[a] ?? [] }
        all.sort { ($0.requirement, $0.position) < ($1.requirement, $1.position) }
        var result = [[ComplianceReport.Instance]](repeating: [], count: count)
        for k in all { result[k.requirement].append(k.instance) }
        return result
    }
}
