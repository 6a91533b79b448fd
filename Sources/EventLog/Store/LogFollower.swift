import Foundation
import LogFormat

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Follows a log while writers commit to it (`log --follow`): hands out every committed entry
/// that matches a filter, in seq order, each exactly once, and waits between its reads without
/// spinning. On either engine (docs/follow.md).
///
/// Why nothing is skipped or repeated: seqs are dense from 1 and never reused, each append
/// commits whole with its checkpoint, and a reader that sees seq N sees every seq below it
/// (``LogEngine``). The follower keeps one number, ``readThrough``: each ``read(_:)`` asks the
/// log's size S (a committed prefix), reads the seqs after ``readThrough`` up to S (committed,
/// so every later snapshot holds all of them), in chunks of ``Limits/followChunkSeqs`` seqs
/// each read in one snapshot, and moves ``readThrough`` to S. The filter only decides which of
/// those entries are handed out. A follower started again with ``LogFilter/fromSeq`` one past
/// the last seq it handed out, or past ``committed``, continues where the other stopped.
///
/// How it waits (``wait(until:watching:)``): on PostgreSQL, for the notification every write
/// transaction sends at its commit (``CommitSignal``), asking the size anyway every
/// ``Limits/followNotifyBackstopMilliseconds``; on SQLite, it asks the size after
/// ``Limits/followPollMinMilliseconds``, twice as long after each read that found nothing new,
/// up to ``Limits/followPollMaxMilliseconds``. Not `Sendable`: it reads on the store's connection.
public final class LogFollower {
    /// Why ``wait(until:watching:)`` returned.
    public enum Wake: Equatable, Sendable {
        /// A write may have committed (or it is time to poll): read again.
        case committed
        /// The deadline passed.
        case deadline
        /// The watched descriptor at `index` reported `revents` (readable, or closed).
        case watched(index: Int, revents: Int16)
    }

    private let engine: any LogEngine
    /// The caller's filter without its limit (the caller's body decides when to stop).
    private let filter: LogFilter
    private let signal: CommitSignal
    /// Every seq up to this one has been read; the matching entries among them were handed out.
    /// Starts one before ``LogFilter/fromSeq``.
    public private(set) var readThrough: Int64
    /// The log's size when it was last read (0 before the first ``read(_:)``): every entry up to
    /// it that matches the filter (and lies within its seq bounds) has been handed out, unless
    /// the body stopped the follower.
    public private(set) var committed: Int64 = 0
    /// Whether a body returned false: nothing more is handed out.
    public private(set) var isStopped = false
    /// The next poll's delay on SQLite (doubling while nothing commits).
    private var pollMilliseconds = Limits.followPollMinMilliseconds

    /// A follower of `engine` from `filter`'s ``LogFilter/fromSeq`` (else seq 1). It starts
    /// watching for commits before its first read, so that no commit after that read goes
    /// unnoticed. `filter.limit` is ignored: the body of ``read(_:)`` stops the follower.
    public init(_ engine: any LogEngine, filter: LogFilter) throws(EventLogError) {
        self.engine = engine
        var filter = filter
        filter.limit = nil
        self.filter = filter
        readThrough = max((filter.fromSeq ?? 1) - 1, 0)
        signal = try engine.commitSignal()
    }

    /// Whether the follower has read through the filter's ``LogFilter/toSeq``: no later entry can match.
    public var isComplete: Bool { filter.toSeq.map { readThrough >= $0 } ?? false }

    /// Hands `body` the matching entries committed since the last read, in seq order; `body`
    /// returns false to stop the follower after that entry. Returns whether the log grew.
    @discardableResult
    public func read(_ body: (Entry) throws -> Bool) throws(EventLogError) -> Bool {
        try readCommitted { chunk throws(EventLogError) in
            try engine.forEachEntry(matching: chunk) { entry in try handOut(entry.seq) { try body(entry) } }
        }
    }

    /// Hands `body` the stored bytes of the matching entries committed since the last read, in
    /// seq order (valid during the call, each checked to be a canonical entry); `body` returns
    /// false to stop the follower after that entry. Returns whether the log grew.
    @discardableResult
    public func readBytes(_ body: (Int64, UnsafeRawBufferPointer) throws -> Bool) throws(EventLogError) -> Bool {
        try readCommitted { chunk throws(EventLogError) in
            try engine.forEachEntryBytes(matching: chunk) { seq, bytes in try handOut(seq) { try body(seq, bytes) } }
        }
    }

    /// Gives one entry to the body, unless the follower has stopped.
    private func handOut(_ seq: Int64, _ give: () throws -> Bool) rethrows {
        guard !isStopped else { return }
        if try !give() {
            isStopped = true
            readThrough = seq
        }
    }

    /// Asks the log's size and scans the seqs after ``readThrough`` up to it, a chunk per call
    /// of `scan` (a filter bounded to the chunk's seqs).
    private func readCommitted(_ scan: (LogFilter) throws(EventLogError) -> Void) throws(EventLogError) -> Bool {
        guard !isStopped else { return false }
        let size = try engine.size()
        let grew = size > committed
        committed = max(committed, size)
        pollMilliseconds = grew ? Limits.followPollMinMilliseconds : min(pollMilliseconds * 2, Limits.followPollMaxMilliseconds)
        let end = min(size, filter.toSeq ?? Int64.max)
        while readThrough < end, !isStopped {
            var chunk = filter
            let last = min(end, readThrough + Limits.followChunkSeqs)
            chunk.fromSeq = readThrough + 1
            chunk.toSeq = last
            try scan(chunk)
            if !isStopped { readThrough = last }
        }
        return grew
    }

    /// Waits until a write may have committed, `deadline` passes, or one of `descriptors`
    /// reports an event (each with the events it asks for; POLLERR and POLLHUP are always
    /// reported: a closed pipe on standard output, say). The first of them wins. Without a
    /// deadline it may wait for ever on PostgreSQL, save for the backstop.
    public func wait(until deadline: ContinuousClock.Instant?, watching descriptors: [pollfd]) throws(EventLogError) -> Wake {
        let clock = ContinuousClock()
        var fds = descriptors
        let take: (() throws(EventLogError) -> Int)?
        let backstop: Duration
        switch signal {
        case .polling:
            take = nil
            backstop = .milliseconds(pollMilliseconds)
        case .descriptor(let descriptor, let takeNotices):
            // A notification read with an earlier statement waits in the connection, not the socket.
            if try takeNotices() > 0 { return .committed }
            fds.append(pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0))
            take = takeNotices
            backstop = .milliseconds(Limits.followNotifyBackstopMilliseconds)
        }
        let pollAt = clock.now + backstop
        while true {
            let now = clock.now
            if let deadline, now >= deadline { return .deadline }
            if now >= pollAt { return .committed }
            let until = deadline.map { min($0, pollAt) } ?? pollAt
            let (seconds, attoseconds) = (until - now).components
            let milliseconds = seconds * 1000 + (attoseconds + 999_999_999_999_999) / 1_000_000_000_000_000
            for i in fds.indices { fds[i].revents = 0 }
            let ready = fds.withUnsafeMutableBufferPointer { poll($0.baseAddress, nfds_t($0.count), Int32(clamping: milliseconds)) }
            if ready < 0 {
                if errno == EINTR { continue }
                throw .io("cannot wait for the log's commits: \(String(cString: strerror(errno)))")
            }
            for i in descriptors.indices where fds[i].revents != 0 { return .watched(index: i, revents: fds[i].revents) }
            if let take, fds[fds.count - 1].revents != 0, try take() > 0 { return .committed }
        }
    }
}
