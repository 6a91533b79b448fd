/// The one definition of a task's being done: a task is done on the earliest business date of
/// a `task.completed` of it or of a `report.submitted` whose `about` lists its id (in the view
/// being read, by the business date asked about). The task projection (``TaskRecord``), the
/// `tasks` listings and compliance checks of one-off tasks all follow it.
public enum TaskDone {
    /// The ids of the tasks an event with `payload` does: a `task.completed`'s task, every id a
    /// report's `about` lists (ids there that name recommendations, not tasks, are the caller's
    /// to skip); none for other events.
    public static func taskIDs(doneBy payload: any EventPayload) -> [String] {
        switch payload {
        case let c as TaskCompleted: taskIDs(doneBy: c)
        case let r as ReportSubmitted: taskIDs(doneBy: r)
        default: []
        }
    }

    /// The task a `task.completed` does. (Typed, as the projection rule calls it: passing its
    /// own payload as `any EventPayload` boxed a copy of it for every event.)
    public static func taskIDs(doneBy completion: TaskCompleted) -> [String] { [completion.taskId] }

    /// The tasks a report does: every id its `about` lists.
    public static func taskIDs(doneBy report: ReportSubmitted) -> [String] { report.about ?? [] }

    /// The earlier of the done facts `held` (nil: none yet) and `new`, by business date then seq.
    public static func earliest(_ held: Stamp?, _ new: Stamp) -> Stamp {
        guard let held else { return new }
        return min(held, new)
    }
}
