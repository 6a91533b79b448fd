/// Where projections keep their records: in memory while replaying the log for some (T, K), or
/// in the projection tables for the current state. The projector is written once against this.
public protocol RecordStore {
    func organization(_ id: String) throws -> OrganizationRecord?
    mutating func put(_ record: OrganizationRecord) throws
    func document(_ key: String) throws -> DocumentRecord?
    mutating func put(_ record: DocumentRecord) throws
    func task(_ id: String) throws -> TaskRecord?
    mutating func put(_ record: TaskRecord) throws
    func assignment(_ id: String) throws -> AssignmentRecord?
    mutating func put(_ record: AssignmentRecord) throws
    func recommendation(_ id: String) throws -> RecommendationRecord?
    mutating func put(_ record: RecommendationRecord) throws
    /// Changes organisation `id`'s record with `change`; false when there is none.
    mutating func updateOrganization(_ id: String, _ change: (inout OrganizationRecord) -> Void) throws -> Bool
}

extension RecordStore {
    public mutating func updateOrganization(_ id: String, _ change: (inout OrganizationRecord) -> Void) throws -> Bool {
        guard var r = try organization(id) else { return false }
        change(&r)
        try put(r)
        return true
    }
}

/// Records held in memory: the state of a replay. Memory grows with the organisations,
/// documents, tasks, assignments and recommendations, not with the reports, inspections and
/// other events about them.
public struct MemoryRecordStore: RecordStore, Sendable {
    public private(set) var organizations: [String: OrganizationRecord] = [:]
    public private(set) var documents: [String: DocumentRecord] = [:]
    public private(set) var tasks: [String: TaskRecord] = [:]
    public private(set) var assignments: [String: AssignmentRecord] = [:]
    public private(set) var recommendations: [String: RecommendationRecord] = [:]

    /// No records.
    public init() {}

    public func organization(_ id: String) -> OrganizationRecord? { organizations[id] }
    public mutating func put(_ record: OrganizationRecord) { organizations[record.orgId] = record }
    /// Changes the record in place (no copy of its lists: replays touch an organisation's
    /// record once per report, figure and inspection).
    public mutating func updateOrganization(_ id: String, _ change: (inout OrganizationRecord) -> Void) -> Bool {
        guard let i = organizations.index(forKey: id) else { return false }
        change(&organizations.values[i])
        return true
    }
    public func document(_ key: String) -> DocumentRecord? { documents[key] }
    public mutating func put(_ record: DocumentRecord) { documents[record.docKey] = record }
    public func task(_ id: String) -> TaskRecord? { tasks[id] }
    public mutating func put(_ record: TaskRecord) { tasks[record.taskId] = record }
    public func assignment(_ id: String) -> AssignmentRecord? { assignments[id] }
    public mutating func put(_ record: AssignmentRecord) { assignments[record.assignmentId] = record }
    public func recommendation(_ id: String) -> RecommendationRecord? { recommendations[id] }
    public mutating func put(_ record: RecommendationRecord) { recommendations[record.recId] = record }
}
