/// What the projections know about one recommendation.
public struct RecommendationRecord: Sendable, Hashable, Codable {
    /// A forwarding step.
    public struct Forward: Sendable, Hashable, Codable {
        public var by: String
        public var to: String
        public var on: CivilDate
    }

    /// The answer.
    public struct Resolution: Sendable, Hashable, Codable {
        public var resolver: String
        public var outcome: RecommendationOutcome
        public var on: CivilDate
        public var seq: Int64
    }

    public var recId: String
    public var fromOrg: String
    public var toOrg: String
    public var textVi: String
    public var channel: RecommendationChannel?
    public var meetingId: String?
    public var filedOn: CivilDate
    public var forwards: [Forward] = []
    public var resolution: Resolution?
    public var lastSeq: Int64

    /// Open until resolved.
    public var isOpen: Bool { resolution == nil }
}
