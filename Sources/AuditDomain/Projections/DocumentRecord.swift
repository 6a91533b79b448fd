/// What the projections know about one document or directive.
public struct DocumentRecord: Sendable, Hashable, Codable {
    /// One requirement of a directive, with its amendments and lifting applied.
    public struct RequirementState: Sendable, Hashable, Codable {
        public var requirement: Requirement
        /// Seqs of the amendments applied, in order.
        public var amendedBy: [Int64] = []
        /// The date it was lifted, and by which seq.
        public var liftedOn: CivilDate?
        public var liftedBy: Int64?
    }

    public var docKey: String
    public var doc: DocRef
    /// True for `directive.issued`, false for `document.registered`.
    public var isDirective: Bool
    public var sourceKind: SourceKind?
    public var effectiveFrom: CivilDate?
    public var effectiveUntil: CivilDate?
    public var cites: [String] = []
    public var requirements: [RequirementState] = []
    public var registeredOn: CivilDate
    public var seq: Int64
    public var lastSeq: Int64
}
