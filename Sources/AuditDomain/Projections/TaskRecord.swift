/// What the projections know about one task.
public struct TaskRecord: Sendable, Hashable, Codable {
    /// Open until completed or cancelled.
    public enum Status: String, Sendable, Hashable, Codable, CaseIterable {
        case open, completed, cancelled
    }

    public var taskId: String
    public var reqRef: String?
    public var assignee: String
    public var reportsTo: String?
    public var descriptionVi: String
    public var assignedOn: CivilDate
    /// due_on, or the assignment date plus due_within; nil when open-ended.
    public var due: CivilDate?
    public var deliverable: String?
    public var status: Stamped<Status>
    public var lastSeq: Int64
}
