/// The kinds of identity the domain keeps: what a payload may declare and name.
public enum KeyKind: String, Sendable, Hashable, CaseIterable {
    case org, doc, req, task, rec, assignment, meeting
    /// A report's `report_id`, an inspection's `inspection_id` as conducted: recorded once
    /// (``References/record(_:_:_:)``), never declared or named.
    case report, inspection

    /// The word used in messages.
    var noun: String {
        switch self {
        case .org: "organisation"
        case .doc: "document"
        case .req: "requirement"
        case .task: "task"
        case .rec: "recommendation"
        case .assignment: "monitoring assignment"
        case .meeting: "meeting"
        case .report: "report"
        case .inspection: "inspection"
        }
    }
}

/// What one payload names and declares, collected so that the append can check them against
/// the log in one place.
public struct References: Sendable {
    /// An id that must be known: one of `kinds` (a report's `about` may name a task or a
    /// recommendation), or an event id when `kinds` is empty.
    public struct Need: Sendable, Hashable {
        public let kinds: [KeyKind]
        public let key: String
        public let field: String
    }

    /// An id the payload introduces, with data kept beside it (a requirement's template and params).
    public struct Declaration: Sendable, Hashable {
        public let kind: KeyKind
        public let key: String
        public let field: String
        public let data: String?
    }

    public private(set) var needs: [Need] = []
    public private(set) var declarations: [Declaration] = []
    /// Ids the payload records as happened (a report, a conducted inspection): a later event
    /// recording the same id is refused unless it says the same (occurred_at and payload).
    public private(set) var records: [Declaration] = []
    /// Successor links (predecessor, successor) with the field that makes them.
    public private(set) var links: [(predecessor: String, successor: String, field: String)] = []

    /// Nothing named yet.
    public init() {}

    /// `key` of `kind` must be known.
    public mutating func need(_ kind: KeyKind, _ key: String, _ field: String) {
        needs.append(Need(kinds: [kind], key: key, field: field))
    }

    /// `key` must be known as one of `kinds`.
    public mutating func need(anyOf kinds: [KeyKind], _ key: String, _ field: String) {
        needs.append(Need(kinds: kinds, key: key, field: field))
    }

    /// Event `id` must be in the log.
    public mutating func needEvent(_ id: String, _ field: String) {
        needs.append(Need(kinds: [], key: id, field: field))
    }

    /// The payload introduces `key` of `kind`.
    public mutating func declare(_ kind: KeyKind, _ key: String, _ field: String, data: String? = nil) {
        declarations.append(Declaration(kind: kind, key: key, field: field, data: data))
    }

    /// The payload records `key` of `kind` as having happened (``records``).
    public mutating func record(_ kind: KeyKind, _ key: String, _ field: String) {
        records.append(Declaration(kind: kind, key: key, field: field, data: nil))
    }

    /// Adds everything `other` names and declares.
    public mutating func merge(_ other: References) {
        // Most nested objects (a report's period, a document citation) name nothing: appending
        // four empty arrays is a call each, for every such object of a replay.
        if other.needs.isEmpty, other.declarations.isEmpty, other.records.isEmpty, other.links.isEmpty { return }
        needs += other.needs
        declarations += other.declarations
        records += other.records
        links += other.links
    }

    /// The payload makes `successor` take over duties of `predecessor`.
    public mutating func link(_ predecessor: String, _ successor: String, _ field: String) {
        links.append((predecessor, successor, field))
    }
}
