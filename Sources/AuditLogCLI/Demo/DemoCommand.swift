import AuditDomain
import ArgumentParser
import EventLog
import Foundation

struct DemoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Build a small demo log and show what the tool does.",
        discussion: """
            Creates a fresh log (in a new temporary directory unless --db names a path that does not
            exist yet), appends three batches of oversight events, and shows the entries, the signed
            checkpoint, a receipt for one event, and a verification against the vkey.

            Examples:
              auditlog demo
              auditlog demo --db /tmp/demo.db
            """)

    @OptionGroup var global: GlobalOptions

    func run() throws {
        try running { () throws(EventLogError) in
            let path: String
            if global.db != nil || ProcessInfo.processInfo.environment["AUDITLOG_DB"] != nil {
                path = global.databasePath
            } else {
                let dir = FileManager.default.temporaryDirectory.appendingPathComponent("auditlog-demo-\(UInt32.random(in: 0...UInt32.max))")
                do {
                    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
                } catch {
                    throw .io("cannot create a temporary directory: \(error)")
                }
                path = dir.appendingPathComponent("demo.db").path
            }
            var clock = try Clock.fromEnvironment()
            if ProcessInfo.processInfo.environment[Clock.environmentVariable] == nil,
                let fixed = Instant(rfc3339: DemoEvents.now)
            {
                clock = .fixed(fixed)
            }
            let keyPath = EventStore.defaultKeyPath(forDatabase: path)
            let store = try EventStore.create(path: path, origin: "demo.auditlog.example/log", keyPath: keyPath, clock: clock)
            let key = try SignerKey.read(path: keyPath)
            let out = StandardOutput()
            defer { out.flush() }
            out.line("== auditlog demo: \(path)")
            out.line("vkey (give this to inspectors): \(store.meta.vkey)")
            for (i, batch) in [DemoEvents.first, DemoEvents.second, DemoEvents.third].enumerated() {
                let summary = try store.append(try Self.source(batch), key: key, policy: DomainPolicy(), clock: clock)
                out.line("batch \(i + 1): appended \(summary.appended), duplicates \(summary.duplicates.count); "
                    + "checkpoint at size \(summary.firstSeq + Int64(summary.appended) - 1)")
            }
            out.line("\n== the log (auditlog log)")
            out.flush()
            try EntryPrinter(format: .table).print { body throws(EventLogError) in
                try store.forEachEntry(matching: LogFilter(), body)
            }
            out.line("\n== latest signed checkpoint (auditlog checkpoint)")
            let latest = try store.checkpointNote()
            out.write(latest.note)
            out.line("\n== receipt for seq 7 (auditlog prove 7)")
            out.write(try store.inclusionReceipt(seq: 7).text)
            let report = try store.verify(trustedKey: VerifierKey(store.meta.vkey), inspectorCheckpoints: [])
            out.line("\n== verification (auditlog verify --vkey …)")
            out.line(report.ok
                ? "OK: \(report.entries) entries, \(report.checkpoints) checkpoints, root \(Base64.encode(report.root))"
                : "TAMPERING: \(report.problem?.description ?? "")")
            out.line("\nTry: auditlog --db \(path) log --format ndjson | head -3")
        }
    }

    /// The demo batch as an input source read from a pipe.
    private static func source(_ text: String) throws(EventLogError) -> InputSource {
        var fds: [Int32] = [0, 0]
        guard pipe(&fds) == 0 else { throw .io("cannot create a pipe") }
        let bytes = Array(text.utf8)
        let written = bytes.withUnsafeBytes { write(fds[1], $0.baseAddress, $0.count) }
        close(fds[1])
        guard written == bytes.count else { throw .io("cannot write the demo batch") }
        return InputSource.descriptor(fds[0], name: "demo batch")
    }
}
