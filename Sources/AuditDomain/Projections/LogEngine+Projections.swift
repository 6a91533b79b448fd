import EventLog

extension LogEngine {
    /// Drops and rebuilds the projection tables (with `index`, the domain index too) from the log, in one
    /// write transaction; returns the log size they reflect.
    public func rebuildProjections(index: Bool = false, progress: (Int64) -> Void = { _ in }) throws(DomainError) -> Int64 {
        guard meta.catalogue == LogMeta.domainCatalogue else {
            throw .unsupported("this log has no catalogue (init --catalogue none): it keeps no projections")
        }
        let zone = meta.zoneOffsetSeconds
        return try DomainError.reading { () throws(EventLogError) in
            try withWriteTransaction { session in
                let size = try session.log.size()
                // With `index`, the domain index first, made afresh (an edited index is replaced): a
                // full replay through the catalogue, several times the projections' cost.
                if index { try DomainAdmission(session, logSize: size, zoneOffsetSeconds: zone).rebuild(upTo: size) }
                try ProjectionReplay.rebuildTables(session, size: size, zoneOffsetSeconds: zone, progress: progress)
                return size
            }
        }
    }
}
