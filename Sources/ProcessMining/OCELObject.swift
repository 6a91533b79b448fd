/// One object of the export, with its attribute values over time and its relationships to
/// other objects.
public struct OCELObject: Sendable, Hashable {
    /// The id: the kind of key and the log's own key (`org/ht:hoi-nong-dan`, ``ObjectRef``).
    public let id: String
    /// The object type.
    public let type: String
    /// Its attribute values: the initial values first, then each change at the time of the
    /// event that made it, in time order.
    public let attributes: [Value]
    /// The objects it relates to (O2O), sorted.
    public let relationships: [OCELRelationship]

    /// One attribute value: an initial value (`time` nil, written as ``OCELTime/initial``), or
    /// a change from `time` on.
    public struct Value: Sendable, Hashable {
        public let name: String
        public let time: OCELTime?
        public let value: OCELValue

        public init(name: String, time: OCELTime?, value: OCELValue) {
            self.name = name
            self.time = time
            self.value = value
        }
    }

    public init(id: String, type: String, attributes: [Value], relationships: [OCELRelationship]) {
        self.id = id
        self.type = type
        self.attributes = attributes
        self.relationships = relationships
    }
}
