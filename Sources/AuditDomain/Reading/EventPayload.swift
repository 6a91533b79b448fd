/// The payload of one catalogue event type: read and checked from an input line, and Codable
/// for typed use (keys in snake_case: decode with `.convertFromSnakeCase`).
public protocol EventPayload: Codable, Sendable {
    /// The dotted type name (`organization.registered`).
    static var type: String { get }
    /// Reads and checks the payload (formats, enums, required fields; not references).
    init(reading r: inout FieldReader) throws(PayloadError)
    /// The subject an event of this payload is about (`org/<slug>`).
    var subject: String { get }
    /// The ids it names and declares, and the successor links it makes.
    func references(_ refs: inout References)
    /// Applies event `e` (whose payload this is) to the projection records in `store`
    /// (Projector.swift holds every type's rule; the default changes nothing). A method rather
    /// than a cast to each type: a cast copies the payload, retaining each of its strings.
    func project<S: RecordStore>(_ e: ProjectedEvent, to store: inout S) throws
    /// Reads, from a payload the log holds, what ``project(_:to:)`` uses, leaving the members
    /// it does not use empty (a rebuild reads nothing else; the default reads everything).
    init(projecting r: inout FieldReader) throws(PayloadError)
}

extension EventPayload {
    public init(projecting r: inout FieldReader) throws(PayloadError) { try self.init(reading: &r) }
}
