import LogFormat

/// Which events `log` reads. Every bound is inclusive; nil means unbounded.
public struct LogFilter: Sendable {
    public var subject: String?
    public var type: String?
    public var fromSeq: Int64?
    public var toSeq: Int64?
    /// Events whose business period ends on or after this one's start.
    public var occurredFrom: OccurredAt?
    /// Events whose business period starts on or before this one's end.
    public var occurredTo: OccurredAt?
    public var recordedFrom: Instant?
    public var recordedTo: Instant?
    public var limit: Int?

    /// A filter that matches everything.
    public init() {}
}
