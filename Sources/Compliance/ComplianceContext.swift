import AuditDomain
import EventLog
import LogFormat

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
    /// The seqs of the corrections applied to each kept fact in the view at K, by the fact's seq.
    let corrections: [Int64: [Int64]]
    /// The document each monitoring assignment rests on (its `basis` doc_key), by assignment id.
    let assignmentBasis: [String: String]
    /// The context with only the facts whose seq `keep` accepts: for a requirement that counts
    /// only attested evidence.
    func keeping(_ keep: (_ type: String, _ seq: Int64) -> Bool) -> ComplianceContext {
        ComplianceContext(asOf: asOf, index: FactIndex(index, keeping: keep), records: records, successors: successors,
                          corrections: corrections, assignmentBasis: assignmentBasis)
    }

    /// Days after business time beyond which recording counts as late.
    static let lateRecordingDays: Int64 = 7

    /// The facts of one type, in seq order.
    func facts(of type: String) -> FactList { index.facts(of: type) }

    /// Whether `org`'s duty `duty` is held by `holder` on `date` (σ; docs/compliance.md, "Successors").
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

    /// The organisations `selector` names at T (ids as given; descriptions matched on the
    /// records within the requirement's jurisdiction, organisations that ended after the
    /// requirement took effect included).
    func members(of selector: OrgSelector?, _ r: ActiveRequirement) -> [String] {
        guard let selector = r.bounded(selector) else { return [] }
        if let ids = selector.ids { return ids }
        // Ended organisations keep their past duties, but one that had ended before the
        // requirement took effect never had any.
        return records.organizations.values.filter { o in
            selector.matches(o) && (successors.endDate(of: o.orgId).map { $0 > r.effective } ?? true)
        }.map(\.orgId).sorted()
    }

    /// Whether organisation `org` lies in the jurisdiction of requirement `r` (its issuer's
    /// province at T; every organisation when the issuer is central).
    func inJurisdiction(_ org: String, _ r: ActiveRequirement) -> Bool {
        guard let province = r.jurisdiction else { return true }
        return records.organization(org)?.province.value == province
    }

    /// The monitoring assignments requirement `r` may read: with `assignment_basis`, those that
    /// rest on one of the documents it names; else all. (The organisations they concern are
    /// chosen by the requirement's selectors, or, for `all_monitored`, bounded by jurisdiction.)
    func assignments(_ r: ActiveRequirement) -> [AssignmentRecord] {
        let basis: Set<String>? = r.params["assignment_basis"].flatMap { v in
            if case .array(let a) = v { return Set(a.compactMap(\.stringValue)) }
            return nil
        }
        guard let basis else { return Array(records.assignments.values) }
        return records.assignments.values.filter { a in assignmentBasis[a.assignmentId].map(basis.contains) ?? false }
    }

    /// The day `org` ended, when it ended by T (an end after T has not happened yet); nil while
    /// it exists. Asked once per assignee: most never end.
    func endedBy(_ org: String) -> CivilDate? {
        guard !successors.isPlain(org), let end = successors.endDate(of: org), end <= asOf else { return nil }
        return end
    }

    /// Whether an instance of `org` due on `due` is owed: always while `org` had not ended by T
    /// (`ended`, from ``endedBy(_:)``) or by the due date, or when it was done (`done`);
    /// otherwise only if someone holds the duty on the due date (σ, so a successor designated
    /// after the end takes up the instances due from its date). An end ends only later instances.
    func owed(_ org: String, ended: CivilDate?, due: CivilDate, done: Bool, _ r: ActiveRequirement) -> Bool {
        guard let ended, due >= ended, !done else { return true }
        return !successors.holders(of: org, on: due, duty: r.reqRef, follow: r.follow).isEmpty
    }

    /// ``owed(_:ended:due:done:_:)`` for one instance.
    func owed(_ org: String, due: CivilDate, done: Bool, _ r: ActiveRequirement) -> Bool {
        owed(org, ended: endedBy(org), due: due, done: done, r)
    }

    /// A fact's business date as reasons show it: at the precision it was recorded (the local
    /// day, or the month or the year), as everywhere dates are shown.
    func shown(_ f: Fact) -> RecordedDate {
        RecordedDate(firstDay: f.first, occurredAt: index.symbols[f.occurredAt])
    }

    /// `evidence` with the corrections applied to each of its events, ascending, each once.
    func withCorrections(_ evidence: [Int64]) -> [Int64] {
        var all = evidence
        if !corrections.isEmpty { for seq in evidence { all += corrections[seq] ?? [] } }
        all.sort()
        var out: [Int64] = []
        out.reserveCapacity(all.count)
        for seq in all where out.last != seq { out.append(seq) }
        return out
    }

    /// Whether organisation `org` matches `selector` (by its attributes at T), within the
    /// jurisdiction of `r` (and, by description, had not ended before `r` took effect).
    func matches(_ org: String, _ selector: OrgSelector, _ r: ActiveRequirement) -> Bool {
        guard let selector = r.bounded(selector) else { return false }
        if let ids = selector.ids { return ids.contains(org) }
        guard successors.endDate(of: org).map({ $0 > r.effective }) ?? true else { return false }
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
        return .init(kind: "late_recording", reqRef: reqRef, seq: fact.seq, detail: .lag(days: lag))
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
    /// The province the directive's issuer governs (nil: a central issuer, no bound).
    let jurisdiction: String?
    /// When the requirement first took effect (its first part's `from`): organisations that had
    /// ended by then never owed it.
    let effective: CivilDate
    /// This is the part of the requirement after an amendment: periods that began before it are
    /// judged by the parameters in force then (the previous part).
    var sinceAmendment = false

    /// `selector` within this requirement's jurisdiction: a description that names no province
    /// is bounded to the issuer's; ids, and a description naming a province, are taken as given.
    func bounded(_ selector: OrgSelector?) -> OrgSelector? {
        guard var s = selector else { return nil }
        if s.ids == nil, s.province == nil, let jurisdiction { s.province = jurisdiction }
        return s
    }
}
