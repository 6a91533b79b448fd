/// Every limit of the event log, in one place.
public enum Limits {
    /// Largest entry, in bytes of canonical JSON (fits a tlog-tiles uint16 entry bundle).
    public static let maxEntryBytes = 65_535
    /// Largest input line accepted by `append`, before normalisation; longer lines are refused
    /// without being parsed.
    public static let maxInputLineBytes = 1 << 20
    /// Largest JSON array input, read whole (NDJSON input streams and has no total limit).
    public static let maxArrayInputBytes = 256 << 20
    /// Deepest nesting of arrays and objects in an entry.
    public static let maxDepth = 32
    /// Largest magnitude of an integer: 2^53 − 1, exact in every JSON implementation (I-JSON).
    public static let maxSafeInteger: Int64 = 9_007_199_254_740_991
    /// Longest string field of the envelope (type, subject, actor, event_id).
    public static let maxEnvelopeFieldBytes = 256
    /// SQLite's page cache of a connection that writes to the log, in KiB (SQLite's default is
    /// 2 MiB). A bulk append touches, for every event, a leaf of each index of the events table
    /// and of the node cache; the index by subject alone has a leaf in use per subject, which
    /// outgrows 2 MiB at a few hundred subjects: pages are then written out to the WAL and read
    /// back over and over (a quarter of the append's time at a thousand subjects). A v1 append's
    /// lookups in the domain index share it. 64 MiB made a 1M v1 append 9 % faster still, but
    /// its peak memory at 10M events would pass the 200 MiB the benchmark allows.
    public static let writerPageCacheKiB = 16_384
    /// The lowest level of the tree whose interior nodes an append stores in the node cache
    /// (`merkle_nodes`). A node below it covers at most 2^(level) leaves and is hashed from
    /// their stored leaf hashes when a proof needs it; storing levels 1 to 3 wrote seven rows in
    /// eight of the cache (one per event beside the event's own row). Logs appended to before
    /// this limit hold those levels for their older events: a level below it holds its nodes
    /// from the first up to some point, and none after.
    public static let lowestCachedTreeLevel = 4
    /// How long a writer waits for another writer's lock before giving up (exit 75).
    public static let busyTimeoutMilliseconds: Int32 = 10_000
    /// How far `occurred_at` may lie after `recorded_at` (one day, in seconds).
    public static let maxFutureSeconds: Int64 = 86_400
    /// The largest offset from UTC a time zone can have, either way (ISO 8601 allows ±18:00;
    /// real zones stay within −12:00 and +14:00).
    public static let maxZoneOffsetSeconds = 18 * 3_600
    /// Notes `verify` lists one by one (entries recorded while an authorship rule was relaxed);
    /// beyond these it gives their count, so that its memory does not grow with the log.
    public static let verifyNotesListed = 100

    /// Rows a PostgreSQL log's reads fetch per round trip (keyset pages of seqs): large enough
    /// that the round trip is a small part of the time, small enough that a page of the largest
    /// entries (64 KiB each) under 330 MiB; typical entries make a page of a few MiB.
    public static let postgresPageRows = 5_000
    /// Longest a worker connection of a PostgreSQL read waits for a lock on the log's tables
    /// (`lock_timeout`): a worker that queues behind an `ALTER TABLE` or `VACUUM FULL`, itself
    /// waiting for the command's own transaction, would otherwise wait for ever, a deadlock the
    /// server cannot see. The command then fails as busy (exit 75), and the statement goes on.
    public static let postgresWorkerLockWaitMilliseconds = 10_000

    /// Bytes of rows an append to a PostgreSQL log gathers before it sends them into its COPY
    /// (libpq then passes them on while the append makes more; at most 64 sends wait unsent).
    public static let postgresCopyBytes = 64 << 10

    /// Bytes an append to a PostgreSQL log sends in one COPY before it ends it and sends the
    /// tree's nodes gathered meanwhile (one node per 16 events: 32 MiB of events, under 1 MiB
    /// of nodes).
    public static let postgresCopyRunBytes = 32 << 20

    /// How often `log --follow` asks an SQLite log for its size while nothing commits: first
    /// after this many milliseconds, then twice as long after each poll that found nothing, up to
    /// ``followPollMaxMilliseconds``; any growth starts again from here.
    public static let followPollMinMilliseconds = 5
    /// The longest a follower of an SQLite log sleeps between two polls: the most an idle log's
    /// next entry waits before it is printed (one poll costs a few microseconds of CPU).
    public static let followPollMaxMilliseconds = 200
    /// The longest a follower of a PostgreSQL log waits for a notification of a commit before it
    /// asks the log's size anyway (appends notify at commit; this only bounds a missed one).
    public static let followNotifyBackstopMilliseconds = 5_000
    /// Seqs a follower reads in one snapshot: a slow reader of a long backlog holds no snapshot
    /// (an SQLite WAL it keeps from being checkpointed) for longer than this many entries take.
    public static let followChunkSeqs: Int64 = 4_096

    /// Entries between two reports of progress (a terminal's progress line is redrawn from them).
    public static let progressInterval = 1_000
    /// Most signature lines read from one signed note (C2SP asks verifiers to accept 16).
    public static let maxNoteSignatures = 64
    /// Subjects whose latest version one append keeps in memory (beyond, it asks the index).
    public static let subjectVersionsCached = 65_536
    /// Entries per unit of work of the threads that read a whole log (verify, replays).
    public static let chunkEntries = 4_096
    /// Chunks each such worker may have done ahead of the caller (bounds memory).
    public static let chunksInFlight = 4
    /// Requirements a check judges on worker threads ahead of the one it writes out, at most (and
    /// as many workers): a requirement at ten million events holds up to 57,000 instances, about
    /// 10 MiB, and four ahead per worker (eight on two cores) took a check past 200 MiB there.
    public static let requirementsInFlight = 2
    /// Most such worker threads (one per core up to this), reading a log or judging a check.
    public static let maxWorkers = 8
    /// Input lines an append's reading thread parses and checks per batch it hands over, and
    /// input bytes, whichever comes first.
    public static let readAheadLines = 256
    public static let readAheadBytes = 1 << 20
    /// Batches it may have ready ahead of the appending thread. Memory: at most eight batches
    /// live (these, the one being filled, the one being appended, two given back to be freed),
    /// each under the line count or about twice the bytes above (a line may end past them) with
    /// its parsed form.
    public static let readAheadBatches = 4
    /// Parts a batch of at least ``readAheadSplitLines`` lines is parsed and checked in, side by
    /// side, when checking a line costs more than appending it (authors' signatures to verify):
    /// the reading thread and the system's pool take them in turn. More parts than cores, so
    /// that a core shared with the appending thread does fewer of them.
    public static let readAheadParts = 8
    public static let readAheadSplitLines = 16
    /// Largest input file an append prepares on its own thread, all before appending, instead of
    /// on a reading thread: starting a thread costs more than preparing this much.
    public static let inlineInputBytes = 64 << 10
    /// Most characters of an input value repeated in an error message (see `echoed`).
    public static let maxEchoedCharacters = 40
    /// Largest signed note or proof file read.
    public static let maxNoteBytes = 1 << 20
    /// Elements per block of a check's long lists (facts, findings): a list grows a block at a
    /// time instead of doubling and copying (two million facts at ten million events would
    /// briefly need three times their size).
    public static let elementsPerBlock = 16_384
    /// Bytes a command's standard output gathers before each write (listings can be millions of
    /// lines); a larger piece is written straight through, after what is gathered.
    public static let outputBufferBytes = 1 << 16
    /// Bytes a check's spool file gathers before each write, and reads back at a time; a larger
    /// piece is written straight through, after what is gathered.
    public static let spoolChunkBytes = 1 << 20

    /// Keys a v1 append remembers as known between lookups of the domain index (org slugs,
    /// documents, requirements that line after line names); past this the memory is emptied.
    public static let domainKnownKeysCached = 100_000
}
