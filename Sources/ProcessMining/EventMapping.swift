import AuditDomain

/// How one event type of the catalogue becomes an OCEL event type: the attributes of its
/// payload that the export writes, and what its payload says about objects (``EventFacts``).
/// The table of them is ``OCELMapping/events``.
public struct EventMapping: Sendable {
    /// The catalogue's type, which is also the OCEL event type.
    public let type: String
    /// The payload's attributes, written after ``OCELMapping/envelopeAttributes``.
    public let attributes: [OCELAttribute]
    private let read: @Sendable (any EventPayload) -> [OCELEvent.Value]
    private let relate: @Sendable (any EventPayload, inout EventFacts) -> Void

    /// The mapping of payload type `P`: `attributes` read from it, and `relate` saying what it
    /// relates.
    static func of<P: EventPayload>(
        _: P.Type, _ attributes: [PayloadAttribute<P>] = [], relate: @escaping @Sendable (P, inout EventFacts) -> Void
    ) -> EventMapping {
        EventMapping(
            type: P.type, attributes: attributes.map(\.attribute),
            read: { payload in
                guard let p = payload as? P else { return [] }
                return attributes.compactMap { a in a.read(p).map { OCELEvent.Value(name: a.attribute.name, value: $0) } }
            },
            relate: { payload, facts in if let p = payload as? P { relate(p, &facts) } })
    }

    /// The values of the payload's attributes that `payload` has, in the declared order.
    public func values(_ payload: any EventPayload) -> [OCELEvent.Value] { read(payload) }

    /// What `payload` relates, with the view's `index`, for an event of business date `day`.
    public func facts(_ payload: any EventPayload, index: ViewIndex, day: CivilDate) -> EventFacts {
        var facts = EventFacts(index: index, day: day)
        relate(payload, &facts)
        return facts
    }
}

/// One attribute of a payload type `P` as the export writes it: its name and type, and how it
/// is read from the payload (nil: the payload does not have it).
struct PayloadAttribute<P: EventPayload>: Sendable {
    let attribute: OCELAttribute
    let read: @Sendable (P) -> OCELValue?

    /// A text member.
    static func text(_ name: String, _ read: @escaping @Sendable (P) -> String?) -> Self {
        Self(attribute: OCELAttribute(name, .string), read: { read($0).map(OCELValue.string) })
    }

    /// A civil date, written as its text `YYYY-MM-DD` (a date in the log's zone, not an instant).
    static func date(_ name: String, _ read: @escaping @Sendable (P) -> CivilDate?) -> Self {
        Self(attribute: OCELAttribute(name, .string), read: { read($0).map { OCELValue.string($0.description) } })
    }

    /// An integer member.
    static func integer(_ name: String, _ read: @escaping @Sendable (P) -> Int64?) -> Self {
        Self(attribute: OCELAttribute(name, .integer), read: { read($0).map(OCELValue.integer) })
    }
}
