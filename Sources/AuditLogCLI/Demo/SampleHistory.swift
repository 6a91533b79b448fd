import AuditDomain
import EventLog
import LogFormat

/// The sample history of `tools/samples/`: the five seed documents as events, with the
/// organisations they name, the documents they cite, and a plausible history of oversight,
/// appended batch by batch, each with the clock it was recorded at.
public enum SampleHistory {
    /// One append of the sample history.
    public struct Batch: Sendable {
        /// The sample file it comes from.
        public let file: String
        /// When it is recorded (the store's clock for this append).
        public let recordedAt: String
        /// What it holds.
        public let note: String
        /// NDJSON append input.
        public let text: String
    }

    /// The batches, in append order.
    public static var batches: [Batch] { generatedBatches }
    /// The demo log's origin.
    public static var origin: String { generatedOrigin }
    /// The demo log's time zone.
    public static var timezone: String { generatedTimezone }

    /// What building the demo log did: one summary per batch.
    public struct Loaded {
        public let store: EventStore
        public let batches: [(batch: Batch, summary: AppendSummary)]
    }

    /// Creates a log at `path` (key at `keyPath`) and appends every batch at its own
    /// `recorded_at`, through the domain catalogue's checks.
    public static func build(path: String, keyPath: String) throws(EventLogError) -> Loaded {
        guard let first = batches.first, let start = Instant(rfc3339: first.recordedAt) else {
            preconditionFailure("the embedded sample history is empty or its first recorded_at is malformed")
        }
        let store = try EventStore.create(
            path: path, origin: origin, timezone: timezone, catalogue: LogMeta.domainCatalogue, keyPath: keyPath,
            clock: .fixed(start))
        let key = try EventLogError.mapping { () throws(LogFormatError) in try SignerKey.read(path: keyPath) }
        var loaded: [(Batch, AppendSummary)] = []
        for batch in batches {
            guard let instant = Instant(rfc3339: batch.recordedAt) else {
                preconditionFailure("sample \(batch.file): recorded_at \(batch.recordedAt) is not an RFC 3339 instant")
            }
            let source = try EventLogError.mapping { () throws(LogFormatError) in
                try InputSource.bytes(Array(batch.text.utf8), name: "sample \(batch.file)")
            }
            defer { source.close() }
            do {
                loaded.append((batch, try store.append(source, key: key, policy: store.meta.entryPolicy, clock: .fixed(instant))))
            } catch .invalidInput, .conflict {
                // The samples are ours, checked by the tests: a refusal is a bug, not the user's.
                preconditionFailure("sample \(batch.file) is refused")
            }
        }
        return Loaded(store: store, batches: loaded)
    }
}
