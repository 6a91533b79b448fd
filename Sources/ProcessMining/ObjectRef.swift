/// An object the export names: a kind of key of the log and the key. Its OCEL id is the two
/// joined by `/` (`org/ht:hoi-nong-dan`, `doc/seed-004`, `req/seed-004#R1`, `task/…`, `rec/…`,
/// `meeting/…`, `inspection/…`): the log keeps each kind's keys apart, and OCEL ids must be
/// unique across types.
public struct ObjectRef: Sendable, Hashable, Comparable {
    /// The kinds of key that are objects.
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        case org, doc, req, task, rec, meeting, inspection
    }

    public let kind: Kind
    public let key: String

    public init(_ kind: Kind, _ key: String) {
        self.kind = kind
        self.key = key
    }

    /// The OCEL id.
    public var id: String { "\(kind.rawValue)/\(key)" }

    /// The directive a requirement (`<doc_key>#<req_id>`) belongs to.
    public var directive: ObjectRef? {
        guard kind == .req, let hash = key.lastIndex(of: "#") else { return nil }
        return ObjectRef(.doc, String(key[..<hash]))
    }

    public static func < (a: ObjectRef, b: ObjectRef) -> Bool { a.id < b.id }

    static func org(_ slug: String) -> ObjectRef { ObjectRef(.org, slug) }
    static func doc(_ key: String) -> ObjectRef { ObjectRef(.doc, key) }
    static func req(_ ref: String) -> ObjectRef { ObjectRef(.req, ref) }
    static func task(_ id: String) -> ObjectRef { ObjectRef(.task, id) }
    static func rec(_ id: String) -> ObjectRef { ObjectRef(.rec, id) }
    static func meeting(_ id: String) -> ObjectRef { ObjectRef(.meeting, id) }
    static func inspection(_ id: String) -> ObjectRef { ObjectRef(.inspection, id) }
}
