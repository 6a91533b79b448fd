import AuditDomain
import EventLog

/// The result of a compliance check at (T, K): per requirement, its instances with evidence,
/// and data-quality findings beside them. Encodes to the `check --format json` contract of docs/compliance.md.
public struct ComplianceReport: Sendable, Encodable {
    /// One obligation instance: who, which period or trigger, by when, and what the log shows.
    public struct Instance: Sendable, Encodable {
        public var assignee: String
        public var key: String
        public var due: String?
        public var verdict: Verdict
        /// Seqs of the events the verdict rests on.
        public var evidence: [Int64]
        /// Those of them that are attested (signed by a signer who may record them); nil when none.
        public var attested: [Int64]? = nil

        /// The evidence seqs as text, `separator` between them, each attested one followed by ✓.
        public func evidenceText(separator: String) -> String {
            let marked = Set(attested ?? [])
            return evidence.map { marked.contains($0) ? "\($0)✓" : String($0) }.joined(separator: separator)
        }
        /// Why, in plain words.
        public var reason: String
    }

    /// A data-quality finding (never a verdict): `late_recording`, `orphaned`, `holder_inactive`, …
    public struct Finding: Sendable, Encodable, Equatable {
        public var kind: String
        public var reqRef: String?
        public var seq: Int64?
        public var detail: String
    }

    /// One requirement and its instances.
    public struct RequirementResult: Sendable, Encodable {
        public var reqRef: String
        public var template: String
        public var textVi: String
        public var verdict: Verdict
        public var instances: [Instance]
        /// Where each parameter came from (`text`, `operator_default`, `interpretation`).
        public var paramSource: Requirement.ParamSource
        /// What kind of document the directive is (`directive`, `plan`, `news_report`, …).
        public var sourceKind: String
        /// False when the requirement was drawn from a source that is not an official document
        /// (a news report): its verdicts rest on a reading of it, not on a directive's text.
        public var officialSource: Bool
    }

    /// The log the check ran on.
    public struct LogState: Sendable, Encodable {
        public var size: Int64
        public var root: String
    }

    public var asOf: String
    public var knownAt: String
    public var log: LogState
    public var requirements: [RequirementResult]
    public var findings: Findings
    /// Number of requirements per verdict.
    public var summary: [String: Int]
}
