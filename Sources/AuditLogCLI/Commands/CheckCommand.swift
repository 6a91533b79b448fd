import ArgumentParser
import AuditDomain
import Compliance
import EventLog
import Foundation

struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Judge every requirement of every directive at a date, with evidence from the log.",
        discussion: """
            Replays the log: for each requirement and each instance (assignee and period, task or
            recommendation) the verdict satisfied, late, violated, pending, indeterminate or
            not_applicable, with the seqs it rests on and a reason; data-quality findings
            (late_recording, orphaned, holder_inactive) beside them. --known-at K judges with what
            was known at K ("as known at"); the default judges with everything recorded ("as
            happened"). Exit 1 if a requirement is violated or late.

            Templates evaluated: periodic_report, one_off_task, prohibition_window, coverage
            (monitoring), response_within; recurring_inspection, threshold_target and precedence
            are reported as indeterminate.

            Examples:
              auditlog --db audit.db check --as-of 2026-06-30
              auditlog --db audit.db check --as-of 2027-01-20 --known-at 2027-01-20 --format json
              auditlog --db audit.db check --directive seed-004 --verdict violated --format markdown
            """)

    @OptionGroup var global: GlobalOptions
    @OptionGroup var time: TimeOptions
    @Option(help: "Only this directive (doc_key).") var directive: String?
    @Option(help: "Only instances of this organisation.") var org: String?
    @Option(help: "Only requirements with this verdict.") var verdict: Verdict?
    @Option(help: "Output format: table, json, ndjson, csv or markdown.") var format: CheckFormat = .table

    enum CheckFormat: String, ExpressibleByArgument, CaseIterable {
        case table, json, ndjson, csv, markdown
    }

    func run() throws {
        var findings = false
        try running(json: format == .json) { () throws(EventLogError) in
            let store = try global.open(writable: false)
            let today = store.meta.today(now: try Clock.fromEnvironment().now())
            let report = try ComplianceCheck.run(
                store, asOf: try time.businessDate() ?? today, knownAt: try time.knowledge(store.meta), directive: directive, org: org,
                verdict: verdict)
            findings = report.requirements.contains { $0.verdict == .violated || $0.verdict == .late }
            try CheckPrinter(format: format).print(report)
        }
        if findings { throw ExitCode(ExitStatus.findings) }
    }
}

extension Verdict: ExpressibleByArgument {}

/// The check report for people (table, markdown) and for scripts (json, ndjson, csv).
struct CheckPrinter {
    let format: CheckCommand.CheckFormat

    func print(_ report: ComplianceReport) throws(EventLogError) {
        let out = StandardOutput()
        defer { out.flush() }
        // Violated first, then late, …; within a verdict, in log order.
        let ordered = report.requirements.enumerated().sorted { a, b in
            a.element.verdict != b.element.verdict ? a.element.verdict > b.element.verdict : a.offset < b.offset
        }.map(\.element)
        switch format {
        case .json:
            out.line(try RecordPrinter.json(report))
        case .ndjson:
            for r in report.requirements { out.line(try RecordPrinter.json(r)) }
        case .csv:
            out.line("req_ref,template,requirement_verdict,assignee,key,due,verdict,evidence,reason")
            for r in report.requirements {
                for i in r.instances {
                    out.line([r.reqRef, r.template, r.verdict.rawValue, i.assignee, i.key, i.due ?? "", i.verdict.rawValue,
                              i.evidence.map(String.init).joined(separator: " "), i.reason].map(csvField).joined(separator: ","))
                }
            }
        case .table:
            out.line("compliance as of \(report.asOf), known at \(report.knownAt); log size \(report.log.size), root \(report.log.root)")
            for r in ordered {
                out.line("\n\(r.verdict.rawValue.uppercased())  \(r.reqRef)  (\(r.template))")
                for i in r.instances where i.verdict != .satisfied || r.instances.count <= 3 {
                    out.line("  \(pad(i.verdict.rawValue, 14)) \(pad(i.assignee, 22)) \(pad(i.key, 22)) \(i.reason)"
                        + (i.evidence.isEmpty ? "" : " [seq \(i.evidence.map(String.init).joined(separator: ", "))]"))
                }
                let ok = r.instances.filter { $0.verdict == .satisfied }.count
                if r.instances.count > 3, ok > 0 { out.line("  \(ok) instance(s) satisfied") }
            }
            if !report.findings.isEmpty {
                out.line("\nfindings (data quality, not verdicts):")
                for f in report.findings { out.line("  \(f.kind)  \(f.reqRef ?? "")  \(f.seq.map { "seq \($0)" } ?? "")  \(f.detail)") }
            }
            out.line("\nsummary: " + report.summary.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", "))
        case .markdown:
            out.line("# Compliance report\n")
            out.line("As of **\(report.asOf)**, known at **\(report.knownAt)**. Computed on the log of size \(report.log.size) with root "
                + "`\(report.log.root)`: keep a checkpoint of that size to verify this report later.\n")
            out.line("| requirement | template | assignee | instance | verdict | evidence (seq) | reason |")
            out.line("|---|---|---|---|---|---|---|")
            for r in ordered {
                for i in r.instances {
                    let cells = [r.reqRef, r.template, i.assignee, i.key, "**\(i.verdict.rawValue)**",
                                 i.evidence.map(String.init).joined(separator: ", "), i.reason]
                    out.line("| " + cells.map { $0.replacingOccurrences(of: "|", with: "\\|") }.joined(separator: " | ") + " |")
                }
            }
            out.line("\nRequirements (Vietnamese text):\n")
            for r in report.requirements { out.line("- `\(r.reqRef)`: \(r.textVi)") }
            if !report.findings.isEmpty {
                out.line("\nData-quality findings:\n")
                for f in report.findings { out.line("- \(f.kind) \(f.reqRef ?? "") \(f.seq.map { "seq \($0)" } ?? ""): \(f.detail)") }
            }
        }
    }
}
