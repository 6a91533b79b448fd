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
        case let c as TaskCompleted: [c.taskId]
        case let r as ReportSubmitted: r.about ?? []
        default: []
        }
    }

    /// The earlier of the done facts `held` (nil: none yet) and `new`, by business date then seq.
    public static func earliest(_ held: Stamp?, _ new: Stamp) -> Stamp {
        guard let held else { return new }
        return min(held, new)
    }
}
