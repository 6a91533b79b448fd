/// When a fact took effect, for ordering facts about one attribute by business time: the
/// business date, then the seq (so two facts of one day keep the order they were recorded in).
/// Projections keep, for each attribute, the fact with the greatest stamp: the same state
/// whatever order the events arrive in (a backfilled rename does not undo a later one).
/// The date keeps the precision the event recorded (`1991`, `2021-07`): it orders by its first
/// day and is shown, and written in JSON, at that precision.
public struct Stamp: Sendable, Hashable, Comparable, Codable {
    /// The business date as recorded (first day in the log's zone, and precision).
    public let date: RecordedDate
    /// The event's seq.
    public let seq: Int64

    /// The business date: the first day of the event's occurred_at, in the log's zone.
    public var day: CivilDate { date.first }

    /// The stamp of a fact of seq `seq` on day `day`.
    public init(day: CivilDate, seq: Int64) {
        self.init(date: RecordedDate(day), seq: seq)
    }

    /// The stamp of a fact of seq `seq` recorded as of `date`.
    public init(date: RecordedDate, seq: Int64) {
        self.date = date
        self.seq = seq
    }

    public static func < (a: Stamp, b: Stamp) -> Bool { (a.day, a.seq) < (b.day, b.seq) }

    private enum CodingKeys: String, CodingKey { case day, seq }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(date: try c.decode(RecordedDate.self, forKey: .day), seq: try c.decode(Int64.self, forKey: .seq))
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(date, forKey: .day)
        try c.encode(seq, forKey: .seq)
    }
}
