import AuditDomain
import EventLog
import LogFormat

/// Replays the log and judges every requirement of every directive at business date T with the
/// knowledge at instant K (docs/compliance.md): a pure function of (T, K, log prefix), so the
/// same inputs give the same report, byte for byte.
public enum ComplianceCheck {
    /// Templates this version evaluates (all eight).
    public static let evaluatedTemplates: Set<Template> = Set(Template.allCases)

    /// The event types that fulfil a duty (a report, an inspection, a completed task, figures, an
    /// answer): what a requirement with `evidence: attested` counts only when attested.
    static let fulfillingTypes: Set<String> = [
        ReportSubmitted.type, InspectionConducted.type, TaskCompleted.type, MembershipReported.type, MeetingHeld.type,
        DirectiveDisseminated.type, RecommendationResolved.type, RecommendationForwarded.type, CongressHeld.type,
        CongressAppraised.type, LeadershipChanged.type,
    ]

    /// The report for `store` at (`asOf`, `knownAt`), optionally for one directive, one
    /// organisation's instances, or requirements with one verdict.
    public static func run(
        _ store: any LogEngine, asOf: CivilDate, knownAt: Instant?, directive: String? = nil, org: String? = nil, verdict: Verdict? = nil
    ) throws(EventLogError) -> ComplianceReport {
        var results: [ComplianceReport.RequirementResult] = []
        do {
            var report = try run(store, asOf: asOf, knownAt: knownAt, directive: directive, org: org, verdict: verdict) { results.append($0) }
            report.requirements = results
            return report
        } catch let error as EventLogError {
            throw error
        } catch {
            preconditionFailure("only the log fails a check whose results are collected: \(error)")
        }
    }

    /// The same report with each requirement handed to `each` as soon as it is judged, in the
    /// report's order, instead of kept (and, when `records` is given, the projection records at
    /// (T, K) the check judged with handed to it first): the report returned has everything else (findings,
    /// summary, log state) and no requirements. Throws the log's ``EventLogError`` or what `each`
    /// throws. A large report (two million instances at ten
    /// million events) then need not be held in memory to be written out.
    public static func run(
        _ store: any LogEngine, asOf: CivilDate, knownAt: Instant?, directive: String? = nil, org: String? = nil, verdict: Verdict? = nil,
        records: ((MemoryRecordStore) -> Void)? = nil, progress: (Int64) -> Void = { _ in },
        each: (ComplianceReport.RequirementResult) throws -> Void
    ) throws -> ComplianceReport {
        let (size, root, summary, findings) = try judge(store, asOf: asOf, knownAt: knownAt, directive: directive, org: org,
                                                         verdict: verdict, records: records, progress: progress, each: each)
        // The facts are gone by now; the findings stay compact (see ComplianceReport.Findings).
        return ComplianceReport(
            asOf: asOf.description, knownAt: knownAt?.description ?? "latest", log: .init(size: size, root: Base64.encode(root)),
            requirements: [], findings: findings.unique(), summary: summary)
    }

    /// Gathers the facts and judges every requirement (see ``run(_:asOf:knownAt:directive:org:verdict:each:)``):
    /// the log's size and root, the count of requirements per verdict, and the findings. The
    /// facts live only as long as this call.
    private static func judge(
        _ store: any LogEngine, asOf: CivilDate, knownAt: Instant?, directive: String?, org: String?, verdict: Verdict?,
        records: ((MemoryRecordStore) -> Void)?, progress: (Int64) -> Void, each: (ComplianceReport.RequirementResult) throws -> Void
    ) throws -> (Int64, TreeHash, [String: Int], FindingLog) {
        let zone = store.meta.zoneOffsetSeconds
        // Two streaming passes over the log (see FactGathering): the plan, then every event,
        // decoded on worker threads and kept only as the facts a template may judge.
        let (size, gathered, attested) = try store.withReadTransaction { session -> (Int64, FactGathering, Set<Int64>) in
            let log = session.log
            let size = try log.size()
            let corrections = try ProjectionReplay.corrections(log, size: size, knownAt: knownAt)
            var g = FactGathering(asOf: asOf, zone: zone, corrections: corrections)
            try ProjectionReplay.forEachEvent(log, size: size, zoneOffsetSeconds: zone, knownAt: knownAt, corrections: corrections,
                                              types: FactGathering.planTypes, parallel: false) { g.plan($0) }
            g.decideInterest()
            try ProjectionReplay.forEachEvent(log, size: size, zoneOffsetSeconds: zone, knownAt: knownAt, corrections: corrections,
                                              filter: g.filter, parallel: true, progress: progress) { try g.take($0) }
            g.finish()
            return (size, g, try AttestedEvents.seqs(session, size: size))
        }
        let context = ComplianceContext(asOf: asOf, index: FactIndex(gathered), records: gathered.records, successors: gathered.successors,
                                        corrections: gathered.correctedBy, assignmentBasis: gathered.assignmentBasis)
        records?(context.records)
        // The root first: nothing after the first requirement handed out can fail.
        let root = try store.root(size: size)
        var findings = FindingLog()
        for f in gathered.dataFindings { findings.append(f) }
        var summary: [String: Int] = [:]
        // Every requirement to judge, in the report's order, with the facts it may count.
        var judgements: [Judgement] = []
        // Built once, if a requirement counts only attested evidence: the events that fulfil a
        // duty must be attested; those that create one or break a prohibition count whoever
        // recorded them.
        var attestedOnly: ComplianceContext?
        let attestation = Attestation(attested: attested, corrections: gathered.correctedBy)
        let amendments = gathered.amendments
        let lifts = gathered.lifts
        for f in gathered.directives {
            guard let d = f.payload as? DirectiveIssued, directive.map({ $0 == d.doc.docKey }) ?? true else { continue }
            let jurisdiction = Self.jurisdiction(of: d.doc.issuerOrg, context.records)
            for requirement in d.requirements {
                let ref = "\(d.doc.docKey)#\(requirement.reqId)"
                let parts = Self.active(requirement, of: d, issued: f, amendments: amendments[ref] ?? [], lifts: lifts[ref] ?? [], asOf: asOf,
                                        jurisdiction: jurisdiction)
                var judged = context
                if requirement.evidence == .attested, requirement.template != .prohibitionWindow {
                    judged = attestedOnly ?? context.keeping { type, seq in !Self.fulfillingTypes.contains(type) || attestation.isAttested(seq) }
                    attestedOnly = judged
                }
                judgements.append(Judgement(directive: d, requirement: requirement, parts: parts, context: judged))
            }
        }
        // Judged on worker threads, a requirement or two ahead; handed out here, in order.
        let pipeline = ChunkPipeline(count: judgements.count, inFlight: Limits.requirementsInFlight) { [judgements] i in
            Self.judged(judgements[i], org: org, attestation: attestation)
        }
        pipeline.start()
        defer { pipeline.stop() }
        for i in judgements.indices {
            let judged = try pipeline.result(i)
            findings.append(contentsOf: judged.findings)
            guard let result = judged.result else { continue }
            if verdict.map({ $0 == result.verdict }) ?? true {
                summary[result.verdict.rawValue, default: 0] += 1
                try each(result)
            }
            let parts = judgements[i].parts
            let active = parts[parts.count - 1]
            if asOf >= parts[0].from, active.until.map({ asOf < $0 }) ?? true {
                for a in context.members(of: judgements[i].requirement.assignees, active) {
                    guard let end = context.successors.endDate(of: a), end <= asOf,
                        context.successors.holders(of: a, on: asOf, duty: active.reqRef, follow: active.follow).isEmpty
                    else { continue }
                    findings.append(.init(kind: "orphaned", reqRef: active.reqRef, seq: nil, detail: .orphaned(org: a, since: end)))
                }
            }
        }
        return (size, root, summary, findings)
    }

    /// One requirement of the report, as the worker that judges it needs it.
    private struct Judgement: Sendable {
        let directive: DirectiveIssued
        let requirement: Requirement
        /// The requirement as in force at T, in parts (``active``).
        let parts: [ActiveRequirement]
        /// The facts it may count (only the attested ones, for `evidence: attested`).
        let context: ComplianceContext
    }

    /// A requirement judged: its result (nil when an organisation was asked about and has no
    /// instance of it) and the findings made on the way.
    private struct Judged: Sendable {
        let result: ComplianceReport.RequirementResult?
        let findings: FindingLog
    }

    /// Which events of the log were attested when recorded.
    private struct Attestation: Sendable {
        let attested: Set<Int64>
        /// The corrections applied to each event, by its seq.
        let corrections: [Int64: [Int64]]

        /// Whether the event at `seq` counts as attested: it is, and so is every correction
        /// applied to it (an unsigned correction of a signed report is not the author's word).
        func isAttested(_ seq: Int64) -> Bool {
            attested.contains(seq) && (corrections[seq] ?? []).allSatisfy { attested.contains($0) }
        }
    }

    /// Judges one requirement: its instances (only `org`'s, when given), their evidence with the
    /// corrections applied to it, and which of it was attested.
    private static func judged(_ j: Judgement, org: String?, attestation: Attestation) -> Judged {
        var findings = FindingLog()
        let parts = j.parts
        let active = parts[parts.count - 1]
        var instances = Self.evaluate(parts, j.context, &findings)
        if let org { instances = instances.filter { $0.assignee.split(separator: " ").contains(Substring(org)) || $0.key == org } }
        if org != nil, instances.isEmpty { return Judged(result: nil, findings: findings) }
        for i in instances.indices {
            instances[i].evidence = j.context.withCorrections(instances[i].evidence)
            let marked = instances[i].evidence.filter(attestation.isAttested)
            if !marked.isEmpty { instances[i].attested = marked }
        }
        let d = j.directive
        let result = ComplianceReport.RequirementResult(
            reqRef: active.reqRef, template: j.requirement.template.rawValue, textVi: j.requirement.textVi,
            verdict: j.context.asOf < parts[0].from ? .notApplicable : Verdict.worst(instances.map(\.verdict)), instances: instances,
            paramSource: j.requirement.paramSource, sourceKind: d.sourceKind.rawValue, officialSource: d.sourceKind != .newsReport)
        return Judged(result: result, findings: findings)
    }

    /// When the requirements of directive `d` (the payload of `issued`) take effect: its
    /// effective_from, else the date it was issued, else the event's business date.
    static func effectiveFrom(_ d: DirectiveIssued, issued: Fact) -> CivilDate { d.effectiveFrom ?? d.doc.issuedOn ?? issued.first }

    /// The province whose organisations the requirements of a directive issued by `issuer` bind:
    /// the issuer's province at T; nil (no bound) for a central issuer or one the log does not
    /// describe.
    static func jurisdiction(of issuer: String, _ records: MemoryRecordStore) -> String? {
        guard let province = records.organization(issuer)?.province.value, province != centralProvince else { return nil }
        return province
    }

    /// The province of central bodies, whose directives bind every province.
    static let centralProvince = "trung-uong"

    /// The requirement as in force at T, in parts: the original parameters until the first
    /// amendment that took effect by T, then each amended version from its business date. The
    /// window is clipped by a lift that took effect by T. Periodic templates judge each part's
    /// periods by that part's parameters; the others judge by the last part with the whole window
    /// (an amendment of a deadline or a duration applies to the whole requirement).
    static func active(
        _ r: Requirement, of d: DirectiveIssued, issued: Fact, amendments: [Fact], lifts: [Fact], asOf: CivilDate, jurisdiction: String?
    ) -> [ActiveRequirement] {
        let ref = "\(d.doc.docKey)#\(r.reqId)"
        let from = effectiveFrom(d, issued: issued)
        // A lift or an amendment counts once it has surely happened by T (its whole business
        // interval); a lift from its effective date.
        let lifted = lifts.filter { $0.last <= asOf }.compactMap { ($0.payload as? RequirementLifted)?.effectiveOn }.min()
        let until = [d.effectiveUntil, lifted].compactMap { $0 }.min()
        let follow = r.successorPolicy != Requirement.SuccessorPolicy.none
        let applied = amendments.filter { $0.last <= asOf }.sorted { ($0.first, $0.seq) < ($1.first, $1.seq) }
        // Only duties with periods are judged part by part (a rolling inspection has none).
        let periodic = r.template == .periodicReport || (r.template == .recurringInspection && r.params["mode"]?.stringValue != "rolling")
        guard periodic, !applied.isEmpty else {
            var params = r.params
            for a in applied { if let p = a.payload as? RequirementAmended { params = JSONMergePatch.apply(p.paramsPatch, to: params) } }
            return [ActiveRequirement(requirement: r, reqRef: ref, params: params, from: from, until: until, follow: follow,
                                      jurisdiction: jurisdiction, effective: from)]
        }
        var parts: [ActiveRequirement] = []
        var params = r.params
        var start = from
        var amended = false
        for a in applied {
            guard let p = a.payload as? RequirementAmended else { continue }
            let cut = max(a.first, from)
            if cut > start {
                parts.append(ActiveRequirement(requirement: r, reqRef: ref, params: params, from: start,
                                               until: [until, cut].compactMap { $0 }.min(), follow: follow, jurisdiction: jurisdiction, effective: from,
                                               sinceAmendment: amended))
                // Periods that began before the cut belong to the part before it.
                amended = true
            }
            params = JSONMergePatch.apply(p.paramsPatch, to: params)
            start = cut
        }
        parts.append(ActiveRequirement(requirement: r, reqRef: ref, params: params, from: start, until: until, follow: follow,
                                       jurisdiction: jurisdiction, effective: from, sinceAmendment: amended))
        return parts
    }

    /// The instances of a requirement in force in `parts` (see ``active``): the periodic
    /// templates judge every part's periods together; the others judge the last part.
    static func evaluate(_ parts: [ActiveRequirement], _ c: ComplianceContext, _ findings: inout FindingLog)
        -> [ComplianceReport.Instance]
    {
        let r = parts[parts.count - 1]
        switch r.requirement.template {
        case .periodicReport: return PeriodicReport.evaluate(parts, c, &findings)
        case .oneOffTask: return OneOffTask.evaluate(r, c)
        case .prohibitionWindow: return ProhibitionWindow.evaluate(r, c)
        case .coverage: return Coverage.evaluate(r, c, &findings)
        case .responseWithin: return ResponseWithin.evaluate(r, c)
        case .recurringInspection: return RecurringInspection.evaluate(parts, c, &findings)
        case .thresholdTarget: return ThresholdTarget.evaluate(r, c)
        case .precedence: return Precedence.evaluate(r, c)
        }
    }
}
