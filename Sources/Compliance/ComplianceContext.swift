import AuditDomain
import EventLog

/// What every template evaluates against: T, the facts of View(K) that happened by T, the
/// organisations' state at T, and σ.
struct ComplianceContext {
    /// The business date.
    let asOf: CivilDate
    /// E(T, K): the facts templates may judge, whose interval ended by T, by type and indexed.
    let index: FactIndex
    /// Projection records at T (from the same view).
    let records: MemoryRecordStore
    /// σ over the same view.
    let successors: SuccessorFunction
    /// Days after business time beyond which recording counts as late.
    static let lateRecordingDays: Int64 = 7

    /// The facts of one type, in seq order.
    func facts(of type: String) -> FactList { index.facts(of: type) }

    /// Whether `org`'s duty `duty` is held by `holder` on `date` (σ, research §7.2 T8).
    func holds(_ holder: String, dutyOf org: String, on date: CivilDate, duty: String, follow: Bool) -> Bool {
        // Most organisations never end and pass nothing on: σ is then the organisation itself.
        if successors.isPlain(org) { return holder == org }
        return successors.holders(of: org, on: date, duty: duty, follow: follow).contains(holder)
    }

    /// The organisations that may ever hold `org`'s duties: itself and every organisation its
    /// successor links reach (σ then decides for a date).
    func possibleHolders(of org: String) -> Set<String> {
        // Most organisations never end and pass nothing on.
        successors.isPlain(org) ? [org] : successors.reachable(from: org)
    }

    /// The organisations whose duties `org` may ever hold: itself and every organisation whose
    /// successor links reach it.
    func possiblePredecessors(of org: String) -> Set<String> { successors.reaching(org) }

    /// The organisations `selector` names at T (ids as given; descriptions matched on the records).
    func members(of selector: OrgSelector?) -> [String] {
        guard let selector else { return [] }
        if let ids = selector.ids { return ids }
        return records.organizations.values.filter { selector.matches($0) }.map(\.orgId).sorted()
    }

    /// Whether organisation `org` matches `selector` (by its attributes at T).
    func matches(_ org: String, _ selector: OrgSelector) -> Bool {
        if let ids = selector.ids { return ids.contains(org) }
        return records.organization(org).map(selector.matches) ?? false
    }

    /// The fact that decides a duty due on `due` that any of `facts` fulfils: one surely done
    /// by then if there is one, else one that may have been (its interval straddles `due`),
    /// else the earliest; each the earliest by business date, then seq. What happened first
    /// counts, whenever it was recorded.
    static func decisive(_ facts: some Sequence<Fact>, due: CivilDate) -> Fact? {
        func rank(_ f: Fact) -> Int {
            switch f.timeliness(due: due) {
            case .satisfied: return 0
            case .indeterminate: return 1
            default: return 2
            }
        }
        return facts.min { (rank($0), $0.first, $0.seq) < (rank($1), $1.first, $1.seq) }
    }

    /// A late_recording finding for `fact` when the log learned it more than a week after it
    /// happened.
    func lateRecording(_ fact: Fact, _ reqRef: String) -> ComplianceReport.Finding? {
        let lag = fact.recordedOn.days - fact.last.days
        guard lag > Self.lateRecordingDays else { return nil }
        return .init(kind: "late_recording", reqRef: reqRef, seq: fact.seq, detail: "lag P\(lag)D")
    }
}

/// A requirement as in force at T: amendments with business date by T applied, and its window.
struct ActiveRequirement {
    let requirement: Requirement
    let reqRef: String
    let params: [String: JSONValue]
    /// [from, until): effective_from, and the earliest of effective_until and the lift date.
    let from: CivilDate
    let until: CivilDate?
    let follow: Bool
    /// This is the part of the requirement after an amendment: periods that began before it are
    /// judged by the parameters in force then (the previous part).
    var sinceAmendment = false
}
