import LogFormat
import SQLiteDatabase

extension EventStore: FilteredScan {
    /// Streams the events matching `filter` in seq order, without accumulating them.
    public func forEachEntry(matching filter: LogFilter, _ body: (Entry) throws -> Void) throws(EventLogError) {
        try scanEntries(matching: filter, body)
    }

    /// Streams the stored bytes of the entries matching `filter` in seq order (valid during the
    /// call), each checked to be a canonical entry as `verify` checks it, without building a
    /// tree: what exports need, at a fraction of the cost of ``forEachEntry(matching:_:)``.
    public func forEachEntryBytes(matching filter: LogFilter, _ body: (Int64, UnsafeRawBufferPointer) throws -> Void) throws(EventLogError) {
        try scanEntryBytes(matching: filter, body)
    }

    /// An SQLite log is polled: its writers are other processes, with no channel to the readers.
    public func commitSignal() throws(EventLogError) -> CommitSignal { .polling }

    /// The rows matching `filter` in seq order. `read` gets each row's seq and bytes and a test of
    /// an occurred_at against the filter's business-time bounds, and returns whether it emitted
    /// the entry (the limit counts those).
    func forEachRow(
        matching filter: LogFilter, _ read: (Int64, UnsafeRawBufferPointer, (String) -> Bool) throws -> Bool
    ) throws(EventLogError) {
        let (conditions, values) = filter.columnConditions()
        let sql = "SELECT seq, entry FROM events"
            + (conditions.isEmpty ? "" : " WHERE " + conditions.joined(separator: " AND ")) + " ORDER BY seq"
        let inBounds = filter.occurredTest(zoneOffsetSeconds: zoneOffsetSeconds)
        var emitted = 0
        try mapped {
            try db.readTransaction {
                let stmt = try db.statement(sql)
                try stmt.reset(binding: values.map(\.sqliteValue))
                defer { try? stmt.reset() }
                while try stmt.step() {
                    if let limit = filter.limit, emitted >= limit { break }
                    let seq = stmt.int64(0)
                    let shown = try stmt.withBlob(1) { bytes in try read(seq, bytes, inBounds) }
                    if shown { emitted += 1 }
                }
            }
        }
    }
}
