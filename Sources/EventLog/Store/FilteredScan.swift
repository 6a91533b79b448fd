import LogFormat

/// An engine's filtered scan of the events table: both engines check and hand out what it
/// reads with the same code (the extension below).
protocol FilteredScan {
    /// The rows matching `filter` in seq order. `read` gets each row's seq and bytes and a test
    /// of an occurred_at against the filter's business-time bounds, and returns whether it
    /// emitted the entry (the limit counts those).
    func forEachRow(
        matching filter: LogFilter, _ read: (Int64, UnsafeRawBufferPointer, (String) -> Bool) throws -> Bool
    ) throws(EventLogError)
}

extension FilteredScan {
    /// Streams the events matching `filter` in seq order, without accumulating them.
    func scanEntries(matching filter: LogFilter, _ body: (Entry) throws -> Void) throws(EventLogError) {
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
    /// tree: what exports need, at a fraction of the cost of ``scanEntries(matching:_:)``.
    func scanEntryBytes(matching filter: LogFilter, _ body: (Int64, UnsafeRawBufferPointer) throws -> Void) throws(EventLogError) {
        try forEachRow(matching: filter) { seq, bytes, inBounds in
            guard case .success(let envelope) = CanonicalScanner.scan(bytes), let occurredAt = envelope.occurredAt else {
                throw EventLogError.format("seq \(seq): stored entry is damaged (not a canonical entry); run `auditlog verify`")
            }
            guard inBounds(occurredAt) else { return false }
            try body(seq, bytes)
            return true
        }
    }
}
