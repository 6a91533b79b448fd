import AuditDomain
import EventLog
import LogFormat

/// One requirement walked through (`check --explain`): its verdict and instances, the findings
/// about it, and each event its instances rest on as the log stores it, so that an inspector can
/// follow every verdict back to signed entries.
public struct ComplianceExplanation: Sendable, Encodable {
    /// An event an instance rests on: where it stands in the log and both of its times, its
    /// business time as corrected in the view at K.
    public struct Event: Sendable, Encodable {
        public var seq: Int64
        public var eventId: String
        public var type: String
        public var subject: String
        /// As corrected (the stored value when no correction applies).
        public var occurredAt: String
        public var recordedAt: String
        /// The seqs of the corrections applied to it at K (they are evidence too).
        public var correctedBy: [Int64]
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
    public static func of(_ reqRef: String, in report: ComplianceReport, store: any LogEngine, knownAt: Instant?) throws(EventLogError)
        -> ComplianceExplanation?
    {
        guard let requirement = report.requirements.first(where: { $0.reqRef == reqRef }) else { return nil }
        let seqs = Set(requirement.instances.flatMap(\.evidence)).sorted()
        let events = try Self.events(seqs, in: store, size: report.log.size, knownAt: knownAt)
        return ComplianceExplanation(asOf: report.asOf, knownAt: report.knownAt, log: report.log, requirement: requirement,
                                     findings: report.findings.filter { $0.reqRef == reqRef }, events: events)
    }

    /// The events at `seqs` (ascending) of the first `size` entries of `store`, each with its
    /// business time as corrected by what was recorded by `knownAt`.
    public static func events(_ seqs: [Int64], in store: any LogEngine, size: Int64, knownAt: Instant?) throws(EventLogError) -> [Event] {
        let corrections = try store.withReadTransaction { session in try ProjectionReplay.corrections(session.log, size: size, knownAt: knownAt) }
        var events: [Event] = []
        events.reserveCapacity(seqs.count)
        for seq in seqs where seq <= size {
            var filter = LogFilter()
            filter.fromSeq = seq
            filter.toSeq = seq
            try store.forEachEntry(matching: filter) { e in
                // The business time as the verdict used it: corrections recorded by K applied.
                let effective = corrections.apply(to: LoggedEvent(e))
                events.append(Event(seq: e.seq, eventId: e.eventID, type: e.type, subject: e.subject,
                                    occurredAt: effective?.occurredAt ?? e.occurredAt, recordedAt: e.recordedAt,
                                    correctedBy: effective?.correctedBy ?? []))
            }
        }
        return events
    }
}
