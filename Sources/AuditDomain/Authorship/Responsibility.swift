/// The organisations responsible for an event: the body whose act it records, and so whose
/// signers may record it under an authorship rule (docs/authorship.md, "Who may record what").
/// A type without one here is recorded, under a rule, only by its clerks. A `task.completed` is
/// its task's assignee's and a correction or retraction is its target's: those need the log, and
/// ``AuthorshipRules`` looks them up.
extension EventPayload {
    public var responsibleOrganizations: [String] {
        switch self {
        case let p as ReportSubmitted: [p.reporter]
        case let p as MembershipReported: [p.orgId]
        case let p as InspectionConducted: [p.inspector]
        case let p as InspectionPlanned: [p.inspector]
        case let p as DirectiveIssued: [p.doc.issuerOrg]
        case let p as DocumentRegistered: [p.doc.issuerOrg]
        case let p as DirectiveDisseminated: [p.org]
        case let p as CongressHeld: [p.orgId]
        case let p as CongressAppraised: [p.appraiser]
        case let p as LeadershipChanged: [p.orgId]
        case let p as RecommendationFiled: [p.fromOrg]
        case let p as RecommendationForwarded: [p.by]
        case let p as RecommendationResolved: [p.resolver]
        case let p as MeetingHeld: [p.convener]
        default: []
        }
    }
}
