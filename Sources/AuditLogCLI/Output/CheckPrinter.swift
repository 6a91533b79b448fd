import AuditDomain
import Compliance
import EventLog
import Foundation
import LogFormat
import Wording

/// The check report for people (table, markdown), in the language of ``words``, and the JSON of
/// a requirement for scripts (json, ndjson, csv keep the codes: ``CheckStream``). The table
/// fits ``width``: its lines wrapped, its instances laid out by ``TableLayout``.
struct CheckPrinter {
    let format: CheckCommand.CheckFormat
    /// The words of the table and Markdown.
    var words = HumanText(language: .standard)
    /// The cells the table fits; nil: full width.
    var width: Int? = nil

    private var text: CheckText { CheckText(words: words) }

    /// One requirement in full: every instance, its reason, and the events it rests on.
    func explain(_ e: ComplianceExplanation) throws {
        let out = StandardOutput()
        defer { out.flush() }
        if format == .json || format == .ndjson {
            out.line(try RecordPrinter.json(e))
            return
        }
        if format == .csv {
            explainInCodes(e, to: out)
            return
        }
        let r = e.requirement, w = words, text = self.text
        let say = { (line: String) in for piece in TableLayout.paragraph(line, limit: width) { out.line(piece) } }
        say("\(r.reqRef) (\(text.template(r.template))): \(text.verdict(r.verdict))"
            + w.pick(vi: " tính đến \(w.date(e.asOf)), theo những gì đã biết đến \(w.knownAt(e.knownAt))",
                     en: " as of \(w.date(e.asOf)), known at \(w.knownAt(e.knownAt))"))
        say("  \(r.textVi)")
        say("  " + w.pick(vi: "Nguồn tham số: ", en: "parameters from: ") + text.provenance(r))
        say("  " + logLine(e.log))
        var events: [Int64: ComplianceExplanation.Event] = [:]
        for event in e.events { events[event.seq] = event }
        for i in r.instances {
            out.line("")
            say("  \(text.verdict(i.verdict))  \(i.assignee)  \(text.key(i.key))\(i.due.map { "  " + text.due($0) } ?? "")")
            say("    \(text.reason(i))")
            for seq in i.evidence {
                guard let event = events[seq] else { continue }
                let corrected = event.correctedBy.isEmpty ? ""
                    : w.pick(vi: " (theo đính chính seq ", en: " (as corrected by seq ") + event.correctedBy.map(String.init).joined(separator: ", ") + ")"
                let attested = (i.attested ?? []).contains(seq) ? w.pick(vi: ", có chữ ký xác thực", en: ", attested") : ""
                say("    seq \(seq): \(w.label(.eventType, event.type)), " + w.pick(
                    vi: "xảy ra \(w.occurred(event.occurredAt))\(corrected), ghi \(w.instant(event.recordedAt)), chủ thể \(event.subject)\(attested)",
                    en: "occurred \(w.occurred(event.occurredAt))\(corrected), recorded \(w.instant(event.recordedAt)), subject \(event.subject)\(attested)"))
            }
        }
        if !e.findings.isEmpty {
            out.line("\n  " + w.pick(vi: "Phát hiện về chất lượng dữ liệu:", en: "findings:"))
            for f in e.findings { say("    \(text.finding(f.kind)) \(f.seq.map { "seq \($0)" } ?? "") \(text.detail(f))") }
        }
    }

    /// The explanation as `--format csv` has printed it since the first release, whatever the
    /// language: the codes and ISO dates of the scripts' formats.
    private func explainInCodes(_ e: ComplianceExplanation, to out: StandardOutput) {
        let r = e.requirement
        out.line("\(r.reqRef) (\(r.template)): \(r.verdict.rawValue) as of \(e.asOf), known at \(e.knownAt)")
        out.line("  \(r.textVi)")
        out.line("  parameters from: \(Self.provenance(r))")
        out.line("  log size \(e.log.size), root \(e.log.root)")
        var events: [Int64: ComplianceExplanation.Event] = [:]
        for event in e.events { events[event.seq] = event }
        for i in r.instances {
            out.line("\n  \(i.verdict.rawValue)  \(i.assignee)  \(i.key)\(i.due.map { "  due \($0)" } ?? "")")
            out.line("    \(i.reason.description)")
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

    /// The log a report was computed on: its size and root.
    private func logLine(_ log: ComplianceReport.LogState) -> String {
        words.pick(vi: "sổ có \(words.number(log.size)) bản ghi, gốc \(log.root)", en: "log size \(words.number(log.size)), root \(log.root)")
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
        for v in CheckText.worstFirst {
            let requirements = report.requirements.filter { $0.verdict == v }
            guard !requirements.isEmpty else { continue }
            out.write(section(v, count: requirements.count))
            for r in requirements { out.write(body(r)) }
        }
        footer(report, texts: report.requirements.map { ($0.reqRef, $0.textVi) }, to: out)
    }

    /// What comes before the requirements: in Markdown, the title, the date, knowledge and log
    /// the report rests on, and the summary table of requirements per verdict.
    func header(_ report: ComplianceReport) -> String {
        let w = words, text = self.text
        switch format {
        case .markdown:
            var md = w.pick(vi: "# Báo cáo kiểm tra việc thực hiện văn bản chỉ đạo\n\n", en: "# Compliance report\n\n")
            md += w.pick(
                vi: "Tính đến **\(w.date(report.asOf))**, theo những gì đã biết đến **\(w.knownAt(report.knownAt))**. Tính trên sổ gồm "
                    + "\(w.number(report.log.size)) bản ghi, gốc `\(report.log.root)`: giữ một checkpoint có kích thước đó để kiểm chứng "
                    + "báo cáo này về sau.\n\n",
                en: "As of **\(w.date(report.asOf))**, known at **\(w.knownAt(report.knownAt))**. Computed on the log of size "
                    + "\(w.number(report.log.size)) with root `\(report.log.root)`: keep a checkpoint of that size to verify this report later.\n\n")
            md += w.pick(vi: "## Tổng hợp\n\n", en: "## Summary\n\n")
            guard !report.summary.isEmpty else { return md + noRequirements + "\n" }
            md += w.pick(vi: "| Kết quả | Số yêu cầu |\n", en: "| Verdict | Requirements |\n") + "|---|---:|\n"
            for v in CheckText.worstFirst { if let n = report.summary[v.rawValue] { md += "| \(text.verdict(v)) | \(w.number(n)) |\n" } }
            md += "| **" + w.pick(vi: "Tổng cộng", en: "Total") + "** | **\(w.number(report.summary.values.reduce(0, +)))** |\n"
            return md
        default:
            return lines(w.pick(vi: "Kiểm tra việc thực hiện tính đến \(w.date(report.asOf)), theo những gì đã biết đến \(w.knownAt(report.knownAt)); ",
                                en: "compliance as of \(w.date(report.asOf)), known at \(w.knownAt(report.knownAt)); ") + logLine(report.log))
        }
    }

    /// What opens the requirements of verdict `v` (`count` of them): in Markdown, a heading and
    /// the head of their table; nothing in a table, where each requirement names its verdict.
    func section(_ v: Verdict, count: Int) -> String {
        guard format == .markdown else { return "" }
        let w = words
        let columns = w.pick(vi: "| Yêu cầu | Loại yêu cầu | Nguồn tham số | Đơn vị được giao | Trường hợp | Kết quả | Căn cứ (seq) | Lý do |",
                             en: "| Requirement | Template | Parameters from | Assignee | Instance | Verdict | Evidence (seq) | Reason |")
        return "\n## \(text.verdict(v)) (\(w.number(count)))\n\n\(columns)\n|---|---|---|---|---|---|---|---|\n"
    }

    /// One requirement's lines: in a table, its verdict and the instances not satisfied (all
    /// when there are at most three); in Markdown, a row per instance.
    func body(_ r: ComplianceReport.RequirementResult) -> String {
        let w = words, text = self.text
        var out = ""
        switch format {
        case .markdown:
            let template = text.template(r.template), provenance = text.provenance(r)
            for i in r.instances {
                let cells = [r.reqRef, template, provenance, i.assignee, text.key(i.key), "**\(text.verdict(i.verdict))**",
                             i.evidenceText(separator: ", "), text.reason(i)]
                out += "| " + cells.map { $0.replacingOccurrences(of: "|", with: "\\|") }.joined(separator: " | ") + " |\n"
            }
        default:
            out += "\n" + lines("\(text.verdict(r.verdict).uppercased())  \(r.reqRef)  (\(text.template(r.template)))")
                + lines("  " + w.pick(vi: "Nguồn tham số: ", en: "parameters from: ") + text.provenance(r))
            let rows = r.instances.filter { $0.verdict != .satisfied || r.instances.count <= 3 }.map { i in
                [text.verdict(i.verdict), i.assignee, text.key(i.key),
                 text.reason(i) + (i.evidence.isEmpty ? "" : " [seq \(i.evidenceText(separator: ", "))]")]
            }
            // At full width, the columns the report has always had (a longer cell runs over);
            // fitted, as wide as this requirement's cells.
            let columns = [TableLayout.Column(fit: .whole), TableLayout.Column(fit: .whole), TableLayout.Column(), TableLayout.Column()]
            let layout = width == nil
                ? TableLayout(columns, widths: [14, 22, 22, 0], limit: nil, indent: "  ", gap: 1)
                : TableLayout(columns, headings: ["", "", "", ""], rows: rows, limit: width, indent: "  ")
            for row in rows { for line in layout.lines(row) { out += line + "\n" } }
            let ok = r.instances.filter { $0.verdict == .satisfied }.count
            if r.instances.count > 3, ok > 0 {
                out += "  " + w.pick(vi: "\(w.number(ok)) trường hợp đạt", en: "\(w.number(ok)) instance(s) satisfied") + "\n"
            }
        }
        return out
    }

    /// `text` as lines of the table, each with its newline: wrapped to ``width`` as a paragraph.
    private func lines(_ text: String) -> String {
        TableLayout.paragraph(text, limit: width).map { $0 + "\n" }.joined()
    }

    /// What a report without requirements says.
    private var noRequirements: String {
        words.pick(vi: "Không có yêu cầu nào (chưa biết yêu cầu nào vào thời điểm này, hoặc không yêu cầu nào khớp bộ lọc đã cho)",
                   en: "no requirements (none known at this time, or none that the filters given select)")
    }

    /// What comes after the requirements, to `out`: in Markdown, each requirement's Vietnamese
    /// text (`texts`, in log order) and the findings; in a table, the findings and the summary.
    func footer(_ report: ComplianceReport, texts: [(reqRef: String, textVi: String)], to out: StandardOutput) {
        let w = words, text = self.text
        switch format {
        case .markdown:
            if !texts.isEmpty {
                out.line(w.pick(vi: "\n## Nội dung các yêu cầu\n", en: "\n## Requirements (Vietnamese text)\n"))
                for t in texts { out.line("- `\(t.reqRef)`: \(t.textVi)") }
            }
            if !report.findings.isEmpty {
                out.line(w.pick(vi: "\n## Phát hiện về chất lượng dữ liệu\n", en: "\n## Data-quality findings\n"))
                for f in report.findings { out.line("- \(text.finding(f.kind)) \(f.reqRef ?? "") \(f.seq.map { "seq \($0)" } ?? ""): \(text.detail(f))") }
            }
        default:
            if !report.findings.isEmpty {
                out.line("")
                out.write(lines(w.pick(vi: "Phát hiện về chất lượng dữ liệu (không phải kết quả đánh giá):", en: "findings (data quality, not verdicts):")))
                let rows = report.findings.map { f in [text.finding(f.kind), f.reqRef ?? "", f.seq.map { "seq \($0)" } ?? "", text.detail(f)] }
                if width == nil {
                    for row in rows { out.line("  " + row.joined(separator: "  ")) }
                } else {
                    let columns = [TableLayout.Column(), TableLayout.Column(fit: .whole), TableLayout.Column(fit: .whole), TableLayout.Column()]
                    let layout = TableLayout(columns, headings: ["", "", "", ""], rows: rows, limit: width, indent: "  ")
                    for row in rows { for line in layout.lines(row) { out.line(line) } }
                }
            }
            out.line("")
            out.write(lines(report.summary.isEmpty ? noRequirements : w.pick(vi: "Tổng hợp: ", en: "summary: ") + text.summary(report.summary)))
        }
    }
}
