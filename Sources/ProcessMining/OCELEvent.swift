/// One event of the export.
public struct OCELEvent: Sendable, Hashable {
    /// The log's event_id.
    public let id: String
    /// The catalogue's event type.
    public let type: String
    /// The business time (``OCELTime/init(occurred:zoneOffsetSeconds:)``).
    public let time: OCELTime
    /// The values of the attributes its type declares that it has, in the type's order.
    public let attributes: [Value]
    /// The objects it relates to, sorted, each (object, qualifier) once.
    public let relationships: [OCELRelationship]

    /// One attribute value.
    public struct Value: Sendable, Hashable {
        public let name: String
        public let value: OCELValue

        public init(name: String, value: OCELValue) {
            self.name = name
            self.value = value
        }
    }

    public init(id: String, type: String, time: OCELTime, attributes: [Value], relationships: [OCELRelationship]) {
        self.id = id
        self.type = type
        self.time = time
        self.attributes = attributes
        self.relationships = relationships
    }
}
