import AuditDomain
import Compliance
import Wording

/// Organisation × requirement: each cell the worst verdict of the organisation's instances of
/// the requirement and how many there are of each verdict; rows grouped by province, columns
/// by directive.
struct ComplianceMatrix: Sendable {
    /// One cell's instances.
    struct Cell: Sendable {
        var counts = [Int](repeating: 0, count: Verdict.allCases.count)
        var total: Int { counts.reduce(0, +) }
        var worst: Verdict { Verdict.worst(Verdict.allCases.enumerated().filter { counts[$0.offset] > 0 }.map(\.element)) }
        func count(_ v: Verdict) -> Int { counts[Verdict.allCases.firstIndex(of: v)!] }
        mutating func add(_ v: Verdict) { counts[Verdict.allCases.firstIndex(of: v)!] += 1 }
    }

    /// One organisation (or group of organisations that share a duty, or `*` for a duty on no one).
    struct Row: Sendable {
        var assignee: String
        var name: String
        var province: String
        var order: Int
        var cells: [Int: Cell] = [:]
        var all = Cell()
        /// Violated and late instances: how far behind.
        var behind: Int { all.count(.violated) + all.count(.late) }
    }

    /// A directive and its requirements (indices into the report's requirements).
    struct Directive: Sendable {
        var docKey: String
        var requirements: [Int]
    }

    let rows: [Row]
    let directives: [Directive]

    init(_ requirements: [ComplianceReport.RequirementResult], records: MemoryRecordStore, language: Language) {
        var byAssignee: [String: Row] = [:]
        var directives: [Directive] = []
        for (ri, r) in requirements.enumerated() {
            let key = Self.docKey(r.reqRef)
            if directives.last?.docKey == key { directives[directives.count - 1].requirements.append(ri) } else {
                directives.append(Directive(docKey: key, requirements: [ri]))
            }
            for i in r.instances {
                if byAssignee[i.assignee] == nil {
                    byAssignee[i.assignee] = Row(assignee: i.assignee, name: Self.name(of: i.assignee, records, language),
                                                 province: Self.province(of: i.assignee, records) ?? "", order: 0)
                }
                byAssignee[i.assignee]!.cells[ri, default: Cell()].add(i.verdict)
                byAssignee[i.assignee]!.all.add(i.verdict)
            }
        }
        var rows = byAssignee.values.sorted { a, b in
            (a.assignee == "*" ? 1 : 0, a.province, a.name, a.assignee) < (b.assignee == "*" ? 1 : 0, b.province, b.name, b.assignee)
        }
        for i in rows.indices { rows[i].order = i }
        self.rows = rows
        self.directives = directives
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
