import AuditDomain
import LogFormat
import Wording

/// What a report is asked for: the dates it judges at, what it selects, which page, in which
/// language, and what it says about itself.
public struct ReportRequest: Sendable {
    /// The business date T.
    public var asOf: CivilDate
    /// The knowledge instant K (nil: everything recorded).
    public var knownAt: Instant?
    /// Only this directive's requirements (doc_key).
    public var directive: String?
    /// Only this organisation's instances (slug).
    public var org: String?
    /// Only organisations of this province (slug, as the log writes it).
    public var province: String?
    /// The page of organisations, from 1.
    public var page: Int = 1
    /// The language of the words.
    public var language: Language = .standard
    /// The verifier key the reader trusts, to check the checkpoint's signature (nil: not checked).
    public var trustedKey: VerifierKey?
    /// The program and version that made the report (`auditlog 0.1.0`).
    public var generator: String
    /// The day the report was made (`YYYY-MM-DD`).
    public var madeOn: String

    /// A request for the report at (`asOf`, `knownAt`) made by `generator` on `madeOn`.
    public init(asOf: CivilDate, knownAt: Instant?, generator: String, madeOn: String) {
        self.asOf = asOf
        self.knownAt = knownAt
        self.generator = generator
        self.madeOn = madeOn
    }
}
