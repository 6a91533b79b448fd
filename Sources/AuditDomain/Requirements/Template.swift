import EventLog
import LogFormat

/// The requirement templates (docs/compliance.md, Part 5), each with the parameters it takes.
public enum Template: String, Sendable, Hashable, Codable, CaseIterable {
    case periodicReport = "periodic_report", oneOffTask = "one_off_task", recurringInspection = "recurring_inspection"
    case thresholdTarget = "threshold_target", prohibitionWindow = "prohibition_window", coverage
    case responseWithin = "response_within", precedence

    /// Whether a requirement of this template must name its assignees.
    var needsAssignees: Bool { self == .periodicReport || self == .oneOffTask }

    /// Checks a params object for this template (Schemas/README.md, "Requirement templates"),
    /// recording the organisations, documents and meetings it names in `r.refs`.
    func readParams(_ r: inout FieldReader) throws(PayloadError) {
        switch self {
        case .periodicReport:
            let eventType: ReportEvent = try r.choice("event_type")
            if let recipient = try r.optionalChecked("recipient", .slug) {
                r.refs.need(.org, recipient, r.field("recipient"))
            } else if eventType == .report {
                throw r.error("recipient", "required when event_type is report.submitted")
            }
            if eventType == .report, r.peek("participants") != nil {
                throw r.error("participants", "only for event_type meeting.held")
            }
            try needOrgs(&r, "participants")
            guard try r.optionalSchedule("schedule") != nil else { throw r.error("schedule", "required") }
            _ = try r.optionalDuration("grace")
            _ = try r.optionalChoice("first_period", FirstPeriod.self)
            _ = try r.optionalInteger("min_count", minimum: 1)
        case .oneOffTask:
            let on = try r.optionalDate("due_on")
            let within = try r.optionalDuration("due_within")
            if on != nil, within != nil { throw r.error("due_within", "give due_on or due_within, not both") }
            _ = try r.optionalChoice("completion", Completion.self)
            _ = try r.optionalStrings("deliverable_types", .text)
        case .recurringInspection:
            let byMonitor = try selectorOr(&r, "inspector", keyword: "monitor_of_target")
            let allMonitored = try selectorOr(&r, "targets", keyword: "all_monitored")
            try assignmentBasis(&r, allowed: byMonitor || allMonitored, "only when inspector is monitor_of_target or targets is all_monitored")
            var kinds: Set<InspectionKind> = []
            _ = try r.optionalArray("kinds", minimum: 1) { (item, path, _) throws(PayloadError) -> (InspectionKind, JSONValue) in
                guard case .string(let s) = item, let k = InspectionKind(rawValue: s) else {
                    throw PayloadError(field: path, message: "must be one of \(InspectionKind.allCases.map(\.rawValue).joined(separator: ", "))")
                }
                guard kinds.insert(k).inserted else { throw PayloadError(field: path, message: "\(echoed(s)) is listed twice") }
                return (k, item)
            }
            let mode = try r.optionalChoice("mode", InspectionMode.self) ?? .calendar
            let schedule = try r.optionalSchedule("schedule")
            let gap = try r.optionalDuration("max_gap")
            switch mode {
            case .calendar:
                if schedule == nil { throw r.error("schedule", "required when mode is calendar") }
                if gap != nil { throw r.error("max_gap", "only when mode is rolling") }
            case .rolling:
                if gap == nil { throw r.error("max_gap", "required when mode is rolling") }
                if schedule != nil { throw r.error("schedule", "only when mode is calendar") }
            }
            _ = try r.optionalDuration("grace")
            _ = try r.optionalInteger("min_count", minimum: 1)
        case .thresholdTarget:
            _ = try r.choice("metric", Metric.self)
            _ = try r.choice("op", Comparison.self)
            _ = try r.checked("value", .decimal)
            try requiredSelector(&r, "scope")
            _ = try r.optionalChoice("aggregation", Aggregation.self)
            _ = try r.date("deadline")
            _ = try r.optionalDuration("staleness")
            _ = try r.optionalSchedule("checkpoints")
        case .prohibitionWindow:
            _ = try r.checked("forbidden", .eventType)
            try requiredSelector(&r, "scope")
            let from = try r.optionalDate("from")
            let until = r.peek("until") == .null ? r.raw("until").flatMap { _ in nil } : try r.optionalDate("until")
            if let from, let until, until < from { throw r.error("until", "is before from \(from)") }
            let field = r.field("exceptions")
            for (i, id) in (try r.optionalStrings("exceptions", .eventID) ?? []).enumerated() { r.refs.needEvent(id, "\(field)[\(i)]") }
        case .coverage:
            try requiredSelector(&r, "universe")
            let relation = try r.object("relation") { (rel: inout FieldReader) throws(PayloadError) -> RelationKind in
                let kind: RelationKind = try rel.choice("kind")
                if try rel.optionalChoice("role", MonitoringRole.self) != nil, kind != .monitoring {
                    throw rel.error("role", "only for kind monitoring")
                }
                if let doc = try rel.optionalChecked("doc_key", .docKey) {
                    guard kind == .dissemination else { throw rel.error("doc_key", "only for kind dissemination") }
                    rel.refs.need(.doc, doc, rel.field("doc_key"))
                } else if kind == .dissemination {
                    throw rel.error("doc_key", "required when kind is dissemination")
                }
                if try rel.optionalText("system") != nil, kind != .registration {
                    throw rel.error("system", "only for kind registration")
                }
                return kind
            }
            try assignmentBasis(&r, allowed: relation == .monitoring, "only when relation.kind is monitoring")
            _ = try r.optionalInteger("min", minimum: 1)
            _ = try r.optionalDuration("grace")
            _ = try r.optionalBool("require_active_holder")
            _ = try r.optionalBool("over_interval")
        case .responseWithin:
            try r.object("trigger") { (t: inout FieldReader) throws(PayloadError) in
                _ = try t.choice("type", TriggerType.self)
                try optionalSelector(&t, "addressee")
                _ = try t.optionalChoice("channel", RecommendationChannel.self)
                if let meeting = try t.optionalChecked("meeting_id", .id) { t.refs.need(.meeting, meeting, t.field("meeting_id")) }
                _ = try t.optionalDate("filed_from")
                _ = try t.optionalDate("filed_to")
            }
            try requiredSelector(&r, "responsible")
            try optionalSelector(&r, "resolvers")
            _ = try r.duration("within")
            try r.optionalObject("report_back") { (b: inout FieldReader) throws(PayloadError) in
                let to = try b.checked("to", .slug)
                b.refs.need(.org, to, b.field("to"))
                _ = try b.duration("within")
            }
        case .precedence:
            _ = try r.choice("antecedent", Antecedent.self)
            _ = try r.choice("consequent", Consequent.self)
            _ = try r.optionalStrings("correlation", .text, minimum: 1)
            _ = try r.duration("max_lead")
            _ = try r.optionalChoice("antecedent_result", AppraisalResult.self)
        }
    }

    /// The event a periodic report is met by.
    public enum ReportEvent: String, Sendable, CaseIterable { case report = "report.submitted", meeting = "meeting.held" }
    /// Which period comes first.
    public enum FirstPeriod: String, Sendable, CaseIterable { case containingEffectiveFrom = "containing_effective_from", firstFull = "first_full" }
    /// What completes a one-off task.
    public enum Completion: String, Sendable, CaseIterable {
        case taskCompleted = "task.completed", reportSubmitted = "report.submitted"
        case documentRegistered = "document.registered", directiveIssued = "directive.issued"
    }
    /// Calendar periods or a rolling maximum gap.
    public enum InspectionMode: String, Sendable, CaseIterable { case calendar, rolling }
    /// What a threshold measures.
    public enum Metric: String, Sendable, CaseIterable { case membershipRate = "membership_rate", members }
    /// How a threshold compares.
    public enum Comparison: String, Sendable, CaseIterable { case atLeast = ">=", above = ">", atMost = "<=", below = "<" }
    /// Per organisation, or one ratio of sums.
    public enum Aggregation: String, Sendable, CaseIterable { case perOrg = "per_org", sumRatio = "sum_ratio" }
    /// The relation a coverage requirement counts.
    public enum RelationKind: String, Sendable, CaseIterable {
        case monitoring, dissemination, registration, partyOrgPresent = "party_org_present"
    }
    /// What starts a response clock.
    public enum TriggerType: String, Sendable, CaseIterable { case recommendationFiled = "recommendation.filed" }
    /// What must come first.
    public enum Antecedent: String, Sendable, CaseIterable { case congressAppraised = "congress.appraised" }
    /// What must come after.
    public enum Consequent: String, Sendable, CaseIterable { case congressHeld = "congress.held" }
}

private func needOrgs(_ r: inout FieldReader, _ key: String) throws(PayloadError) {
    let field = r.field(key)
    for (i, slug) in (try r.optionalStrings(key, .slug, minimum: 1) ?? []).enumerated() {
        r.refs.need(.org, slug, "\(field)[\(i)]")
    }
}

private func requiredSelector(_ r: inout FieldReader, _ key: String) throws(PayloadError) {
    guard r.peek(key) != nil else { throw r.error(key, "required") }
    try optionalSelector(&r, key)
}

private func optionalSelector(_ r: inout FieldReader, _ key: String) throws(PayloadError) {
    let field = r.field(key)
    if let sel = try OrgSelector.read(&r, key) { sel.references(&r.refs, at: field) }
}

/// An OrgSelector object, or the one keyword that stands for a rule-derived set; true when it
/// is the keyword.
private func selectorOr(_ r: inout FieldReader, _ key: String, keyword: String) throws(PayloadError) -> Bool {
    if case .string(let s) = r.peek(key) {
        _ = r.raw(key)
        guard s == keyword else { throw r.error(key, "must be an organisation selector or \(echoed(keyword))") }
        return true
    }
    try requiredSelector(&r, key)
    return false
}

/// `assignment_basis`: the doc_keys (known, not repeated, at least one) a monitoring
/// assignment's basis must be one of to count; refused with `whenNot` unless `allowed` (the
/// requirement draws on monitoring assignments).
private func assignmentBasis(_ r: inout FieldReader, allowed: Bool, _ whenNot: String) throws(PayloadError) {
    let key = "assignment_basis"
    guard let keys = try r.optionalStrings(key, .docKey, minimum: 1) else { return }
    guard allowed else { throw r.error(key, whenNot) }
    let field = r.field(key)
    for (i, doc) in keys.enumerated() { r.refs.need(.doc, doc, "\(field)[\(i)]") }
}
