import LogFormat

/// A stored entry lent to a reader's caller: its seq and its canonical bytes, valid only during
/// the call.
public typealias StoredEntryBody = (_ seq: Int64, _ bytes: UnsafeRawBufferPointer) throws -> Void

/// The log's events as the layers above the store read them, inside one transaction of the store:
/// a read snapshot, or an append's own write transaction (which also sees the lines it has
/// written so far). Every question the domain and the compliance check may ask of the event
/// tables is here; none of them names a table of the log. An engine implements it over its own
/// storage (``SQLiteLogReader`` is the SQLite one).
///
/// Errors are the engine's; the store maps them to ``EventLogError`` at the end of the
/// transaction.
public protocol LogReader {
    /// Number of events this transaction sees: the largest seq (seqs are dense from 1).
    func size() throws -> Int64

    /// Calls `body` with each entry whose seq is in `seqs`, in seq order; with `types`, only
    /// entries of those types (read through the store's type index).
    func forEachEntry(in seqs: ClosedRange<Int64>, types: [String]?, _ body: StoredEntryBody) throws

    /// Calls `body` with each entry whose subject is `subject`, in seq order.
    func forEachEntry(subject: String, _ body: StoredEntryBody) throws

    /// The entry of seq `seq`, if the log has it.
    func entry(seq: Int64) throws -> Entry?

    /// The entry whose event id is `eventID`, if the log has it.
    func entry(eventID: String) throws -> Entry?

    /// Work over seqs 1...`committed`, split into chunks of consecutive seqs done on worker
    /// threads, each worker reading a snapshot of what is committed; the caller takes the
    /// results in seq order (see ``ChunkPipeline``), starts it (it may be started already) and
    /// always stops it. Nil when this engine or transaction cannot read in parallel: the caller
    /// then reads on its own thread. Throws what the engine's own connection reports.
    func parallelChunks<Result: Sendable>(
        upTo committed: Int64, _ work: @escaping @Sendable (ClosedRange<Int64>, any LogReader) throws -> Result
    ) throws -> ChunkPipeline<Result>?
}

extension LogReader {
    /// Calls `body` with the first `size` entries (all, when nil) in seq order.
    public func forEachEntry(upTo size: Int64, types: [String]? = nil, _ body: StoredEntryBody) throws {
        guard size >= 1 else { return }
        try forEachEntry(in: 1...size, types: types, body)
    }
}
