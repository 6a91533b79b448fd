import AuditDomain
import EventLog
import LogFormat

/// T5 `prohibition_window`: a forbidden kind of event touching a scoped organisation inside
/// [from, min(until, lifted)) is a violation; the fact itself stands (docs/compliance.md).
enum ProhibitionWindow {
    static func evaluate(_ r: ActiveRequirement, _ c: ComplianceContext) -> [ComplianceReport.Instance] {
        let p = r.params
        guard let forbidden = p["forbidden"]?.stringValue else { return [] }
        let from = p["from"]?.stringValue.flatMap { CivilDate($0) } ?? r.from
        let until = [p["until"]?.stringValue.flatMap { CivilDate($0) }, r.until].compactMap { $0 }.min()
        let exceptions = Set(p["exceptions"].map { v -> [String] in
            if case .array(let a) = v { return a.compactMap(\.stringValue) }
            return []
        } ?? [])
        let scope = ProhibitionWindow.selector(p["scope"])
        let window = "\(from)–\(until?.description ?? "open")"
        guard c.asOf >= from else {
            return [.init(assignee: "*", key: window, due: nil, verdict: .notApplicable, evidence: [], reason: .windowNotOpen(asOf: c.asOf))]
        }
        // Surely inside the window, and dated imprecisely across one of its boundaries.
        var hits: [Fact] = []
        var maybe: [Fact] = []
        for f in c.facts(of: forbidden) {
            guard let whole = c.index.whole(f), !exceptions.contains(whole.eventID ?? "") else { continue }
            guard f.last >= from, until.map({ f.first < $0 }) ?? true else { continue }
            let inside = f.first >= from && until.map({ f.last < $0 }) ?? true
            let orgs = Self.touched(by: whole.payload)
            if scope.map({ s in orgs.contains { c.matches($0, s, r) } }) ?? true {
                if inside { hits.append(f) } else { maybe.append(f) }
            }
        }
        let open = until.map { c.asOf < $0 } ?? true
        if hits.isEmpty, !maybe.isEmpty {
            return [.init(assignee: "*", key: window, due: nil, verdict: .indeterminate, evidence: maybe.map(\.seq),
                          reason: .acrossWindowEdge(eventType: forbidden, events: maybe.map { Reason.Occurrence(seq: $0.seq, date: c.shown($0)) }))]
        }
        if hits.isEmpty {
            return [.init(assignee: "*", key: window, due: nil, verdict: .satisfied, evidence: [],
                          reason: .noneInWindow(eventType: forbidden, open: open))]
        }
        return [.init(assignee: "*", key: window, due: nil, verdict: .violated, evidence: hits.map(\.seq),
                      reason: .inWindow(eventType: forbidden, events: hits.map { Reason.Occurrence(seq: $0.seq, date: c.shown($0)) }))]
    }

    /// The organisations an event is about, not the issuers of the documents it cites; for a
    /// directive, those its requirements name (selector ids and `under`, `reports_to`, and the
    /// organisations in params: `recipient`, `participants`, `report_back.to`).
    static func touched(by payload: any EventPayload) -> Set<String> {
        if let d = payload as? DirectiveIssued {
            var orgs: Set<String> = []
            for r in d.requirements {
                for selector in [r.assignees, r.cooperating, r.scope].compactMap({ $0 }) {
                    orgs.formUnion(selector.ids ?? [])
                    if let under = selector.under { orgs.insert(under) }
                }
                if let to = r.reportsTo { orgs.insert(to) }
                if let recipient = r.params["recipient"]?.stringValue { orgs.insert(recipient) }
                if case .array(let a)? = r.params["participants"] { orgs.formUnion(a.compactMap(\.stringValue)) }
                if case .object(let back)? = r.params["report_back"], let to = back["to"]?.stringValue { orgs.insert(to) }
            }
            return orgs
        }
        var refs = References()
        payload.references(&refs)
        return Set(refs.needs.filter { $0.kinds.contains(.org) && !$0.field.hasSuffix(".issuer_org") }.map(\.key)
            + refs.declarations.filter { $0.kind == .org }.map(\.key))
    }

    /// An OrgSelector from params JSON (already checked at append).
    static func selector(_ v: JSONValue?) -> OrgSelector? {
        guard case .object(let m)? = v else { return nil }
        var r = FieldReader(m, path: "")
        r.trusted = true
        return try? OrgSelector.read(&r)
    }
}
