/// A qualified relationship to an object: an event's (E2O) or an object's (O2O).
public struct OCELRelationship: Sendable, Hashable, Comparable {
    /// The object related to.
    public let objectID: String
    /// What the object is to the event or object (`reporter`, `successor of`).
    public let qualifier: String

    public init(objectID: String, qualifier: String) {
        self.objectID = objectID
        self.qualifier = qualifier
    }

    /// By object id, then qualifier: the order the export writes them in.
    public static func < (a: OCELRelationship, b: OCELRelationship) -> Bool {
        (a.objectID, a.qualifier) < (b.objectID, b.qualifier)
    }
}
