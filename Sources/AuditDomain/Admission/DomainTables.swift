import EventLog

/// The tables the domain keeps beside the log (the domain index, Schemas/sql/002_domain.sql, and
/// the projections, 003_projections.sql; PostgreSQL's in Schemas/sql/postgresql/), created once:
/// by `init` on PostgreSQL, so that writers need no CREATE privilege, and otherwise by the first
/// append or rebuild that needs them.
public enum DomainTables {
    /// Creates both sets of tables on `tables` unless they exist.
    public static func ensure(_ tables: SideTables) throws {
        try ensureIndex(tables)
        try ensureProjections(tables)
    }

    /// Creates the domain index's tables unless they exist.
    static func ensureIndex(_ tables: SideTables) throws {
        // All of them: an index made before domain_attested gets it here, and one dropped by hand is made again.
        guard try !["domain_keys", "domain_links", "domain_attested", "domain_state"].allSatisfy(tables.hasTable) else {
            // A file made before domain_keys_seq gets it (on PostgreSQL `init` makes the tables, and
            // a writer may not be allowed to add an index to an older log's: it goes without).
            if !tables.isPostgreSQL,
                try tables.scalarInt("SELECT count(*) FROM sqlite_master WHERE type = 'index' AND name = 'domain_keys_seq'") == 0
            {
                try tables.execute("CREATE INDEX domain_keys_seq ON domain_keys (seq)")
            }
            return
        }
        let sql = tables.isPostgreSQL ? PackageResources.domain_v1_postgresql_sql : PackageResources.domain_v1_sql
        try tables.execute(String(decoding: sql, as: UTF8.self))
        // A table made again is empty: the index is behind whatever its state row says.
        try tables.execute("DELETE FROM domain_state")
    }

    /// Creates the projection tables unless they exist.
    static func ensureProjections(_ tables: SideTables) throws {
        let names = ["proj_organizations", "proj_documents", "proj_tasks", "proj_assignments", "proj_recommendations", "proj_state"]
        guard try !names.allSatisfy(tables.hasTable) else { return }
        let sql = tables.isPostgreSQL ? PackageResources.projections_v1_postgresql_sql : PackageResources.projections_v1_sql
        try tables.execute(String(decoding: sql, as: UTF8.self))
        // A table made again is empty: the projections are behind whatever their state row says.
        try tables.execute("DELETE FROM proj_state")
    }
}
