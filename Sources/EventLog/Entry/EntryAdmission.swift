import LogFormat

/// A policy whose checks need the log itself (references to known identities, uniqueness),
/// not only the line: it opens an ``EntryAdmission`` in each append transaction.
public protocol StatefulEntryPolicy: EntryPolicy {
    /// Called once per append transaction, after the write lock is held, with the transaction's
    /// session (the log as written so far, and the connection for the policy's own tables) and
    /// the log size before the append.
    func admission(_ session: LogSession, logSize: Int64) throws -> any EntryAdmission
}

/// The stateful checks of one append transaction: references to what the log (or an earlier
/// line of the same input) knows, and the bookkeeping that later lines and appends rely on.
public protocol EntryAdmission {
    /// Checks a new event (not a retried duplicate) just before it is written as `seq`, and
    /// records what it declares; throws ``EventLogError`` to refuse the whole input.
    func admit(_ line: AppendLine, seq: Int64, eventID: String, recordedAt: Instant, lineNumber: Int?) throws

    /// Called once after every line was admitted and written, before the checkpoint is signed
    /// and the transaction commits, with the log's new size: the place to write what the
    /// admission kept in memory.
    func finish(size: Int64) throws

    /// What the admission let in but flags, in input order (a line an authorship rule in `warn`
    /// mode would refuse), read once the input is admitted.
    func warnings() -> [AppendWarning]

    /// The policy the lines are checked by on the thread that reads them, in place of the
    /// append's own, when what the admission read from the log lets it check more there (the
    /// domain's: authors' signatures, against the keys the log has registered); nil for the
    /// append's own. Whatever it checks, ``admit(_:seq:eventID:recordedAt:lineNumber:)`` still
    /// decides.
    var readingPolicy: (any EntryPolicy)? { get }

    /// Called with each batch of lines before the first of them is admitted, on an engine
    /// where every look-up is a round trip to a server: the place to look up at once what
    /// ``admit(_:seq:eventID:recordedAt:lineNumber:)`` will ask of them.
    func prefetch(_ lines: [AppendLine]) throws
}

extension EntryAdmission {
    public func prefetch(_ lines: [AppendLine]) throws {}
    public func warnings() -> [AppendWarning] { [] }
    public var readingPolicy: (any EntryPolicy)? { nil }
}
