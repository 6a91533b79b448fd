import SQLiteDatabase

/// Writes an export in the SQLite format of OCEL 2.0 into a new, empty database file: the
/// tables `event_map_type`, `object_map_type`, `event`, `object`, `event_object`,
/// `object_object`, and one `event_<map>` per event type and `object_<map>` per object type
/// (``OCELType/tableSuffix``), each with its primary key and foreign keys declared (the
/// relational schema of the standard, which pm4py's `ocel20_rel_validation` checks). An
/// object's table holds its initial values in a row whose `ocel_changed_field` is NULL (at
/// 1970-01-01T00:00:00Z), then a row per change naming the attribute changed. Everything is
/// written in one transaction, in the order the export gives it, so the same view gives the
/// same file.
public final class OCELSQLiteWriter: OCELSink {
    private var connection: Connection?
    private let path: String
    private var eventTypes: [String: OCELType] = [:]
    private var objectTypes: [String: OCELType] = [:]
    /// The INSERT statement of each table (an event table's, or an object table's with `ocel_changed_field`).
    private var inserts: [String: String] = [:]

    /// A writer into the empty file at `path`.
    public init(path: String) throws(OCELExportError) {
        self.path = path
        do {
            let db = try Connection(path: path, mode: .readWrite, busyTimeoutMilliseconds: 0)
            // A new file nobody else reads: no journal (a failed export's file is removed), no sync
            // until the caller's fsync of the whole file.
            try db.execute("PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF; PRAGMA foreign_keys = OFF")
            connection = db
        } catch {
            throw Self.failure(error, path)
        }
    }

    private var db: Connection {
        guard let connection else { preconditionFailure("the writer is closed") }
        return connection
    }

    public func begin(eventTypes: [OCELType], objectTypes: [OCELType]) throws {
        for t in eventTypes { self.eventTypes[t.name] = t }
        for t in objectTypes { self.objectTypes[t.name] = t }
        try sqlite {
            try db.execute("BEGIN")
            try db.execute("""
                CREATE TABLE "event_map_type" ("ocel_type" TEXT NOT NULL PRIMARY KEY, "ocel_type_map" TEXT NOT NULL UNIQUE);
                CREATE TABLE "object_map_type" ("ocel_type" TEXT NOT NULL PRIMARY KEY, "ocel_type_map" TEXT NOT NULL UNIQUE);
                CREATE TABLE "event" (
                  "ocel_id" TEXT NOT NULL PRIMARY KEY,
                  "ocel_type" TEXT NOT NULL REFERENCES "event_map_type" ("ocel_type"));
                CREATE TABLE "object" (
                  "ocel_id" TEXT NOT NULL PRIMARY KEY,
                  "ocel_type" TEXT NOT NULL REFERENCES "object_map_type" ("ocel_type"));
                CREATE TABLE "event_object" (
                  "ocel_event_id" TEXT NOT NULL REFERENCES "event" ("ocel_id"),
                  "ocel_object_id" TEXT NOT NULL REFERENCES "object" ("ocel_id"),
                  "ocel_qualifier" TEXT NOT NULL,
                  PRIMARY KEY ("ocel_event_id", "ocel_object_id", "ocel_qualifier"));
                CREATE TABLE "object_object" (
                  "ocel_source_id" TEXT NOT NULL REFERENCES "object" ("ocel_id"),
                  "ocel_target_id" TEXT NOT NULL REFERENCES "object" ("ocel_id"),
                  "ocel_qualifier" TEXT NOT NULL,
                  PRIMARY KEY ("ocel_source_id", "ocel_target_id", "ocel_qualifier"));
                """)
            for t in eventTypes {
                try db.statement(#"INSERT INTO "event_map_type" VALUES (?, ?)"#).execute([.text(t.name), .text(t.tableSuffix)])
                try db.execute("""
                    CREATE TABLE \(Self.quoted("event_" + t.tableSuffix)) (
                      "ocel_id" TEXT NOT NULL PRIMARY KEY REFERENCES "event" ("ocel_id"),
                      "ocel_time" TIMESTAMP NOT NULL\(Self.columns(t)));
                    """)
            }
            for t in objectTypes {
                try db.statement(#"INSERT INTO "object_map_type" VALUES (?, ?)"#).execute([.text(t.name), .text(t.tableSuffix)])
                try db.execute("""
                    CREATE TABLE \(Self.quoted("object_" + t.tableSuffix)) (
                      "ocel_id" TEXT NOT NULL REFERENCES "object" ("ocel_id"),
                      "ocel_time" TIMESTAMP NOT NULL,
                      "ocel_changed_field" TEXT\(Self.columns(t)));
                    """)
            }
        }
    }

    public func write(_ event: OCELEvent) throws {
        guard let type = eventTypes[event.type] else { preconditionFailure("event type \(event.type) was not declared") }
        try sqlite {
            try db.statement(#"INSERT INTO "event" VALUES (?, ?)"#).execute([.text(event.id), .text(event.type)])
            let values = Dictionary(event.attributes.map { ($0.name, $0.value) }, uniquingKeysWith: { a, _ in a })
            try insert(into: "event_" + type.tableSuffix, type, [.text(event.id), .text(event.time.description)]) { values[$0] }
            for r in event.relationships {
                try db.statement(#"INSERT INTO "event_object" VALUES (?, ?, ?)"#).execute([.text(event.id), .text(r.objectID), .text(r.qualifier)])
            }
        }
    }

    public func write(_ object: OCELObject) throws {
        guard let type = objectTypes[object.type] else { preconditionFailure("object type \(object.type) was not declared") }
        try sqlite {
            try db.statement(#"INSERT INTO "object" VALUES (?, ?)"#).execute([.text(object.id), .text(object.type)])
            let table = "object_" + type.tableSuffix
            var initial: [String: OCELValue] = [:]
            for v in object.attributes where v.time == nil { initial[v.name] = v.value }
            try insert(into: table, type, [.text(object.id), .text(OCELTime.initial.description), .null]) { initial[$0] }
            for v in object.attributes {
                guard let time = v.time else { continue }
                try insert(into: table, type, [.text(object.id), .text(time.description), .text(v.name)]) { $0 == v.name ? v.value : nil }
            }
            for r in object.relationships {
                try db.statement(#"INSERT INTO "object_object" VALUES (?, ?, ?)"#).execute([.text(object.id), .text(r.objectID), .text(r.qualifier)])
            }
        }
    }

    public func finish() throws {
        try sqlite {
            try db.execute("COMMIT")
            var broken: [String] = []
            try db.forEachRow("PRAGMA foreign_key_check") { row in broken.append(row.text(0)) }
            guard broken.isEmpty else {
                throw OCELExportError.io("the export broke its own foreign keys in \(Set(broken).sorted().joined(separator: ", ")) (a bug)")
            }
        }
        close()
    }

    /// Closes the database (the export's file is then complete).
    public func close() { connection = nil }

    /// Inserts a row of `type` into `table`: `leading` (the `ocel_` columns), then each declared
    /// attribute's value from `value` (NULL when nil).
    private func insert(into table: String, _ type: OCELType, _ leading: [Statement.Value], _ value: (String) -> OCELValue?) throws {
        let sql = inserts[table] ?? {
            let names = ["ocel_id", "ocel_time"] + (leading.count == 3 ? ["ocel_changed_field"] : []) + type.attributes.map(\.name)
            return "INSERT INTO \(Self.quoted(table)) (\(names.map(Self.quoted).joined(separator: ", "))) VALUES ("
                + Array(repeating: "?", count: names.count).joined(separator: ", ") + ")"
        }()
        inserts[table] = sql
        try db.statement(sql).execute(leading + type.attributes.map { value($0.name).map(Self.bound) ?? .null })
    }

    /// The attribute columns of `type`, each after a comma.
    private static func columns(_ type: OCELType) -> String {
        type.attributes.map { ",\n  \(quoted($0.name)) \($0.type.sqlType)" }.joined()
    }

    private static func bound(_ value: OCELValue) -> Statement.Value {
        switch value {
        case .string(let s), .time(let s): .text(s)
        case .integer(let n): .integer(n)
        case .boolean(let b): .integer(b ? 1 : 0)
        }
    }

    static func quoted(_ name: String) -> String {
        "\"" + name.split(separator: "\"", omittingEmptySubsequences: false).joined(separator: "\"\"") + "\""
    }

    /// Runs `body`, reporting an SQLite failure as one of the output file.
    private func sqlite(_ body: () throws -> Void) throws {
        do { try body() } catch { throw Self.failure(error, path) }
    }

    private static func failure(_ error: any Error, _ path: String) -> OCELExportError {
        if let e = error as? OCELExportError { return e }
        return .io("cannot write \(path): \(error)")
    }
}
