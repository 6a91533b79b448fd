import EventLog
import LogFormat

/// `verify` with the authors' signatures: the store's checks, then every entry that carries an
/// `author` judged against the key registry as it stood just before it (docs/authorship.md, "In
/// verify"). The store finds the signed entries while it checks the bytes; the registry is the
/// domain's.
public enum AuthorshipCheck {
    /// The store's verification of `store`, and, when it finds nothing wrong, the first signed
    /// entry whose signature does not count as the report's problem.
    public static func verify(
        _ store: any LogEngine, trustedKey: VerifierKey?, inspectorCheckpoints: [InspectorCheckpoint], pages: PageCheck,
        progress: (Int64) -> Void = { _ in }
    ) throws(DomainError) -> VerificationReport {
        var report = try DomainError.reading { () throws(EventLogError) in
            try store.verify(trustedKey: trustedKey, inspectorCheckpoints: inspectorCheckpoints, pages: pages, progress: progress)
        }
        guard report.ok, !report.authoredSeqs.isEmpty else { return report }
        report.problem = try firstProblem(store, authored: report.authoredSeqs)
        return report
    }

    /// The first of the entries at seqs `authored` (ascending) whose signature does not count, or nil.
    static func firstProblem(_ store: any LogEngine, authored: [Int64]) throws(DomainError) -> VerificationReport.Problem? {
        guard store.meta.catalogue == LogMeta.domainCatalogue else {
            return .init(seq: authored[0], message: "the entry is signed, but a log without the catalogue keeps no key registry")
        }
        let zone = store.meta.zoneOffsetSeconds
        return try DomainError.reading { () throws(EventLogError) in
            try store.withReadTransaction { session -> VerificationReport.Problem? in
                var registryEvents: [(seq: Int64, payload: any EventPayload)] = []
                try session.log.forEachEntry(in: 1...Int64.max, types: SignerRegistry.types) { seq, bytes in
                    let e = LoggedEvent(try Entry(seq: seq, bytes: Array(bytes)))
                    if let checked = try? EventCatalogue.read(type: e.type, payload: e.payload) { registryEvents.append((seq, checked.payload)) }
                }
                var registry = SignerRegistry()
                var next = 0
                for seq in authored {
                    while next < registryEvents.count, registryEvents[next].seq < seq {
                        registry.apply(registryEvents[next].payload, seq: registryEvents[next].seq)
                        next += 1
                    }
                    guard let entry = try session.log.entry(seq: seq) else { return .init(seq: seq, message: "the signed entry is missing") }
                    let author: AuthorSignature
                    do {
                        author = try AuthorSignature(entry.value["author"] ?? .null, line: nil)
                    } catch {
                        return .init(seq: seq, message: "author: \(error)")
                    }
                    guard let recorded = Instant(rfc3339: entry.recordedAt) else {
                        return .init(seq: seq, message: "recorded_at is malformed")
                    }
                    let day = CivilDate(of: recorded, zoneOffsetSeconds: zone)
                    if let problem = registry.problem(author, bytes: AuthorSignature.signedBytes(of: entry.value), recordedDay: day) {
                        return .init(seq: seq, message: "author signature: \(problem.message) (FORGED or altered authorship)")
                    }
                }
                return nil
            }
        }
    }
}

extension SignerRegistry {
    /// The registry of `store` as known at `knownAt` (every registry event recorded by then;
    /// all, when nil).
    public static func load(_ store: any LogEngine, knownAt: Instant?) throws(DomainError) -> SignerRegistry {
        let limit = knownAt?.description
        return try DomainError.reading { () throws(EventLogError) in
            try store.withReadTransaction { session in
                var registry = SignerRegistry()
                try session.log.forEachEntry(in: 1...Int64.max, types: types) { seq, bytes in
                    let e = LoggedEvent(try Entry(seq: seq, bytes: Array(bytes)))
                    guard limit.map({ e.recordedAt <= $0 }) ?? true,
                        let checked = try? EventCatalogue.read(type: e.type, payload: e.payload)
                    else { return }
                    registry.apply(checked.payload, seq: seq)
                }
                return registry
            }
        }
    }
}
