import AuditDomain

/// What one event says about objects, as its mapping (``OCELMapping``) finds it: the objects it
/// relates to (E2O), the relationships it makes between objects (O2O), and the attribute
/// values it gives them.
public struct EventFacts: Sendable {
    /// An O2O relationship the event makes.
    public struct Link: Sendable, Hashable {
        public let source: ObjectRef
        public let target: ObjectRef
        public let qualifier: String
    }

    /// An attribute value the event gives an object.
    public struct Value: Sendable, Hashable {
        public let object: ObjectRef
        public let name: String
        public let value: OCELValue
    }

    /// The view's index, for the ids a payload names without saying what they are.
    let index: ViewIndex
    /// The event's business date in the log's zone.
    let day: CivilDate

    public private(set) var relationships: [(object: ObjectRef, qualifier: String)] = []
    public private(set) var links: [Link] = []
    public private(set) var values: [Value] = []
    /// Tasks the event closes (``TaskDone``; a cancellation), with how.
    public private(set) var closings: [(task: String, status: TaskRecord.Status)] = []

    init(index: ViewIndex, day: CivilDate) {
        self.index = index
        self.day = day
    }

    /// The event relates to `object` as `qualifier`.
    mutating func relate(_ object: ObjectRef?, _ qualifier: String) {
        if let object { relationships.append((object, qualifier)) }
    }

    /// The event relates to each of `objects` as `qualifier`.
    mutating func relate(_ objects: [ObjectRef]?, _ qualifier: String) {
        for object in objects ?? [] { relate(object, qualifier) }
    }

    /// The event relates to the document `cite` names (a key, or a document described inline)
    /// as `qualifier`.
    mutating func relate(_ cite: DocCite?, _ qualifier: String) {
        switch cite {
        case .key(let key)?: relate(.doc(key), qualifier)
        case .inline(let doc)?: relate(.doc(doc.docKey), qualifier)
        case nil: break
        }
    }

    /// The event makes `source` relate to `target` as `qualifier`.
    mutating func link(_ source: ObjectRef, _ target: ObjectRef?, _ qualifier: String) {
        if let target { links.append(Link(source: source, target: target, qualifier: qualifier)) }
    }

    /// The event gives `object` the value `value` of attribute `name` (nothing when nil).
    mutating func set(_ object: ObjectRef, _ name: String, _ value: OCELValue?) {
        if let value { values.append(Value(object: object, name: name, value: value)) }
    }

    /// The event gives `object` the text `text` of attribute `name`.
    mutating func set(_ object: ObjectRef, _ name: String, text: String?) {
        set(object, name, text.map(OCELValue.string))
    }

    /// The event closes task `id` (done, or cancelled).
    mutating func close(task id: String, _ status: TaskRecord.Status) {
        closings.append((id, status))
    }
}
