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
        // domain_attested is the newest of them: an index made before it gets it here.
        guard try !tables.hasTable("domain_attested") else { return }
        let sql = tables.isPostgreSQL ? PackageResources.domain_v1_postgresql_sql : PackageResources.domain_v1_sql
        try tables.execute(String(decoding: sql, as: UTF8.self))
    }

    /// Creates the projection tables unless they exist.
    static func ensureProjections(_ tables: SideTables) throws {
        guard try !tables.hasTable("proj_state") else { return }
        let sql = tables.isPostgreSQL ? PackageResources.projections_v1_postgresql_sql : PackageResources.projections_v1_sql
        try tables.execute(String(decoding: sql, as: UTF8.self))
    }
}
