import AuditDomain
import EventLog
import SQLiteDatabase

/// Replays the log and judges every requirement of every directive at business date T with the
/// knowledge at instant K (research §6, §7.2): a pure function of (T, K, log prefix), so the
/// same inputs give the same report, byte for byte.
public enum ComplianceCheck {
    /// Templates this version evaluates (all eight).
    public static let evaluatedTemplates: Set<Template> = Set(Template.allCases)

    /// The report for `store` at (`asOf`, `knownAt`), optionally for one directive, one
    /// organisation's instances, or requirements with one verdict.
    public static func run(
        _ store: EventStore, asOf: CivilDate, knownAt: Instant?, directive: String? = nil, org: String? = nil, verdict: Verdict? = nil
    ) throws(EventLogError) -> ComplianceReport {
        let zone = store.meta.zoneOffsetSeconds
        let limit = knownAt?.description
        // Two passes over the log, streaming: the corrections and retractions known at K, then
        // every event as corrected, kept only as a typed fact (the JSON of each entry is freed).
        let (size, facts, lifecycle) = try store.withReadTransaction { db -> (Int64, [Fact], [LoggedEvent]) in
            let size = try db.scalarInt("SELECT max(seq) FROM events") ?? 0
            var corrections = Corrections()
            try db.forEachRow(
                "SELECT seq, entry FROM events WHERE type IN ('event.corrected', 'event.retracted') AND seq <= ? ORDER BY seq", [.integer(size)]
            ) { row in
                if let e = row.withBlob(1, { LoggedEvent(seq: row.int64(0), bytes: $0) }), limit.map({ e.recordedAt <= $0 }) ?? true {
                    corrections.add(e)
                }
            }
            var facts: [Fact] = []
            var lifecycle: [LoggedEvent] = []
            let successorTypes: Set<String> = [OrganizationMerged.type, OrganizationSplit.type, OrganizationDissolved.type, SuccessorDesignated.type]
            try db.forEachRow("SELECT seq, entry FROM events WHERE seq <= ? ORDER BY seq", [.integer(size)]) { row in
                guard let e = row.withBlob(1, { LoggedEvent(seq: row.int64(0), bytes: $0) }), e.target == nil,
                    limit.map({ e.recordedAt <= $0 }) ?? true, let effective = corrections.apply(to: e)
                else { return }
                if successorTypes.contains(effective.type) { lifecycle.append(effective) }
                if let f = Fact(effective, zone: zone) { facts.append(f) }
            }
            return (size, facts, lifecycle)
        }
        var records = MemoryRecordStore()
        for f in facts where f.first <= asOf {
            do { try Projector.apply(f.event, to: &records) } catch { throw .io("projection failed: \(error)") }
        }
        let context = ComplianceContext(
            asOf: asOf, facts: facts.filter { $0.last <= asOf }, records: records,
            successors: SuccessorFunction(events: lifecycle, zoneOffsetSeconds: zone))
        var findings: [ComplianceReport.Finding] = []
        var results: [ComplianceReport.RequirementResult] = []
        for f in facts {
            guard let d = f.event.payload as? DirectiveIssued, directive.map({ $0 == d.doc.docKey }) ?? true else { continue }
            for requirement in d.requirements {
                let active = Self.active(requirement, of: d, issued: f, facts: facts, asOf: asOf)
                var instances = Self.evaluate(active, context, &findings)
                if let org { instances = instances.filter { $0.assignee.split(separator: " ").contains(Substring(org)) || $0.key == org } }
                if org != nil, instances.isEmpty { continue }
                let result = ComplianceReport.RequirementResult(
                    reqRef: active.reqRef, template: requirement.template.rawValue, textVi: requirement.textVi,
                    verdict: asOf < active.from ? .notApplicable : Verdict.worst(instances.map(\.verdict)), instances: instances,
                    paramSource: requirement.paramSource)
                if verdict.map({ $0 == result.verdict }) ?? true { results.append(result) }
                if asOf >= active.from, active.until.map({ asOf < $0 }) ?? true {
                    for a in requirement.assignees?.ids ?? [] where context.successors.holders(of: a, on: asOf, duty: active.reqRef, follow: active.follow).isEmpty {
                        findings.append(.init(kind: "orphaned", reqRef: active.reqRef, seq: nil,
                                              detail: "\(a) has no successor since \(context.successors.endDate(of: a)?.description ?? "?")"))
                    }
                }
            }
        }
        var summary: [String: Int] = [:]
        for r in results { summary[r.verdict.rawValue, default: 0] += 1 }
        let root = try store.root(size: size)
        return ComplianceReport(
            asOf: asOf.description, knownAt: knownAt?.description ?? "latest", log: .init(size: size, root: Base64.encode(root)),
            requirements: results, findings: findings.sorted { ($0.seq ?? 0, $0.kind, $0.detail) < ($1.seq ?? 0, $1.kind, $1.detail) },
            summary: summary)
    }

    /// The requirement as in force at T: amendments by T applied, the window clipped by a lift.
    static func active(_ r: Requirement, of d: DirectiveIssued, issued: Fact, facts: [Fact], asOf: CivilDate) -> ActiveRequirement {
        let ref = "\(d.doc.docKey)#\(r.reqId)"
        var params = r.params
        var lifted: CivilDate?
        for f in facts {
            if let a = f.event.payload as? RequirementAmended, a.reqRef == ref, f.first <= asOf {
                params = JSONMergePatch.apply(a.paramsPatch, to: params)
            }
            if let l = f.event.payload as? RequirementLifted, l.reqRef == ref { lifted = min(lifted ?? l.effectiveOn, l.effectiveOn) }
        }
        let until = [d.effectiveUntil, lifted].compactMap { $0 }.min()
        return ActiveRequirement(
            requirement: r, reqRef: ref, params: params, from: d.effectiveFrom ?? d.doc.issuedOn ?? issued.first, until: until,
            follow: r.successorPolicy != Requirement.SuccessorPolicy.none)
    }

    static func evaluate(_ r: ActiveRequirement, _ c: ComplianceContext, _ findings: inout [ComplianceReport.Finding])
        -> [ComplianceReport.Instance]
    {
        switch r.requirement.template {
        case .periodicReport: return PeriodicReport.evaluate(r, c, &findings)
        case .oneOffTask: return OneOffTask.evaluate(r, c)
        case .prohibitionWindow: return ProhibitionWindow.evaluate(r, c)
        case .coverage: return Coverage.evaluate(r, c, &findings)
        case .responseWithin: return ResponseWithin.evaluate(r, c)
        case .recurringInspection: return RecurringInspection.evaluate(r, c, &findings)
        case .thresholdTarget: return ThresholdTarget.evaluate(r, c)
        case .precedence: return Precedence.evaluate(r, c)
        }
    }
}
