import AuditDomain
import Compliance
import ArgumentParser
import EventLog
import Foundation
import LogFormat

struct DemoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Build a demo log from the seed documents and show what the tool does.",
        discussion: HelpText.paragraphs("""
            Creates a fresh log (in a new temporary directory unless --db names a path that does not
            exist yet) and appends the sample history of tools/samples: the five seed documents as
            directives with requirements, the organisations and documents they name, and years of
            reports, inspections, assignments, mergers and the 2025 reorganisation, each batch at
            the time it was recorded. Then shows what was loaded, the 2025 mergers and who holds a
            merged commission's duties, a search without diacritics, the signed checkpoint and a
            verification against the vkey, and the compliance of the seed directives on 2026-06-30:
            satisfied, late and violated requirements with their reasons. Ends with authorship, on a
            second small log beside the first (<db>-authorship.db, its key beside it): seed bodies
            sign their reports with author keys made in memory (never written), and reports forged
            in an association's name are refused (docs/authorship.md).

            Examples:
              auditlog demo
              auditlog demo --db /tmp/demo.db
            """))

    @OptionGroup var global: GlobalOptions

    func run() throws {
        try running { () throws in
            let path = try demoPath()
            try AuthorshipTour.checkFree(besideDemoLog: path)
            let loaded = try SampleHistory.build(path: path, keyPath: EventStore.defaultKeyPath(forDatabase: path))
            let store = loaded.store
            let out = StandardOutput()
            defer { out.flush() }
            out.line("== auditlog demo: \(path)")
            out.line("vkey (give this to inspectors): \(store.meta.vkey)")
            let total = loaded.batches.reduce(0) { $0 + $1.summary.appended }
            out.line("\n== loaded the sample history (tools/samples): \(total) events in \(loaded.batches.count) appends")
            for (batch, summary) in loaded.batches {
                out.line("  \(pad(batch.file, 34)) recorded \(batch.recordedAt)  \(pad(String(summary.appended), 4, right: true)) events")
            }
            let events = try EffectiveView.events(in: store, knownAt: nil)
            var byType: [String: Int] = [:]
            for e in events { byType[e.type, default: 0] += 1 }
            out.line("\n== events by type (after corrections and retractions)")
            for (type, n) in byType.sorted(by: { ($0.value, $1.key) > ($1.value, $0.key) }) {
                out.line("  \(pad(type, 28)) \(pad(String(n), 4, right: true))")
            }
            out.line("\n== mergers and dissolutions (auditlog log --type organization.merged, … dissolved)")
            out.flush()
            try EntryPrinter(format: .table).print { body throws in
                try store.forEachEntry(matching: LogFilter()) { e in
                    if e.type == "organization.merged" || e.type == "organization.dissolved" { try body(e) }
                }
            }
            let sigma = SuccessorFunction(events: events, zoneOffsetSeconds: store.zoneOffsetSeconds)
            out.line("\n== who holds an organisation's duties on 2026-06-30 (the successor function σ)")
            for org in Self.successorExamples {
                guard let date = CivilDate("2026-06-30") else { break }
                let holders = sigma.holders(of: org, on: date).sorted()
                out.line("  σ(\(org)) = \(holders.isEmpty ? "∅ (orphaned: no successor)" : holders.joined(separator: ", "))")
            }
            out.line("\n== search without diacritics (auditlog log --search \"chu thap do\" --limit 3)")
            out.flush()
            let search = SearchText("chu thap do")
            var shown = 0
            try EntryPrinter(format: .table).print { body throws in
                try store.forEachEntry(matching: LogFilter()) { e in
                    guard shown < 3, search.matches(e.value["payload"] ?? .null) else { return }
                    shown += 1
                    try body(e)
                }
            }
            out.line("\n== latest signed checkpoint (auditlog checkpoint)")
            out.write(try store.checkpointNote().note)
            let report = try store.verify(trustedKey: VerifierKey(store.meta.vkey), inspectorCheckpoints: [])
            out.line("\n== verification (auditlog verify --vkey …)")
            out.line(report.ok
                ? "OK: \(report.entries) entries, \(report.checkpoints) checkpoints, root \(Base64.encode(report.root))"
                : "TAMPERING: \(report.problem?.description ?? "")")
            out.line("\n== compliance of the seed directives on \(Self.checkDate) (auditlog check --as-of \(Self.checkDate))")
            if let date = CivilDate(Self.checkDate) {
                let report = try ComplianceCheck.run(store, asOf: date, knownAt: nil)
                for verdict in [Verdict.violated, .late, .indeterminate, .pending, .satisfied] {
                    for r in report.requirements where r.verdict == verdict {
                        let reason = r.instances.first { $0.verdict == verdict }?.reason.description ?? ""
                        out.line("  \(pad(verdict.rawValue, 14)) \(pad(r.reqRef, 34)) \(reason)")
                        // Where the rule came from, on every verdict (an interpretation, or not an official text).
                        out.line("  \(pad("", 14)) \(pad("", 34)) parameters from: \(CheckPrinter.provenance(r))")
                    }
                }
                out.line("  summary: " + report.summary.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
                    + "; \(report.findings.count) data-quality findings (late_recording, orphaned, plan_not_executed, …)")
            }
            let authorship = try AuthorshipTour.run(besideDemoLog: path, checkDate: Self.checkDate, out: out)
            out.line("\nTry: auditlog --db \(path) check --as-of \(Self.checkDate) --explain seed-004#R3.4")
            out.line("     auditlog --db \(path) orgs --search \"hoi nong dan\"")
            out.line("     auditlog --db \(authorship) signers")
        }
    }

    /// The business date of the tour's compliance check (fixed, so the tour reads the same every day).
    static let checkDate = "2026-06-30"

    /// Organisations whose successors the tour shows: the commissions merged in 2025 and district
    /// committees dissolved with and without a designated successor.
    static let successorExamples = ["ht:bdv-tu", "ht:btg-tu", "ht:bcs-ubnd", "ht:hu-can-loc", "ht:hu-huong-son"]

    /// `--db` or `$AUDITLOG_DB` if given, else `demo.db` in a new temporary directory.
    private func demoPath() throws -> String {
        if global.db != nil || ProcessInfo.processInfo.environment["AUDITLOG_DB"] != nil {
            guard !global.isPostgreSQL else {
                throw CommandError.usage("the demo builds SQLite files; put its log on PostgreSQL afterwards with `auditlog --db demo.db copy URL`")
            }
            return global.databasePath
        }
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("auditlog-demo-\(UInt32.random(in: 0...UInt32.max))")
        do {
            try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        } catch {
            throw CommandError.io("cannot create a temporary directory: \(error)")
        }
        return dir.appendingPathComponent("demo.db").path
    }
}
