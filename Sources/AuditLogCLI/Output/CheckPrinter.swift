import Compliance
import EventLog
import Foundation

/// The check report for people (table, markdown) and for scripts (json, ndjson, csv).
struct CheckPrinter {
    let format: CheckCommand.CheckFormat

    /// One requirement in full: every instance, its reason, and the events it rests on.
    func explain(_ e: ComplianceExplanation) throws(EventLogError) {
        let out = StandardOutput()
        defer { out.flush() }
        if format == .json || format == .ndjson {
            out.line(try RecordPrinter.json(e))
            return
        }
        let r = e.requirement
        out.line("\(r.reqRef) (\(r.template)): \(r.verdict.rawValue) as of \(e.asOf), known at \(e.knownAt)")
        out.line("  \(r.textVi)")
        out.line("  parameters from: \(try RecordPrinter.json(r.paramSource))")
        out.line("  log size \(e.log.size), root \(e.log.root)")
        var events: [Int64: ComplianceExplanation.Event] = [:]
        for event in e.events { events[event.seq] = event }
        for i in r.instances {
            out.line("\n  \(i.verdict.rawValue)  \(i.assignee)  \(i.key)\(i.due.map { "  due \($0)" } ?? "")")
            out.line("    \(i.reason)")
            for seq in i.evidence {
                guard let event = events[seq] else { continue }
                out.line("    seq \(seq): \(event.type), occurred \(event.occurredAt), recorded \(event.recordedAt), subject \(event.subject)")
            }
        }
        if !e.findings.isEmpty {
            out.line("\n  findings:")
            for f in e.findings { out.line("    \(f.kind) \(f.seq.map { "seq \($0)" } ?? "") \(f.detail)") }
        }
    }

    /// One requirement's JSON (see ``ComplianceReport/RequirementResult/json()``).
    static func json(_ r: ComplianceReport.RequirementResult) throws(EventLogError) -> [UInt8] {
        do throws(SnakeCaseJSONError) {
            return try r.json()
        } catch {
            throw .io("cannot encode the result as JSON: \(error)")
        }
    }

    /// Writes `report` as a table or Markdown, requirements ordered by verdict (the other
    /// formats are written as the requirements are judged, by ``CheckStream``).
    func print(_ report: ComplianceReport) throws(EventLogError) {
        let out = StandardOutput()
        defer { out.flush() }
        // Violated first, then late, …; within a verdict, in log order.
        let ordered = report.requirements.enumerated().sorted { a, b in
            a.element.verdict != b.element.verdict ? a.element.verdict > b.element.verdict : a.offset < b.offset
        }.map(\.element)
        switch format {
        case .json, .ndjson, .csv:
            preconditionFailure("CheckStream writes \(format) as the requirements are judged")
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
