import EventLog
import SQLiteDatabase

extension EventStore {
    /// Drops and rebuilds the projection tables (and the domain index) from the log, in one
    /// write transaction; returns the log size they reflect.
    public func rebuildProjections(progress: (Int64) -> Void = { _ in }) throws(EventLogError) -> Int64 {
        guard meta.catalogue == LogMeta.domainCatalogue else {
            throw .usage("this log has no catalogue (init --catalogue none): it keeps no projections")
        }
        let zone = meta.zoneOffsetSeconds
        let path = self.path
        return try withWriteTransaction { db in
            let size = try db.scalarInt("SELECT max(seq) FROM events") ?? 0
            try ProjectionReplay.rebuildTables(db, size: size, zoneOffsetSeconds: zone, parallelPath: path, progress: progress)
            return size
        }
    }
}
