import AuditDomain
import EventLog

/// One requirement walked through (`check --explain`): its verdict and instances, the findings
/// about it, and each event its instances rest on as the log stores it, so that an inspector can
/// follow every verdict back to signed entries.
public struct ComplianceExplanation: Sendable, Encodable {
    /// An event an instance rests on: where it stands in the log and both of its times.
    public struct Event: Sendable, Encodable {
        public var seq: Int64
        public var eventId: String
        public var type: String
        public var subject: String
        public var occurredAt: String
        public var recordedAt: String
    }

    public var asOf: String
    public var knownAt: String
    public var log: ComplianceReport.LogState
    public var requirement: ComplianceReport.RequirementResult
    public var findings: [ComplianceReport.Finding]
    /// The evidence events, in seq order.
    public var events: [Event]

    /// The explanation of requirement `reqRef` in `report` (a check of `store`), or nil when the
    /// report has no such requirement.
    public static func of(_ reqRef: String, in report: ComplianceReport, store: EventStore) throws(EventLogError) -> ComplianceExplanation? {
        guard let requirement = report.requirements.first(where: { $0.reqRef == reqRef }) else { return nil }
        var events: [Event] = []
        for seq in Set(requirement.instances.flatMap(\.evidence)).sorted() {
            var filter = LogFilter()
            filter.fromSeq = seq
            filter.toSeq = seq
            try store.forEachEntry(matching: filter) { e in
                events.append(Event(seq: e.seq, eventId: e.eventID, type: e.type, subject: e.subject, occurredAt: e.occurredAt,
                                    recordedAt: e.recordedAt))
            }
        }
        return ComplianceExplanation(asOf: report.asOf, knownAt: report.knownAt, log: report.log, requirement: requirement,
                                     findings: report.findings.filter { $0.reqRef == reqRef }, events: events)
    }
}
