import AuditDomain
import Compliance
import EventLog
import Foundation
import LogFormat

/// The check report for people (table, markdown) and for scripts (json, ndjson, csv).
struct CheckPrinter {
    let format: CheckCommand.CheckFormat

    /// One requirement in full: every instance, its reason, and the events it rests on.
    func explain(_ e: ComplianceExplanation) throws {
        let out = StandardOutput()
        defer { out.flush() }
        if format == .json || format == .ndjson {
            out.line(try RecordPrinter.json(e))
            return
        }
        let r = e.requirement
        out.line("\(r.reqRef) (\(r.template)): \(r.verdict.rawValue) as of \(e.asOf), known at \(e.knownAt)")
        out.line("  \(r.textVi)")
        out.line("  parameters from: \(Self.provenance(r))")
        out.line("  log size \(e.log.size), root \(e.log.root)")
        var events: [Int64: ComplianceExplanation.Event] = [:]
        for event in e.events { events[event.seq] = event }
        for i in r.instances {
            out.line("\n  \(i.verdict.rawValue)  \(i.assignee)  \(i.key)\(i.due.map { "  due \($0)" } ?? "")")
            out.line("    \(i.reason)")
            for seq in i.evidence {
                guard let event = events[seq] else { continue }
                let corrected = event.correctedBy.isEmpty ? "" : " (as corrected by seq \(event.correctedBy.map(String.init).joined(separator: ", ")))"
                let attested = (i.attested ?? []).contains(seq) ? ", attested" : ""
                out.line("    seq \(seq): \(event.type), occurred \(event.occurredAt)\(corrected), recorded \(event.recordedAt), subject \(event.subject)\(attested)")
            }
        }
        if !e.findings.isEmpty {
            out.line("\n  findings:")
            for f in e.findings { out.line("    \(f.kind) \(f.seq.map { "seq \($0)" } ?? "") \(f.detail)") }
        }
    }

    /// Where a requirement's parameters came from, in words, and whether its source is an
    /// official document: "text", "operator default", "interpretation", or per parameter
    /// ("schedule: text; grace: operator default").
    static func provenance(_ r: ComplianceReport.RequirementResult) -> String {
        let params = parameterSources(r)
        return r.officialSource ? params : "\(params); NOT AN OFFICIAL SOURCE (\(r.sourceKind.replacingOccurrences(of: "_", with: " ")))"
    }

    /// Where a requirement's parameters came from, in words (see ``provenance(_:)``).
    static func parameterSources(_ r: ComplianceReport.RequirementResult) -> String {
        func words(_ s: Requirement.ParamSource.Source) -> String { s.rawValue.replacingOccurrences(of: "_", with: " ") }
        switch r.paramSource {
        case .all(let s): return words(s)
        case .perParameter(let m): return m.sorted { $0.key < $1.key }.map { "\($0.key): \(words($0.value))" }.joined(separator: "; ")
        }
    }

    /// One requirement's JSON (see ``ComplianceReport/RequirementResult/json()``).
    static func json(_ r: ComplianceReport.RequirementResult) throws -> [UInt8] {
        do throws(SnakeCaseJSONError) {
            return try r.json()
        } catch {
            throw CommandError.io("cannot encode the result as JSON: \(error)")
        }
    }

    /// Writes `report` as a table or Markdown to `out`, requirements ordered by verdict (the
    /// other formats are written as the requirements are judged, by ``CheckStream``, which
    /// writes these two from per-verdict spools when it can).
    func print(_ report: ComplianceReport, to out: StandardOutput) {
        precondition(format == .table || format == .markdown, "CheckStream writes \(format) as the requirements are judged")
        out.write(header(report))
        for r in Self.ordered(report.requirements) { out.write(body(r)) }
        footer(report, texts: report.requirements.map { ($0.reqRef, $0.textVi) }, to: out)
    }

    /// Violated first, then late, …; within a verdict, in log order.
    static func ordered(_ requirements: [ComplianceReport.RequirementResult]) -> [ComplianceReport.RequirementResult] {
        requirements.enumerated().sorted { a, b in
            a.element.verdict != b.element.verdict ? a.element.verdict > b.element.verdict : a.offset < b.offset
        }.map(\.element)
    }

    /// What comes before the requirements.
    func header(_ report: ComplianceReport) -> String {
        switch format {
        case .markdown:
            return "# Compliance report\n\n"
                + "As of **\(report.asOf)**, known at **\(report.knownAt)**. Computed on the log of size \(report.log.size) with root "
                + "`\(report.log.root)`: keep a checkpoint of that size to verify this report later.\n\n"
                + "| requirement | template | parameters from | assignee | instance | verdict | evidence (seq) | reason |\n"
                + "|---|---|---|---|---|---|---|---|\n"
        default:
            return "compliance as of \(report.asOf), known at \(report.knownAt); log size \(report.log.size), root \(report.log.root)\n"
        }
    }

    /// One requirement's lines: in a table, its verdict and the instances not satisfied (all
    /// when there are at most three); in Markdown, a row per instance.
    func body(_ r: ComplianceReport.RequirementResult) -> String {
        var text = ""
        switch format {
        case .markdown:
            for i in r.instances {
                let cells = [r.reqRef, r.template, Self.provenance(r), i.assignee, i.key, "**\(i.verdict.rawValue)**",
                             i.evidenceText(separator: ", "), i.reason.description]
                text += "| " + cells.map { $0.replacingOccurrences(of: "|", with: "\\|") }.joined(separator: " | ") + " |\n"
            }
        default:
            text += "\n\(r.verdict.rawValue.uppercased())  \(r.reqRef)  (\(r.template))\n  parameters from: \(Self.provenance(r))\n"
            for i in r.instances where i.verdict != .satisfied || r.instances.count <= 3 {
                text += "  \(pad(i.verdict.rawValue, 14)) \(pad(i.assignee, 22)) \(pad(i.key, 22)) \(i.reason)"
                    + (i.evidence.isEmpty ? "" : " [seq \(i.evidenceText(separator: ", "))]") + "\n"
            }
            let ok = r.instances.filter { $0.verdict == .satisfied }.count
            if r.instances.count > 3, ok > 0 { text += "  \(ok) instance(s) satisfied\n" }
        }
        return text
    }

    /// What comes after the requirements, to `out`: in Markdown, each requirement's Vietnamese
    /// text (`texts`, in log order) and the findings; in a table, the findings and the summary.
    func footer(_ report: ComplianceReport, texts: [(reqRef: String, textVi: String)], to out: StandardOutput) {
        switch format {
        case .markdown:
            out.line("\nRequirements (Vietnamese text):\n")
            for t in texts { out.line("- `\(t.reqRef)`: \(t.textVi)") }
            if !report.findings.isEmpty {
                out.line("\nData-quality findings:\n")
                for f in report.findings { out.line("- \(f.kind) \(f.reqRef ?? "") \(f.seq.map { "seq \($0)" } ?? ""): \(f.detail)") }
            }
        default:
            if !report.findings.isEmpty {
                out.line("\nfindings (data quality, not verdicts):")
                for f in report.findings { out.line("  \(f.kind)  \(f.reqRef ?? "")  \(f.seq.map { "seq \($0)" } ?? "")  \(f.detail)") }
            }
            out.line(report.summary.isEmpty ? "\nno requirements (none known at this time, or none that the filters given select)"
                : "\nsummary: " + report.summary.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", "))
        }
    }
}
