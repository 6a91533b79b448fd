import AuditDomain
import Compliance
import Wording

/// Organisation × requirement: each cell the worst verdict of the organisation's instances of
/// the requirement and how many there are of each verdict; rows grouped by province, columns
/// by directive.
struct ComplianceMatrix: Sendable {
    /// One cell's instances: a count per verdict, kept inline (a report of a large log has a
    /// cell for every organisation and each of its requirements).
    struct Cell: Sendable {
        private var counts = SIMD8<Int32>()
        var total: Int { Int(counts.wrappedSum()) }
        var worst: Verdict { Verdict.worst(Verdict.allCases.filter { count($0) > 0 }) }
        func count(_ v: Verdict) -> Int { Int(counts[Self.slot(v)]) }
        mutating func add(_ v: Verdict) { counts[Self.slot(v)] += 1 }
        private static func slot(_ v: Verdict) -> Int { Verdict.allCases.firstIndex(of: v)! }
    }

    /// One organisation (or group of organisations that share a duty, or `*` for a duty on no one).
    struct Row: Sendable {
        /// Where a row stands: the general duties last, then by province, name and assignee.
        struct Key: Sendable, Comparable {
            var general: Bool
            var province: String
            var name: String
            var assignee: String

            static func < (a: Key, b: Key) -> Bool {
                (a.general ? 1 : 0, a.province, a.name, a.assignee) < (b.general ? 1 : 0, b.province, b.name, b.assignee)
            }
        }

        var assignee: String
        var name: String
        var province: String
        var order: Int
        /// Per requirement (index), the row's instances: counted only for the rows of the page
        /// shown (``page(_:instances:)``).
        var cells: [Int: Cell] = [:]
        /// All the row's instances.
        var all = Cell()
        /// Violated and late instances: how far behind.
        var behind: Int { all.count(.violated) + all.count(.late) }
        var key: Key { Key(general: assignee == "*", province: province, name: name, assignee: assignee) }
    }

    /// A directive and its requirements (indices into the report's requirements).
    struct Directive: Sendable {
        var docKey: String
        var requirements: [Int]
    }

    /// The matrix counted one requirement at a time, as the check hands them over: nothing of
    /// an instance is kept but its verdict in its row's count (the cells of a page are counted
    /// from its instances, ``page(_:instances:)``).
    struct Builder {
        let language: Language
        private var byAssignee: [String: Row] = [:]
        private var directives: [Directive] = []

        init(language: Language) { self.language = language }

        /// Counts requirement `ri` (the next in the report's order) and its instances. Returns
        /// the rows seen for the first time, with their names and provinces in `records`.
        mutating func add(_ r: ComplianceReport.RequirementResult, at ri: Int, records: MemoryRecordStore) -> [Row] {
            var new: [Row] = []
            let key = ComplianceMatrix.docKey(r.reqRef)
            if directives.last?.docKey == key { directives[directives.count - 1].requirements.append(ri) } else {
                directives.append(Directive(docKey: key, requirements: [ri]))
            }
            for i in r.instances {
                if byAssignee[i.assignee] == nil {
                    let row = Row(assignee: i.assignee, name: ComplianceMatrix.name(of: i.assignee, records, language),
                                  province: ComplianceMatrix.province(of: i.assignee, records) ?? "", order: 0)
                    byAssignee[i.assignee] = row
                    new.append(row)
                }
                byAssignee[i.assignee]!.all.add(i.verdict)
            }
            return new
        }

        /// The matrix of everything added, its rows in order.
        func matrix() -> ComplianceMatrix {
            var rows = byAssignee.values.sorted { $0.key < $1.key }
            for i in rows.indices { rows[i].order = i }
            return ComplianceMatrix(rows: rows, directives: directives)
        }
    }

    let rows: [Row]
    let directives: [Directive]

    /// The rows of page `page` (from 1, of `ReportLimits.organizationsPerPage`), their cells
    /// counted from `instances`: per requirement, the instances of the page's organisations.
    func page(_ page: Int, instances: [[ComplianceReport.Instance]]) -> [Row] {
        let per = ReportLimits.organizationsPerPage
        var rows = Array(self.rows.dropFirst((page - 1) * per).prefix(per))
        var position: [String: Int] = [:]
        for (n, row) in rows.enumerated() { position[row.assignee] = n }
        for (ri, list) in instances.enumerated() {
            for i in list { if let n = position[i.assignee] { rows[n].cells[ri, default: Cell()].add(i.verdict) } }
        }
        return rows
    }

    /// The doc_key of a requirement reference (`seed-004#R3.4` → `seed-004`).
    static func docKey(_ reqRef: String) -> String {
        reqRef.firstIndex(of: "#").map { String(reqRef[..<$0]) } ?? reqRef
    }

    /// The name at T of each organisation of an assignee (several share a duty, joined by +).
    static func name(of assignee: String, _ records: MemoryRecordStore, _ language: Language) -> String {
        if assignee == "*" { return language.pick(vi: "Chung (không gắn với tổ chức)", en: "General (no one organisation)") }
        return assignee.split(separator: " ").map { id in records.organization(String(id))?.name.value ?? String(id) }.joined(separator: " + ")
    }

    /// The province of an assignee's first organisation, as the log writes it.
    static func province(of assignee: String, _ records: MemoryRecordStore) -> String? {
        guard let first = assignee.split(separator: " ").first else { return nil }
        return records.organization(String(first))?.province.value
    }
}
