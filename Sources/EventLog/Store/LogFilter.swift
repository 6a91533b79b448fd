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

extension LogFilter {
    /// The filter's conditions on the events table's columns (with `?` placeholders) and their
    /// values, for either engine.
    func columnConditions() -> (conditions: [String], values: [TableValue]) {
        var conditions: [String] = []
        var values: [TableValue] = []
        if let s = subject {
            conditions.append("subject = ?")
            values.append(.text(s))
        }
        if let t = type {
            conditions.append("type = ?")
            values.append(.text(t))
        }
        if let n = fromSeq {
            conditions.append("seq >= ?")
            values.append(.integer(n))
        }
        if let n = toSeq {
            conditions.append("seq <= ?")
            values.append(.integer(n))
        }
        // recorded_at is fixed-width UTC text, so text order is time order.
        if let r = recordedFrom {
            conditions.append("recorded_at >= ?")
            values.append(.text(r.description))
        }
        if let r = recordedTo {
            conditions.append("recorded_at <= ?")
            values.append(.text(r.description))
        }
        return (conditions, values)
    }

    /// Whether an entry's occurred_at text falls within the filter's business-time bounds.
    func occurredTest(zoneOffsetSeconds zone: Int) -> (String) -> Bool {
        let from = occurredFrom?.startSeconds(zoneOffsetSeconds: zone)
        let to = occurredTo?.endSeconds(zoneOffsetSeconds: zone)
        return { occurredAt in
            guard from != nil || to != nil else { return true }
            guard case .success(let occurred) = OccurredAt.parse(occurredAt) else { return false }
            if let from, occurred.endSeconds(zoneOffsetSeconds: zone) <= from { return false }
            if let to, occurred.startSeconds(zoneOffsetSeconds: zone) >= to { return false }
            return true
        }
    }
}
