import LogFormat

/// Writes an export in the JSON format of OCEL 2.0: one object with `eventTypes`, `events`,
/// `objectTypes` and `objects`, in that (sorted) order, each element on a line of its own in
/// canonical JSON (members sorted, no spaces), so that the same view gives the same bytes.
public final class OCELJSONWriter: OCELSink {
    private let output: ByteOutput
    private var objectTypes: [OCELType] = []
    private var state = State.start

    private enum State {
        case start, events(first: Bool), objects(first: Bool), done
    }

    /// A writer to `output`.
    public init(output: ByteOutput) { self.output = output }

    public func begin(eventTypes: [OCELType], objectTypes: [OCELType]) throws {
        self.objectTypes = objectTypes
        try output.write("{\"eventTypes\":[")
        try list(eventTypes.map(Self.json))
        try output.write("],\"events\":[")
        state = .events(first: true)
    }

    public func write(_ event: OCELEvent) throws {
        guard case .events(let first) = state else { preconditionFailure("an event after the objects") }
        try element(Self.json(event), first: first)
        state = .events(first: false)
    }

    public func write(_ object: OCELObject) throws {
        try startObjects()
        guard case .objects(let first) = state else { preconditionFailure("an object after the end") }
        try element(Self.json(object), first: first)
        state = .objects(first: false)
    }

    public func finish() throws {
        try startObjects()
        try output.write("\n]}\n")
        try output.flush()
        state = .done
    }

    /// Closes the events and opens the objects, once.
    private func startObjects() throws {
        guard case .events = state else { return }
        try output.write("\n],\"objectTypes\":[")
        try list(objectTypes.map(Self.json))
        try output.write("],\"objects\":[")
        state = .objects(first: true)
    }

    private func list(_ values: [JSONValue]) throws {
        for (i, v) in values.enumerated() { try element(v, first: i == 0) }
        if !values.isEmpty { try output.write("\n") }
    }

    private func element(_ value: JSONValue, first: Bool) throws {
        try output.write(first ? "\n" : ",\n")
        try output.write(CanonicalEncoder.encode(value))
    }

    static func json(_ type: OCELType) -> JSONValue {
        .object([
            "name": .string(type.name),
            "attributes": .array(type.attributes.map { .object(["name": .string($0.name), "type": .string($0.type.rawValue)]) }),
        ])
    }

    static func json(_ event: OCELEvent) -> JSONValue {
        .object([
            "id": .string(event.id), "type": .string(event.type), "time": .string(event.time.description),
            "attributes": .array(event.attributes.map { .object(["name": .string($0.name), "value": $0.value.json]) }),
            "relationships": .array(event.relationships.map(json)),
        ])
    }

    static func json(_ object: OCELObject) -> JSONValue {
        .object([
            "id": .string(object.id), "type": .string(object.type),
            "attributes": .array(object.attributes.map {
                .object(["name": .string($0.name), "time": .string(($0.time ?? .initial).description), "value": $0.value.json])
            }),
            "relationships": .array(object.relationships.map(json)),
        ])
    }

    static func json(_ r: OCELRelationship) -> JSONValue {
        .object(["objectId": .string(r.objectID), "qualifier": .string(r.qualifier)])
    }
}
