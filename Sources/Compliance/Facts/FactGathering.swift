import AuditDomain
import EventLog
import LogFormat

/// What a check reads from the log at (T, K), in two streaming passes: first the plan (the
/// directives, their amendments and lifts, and the successor links, through the type index),
/// then every event once: applied to the organisations' state at T, and kept as a ``Fact``
/// only when a template of the plan may judge it. Memory grows with the facts judged, not with
/// the log (monthly reports to a body no requirement names are never kept), and each costs 48
/// bytes (see ``Fact``).
struct FactGathering {
    let asOf: CivilDate
    let zone: Int
    /// The strings of every fact.
    private(set) var symbols = SymbolTable()
    /// Directives in seq order, with every requirement; amendments and lifts by req_ref.
    private(set) var directives: [Fact] = []
    private(set) var amendments: [String: [Fact]] = [:]
    private(set) var lifts: [String: [Fact]] = [:]
    private(set) var successors = SuccessorFunction(events: [LoggedEvent](), zoneOffsetSeconds: 0)
    /// E(T, K) by type: the facts templates may judge, whose interval ended by T, in seq order.
    private(set) var byType: [String: FactList] = [:]
    /// The ids of the inspections planned (plan pass), and of those conducted by T: only these
    /// are asked about (`plan_not_executed`), so no other inspection's id is kept.
    private var plannedInspections: Set<String> = []
    private(set) var conductedPlans: Set<String> = []
    /// The payloads and event ids of the kinds a prohibition forbids, by seq: its template reads
    /// the organisations they touch and names exceptions by id, more than a compact body holds.
    private(set) var wholePayloads: [Int64: WholePayload] = [:]
    /// The projection records at T, from the same facts.
    private(set) var records = MemoryRecordStore()
    /// The corrections and retractions of the view at K.
    private let corrections: Corrections
    /// The seqs of the corrections applied to each event that happened by T, by the event's seq
    /// (evidence cites them beside the event).
    private(set) var correctedBy: [Int64: [Int64]] = [:]
    /// The doc_key each monitoring assignment rests on, by assignment id.
    private(set) var assignmentBasis: [String: String] = [:]
    /// Each organisation's latest-dated membership figure so far (in seq order), to flag sharp drops.
    private var lastFigure: [String: (asOf: CivilDate, members: Int64)] = [:]
    /// Findings about the log's data that no requirement owns (`membership_drop`).
    private(set) var dataFindings: [ComplianceReport.Finding] = []

    /// The event types of the plan pass.
    static let planTypes = [
        DirectiveIssued.type, RequirementAmended.type, RequirementLifted.type,
        OrganizationMerged.type, OrganizationSplit.type, OrganizationDissolved.type, SuccessorDesignated.type,
        InspectionPlanned.type,
    ]

    /// Types whose projection changes only what no template reads (an organisation's latest
    /// report, figures and inspection; the recommendation records): the records at T skip them,
    /// which then cost neither time nor memory (86,000 recommendations at ten million events).
    private static let unprojectedTypes: Set<String> = [
        ReportSubmitted.type, MembershipReported.type, InspectionConducted.type,
        RecommendationFiled.type, RecommendationResolved.type, RecommendationForwarded.type,
    ]

    /// Types some template judges whatever its parameters.
    private static let judgedTypes: Set<String> = [
        ReportSubmitted.type, MeetingHeld.type, TaskCompleted.type, InspectionConducted.type, InspectionPlanned.type,
        DirectiveDisseminated.type, RecommendationFiled.type, RecommendationForwarded.type,
        RecommendationResolved.type, CongressAppraised.type, CongressHeld.type,
    ]

    private var types = Self.judgedTypes
    /// Reports count only when sent to one of these (a periodic duty's recipient or an
    /// organisation that may hold its duties), about something, or under a requirement; nil:
    /// every report (a periodic duty names no recipient).
    private var reportRecipients: Set<String>? = []
    /// Types whose facts keep their payloads whole with their event ids (``wholePayloads``).
    private var wholeTypes: Set<String> = []
    /// The dates up to which a threshold target reads the latest membership figures: min(T,
    /// deadline) of each. Only the latest figure of each organisation up to each of them can
    /// count, so only those are kept (a figure a month for twenty years is one fact, not 240).
    private var figureCutoffs: Set<CivilDate> = []
    /// Plain reports (to a recipient, about nothing, under no requirement) dated before this
    /// can count for no period of any reporting duty (a report counts for a period only from its
    /// start), and no other template reads them: they are not kept. Nil: no
    /// duty bounds them (then only a prohibition or precedence may keep them all).
    private var plainReportsFrom: CivilDate?
    /// A prohibition or precedence reads reports, or a duty's schedule gives no bound: keep
    /// every plain report.
    private var everyPlainReport = false
    /// By organisation and cutoff, the latest figure so far (by as_of, then seq).
    private var latestFigures: [String: [CivilDate: (fact: Fact, asOf: CivilDate)]] = [:]

    init(asOf: CivilDate, zone: Int, corrections: Corrections) {
        self.asOf = asOf
        self.zone = zone
        self.corrections = corrections
    }

    /// Takes one event of the plan pass.
    mutating func plan(_ event: ProjectedEvent) {
        if let p = event.payload as? InspectionPlanned {
            plannedInspections.insert(p.inspectionId)
            return
        }
        guard let fact = Fact(event, zone: zone, symbols: &symbols) else { return }
        switch event.payload {
        case is DirectiveIssued: directives.append(fact)
        case let a as RequirementAmended: amendments[a.reqRef, default: []].append(fact)
        case let l as RequirementLifted: lifts[l.reqRef, default: []].append(fact)
        default: successors.add(event.payload, on: event.day)
        }
    }

    /// Decides, from every version of every requirement of the plan, which events the second
    /// pass keeps.
    mutating func decideInterest() {
        for f in directives {
            guard let d = f.payload as? DirectiveIssued else { continue }
            for r in d.requirements {
                var versions = [r.params]
                for a in amendments["\(d.doc.docKey)#\(r.reqId)"] ?? [] {
                    if let p = a.payload as? RequirementAmended { versions.append(JSONMergePatch.apply(p.paramsPatch, to: versions[versions.count - 1])) }
                }
                for params in versions { want(r.template, params, from: ComplianceCheck.effectiveFrom(d, issued: f)) }
            }
        }
    }

    /// Takes what a requirement version of `template` with parameters `p`, in force from
    /// `from` at the earliest, may judge.
    private mutating func want(_ template: Template, _ p: [String: JSONValue], from: CivilDate) {
        switch template {
        case .periodicReport:
            let type = p["event_type"]?.stringValue ?? ReportSubmitted.type
            types.insert(type)
            guard type == ReportSubmitted.type else { return }
            if let recipient = p["recipient"]?.stringValue {
                reportRecipients?.formUnion(successors.reachable(from: recipient))
            } else {
                reportRecipients = nil
            }
            // The first period that counts ends on or after `from`, so it began less than one
            // period before it; a period is at most 366 days a year, 31 a month, plus its days
            // (each part has at most four digits: no overflow).
            if let schedule = p["schedule"]?.stringValue.flatMap({ RepeatingInterval($0) }) {
                let s = schedule.period
                let bound = CivilDate(days: from.days - Int64(s.years * 366 + s.months * 31 + s.days) - 1)
                plainReportsFrom = min(plainReportsFrom ?? bound, bound)
            } else {
                everyPlainReport = true
            }
        case .prohibitionWindow:
            if let forbidden = p["forbidden"]?.stringValue {
                types.insert(forbidden)
                wholeTypes.insert(forbidden)
                readsReports(forbidden)
            }
        case .precedence:
            for key in ["antecedent", "consequent"] {
                if let t = p[key]?.stringValue {
                    types.insert(t)
                    readsReports(t)
                }
            }
        case .thresholdTarget:
            if let deadline = p["deadline"]?.stringValue.flatMap({ CivilDate($0) }) {
                types.insert(MembershipReported.type)
                figureCutoffs.insert(min(asOf, deadline))
            }
        default:
            break
        }
    }

    /// A template of the plan reads every event of `type`: if reports, every report is kept.
    private mutating func readsReports(_ type: String) {
        guard type == ReportSubmitted.type else { return }
        reportRecipients = nil
        everyPlainReport = true
    }

    /// What the second pass reads in full: every event, except reports that no duty can count
    /// (sent to no recipient of interest, about nothing, under no requirement), whose payloads
    /// are then not even parsed.
    var filter: EventFilter {
        guard let recipients = reportRecipients else { return EventFilter(rules: [:]) }
        return EventFilter(rules: [ReportSubmitted.type: .init(field: "recipient", values: recipients, orMembers: ["about", "req_ref"])])
    }

    /// What the second pass does with the events of one type.
    private struct TypeRole {
        /// The records at T apply it (not one of ``unprojectedTypes``).
        let projected: Bool
        /// A template may judge it (one of `types`).
        let judged: Bool
        /// Its facts keep their payloads whole (one of `wholeTypes`).
        let whole: Bool
    }

    /// The role of each type met so far, decided from the sets above once interest is decided:
    /// one hashed lookup per event instead of one per set.
    private var roles: [String: TypeRole] = [:]

    private mutating func role(of type: String) -> TypeRole {
        if let role = roles[type] { return role }
        let role = TypeRole(projected: !Self.unprojectedTypes.contains(type), judged: types.contains(type), whole: wholeTypes.contains(type))
        roles[type] = role
        return role
    }

    /// Takes one event of the second pass (every effective event, in seq order).
    mutating func take(_ event: ProjectedEvent) throws {
        guard let last = Fact.lastDay(of: event.occurredAt, zone: zone), last <= asOf else { return }
        let role = role(of: event.type)
        if role.projected { try Projector.apply(event, to: &records) }
        // By type first: a cast of the payload for every event is a fifth of a second at a
        // million events.
        if event.type == MembershipReported.type, let m = event.payload as? MembershipReported { noteFigure(m, seq: event.seq) }
        if event.type == MonitoringAssigned.type, let m = event.payload as? MonitoringAssigned {
            switch m.basis {
            case .key(let key): assignmentBasis[m.assignmentId] = key
            case .inline(let doc): assignmentBasis[m.assignmentId] = doc.docKey
            }
        }
        // Any event may be evidence (an assignment a coverage rests on, as well as the facts kept
        // below): the corrections applied to it are cited beside it.
        if corrections.touches(event.id) {
            let applied = corrections.applied(to: event.id)
            if !applied.isEmpty { correctedBy[event.seq] = applied }
        }
        guard role.judged else { return }
        // Casts by type first, as above; a report is cast once, here, and its fact made from it.
        var report: ReportSubmitted?
        if event.type == ReportSubmitted.type, let r = event.payload as? ReportSubmitted {
            if r.reqRef == nil, (r.about ?? []).isEmpty {
                if let recipients = reportRecipients, !recipients.contains(r.recipient) { return }
                if !everyPlainReport, let from = plainReportsFrom, event.day < from { return }
            }
            report = r
        }
        if event.type == InspectionConducted.type, let i = event.payload as? InspectionConducted, plannedInspections.contains(i.inspectionId) {
            conductedPlans.insert(i.inspectionId)
        }
        guard let fact = Fact(event, last: last, zone: zone, report: report, symbols: &symbols) else { return }
        if role.whole { wholePayloads[fact.seq] = WholePayload(event.payload, eventID: event.eventID) }
        if event.type == MembershipReported.type, let m = fact.payload as? MembershipReported {
            for cutoff in figureCutoffs where m.asOf <= cutoff {
                if let held = latestFigures[m.orgId]?[cutoff], (m.asOf, fact.seq) < (held.asOf, held.fact.seq) { continue }
                latestFigures[m.orgId, default: [:]][cutoff] = (fact, m.asOf)
            }
            return
        }
        byType[event.type, default: FactList()].append(fact)
    }

    /// Flags a figure of less than half the organisation's latest-dated figure recorded before
    /// it (in seq order), when it is dated later: possible (a purge of the rolls, a split), but
    /// worth a look before a ratio rests on it. A figure backfilled with an earlier date is not
    /// compared, and does not become the one later figures are compared with.
    private mutating func noteFigure(_ m: MembershipReported, seq: Int64) {
        if let previous = lastFigure[m.orgId] {
            guard m.asOf > previous.asOf else { return }
            if m.members * 2 < previous.members {
                dataFindings.append(.init(kind: "membership_drop", reqRef: nil, seq: seq,
                                          detail: .membershipDrop(org: m.orgId, members: m.members, asOf: m.asOf, previousMembers: previous.members,
                                                                  previousAsOf: previous.asOf)))
            }
        }
        lastFigure[m.orgId] = (m.asOf, m.members)
    }

    /// Ends the second pass: the figures kept join the facts, in seq order.
    mutating func finish() {
        var figures: [Int64: Fact] = [:]
        for byCutoff in latestFigures.values { for (fact, _) in byCutoff.values { figures[fact.seq] = fact } }
        if !figures.isEmpty {
            var list = FactList()
            for seq in figures.keys.sorted() { if let f = figures[seq] { list.append(f) } }
            byType[MembershipReported.type] = list
        }
        latestFigures = [:]
    }
}
