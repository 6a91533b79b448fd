import EventLog
import SQLiteDatabase

/// Rebuilds projection records by replaying the log: the state as of business date T (events
/// whose occurred_at begins on or before T) with the knowledge at instant K (events recorded by
/// K, with the corrections and retractions recorded by K applied). Streams the log twice (the
/// corrections first, then every event); memory holds only the records.
public enum ProjectionReplay {
    /// The records of the log on `db` (inside a transaction the caller holds) up to `size`.
    public static func records(
        _ db: Connection, size: Int64, zoneOffsetSeconds: Int, asOf: CivilDate? = nil, knownAt: Instant? = nil,
        progress: (Int64) -> Void = { _ in }
    ) throws -> MemoryRecordStore {
        try replay(db, size: size, zoneOffsetSeconds: zoneOffsetSeconds, asOf: asOf, knownAt: knownAt, progress: progress).records
    }

    /// The records, and the latest business date among the events applied.
    static func replay(
        _ db: Connection, size: Int64, zoneOffsetSeconds: Int, asOf: CivilDate?, knownAt: Instant?, progress: (Int64) -> Void
    ) throws -> (records: MemoryRecordStore, maxDay: CivilDate?) {
        let limit = knownAt?.description
        var corrections = Corrections()
        try db.forEachRow(
            "SELECT seq, entry FROM events WHERE type IN ('event.corrected', 'event.retracted') AND seq <= ? ORDER BY seq",
            [.integer(size)]
        ) { row in
            let e = LoggedEvent(try Entry(seq: row.int64(0), bytes: row.blob(1)))
            if limit.map({ e.recordedAt <= $0 }) ?? true { corrections.add(e) }
        }
        var store = MemoryRecordStore()
        var maxDay: CivilDate?
        try db.forEachRow("SELECT seq, entry FROM events WHERE seq <= ? ORDER BY seq", [.integer(size)]) { row in
            let seq = row.int64(0)
            if seq % Int64(Limits.progressInterval) == 0 { progress(seq) }
            let logged = LoggedEvent(try Entry(seq: seq, bytes: row.blob(1)))
            guard logged.target == nil, limit.map({ logged.recordedAt <= $0 }) ?? true,
                let effective = corrections.apply(to: logged),
                let event = ProjectedEvent(effective, zoneOffsetSeconds: zoneOffsetSeconds),
                asOf.map({ event.day <= $0 }) ?? true
            else { return }
            try Projector.apply(event, to: &store)
            if maxDay.map({ $0 < event.day }) ?? true { maxDay = event.day }
        }
        return (store, maxDay)
    }

    /// Drops and rebuilds the projection tables from the log on `db` (inside a write
    /// transaction the caller holds), up to `size`.
    public static func rebuildTables(_ db: Connection, size: Int64, zoneOffsetSeconds: Int, progress: (Int64) -> Void = { _ in }) throws {
        let tables = try ProjectionTables(db)
        try tables.clear()
        let (records, maxDay) = try replay(db, size: size, zoneOffsetSeconds: zoneOffsetSeconds, asOf: nil, knownAt: nil, progress: progress)
        try tables.write(records, maxDay: maxDay)
        try tables.flush(seq: size)
    }
}
