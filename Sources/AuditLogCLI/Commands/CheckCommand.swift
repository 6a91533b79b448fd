import ArgumentParser
import AuditDomain
import Compliance
import EventLog
import LogFormat

struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Judge every requirement of every directive at a date, with evidence from the log.",
        discussion: HelpText.paragraphs("""
            Replays the log: for each requirement and each instance (assignee and period, task or
            recommendation) the verdict satisfied, late, violated, pending, indeterminate or
            not_applicable, with the seqs it rests on and a reason; data-quality findings
            (late_recording, orphaned, holder_inactive) beside them. --known-at K judges with what
            was known at K ("as known at"); the default judges with everything recorded ("as
            happened"). Exit 1 if a requirement is violated or late.

            Templates: periodic_report, one_off_task, recurring_inspection, threshold_target,
            prohibition_window, coverage (by monitoring), response_within, precedence.

            Examples:
              auditlog --db audit.db check --as-of 2026-06-30
              auditlog --db audit.db check --as-of 2027-01-20 --known-at 2027-01-20 \\
                  --format json
              auditlog --db audit.db check --directive seed-004 --verdict violated \\
                  --format markdown
              auditlog --db audit.db check --as-of 2026-06-30 --explain seed-004#R3.4
            """))

    @OptionGroup var global: GlobalOptions
    @OptionGroup var time: TimeOptions
    @Option(help: "Only this directive (doc_key).") var directive: String?
    @Option(help: "Only instances of this organisation.") var org: String?
    @Option(help: "Only requirements with this verdict.") var verdict: Verdict?
    @Option(help: ArgumentHelp("Walk one requirement through every instance and the events it rests on.", valueName: "req_ref"))
    var explain: String?
    @Option(help: "Output format: table, json, ndjson, csv or markdown.") var format: CheckFormat = .table
    @Flag(name: .shortAndLong, help: "No progress on standard error.") var quiet = false

    enum CheckFormat: String, ExpressibleByArgument, CaseIterable {
        case table, json, ndjson, csv, markdown
    }

    func run() throws {
        var findings = false
        try running(json: format == .json) { () throws in
            let store = try global.open(writable: false)
            let words = try global.words(store.meta)
            let clock = try GlobalOptions.clock()
            let today = store.meta.today(now: clock.now())
            let asOf = try time.businessDate() ?? today
            let knownAt = try time.knowledge(store.meta)
            guard let explain else {
                // Each requirement is written (or spooled) as it is judged, not kept.
                let stream = CheckStream(format: format, words: words, width: format == .table ? global.tableWidth : nil)
                let meter = ProgressMeter("check", unit: "events", total: try store.size(), enabled: !quiet)
                let report = try ComplianceCheck.run(store, asOf: asOf, knownAt: knownAt, directive: directive, org: org, verdict: verdict,
                                                     progress: { meter.update($0) }) {
                    r throws in
                    meter.finish()
                    if r.verdict == .violated || r.verdict == .late { findings = true }
                    try stream.requirement(r)
                }
                try stream.finish(report)
                return
            }
            let report = try ComplianceCheck.run(
                store, asOf: asOf, knownAt: knownAt, directive: RequirementRef.docKey(of: explain), org: org, verdict: verdict)
            guard let e = try ComplianceExplanation.of(explain, in: report, store: store, knownAt: knownAt) else {
                throw CommandError.notFound("no requirement \(echoed(explain)) at \(report.asOf)")
            }
            findings = e.requirement.verdict == .violated || e.requirement.verdict == .late
            try CheckPrinter(format: format, words: words, width: format == .table ? global.tableWidth : nil).explain(e)
        }
        if findings { throw ExitCode(ExitStatus.findings) }
    }
}

extension Verdict: ExpressibleByArgument {}
