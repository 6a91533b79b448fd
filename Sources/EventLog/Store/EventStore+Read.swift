import SQLiteDatabase

extension EventStore {
    /// Streams the events matching `filter` in seq order, without accumulating them.
    public func forEachEntry(matching filter: LogFilter, _ body: (Entry) throws -> Void) throws(EventLogError) {
        var conditions: [String] = []
        var values: [Statement.Value] = []
        if let s = filter.subject {
            conditions.append("subject = ?")
            values.append(.text(s))
        }
        if let t = filter.type {
            conditions.append("type = ?")
            values.append(.text(t))
        }
        if let n = filter.fromSeq {
            conditions.append("seq >= ?")
            values.append(.integer(n))
        }
        if let n = filter.toSeq {
            conditions.append("seq <= ?")
            values.append(.integer(n))
        }
        // recorded_at is fixed-width UTC text, so text order is time order.
        if let r = filter.recordedFrom {
            conditions.append("recorded_at >= ?")
            values.append(.text(r.description))
        }
        if let r = filter.recordedTo {
            conditions.append("recorded_at <= ?")
            values.append(.text(r.description))
        }
        let sql = "SELECT seq, entry FROM events"
            + (conditions.isEmpty ? "" : " WHERE " + conditions.joined(separator: " AND ")) + " ORDER BY seq"
        let zone = zoneOffsetSeconds
        let from = filter.occurredFrom?.startSeconds(zoneOffsetSeconds: zone)
        let to = filter.occurredTo?.endSeconds(zoneOffsetSeconds: zone)
        var emitted = 0
        try mapped {
            try db.readTransaction {
                let stmt = try db.statement(sql)
                try stmt.reset(binding: values)
                defer { try? stmt.reset() }
                while try stmt.step() {
                    if let limit = filter.limit, emitted >= limit { break }
                    let seq = stmt.int64(0)
                    let entry: Entry
                    do {
                        entry = try Entry(seq: seq, bytes: stmt.blob(1))
                    } catch {
                        throw EventLogError.format("seq \(seq): stored entry is damaged (\(error)); run `auditlog verify`")
                    }
                    if from != nil || to != nil {
                        guard case .success(let occurred) = OccurredAt.parse(entry.occurredAt) else { continue }
                        if let from, occurred.endSeconds(zoneOffsetSeconds: zone) <= from { continue }
                        if let to, occurred.startSeconds(zoneOffsetSeconds: zone) >= to { continue }
                    }
                    try body(entry)
                    emitted += 1
                }
            }
        }
    }
}
