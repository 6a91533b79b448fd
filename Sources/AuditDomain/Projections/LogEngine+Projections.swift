import EventLog

extension LogEngine {
    /// Drops and rebuilds the projection tables (and the domain index) from the log, in one
    /// write transaction; returns the log size they reflect.
    public func rebuildProjections(progress: (Int64) -> Void = { _ in }) throws(DomainError) -> Int64 {
        guard meta.catalogue == LogMeta.domainCatalogue else {
            throw .unsupported("this log has no catalogue (init --catalogue none): it keeps no projections")
        }
        let zone = meta.zoneOffsetSeconds
        return try DomainError.reading { () throws(EventLogError) in
            try withWriteTransaction { session in
                let size = try session.log.size()
                // The domain index first (the admission brings it up to date; the rebuild makes it
                // afresh, so an edited index is replaced), then the projection tables.
                try DomainAdmission(session, logSize: size, zoneOffsetSeconds: zone).rebuild(upTo: size)
                try ProjectionReplay.rebuildTables(session, size: size, zoneOffsetSeconds: zone, progress: progress)
                return size
            }
        }
    }
}
