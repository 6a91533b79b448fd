import LogFormat
import SQLiteDatabase

extension EventStore {
    /// Streams the events matching `filter` in seq order, without accumulating them.
    public func forEachEntry(matching filter: LogFilter, _ body: (Entry) throws -> Void) throws(EventLogError) {
        try forEachRow(matching: filter) { seq, bytes, inBounds in
            let entry: Entry
            do {
                entry = try Entry(seq: seq, bytes: Array(bytes))
            } catch {
                throw EventLogError.format("seq \(seq): stored entry is damaged (\(error)); run `auditlog verify`")
            }
            guard inBounds(entry.occurredAt) else { return false }
            try body(entry)
            return true
        }
    }

    /// Streams the stored bytes of the entries matching `filter` in seq order (valid during the
    /// call), each checked to be a canonical entry as `verify` checks it, without building a
    /// tree: what exports need, at a fraction of the cost of ``forEachEntry(matching:_:)``.
    public func forEachEntryBytes(matching filter: LogFilter, _ body: (Int64, UnsafeRawBufferPointer) throws -> Void) throws(EventLogError) {
        try forEachRow(matching: filter) { seq, bytes, inBounds in
            guard case .success(let envelope) = CanonicalScanner.scan(bytes), let occurredAt = envelope.occurredAt else {
                throw EventLogError.format("seq \(seq): stored entry is damaged (not a canonical entry); run `auditlog verify`")
            }
            guard inBounds(occurredAt) else { return false }
            try body(seq, bytes)
            return true
        }
    }

    /// The rows matching `filter` in seq order. `read` gets each row's seq and bytes and a test of
    /// an occurred_at against the filter's business-time bounds, and returns whether it emitted
    /// the entry (the limit counts those).
    private func forEachRow(
        matching filter: LogFilter, _ read: (Int64, UnsafeRawBufferPointer, (String) -> Bool) throws -> Bool
    ) throws(EventLogError) {
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
                    let shown = try stmt.withBlob(1) { bytes in
                        try read(seq, bytes) { occurredAt in
                            guard from != nil || to != nil else { return true }
                            guard case .success(let occurred) = OccurredAt.parse(occurredAt) else { return false }
                            if let from, occurred.endSeconds(zoneOffsetSeconds: zone) <= from { return false }
                            if let to, occurred.startSeconds(zoneOffsetSeconds: zone) >= to { return false }
                            return true
                        }
                    }
                    if shown { emitted += 1 }
                }
            }
        }
    }
}
