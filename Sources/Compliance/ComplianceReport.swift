import AuditDomain
import EventLog
import Wording

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
        /// Why: in English as ``Reason/description`` (what the JSON writes), in another
        /// language by ``Reason/text(_:)``.
        public var reason: Reason
    }

    /// A data-quality finding (never a verdict): `late_recording`, `orphaned`, `holder_inactive`, …
    public struct Finding: Sendable, Encodable, Equatable {
        public var kind: String
        public var reqRef: String?
        public var seq: Int64?
        /// What was found.
        public var what: FindingDetail

        /// The detail in English, as the JSON writes it.
        public var detail: String { what.description }

        /// The detail in `language`.
        public func text(_ language: Language) -> String { what.text(language) }

        init(kind: String, reqRef: String?, seq: Int64?, detail: FindingDetail) {
            self.kind = kind
            self.reqRef = reqRef
            self.seq = seq
            what = detail
        }

        /// A finding whose detail is given as text (``FindingDetail/verbatim(_:)``).
        init(kind: String, reqRef: String?, seq: Int64?, detail: String) {
            self.init(kind: kind, reqRef: reqRef, seq: seq, detail: .verbatim(detail))
        }

        private enum CodingKeys: String, CodingKey {
            case detail, kind, reqRef, seq
        }

        /// `detail` as its English text; `req_ref` and `seq` left out when none.
        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(detail, forKey: .detail)
            try container.encode(kind, forKey: .kind)
            try container.encodeIfPresent(reqRef, forKey: .reqRef)
            try container.encodeIfPresent(seq, forKey: .seq)
        }
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

extension ComplianceReport.Instance {
    /// An instance whose reason is given as text (``Reason/verbatim(_:)``).
    init(assignee: String, key: String, due: String?, verdict: Verdict, evidence: [Int64], attested: [Int64]? = nil, reason: String) {
        self.init(assignee: assignee, key: key, due: due, verdict: verdict, evidence: evidence, attested: attested, reason: .verbatim(reason))
    }
}
