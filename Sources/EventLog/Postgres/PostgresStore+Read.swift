import LogFormat
import PostgresDatabase

extension PostgresStore: FilteredScan {
    /// Streams the events matching `filter` in seq order, without accumulating them.
    public func forEachEntry(matching filter: LogFilter, _ body: (Entry) throws -> Void) throws(EventLogError) {
        try scanEntries(matching: filter, body)
    }

    /// Streams the stored bytes of the entries matching `filter` in seq order (valid during the
    /// call), each checked to be a canonical entry.
    public func forEachEntryBytes(matching filter: LogFilter, _ body: (Int64, UnsafeRawBufferPointer) throws -> Void) throws(EventLogError) {
        try scanEntryBytes(matching: filter, body)
    }

    /// Listens on the log's ``commitChannel``: every write transaction notifies it at commit, and
    /// the server sends the notification to this connection's socket.
    public func commitSignal() throws(EventLogError) -> CommitSignal {
        try mapped { try db.listen(commitChannel) }
        return .descriptor(db.socket, take: { () throws(EventLogError) -> Int in
            do throws(PGError) {
                return try self.db.takeNotifications()
            } catch {
                // Nothing was being written: not the advice for an append of EventLogError.from.
                guard error.isConnectionFailure else { throw EventLogError.from(error, location: self.location) }
                throw .unavailable("\(self.location): lost the connection to the PostgreSQL server (\(error.message))")
            }
        })
    }

    func forEachRow(
        matching filter: LogFilter, _ read: (Int64, UnsafeRawBufferPointer, (String) -> Bool) throws -> Bool
    ) throws(EventLogError) {
        let (conditions, values) = filter.columnConditions()
        // Keyset pages in one snapshot: `seq > ?` after the last row read, a page at a time.
        let sql = "SELECT seq, entry FROM events WHERE " + (conditions + ["seq > ?"]).joined(separator: " AND ")
            + " ORDER BY seq LIMIT ?"
        let inBounds = filter.occurredTest(zoneOffsetSeconds: zoneOffsetSeconds)
        var emitted = 0
        try mapped {
            try inReadTransaction {
                let stmt = try db.statement(sql)
                var after: Int64 = 0
                pages: while true {
                    let page = try stmt.run(values.map(\.postgresValue) + [.integer(after), .integer(Int64(Limits.postgresPageRows))])
                    for row in 0..<page.count {
                        if let limit = filter.limit, emitted >= limit { break pages }
                        after = page.int64(row, 0)
                        let seq = after
                        if try page.withBytes(row, 1, { try read(seq, $0, inBounds) }) { emitted += 1 }
                    }
                    if page.count < Int32(Limits.postgresPageRows) { break }
                }
            }
        }
    }
}
