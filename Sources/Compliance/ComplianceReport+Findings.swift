import EventLog

extension ComplianceReport {
    /// A report's findings, in order. Held compact (24 bytes each, their strings and details
    /// once) and made into a ``Finding`` when read: a check at ten million events has three
    /// quarters of a million, which as values would take 50 MB more at the moment memory is
    /// fullest.
    public struct Findings: RandomAccessCollection, Sendable, Encodable, ExpressibleByArrayLiteral {
        private var records: BlockList<FindingLog.Record>
        private var symbols: SymbolTable
        private var details: FindingLog.Details

        init(records: BlockList<FindingLog.Record>, symbols: SymbolTable, details: FindingLog.Details) {
            self.records = records
            self.symbols = symbols
            self.details = details
        }

        /// `findings`, in the order given.
        public init(_ findings: [Finding]) {
            var log = FindingLog()
            for f in findings { log.append(f) }
            (records, symbols, details) = log.parts
        }

        /// The findings listed, in that order.
        public init(arrayLiteral findings: Finding...) { self.init(findings) }

        public var startIndex: Int { 0 }
        public var endIndex: Int { records.count }

        public subscript(position: Int) -> Finding {
            let r = records[position]
            return Finding(kind: symbols[r.kind], reqRef: symbols.string(r.reqRef), seq: r.hasSeq ? r.seq : nil, detail: details[r.detail])
        }

        /// As a JSON array of the findings.
        public func encode(to encoder: any Encoder) throws {
            var container = encoder.unkeyedContainer()
            for f in self { try container.encode(f) }
        }
    }
}
