/// What the projections know about one task.
public struct TaskRecord: Sendable, Hashable, Codable {
    /// Open until done or cancelled.
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
    /// Open (stamped with the assignment), completed once it was done (``doneAt``, whether or not
    /// it was also cancelled), else cancelled (``cancelledAt``): stamped with that fact.
    public var status: Stamped<Status>
    public var lastSeq: Int64
    /// When the task was done (``TaskDone``): the earliest fact that did it; nil while not done.
    public var doneAt: Stamp?
    /// The earliest cancellation; nil if never cancelled.
    public var cancelledAt: Stamp?

    /// Takes note of a fact that closes the task (`.completed`: it was done, by ``TaskDone``;
    /// `.cancelled`), keeping the earliest of each kind. A task that was done is completed even
    /// if it was also cancelled, before or after (as `check` counts it: a cancelled task is
    /// not owed only while nothing did it), whatever order the facts arrive in.
    public mutating func close(_ closing: Status, at stamp: Stamp) {
        switch closing {
        case .open: return
        case .completed: doneAt = TaskDone.earliest(doneAt, stamp)
        case .cancelled: cancelledAt = TaskDone.earliest(cancelledAt, stamp)
        }
        if let doneAt { status = Stamped(.completed, doneAt) } else if let cancelledAt { status = Stamped(.cancelled, cancelledAt) }
    }
}
