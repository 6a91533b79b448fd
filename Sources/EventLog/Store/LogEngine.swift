import LogFormat

/// A storage engine of the log: everything the commands and the layers above ask of the place
/// the entries, the Merkle tree and the checkpoints are kept. ``EventStore`` is the SQLite engine,
/// ``PostgresStore`` the PostgreSQL one, with the same bytes (docs/ARCHITECTURE.md, "The store's
/// seam"; docs/postgresql.md). The domain and the compliance check take `any LogEngine`.
///
/// What an engine promises: seqs dense from 1 and never reused; an append is one transaction
/// (all lines or none) that signs one checkpoint; a reader's transaction sees one snapshot, in
/// which seq N+1 is never visible without seq N.
public protocol LogEngine: AnyObject {
    /// Where the log is, for messages (a file path, or a server address without secrets).
    var location: String { get }

    /// The log's identity, time zone and catalogue.
    var meta: LogMeta { get }

    // MARK: transactions and snapshots

    /// Number of events in the log.
    func size() throws(EventLogError) -> Int64

    /// Runs `body` in one read transaction: one snapshot of the log, and the connection for the
    /// tables the caller keeps beside it.
    func withReadTransaction<R>(_ body: (LogSession) throws -> R) throws(EventLogError) -> R

    /// Runs `body` in one write transaction: for rebuilding the tables the caller keeps beside
    /// the log. The log's own tables refuse changes.
    func withWriteTransaction<R>(_ body: (LogSession) throws -> R) throws(EventLogError) -> R

    // MARK: scans

    /// Streams the events matching `filter` in seq order.
    func forEachEntry(matching filter: LogFilter, _ body: (Entry) throws -> Void) throws(EventLogError)

    /// Streams the stored bytes of the entries matching `filter` in seq order, each checked to be
    /// a canonical entry (valid during the call).
    func forEachEntryBytes(matching filter: LogFilter, _ body: (Int64, UnsafeRawBufferPointer) throws -> Void) throws(EventLogError)

    // MARK: following

    /// Starts watching for commits of this log's writers, on this store's connection (see
    /// ``CommitSignal``): what ``LogFollower`` waits on between its reads.
    func commitSignal() throws(EventLogError) -> CommitSignal

    // MARK: append

    /// Appends every event of `input` in one transaction with one signed checkpoint, or nothing;
    /// a dry run checks everything and keeps nothing.
    func append(
        _ input: InputSource, key: SignerKey?, policy: any EntryPolicy, clock: Clock, dryRun: Bool, progress: (Int) -> Void
    ) throws(EventLogError) -> AppendSummary

    /// Calls `body` for every input line of a committed append, in input order.
    func forEachOutcome(of summary: AppendSummary, _ body: (AppendOutcome) throws -> Void) throws(EventLogError)

    // MARK: checkpoints and proofs

    /// The root of the first `size` events.
    func root(size: Int64) throws(EventLogError) -> TreeHash

    /// Calls `body` with every stored checkpoint (size, note), in size order.
    func forEachCheckpoint(_ body: (Int64, String) throws -> Void) throws(EventLogError)

    /// The signed checkpoint note for `size`, or the latest one when `size` is nil.
    func checkpointNote(size: Int64?) throws(EventLogError) -> (size: Int64, note: String)

    /// The seq of an event named by seq or by event id.
    func seq(forReference reference: String) throws(EventLogError) -> Int64

    /// A proof that event `seq` is in the tree of size `size` (the latest checkpoint's, when nil).
    func inclusionReceipt(seq: Int64, size: Int64?) throws(EventLogError) -> InclusionReceipt

    /// A proof that the tree of size `old` is a prefix of the tree of size `new`.
    func consistencyProof(from old: Int64, to new: Int64?) throws(EventLogError) -> ConsistencyProof

    /// Recomputes and checks everything the log claims; a problem in the log is the report's
    /// result, an error means the log could not be read. `signed` looks at each signed entry
    /// as it is read (``VerificationReport/counted``).
    func verify(
        trustedKey: VerifierKey?, inspectorCheckpoints: [InspectorCheckpoint], pages: PageCheck, signed: SignedEntryCheck?,
        progress: (Int64) -> Void
    ) throws(EventLogError) -> VerificationReport
}

extension EventStore: LogEngine {}

extension PostgresStore: LogEngine {}

extension LogEngine {
    /// Seconds east of UTC of the log's time zone (see ``LogMeta/zoneOffsetSeconds``).
    public var zoneOffsetSeconds: Int { meta.zoneOffsetSeconds }

    /// The verifier key stored in the log, or a format error if it does not parse.
    public func storedVerifierKey() throws(EventLogError) -> VerifierKey {
        guard let key = VerifierKey(meta.vkey) else { throw .format("\(location): log_meta.vkey is not a valid verifier key") }
        return key
    }
}
