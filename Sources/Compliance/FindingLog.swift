import EventLog

/// The findings of one check as they are made, 24 bytes each, their strings held once: a
/// check at ten million events makes three quarters of a million (a late_recording for each
/// report of each requirement that rests on it).
struct FindingLog {
    /// One finding: its strings as symbols of the log's table.
    struct Record: Sendable, Equatable {
        let seq: Int64
        let kind: Symbol
        let reqRef: Symbol
        let detail: Symbol
        let hasSeq: Bool
    }

    private var records = BlockList<Record>()
    private var symbols = SymbolTable()

    /// Adds `finding`.
    mutating func append(_ finding: ComplianceReport.Finding) {
        records.append(Record(seq: finding.seq ?? 0, kind: symbols.intern(finding.kind), reqRef: symbols.intern(finding.reqRef),
                              detail: symbols.intern(finding.detail), hasSeq: finding.seq != nil))
    }

    /// The findings in the order appended, as they are held.
    var parts: (BlockList<Record>, SymbolTable) { (records, symbols) }

    /// The findings in a fixed order, each once (evidence shared by two instances gives one):
    /// by seq (none counts as 0), kind, req_ref (none first) and detail. Sorted in place and
    /// kept compact: each becomes a ``ComplianceReport/Finding`` only when read.
    consuming func unique() -> ComplianceReport.Findings {
        let symbols = self.symbols
        // Text is compared only on ties of seq.
        records.sort { a, b in
            if a.seq != b.seq { return a.seq < b.seq }
            if a.kind != b.kind { return symbols[a.kind] < symbols[b.kind] }
            if a.reqRef != b.reqRef { return symbols[a.reqRef] < symbols[b.reqRef] }
            if a.detail != b.detail { return symbols[a.detail] < symbols[b.detail] }
            return !a.hasSeq && b.hasSeq
        }
        var kept = 0
        for i in records.indices {
            let r = records[i]
            if kept > 0, records[kept - 1] == r { continue }
            records[kept] = r
            kept += 1
        }
        records.truncate(to: kept)
        return ComplianceReport.Findings(records: records, symbols: symbols)
    }
}
