import EventLog
import LogFormat

/// The successor function σ(org, date) (Schemas/README.md, "Successors"), over the organisation lifecycle
/// events of an effective view: who holds an organisation's duties on a date.
///
/// An organisation holds its own duties until it ends (merged away as a source, split with
/// `chia`, or dissolved), effective on the event's date. After that its duties pass to the
/// union of σ(s, date) over its successors s that are effective by that date: the merge's
/// `into` (unless `obligation_transfer` keeps the duty back), the dissolution's `successor`,
/// each `successor.designated` (within its scope) and the split's `obligation_map`. A `tach`
/// split leaves the source in place and moves only the duties its map names. The result is
/// empty when a chain ends in an organisation with no successor: an orphaned duty.
public struct SuccessorFunction: Sendable {
    /// One successor link, effective from `from`, for all duties or only some.
    struct Link: Sendable {
        let successor: String
        let from: CivilDate
        /// nil: every duty; else only these req_refs (`*` in a split map means every duty).
        let duties: Set<String>?
        /// A `tach` link: taken while the source still exists, for the named duties only.
        let whileActive: Bool
    }

    private var ends: [String: CivilDate] = [:]
    private var links: [String: [Link]] = [:]
    /// The reverse of ``links``: who names each organisation as a successor.
    private var incoming: [String: [String]] = [:]

    /// The function of the lifecycle events among `events` (an effective view, in seq order);
    /// business dates are read in a zone `zoneOffsetSeconds` east of UTC.
    public init(events: some Sequence<LoggedEvent>, zoneOffsetSeconds: Int) {
        for e in events { add(e, zoneOffsetSeconds: zoneOffsetSeconds) }
    }

    /// Takes one event into account (others than the lifecycle types are ignored).
    public mutating func add(_ e: LoggedEvent, zoneOffsetSeconds: Int) {
        guard case .success(let occurred) = OccurredAt.parse(e.occurredAt),
            let payload = EventCatalogue.decode(type: e.type, payload: e.payload)
        else { return }
        add(payload, on: CivilDate(firstDayOf: occurred, zoneOffsetSeconds: zoneOffsetSeconds))
    }

    /// Takes one event's typed payload into account, effective on its business date `date`
    /// (payloads of other than the lifecycle types are ignored).
    public mutating func add(_ payload: any EventPayload, on date: CivilDate) {
        switch payload {
        case let m as OrganizationMerged:
            let duties: Set<String>?
            switch m.obligationTransfer ?? .all {
            case .all: duties = nil
            case .none: duties = []
            case .only(let refs): duties = Set(refs)
            }
            for s in m.sources {
                end(s, on: date)
                links[s, default: []].append(Link(successor: m.into, from: date, duties: duties, whileActive: false))
                incoming[m.into, default: []].append(s)
            }
        case let s as OrganizationSplit:
            if s.mode == .chia { end(s.source, on: date) }
            for m in s.obligationMap {
                let duties: Set<String>? = m.reqRef == "*" ? nil : [m.reqRef]
                if s.mode == .tach, duties == nil { continue }  // tách: the source keeps what is not named
                links[s.source, default: []].append(Link(successor: m.to, from: date, duties: duties, whileActive: s.mode == .tach))
                incoming[m.to, default: []].append(s.source)
            }
        case let d as OrganizationDissolved:
            end(d.orgId, on: date)
            if let successor = d.successor {
                links[d.orgId, default: []].append(Link(successor: successor, from: date, duties: nil, whileActive: false))
                incoming[successor, default: []].append(d.orgId)
            }
        case let d as SuccessorDesignated:
            let duties: Set<String>?
            if case .duties(let refs) = d.scope { duties = Set(refs) } else { duties = nil }
            links[d.predecessor, default: []].append(Link(successor: d.successor, from: date, duties: duties, whileActive: false))
            incoming[d.successor, default: []].append(d.predecessor)
        default:
            return
        }
    }

    private mutating func end(_ org: String, on date: CivilDate) {
        if let known = ends[org], known <= date { return }
        ends[org] = date
    }

    /// Whether `org` never ends and has no successor links: σ(org, t) = {org} for every t.
    public func isPlain(_ org: String) -> Bool { ends[org] == nil && links[org] == nil }

    /// `org` and every organisation its successor links reach, at any date.
    public func reachable(from org: String) -> Set<String> {
        var seen: Set<String> = [org]
        var queue = [org]
        while let next = queue.popLast() {
            for l in links[next] ?? [] where seen.insert(l.successor).inserted { queue.append(l.successor) }
        }
        return seen
    }

    /// `org` and every organisation whose successor links reach it, at any date: those whose
    /// duties `org` may hold.
    public func reaching(_ org: String) -> Set<String> {
        var seen: Set<String> = [org]
        var queue = [org]
        while let next = queue.popLast() {
            for p in incoming[next] ?? [] where seen.insert(p).inserted { queue.append(p) }
        }
        return seen
    }

    /// The date `org` ended, if it has.
    public func endDate(of org: String) -> CivilDate? { ends[org] }

    /// Whether `org` still exists on `date` (it has not ended by then).
    public func isActive(_ org: String, on date: CivilDate) -> Bool {
        guard let end = ends[org] else { return true }
        return date < end
    }

    /// σ(org, date) for the duty `duty` (a req_ref; nil asks about duties in general, following
    /// every link). With `follow: false` (successor_policy `none`) duties end with the organisation.
    public func holders(of org: String, on date: CivilDate, duty: String? = nil, follow: Bool = true) -> Set<String> {
        var visiting: Set<String> = []
        var memo: [String: Set<String>] = [:]
        return resolve(org, date, duty, follow, &visiting, &memo)
    }

    private func resolve(
        _ org: String, _ date: CivilDate, _ duty: String?, _ follow: Bool, _ visiting: inout Set<String>, _ memo: inout [String: Set<String>]
    ) -> Set<String> {
        if let known = memo[org] { return known }
        guard visiting.insert(org).inserted else { return [] }  // cycles are refused at append; stay safe anyway
        defer { visiting.remove(org) }
        let effective = (links[org] ?? []).filter { $0.from <= date && covers($0, duty) }
        var result: Set<String>
        // A duty a tách split moved explicitly stays with its new holder, whether or not the
        // source still exists (it moved before the source ended).
        let moved = follow ? effective.filter { l in l.whileActive && duty.map { l.duties?.contains($0) == true } == true } : []
        if !moved.isEmpty {
            result = []
            for l in moved { result.formUnion(resolve(l.successor, date, duty, follow, &visiting, &memo)) }
        } else if isActive(org, on: date) {
            result = [org]
        } else if !follow {
            result = []
        } else {
            result = []
            for l in effective where !l.whileActive { result.formUnion(resolve(l.successor, date, duty, follow, &visiting, &memo)) }
        }
        memo[org] = result
        return result
    }

    private func covers(_ link: Link, _ duty: String?) -> Bool {
        guard let duties = link.duties else { return true }
        guard let duty else { return !duties.isEmpty }
        return duties.contains(duty)
    }
}
