import EventLog

/// The findings of one check as they are made, 24 bytes each, their strings and details held
/// once: a check at ten million events makes three quarters of a million (a late_recording for
/// each report of each requirement that rests on it), with a few thousand distinct details.
struct FindingLog {
    /// One finding: its strings as symbols of the log's table, its detail as its place in the
    /// log's ``Details``.
    struct Record: Sendable, Equatable {
        let seq: Int64
        let kind: Symbol
        let reqRef: Symbol
        let detail: Int32
        let hasSeq: Bool
    }

    /// The distinct details of the findings, each held once with its English text (which the
    /// report's order compares).
    struct Details: Sendable {
        private var ids: [FindingDetail: Int32] = [:]
        private var values: [FindingDetail] = []
        private var texts: [String] = []

        /// The place of `detail`, added if new.
        mutating func intern(_ detail: FindingDetail) -> Int32 {
            if let id = ids[detail] { return id }
            precondition(values.count < Int(Int32.max), "finding detail table full")
            let id = Int32(values.count)
            values.append(detail)
            texts.append(detail.description)
            ids[detail] = id
            return id
        }

        /// Number of details held.
        var count: Int { values.count }

        /// The detail at `place`.
        subscript(_ place: Int32) -> FindingDetail { values[Int(place)] }

        /// The English text of the detail at `place`.
        func text(_ place: Int32) -> String { texts[Int(place)] }
    }

    private var records = BlockList<Record>()
    private var symbols = SymbolTable()
    private var details = Details()

    /// Adds `finding`.
    mutating func append(_ finding: ComplianceReport.Finding) {
        records.append(Record(seq: finding.seq ?? 0, kind: symbols.intern(finding.kind), reqRef: symbols.intern(finding.reqRef),
                              detail: details.intern(finding.what), hasSeq: finding.seq != nil))
    }

    /// Adds the findings of `other`, in its order: each of its distinct strings and details is
    /// looked up here once, not once per finding.
    mutating func append(contentsOf other: FindingLog) {
        var symbolPlaces = [Symbol?](repeating: nil, count: other.symbols.count)
        var detailPlaces = [Int32?](repeating: nil, count: other.details.count)
        func symbol(_ s: Symbol) -> Symbol {
            guard s.raw >= 0 else { return s }  // none and unknown mean the same in every table
            if let known = symbolPlaces[Int(s.raw)] { return known }
            let here = symbols.intern(other.symbols[s])
            symbolPlaces[Int(s.raw)] = here
            return here
        }
        func detail(_ place: Int32) -> Int32 {
            if let known = detailPlaces[Int(place)] { return known }
            let here = details.intern(other.details[place])
            detailPlaces[Int(place)] = here
            return here
        }
        for r in other.records {
            records.append(Record(seq: r.seq, kind: symbol(r.kind), reqRef: symbol(r.reqRef), detail: detail(r.detail), hasSeq: r.hasSeq))
        }
    }

    /// The findings in the order appended, as they are held.
    var parts: (BlockList<Record>, SymbolTable, Details) { (records, symbols, details) }

    /// The findings in a fixed order, each once (evidence shared by two instances gives one):
    /// by seq (none counts as 0), kind, req_ref (none first) and detail (its English text). Sorted
    /// in place and kept compact: each becomes a ``ComplianceReport/Finding`` only when read.
    consuming func unique() -> ComplianceReport.Findings {
        let symbols = self.symbols
        let details = self.details
        // Text is compared only on ties of seq.
        records.sort { a, b in
            if a.seq != b.seq { return a.seq < b.seq }
            if a.kind != b.kind { return symbols[a.kind] < symbols[b.kind] }
            if a.reqRef != b.reqRef { return symbols[a.reqRef] < symbols[b.reqRef] }
            if a.detail != b.detail, details.text(a.detail) != details.text(b.detail) { return details.text(a.detail) < details.text(b.detail) }
            return !a.hasSeq && b.hasSeq
        }
        // Two details with the same text are the same detail (one given as text, one not).
        func same(_ a: Record, _ b: Record) -> Bool {
            a.seq == b.seq && a.kind == b.kind && a.reqRef == b.reqRef && a.hasSeq == b.hasSeq
                && (a.detail == b.detail || details.text(a.detail) == details.text(b.detail))
        }
        var kept = 0
        for i in records.indices {
            let r = records[i]
            if kept > 0, same(records[kept - 1], r) { continue }
            records[kept] = r
            kept += 1
        }
        records.truncate(to: kept)
        return ComplianceReport.Findings(records: records, symbols: symbols, details: details)
    }
}
