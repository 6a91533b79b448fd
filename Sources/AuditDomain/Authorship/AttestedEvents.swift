import EventLog

/// The attested events of a log, as the domain index keeps them (`domain_attested`, written by
/// the append admission): what `check` marks as attested evidence and what a requirement with
/// `evidence: attested` counts (docs/authorship.md, "Attested evidence").
public enum AttestedEvents {
    /// The seqs of the attested events among the first `size`, read in `session`'s transaction.
    /// Empty when the domain index predates attestation (the next append rebuilds it).
    public static func seqs(_ session: LogSession, size: Int64) throws -> Set<Int64> {
        let db = session.tables
        guard try db.hasTable("domain_attested") else { return [] }
        var out: Set<Int64> = []
        try db.forEachRow("SELECT seq FROM domain_attested WHERE seq <= ?", [.integer(size)]) { out.insert($0.int64(0)) }
        return out
    }
}
