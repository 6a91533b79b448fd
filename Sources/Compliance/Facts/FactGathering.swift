import AuditDomain
import EventLog

/// What a check reads from the log at (T, K), in two streaming passes: first the plan (the
/// directives, their amendments and lifts, and the successor links, through the type index),
/// then every event once: applied to the organisations' state at T, and kept as a ``Fact``
/// only when a template of the plan may judge it. Memory grows with the facts judged, not with
/// the log (monthly reports to a body no requirement names are never kept).
struct FactGathering {
    let asOf: CivilDate
    let zone: Int
    /// Directives in seq order, with every requirement; amendments and lifts by req_ref.
    private(set) var directives: [Fact] = []
    private(set) var amendments: [String: [Fact]] = [:]
    private(set) var lifts: [String: [Fact]] = [:]
    private(set) var successors = SuccessorFunction(events: [LoggedEvent](), zoneOffsetSeconds: 0)
    /// E(T, K) by type: the facts templates may judge, whose interval ended by T, in seq order.
    private(set) var byType: [String: [Fact]] = [:]
    /// The projection records at T, from the same facts.
    private(set) var records = MemoryRecordStore()

    /// The event types of the plan pass.
    static let planTypes = [
        DirectiveIssued.type, RequirementAmended.type, RequirementLifted.type,
        OrganizationMerged.type, OrganizationSplit.type, OrganizationDissolved.type, SuccessorDesignated.type,
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
    /// Types whose facts keep their event ids (prohibition exceptions name events).
    private var keepIDs: Set<String> = []
    /// The dates up to which a threshold target reads the latest membership figures: min(T,
    /// deadline) of each. Only the latest figure of each organisation up to each of them can
    /// count, so only those are kept (a figure a month for twenty years is one fact, not 240).
    private var figureCutoffs: Set<CivilDate> = []
    /// By organisation and cutoff, the latest figure so far (by as_of, then seq).
    private var latestFigures: [String: [CivilDate: (fact: Fact, asOf: CivilDate)]] = [:]

    init(asOf: CivilDate, zone: Int) {
        self.asOf = asOf
        self.zone = zone
    }

    /// Takes one event of the plan pass.
    mutating func plan(_ event: ProjectedEvent) {
        guard let fact = Fact(event, zone: zone) else { return }
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
                for params in versions { want(r.template, params) }
            }
        }
    }

    private mutating func want(_ template: Template, _ p: [String: JSONValue]) {
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
        case .prohibitionWindow:
            if let forbidden = p["forbidden"]?.stringValue {
                types.insert(forbidden)
                keepIDs.insert(forbidden)
            }
        case .precedence:
            for key in ["antecedent", "consequent"] { if let t = p[key]?.stringValue { types.insert(t) } }
        case .thresholdTarget:
            if let deadline = p["deadline"]?.stringValue.flatMap({ CivilDate($0) }) {
                types.insert(MembershipReported.type)
                figureCutoffs.insert(min(asOf, deadline))
            }
        default:
            break
        }
    }

    /// What the second pass reads in full: every event, except reports that no duty can count
    /// (sent to no recipient of interest, about nothing, under no requirement), whose payloads
    /// are then not even parsed.
    var filter: EventFilter {
        guard let recipients = reportRecipients else { return EventFilter(rules: [:]) }
        return EventFilter(rules: [ReportSubmitted.type: .init(field: "recipient", values: recipients, orMembers: ["about", "req_ref"])])
    }

    /// Takes one event of the second pass (every effective event, in seq order).
    mutating func take(_ event: ProjectedEvent) throws {
        guard let last = Fact.lastDay(of: event.occurredAt, zone: zone), last <= asOf else { return }
        try Projector.apply(event, to: &records)
        guard types.contains(event.type) else { return }
        if let r = event.payload as? ReportSubmitted, let recipients = reportRecipients,
            !recipients.contains(r.recipient), r.reqRef == nil, (r.about ?? []).isEmpty
        { return }
        guard let fact = Fact(event, zone: zone, keepID: keepIDs.contains(event.type)) else { return }
        if let m = fact.payload as? MembershipReported {
            for cutoff in figureCutoffs where m.asOf <= cutoff {
                if let held = latestFigures[m.orgId]?[cutoff], (m.asOf, fact.seq) < (held.asOf, held.fact.seq) { continue }
                latestFigures[m.orgId, default: [:]][cutoff] = (fact, m.asOf)
            }
            return
        }
        byType[event.type, default: []].append(fact)
    }

    /// Ends the second pass: the figures kept join the facts, in seq order.
    mutating func finish() {
        var figures: [Int64: Fact] = [:]
        for byCutoff in latestFigures.values { for (fact, _) in byCutoff.values { figures[fact.seq] = fact } }
        if !figures.isEmpty { byType[MembershipReported.type] = figures.keys.sorted().compactMap { figures[$0] } }
        latestFigures = [:]
    }
}
