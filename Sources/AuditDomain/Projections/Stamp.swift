/// When a fact took effect, for ordering facts about one attribute by business time: the
/// business date, then the seq (so two facts of one day keep the order they were recorded in).
/// Projections keep, for each attribute, the fact with the greatest stamp: the same state
/// whatever order the events arrive in (a backfilled rename does not undo a later one).
public struct Stamp: Sendable, Hashable, Comparable, Codable {
    /// The business date (first day of the event's occurred_at, in the log's zone).
    public let day: CivilDate
    /// The event's seq.
    public let seq: Int64

    public static func < (a: Stamp, b: Stamp) -> Bool { (a.day, a.seq) < (b.day, b.seq) }
}
