import EventLog
import LogFormat

/// The projection tables (Schemas/sql/003_projections.sql) as a record store: records are read
/// on first use, changed in memory, and written back by ``flush()`` (once per append, so an org
/// that a batch touches a thousand times is decoded and encoded once).
public final class ProjectionTables: RecordStore {
    /// The version of the projection code; tables written by another version are rebuilt (3:
    /// tasks done by reports, registration dates at their precision).
    public static let version: Int64 = 3

    private let db: SideTables
    private var cache = MemoryRecordStore()
    private var loaded: Set<String> = []
    private var dirty: Set<String> = []
    private var maxDay: CivilDate?
    private var maxDayLoaded = false
    /// Records are stored as JSON text with sorted snake_case keys (the bytes Foundation's
    /// `JSONEncoder` wrote before, so tables written by either read the same).
    private let encoder = SnakeCaseJSONEncoder()
    private let decoder = SnakeCaseJSONDecoder()

    /// The tables on `db` (created if missing).
    public init(_ db: SideTables) throws {
        self.db = db
        try DomainTables.ensureProjections(db)
    }

    private init(readingOnly db: SideTables) {
        self.db = db
    }

    /// The tables on a read-only connection, or nil when the log has none (written before them,
    /// or without the catalogue).
    public static func readOnly(_ db: SideTables) throws -> ProjectionTables? {
        try db.hasTable("proj_state") ? ProjectionTables(readingOnly: db) : nil
    }

    /// What the tables reflect: the projection version, the log size, and the latest business
    /// date of an event in them; nil if never written.
    public func state() throws -> (version: Int64, seq: Int64, maxDay: CivilDate?)? {
        var out: (Int64, Int64, CivilDate?)?
        try db.forEachRow("SELECT version, seq, max_day FROM proj_state WHERE id = 1") {
            out = ($0.int64(0), $0.int64(1), $0.isNull(2) ? nil : CivilDate($0.text(2)))
        }
        return out
    }

    /// Takes note that an event of business date `day` is in the tables.
    public func saw(day: CivilDate) {
        if maxDay.map({ $0 < day }) ?? true { maxDay = day }
    }

    /// Empties the tables (before a rebuild).
    public func clear() throws {
        try db.execute("""
            DELETE FROM proj_organizations; DELETE FROM proj_documents; DELETE FROM proj_tasks;
            DELETE FROM proj_assignments; DELETE FROM proj_recommendations; DELETE FROM proj_state
            """)
        cache = MemoryRecordStore()
        loaded = []
        dirty = []
        maxDay = nil
        maxDayLoaded = true
    }

    /// Writes every record of `store` (after a rebuild in memory), whose latest event is of
    /// business date `maxDay`.
    public func write(_ store: MemoryRecordStore, maxDay: CivilDate?) throws {
        if let maxDay { saw(day: maxDay) }
        for r in store.organizations.values { try save(r) }
        for r in store.documents.values { try save(r) }
        for r in store.tasks.values { try save(r) }
        for r in store.assignments.values { try save(r) }
        for r in store.recommendations.values { try save(r) }
    }

    /// Writes the changed records and records that the tables reflect the log up to `seq`.
    public func flush(seq: Int64) throws {
        for key in dirty.sorted() {
            let kind = key.prefix(while: { $0 != "\u{0}" })
            let id = String(key.dropFirst(kind.count + 1))
            switch kind {
            case "o": if let r = cache.organization(id) { try save(r) }
            case "d": if let r = cache.document(id) { try save(r) }
            case "t": if let r = cache.task(id) { try save(r) }
            case "a": if let r = cache.assignment(id) { try save(r) }
            default: if let r = cache.recommendation(id) { try save(r) }
            }
        }
        dirty = []
        if !maxDayLoaded, let held = try state()?.maxDay { saw(day: held) }
        maxDayLoaded = true
        try db.statement("INSERT INTO proj_state (id, version, seq, max_day) VALUES (1, ?, ?, ?) "
            + "ON CONFLICT (id) DO UPDATE SET version = excluded.version, seq = excluded.seq, max_day = excluded.max_day")
            .execute([.integer(Self.version), .integer(seq), maxDay.map { .text($0.description) } ?? .null])
    }

    // MARK: RecordStore

    public func organization(_ id: String) throws -> OrganizationRecord? {
        try cached("o", id, { cache.organization(id) }, "SELECT data FROM proj_organizations WHERE org_id = ?") { cache.put($0) }
    }
    public func put(_ r: OrganizationRecord) { cache.put(r); dirty.insert("o\u{0}\(r.orgId)"); loaded.insert("o\u{0}\(r.orgId)") }

    public func document(_ key: String) throws -> DocumentRecord? {
        try cached("d", key, { cache.document(key) }, "SELECT data FROM proj_documents WHERE doc_key = ?") { cache.put($0) }
    }
    public func put(_ r: DocumentRecord) { cache.put(r); dirty.insert("d\u{0}\(r.docKey)"); loaded.insert("d\u{0}\(r.docKey)") }

    public func task(_ id: String) throws -> TaskRecord? {
        try cached("t", id, { cache.task(id) }, "SELECT data FROM proj_tasks WHERE task_id = ?") { cache.put($0) }
    }
    public func put(_ r: TaskRecord) { cache.put(r); dirty.insert("t\u{0}\(r.taskId)"); loaded.insert("t\u{0}\(r.taskId)") }

    public func assignment(_ id: String) throws -> AssignmentRecord? {
        try cached("a", id, { cache.assignment(id) }, "SELECT data FROM proj_assignments WHERE assignment_id = ?") { cache.put($0) }
    }
    public func put(_ r: AssignmentRecord) {
        cache.put(r)
        dirty.insert("a\u{0}\(r.assignmentId)")
        loaded.insert("a\u{0}\(r.assignmentId)")
    }

    public func recommendation(_ id: String) throws -> RecommendationRecord? {
        try cached("r", id, { cache.recommendation(id) }, "SELECT data FROM proj_recommendations WHERE rec_id = ?") { cache.put($0) }
    }
    public func put(_ r: RecommendationRecord) { cache.put(r); dirty.insert("r\u{0}\(r.recId)"); loaded.insert("r\u{0}\(r.recId)") }

    // MARK: reading all

    /// Every organisation in the tables, in slug order.
    public func allOrganizations() throws -> [OrganizationRecord] { try all("SELECT data FROM proj_organizations ORDER BY org_id") }
    /// Every document, in key order.
    public func allDocuments() throws -> [DocumentRecord] { try all("SELECT data FROM proj_documents ORDER BY doc_key") }
    /// Every task, in id order.
    public func allTasks() throws -> [TaskRecord] { try all("SELECT data FROM proj_tasks ORDER BY task_id") }
    /// Every assignment, in id order.
    public func allAssignments() throws -> [AssignmentRecord] { try all("SELECT data FROM proj_assignments ORDER BY assignment_id") }
    /// Every recommendation, in id order.
    public func allRecommendations() throws -> [RecommendationRecord] { try all("SELECT data FROM proj_recommendations ORDER BY rec_id") }

    /// The tables' content as an in-memory store.
    public func memoryStore() throws -> MemoryRecordStore {
        var m = MemoryRecordStore()
        for r in try allOrganizations() { m.put(r) }
        for r in try allDocuments() { m.put(r) }
        for r in try allTasks() { m.put(r) }
        for r in try allAssignments() { m.put(r) }
        for r in try allRecommendations() { m.put(r) }
        return m
    }

    // MARK: private

    private func cached<R: Decodable>(
        _ kind: String, _ id: String, _ fromCache: () -> R?, _ sql: String, _ remember: (R) -> Void
    ) throws -> R? {
        let key = "\(kind)\u{0}\(id)"
        if loaded.contains(key) { return fromCache() }
        loaded.insert(key)
        var record: R?
        try db.forEachRow(sql, [.text(id)]) { row in record = try row.withBlob(0) { try decoder.decode(R.self, from: $0) } }
        if let record { remember(record) }
        return record
    }

    private func all<R: Decodable>(_ sql: String) throws -> [R] {
        var out: [R] = []
        try db.forEachRow(sql) { row in out.append(try row.withBlob(0) { try decoder.decode(R.self, from: $0) }) }
        return out
    }

    private func json(_ value: some Encodable) throws -> String { try encoder.encodeText(value) }

    /// `value`'s JSON as ``RecordJSON`` writes it (`written`), or the generic encoder's when that
    /// is nil (a value it would refuse: the generic encoder says why).
    private func json<R: Encodable>(_ value: R, _ written: (R) -> [UInt8]?) throws -> String {
        guard let bytes = written(value) else { return try json(value) }
        return String(decoding: bytes, as: UTF8.self)
    }

    private func save(_ r: OrganizationRecord) throws {
        try db.statement("INSERT INTO proj_organizations (org_id, name_vi, name_folded, kind, level, province, status, data) "
            + "VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (org_id) DO UPDATE SET name_vi = excluded.name_vi, name_folded = excluded.name_folded, kind = excluded.kind, level = excluded.level, province = excluded.province, status = excluded.status, data = excluded.data").execute([
                .text(r.orgId), .text(r.name.value), .text(SearchText.fold(r.name.value)), .text(r.kind.value.rawValue),
                .text(r.level.value.rawValue), .text(r.province.value), .text(r.status.value.rawValue), .text(try json(r, RecordJSON.organization)),
            ])
    }

    private func save(_ r: DocumentRecord) throws {
        try db.statement("INSERT INTO proj_documents (doc_key, is_directive, data) "
            + "VALUES (?, ?, ?) ON CONFLICT (doc_key) DO UPDATE SET is_directive = excluded.is_directive, data = excluded.data")
            .execute([.text(r.docKey), .integer(r.isDirective ? 1 : 0), .text(try json(r))])
    }

    private func save(_ r: TaskRecord) throws {
        try db.statement("INSERT INTO proj_tasks (task_id, assignee, status, due, data) "
            + "VALUES (?, ?, ?, ?, ?) ON CONFLICT (task_id) DO UPDATE SET assignee = excluded.assignee, status = excluded.status, due = excluded.due, data = excluded.data")
            .execute([.text(r.taskId), .text(r.assignee), .text(r.status.value.rawValue), r.due.map { .text($0.description) } ?? .null,
                      .text(try json(r))])
    }

    private func save(_ r: AssignmentRecord) throws {
        try db.statement("INSERT INTO proj_assignments (assignment_id, monitor, target, data) "
            + "VALUES (?, ?, ?, ?) ON CONFLICT (assignment_id) DO UPDATE SET monitor = excluded.monitor, target = excluded.target, data = excluded.data")
            .execute([.text(r.assignmentId), .text(r.monitor), .text(r.target), .text(try json(r, RecordJSON.assignment))])
    }

    private func save(_ r: RecommendationRecord) throws {
        try db.statement("INSERT INTO proj_recommendations (rec_id, from_org, to_org, is_open, data) "
            + "VALUES (?, ?, ?, ?, ?) ON CONFLICT (rec_id) DO UPDATE SET from_org = excluded.from_org, to_org = excluded.to_org, is_open = excluded.is_open, data = excluded.data")
            .execute([.text(r.recId), .text(r.fromOrg), .text(r.toOrg), .integer(r.isOpen ? 1 : 0), .text(try json(r, RecordJSON.recommendation))])
    }
}
