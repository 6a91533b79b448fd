/// How a reader of a log learns that a write may have committed, so that it can wait without
/// asking the log again and again (``LogFollower``). An engine hands one out from
/// ``LogEngine/commitSignal()``; it is live from then on: a commit after that call is signalled,
/// or found by the next poll.
public enum CommitSignal {
    /// Nothing tells: ask the log's size at intervals (SQLite, whose writers are other processes
    /// with no channel to the readers).
    case polling
    /// `descriptor` becomes readable when a write has committed (or the connection fails);
    /// `take` reads what the engine has received without waiting and returns how many commits it
    /// announced (0: wait again). PostgreSQL: the connection's socket, and the notifications its
    /// writers send at commit.
    case descriptor(Int32, take: () throws(EventLogError) -> Int)
}
