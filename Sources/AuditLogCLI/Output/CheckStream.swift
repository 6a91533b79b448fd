import Compliance
import EventLog

/// Writes a check report whose requirements arrive one at a time, as they are judged
/// (`ComplianceCheck.run(…each:)`): NDJSON and CSV write each at once; JSON spools them to a
/// temporary file, as they follow the findings, which are complete only at the end (and keeps
/// them in memory when no temporary file can be made: a read-only command should not fail for
/// want of `/tmp`). Table and markdown, which list requirements by verdict, spool each
/// requirement's lines to a temporary file per verdict and copy them out in verdict order (or
/// keep the requirements for ``CheckPrinter`` when no temporary file can be made): a report of
/// two million instances is not held. JSON has the bytes of the whole report encoded at once
/// (sorted keys).
final class CheckStream {
    private let format: CheckCommand.CheckFormat
    /// Table and markdown: how they are written.
    private let printer: CheckPrinter
    private let out: StandardOutput
    private let spool: Spool?
    /// Table and markdown: the lines of the requirements of each verdict, in log order.
    private let byVerdict: [Verdict: Spool]?
    /// Markdown: each requirement's text, in log order (its footer lists them).
    private var texts: [(reqRef: String, textVi: String)] = []
    private var kept: [ComplianceReport.RequirementResult] = []
    private var count = 0

    /// A stream in `format` to `out`, its table or Markdown in the language of `words`, its
    /// table fitted to `width` cells (nil: full width).
    init(format: CheckCommand.CheckFormat, words: HumanText, width: Int? = nil, out: StandardOutput = StandardOutput()) {
        self.format = format
        printer = CheckPrinter(format: format, words: words, width: width)
        self.out = out
        spool = format == .json ? try? Spool() : nil
        var spools: [Verdict: Spool]? = nil
        if format == .table || format == .markdown {
            spools = [:]
            for v in Verdict.allCases {
                guard let s = try? Spool() else {
                    spools = nil
                    break
                }
                spools?[v] = s
            }
        }
        byVerdict = spools
    }

    /// The CSV header, written with the first requirement (or at the end): a check that fails
    /// before judging anything writes nothing.
    private func csvHeader() {
        if format == .csv, count == 0 { out.line("req_ref,template,requirement_verdict,param_source,source_kind,official_source,assignee,key,due,verdict,evidence,reason") }
    }

    /// Takes the next requirement.
    func requirement(_ r: ComplianceReport.RequirementResult) throws {
        defer { count += 1 }
        switch format {
        case .json:
            guard let spool else {
                kept.append(r)
                return
            }
            if count > 0 { try spool.write([UInt8(ascii: ",")]) }
            try spool.write(try CheckPrinter.json(r))
        case .ndjson:
            out.write(bytes: try CheckPrinter.json(r))
            out.write("\n")
        case .csv:
            csvHeader()
            let provenance = CheckPrinter.parameterSources(r)
            for i in r.instances {
                out.line([r.reqRef, r.template, r.verdict.rawValue, provenance, r.sourceKind, r.officialSource ? "true" : "false", i.assignee, i.key, i.due ?? "", i.verdict.rawValue,
                          i.evidenceText(separator: " "), i.reason.description].map(csvField).joined(separator: ","))
            }
        case .table, .markdown:
            guard let spool = byVerdict?[r.verdict] else {
                kept.append(r)
                return
            }
            try spool.write(Array(printer.body(r).utf8))
            if format == .markdown { texts.append((r.reqRef, r.textVi)) }
        }
    }

    /// Ends the output with what `report` holds besides its requirements.
    func finish(_ report: ComplianceReport) throws {
        defer { out.flush() }
        switch format {
        case .json:
            // In the sorted key order JSONEncoder would use; the bytes are the same as encoding
            // the whole report.
            out.write("{\"as_of\":\(try RecordPrinter.json(report.asOf)),\"findings\":[")
            for (i, f) in report.findings.enumerated() {
                if i > 0 { out.write(",") }
                out.write(bytes: f.json())
            }
            out.write("],\"known_at\":\(try RecordPrinter.json(report.knownAt)),\"log\":\(try RecordPrinter.json(report.log)),\"requirements\":[")
            if let spool {
                try spool.copy(to: out)
            } else {
                for (i, r) in kept.enumerated() {
                    if i > 0 { out.write(",") }
                    out.write(bytes: try CheckPrinter.json(r))
                }
            }
            out.line("],\"summary\":\(try RecordPrinter.json(report.summary))}")
        case .csv:
            csvHeader()
        case .ndjson:
            break
        case .table, .markdown:
            guard let byVerdict else {
                var whole = report
                whole.requirements = kept
                printer.print(whole, to: out)
                return
            }
            out.write(printer.header(report))
            for v in CheckText.worstFirst {
                guard let count = report.summary[v.rawValue], let spool = byVerdict[v] else { continue }
                out.write(printer.section(v, count: count))
                try spool.copy(to: out)
            }
            printer.footer(report, texts: texts, to: out)
        }
    }
}
