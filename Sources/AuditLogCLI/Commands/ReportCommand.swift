import ArgumentParser
import AuditDomain
import EventLog
import InspectionReport
import LogFormat
import Wording

struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Write the inspection report: one self-contained HTML file (or a PDF), in the log's language.",
        discussion: HelpText.paragraphs("""
            The compliance check at T (--as-of) with the knowledge of K (--known-at), written for the
            people who act on it: the log and the checkpoint it rests on (its signature checked with
            --vkey), a summary, the compliance matrix (organisation × requirement), a timeline per
            organisation, each finding with its condition, criteria and evidence, the data-quality
            findings apart, and an RFC 9162 inclusion proof of every piece of evidence cited. One HTML
            file with its CSS and SVG inline: no script, nothing fetched; the same log, T, K and
            options give the same bytes on the same day ($AUDITLOG_NOW fixes the day it says it was
            made). A large log is shown a page of organisations at a time (--page); the summary
            always covers the whole selection. --pdf prints it with headless Chromium (A4, page
            numbers). Exit 0 when the report is written, whatever it finds.

            Examples:
              auditlog --db audit.db report --as-of 2026-06-30 --vkey "$(cat vkey.txt)" \\
                  -o report.html
              auditlog --db audit.db report --as-of 2026-06-30 --pdf report.pdf
              auditlog --db audit.db report --directive seed-004 --province ha-tinh \\
                  --lang en -o r.html
              auditlog --db audit.db report --page 2 -o page-2.html
            """))

    @OptionGroup var global: GlobalOptions
    @OptionGroup var time: TimeOptions
    @Option(help: "Only this directive (doc_key).") var directive: String?
    @Option(help: "Only this organisation's obligations (slug).") var org: String?
    @Option(help: "Only organisations of this province (its slug, e.g. ha-tinh).") var province: String?
    @Option(help: "The page of organisations to show, from 1.") var page: Int = 1
    @Option(help: ArgumentHelp("The verifier key you trust: the checkpoint's signature is checked with it.", valueName: "vkey"))
    var vkey: String?
    @Option(name: [.short, .customLong("output")], help: ArgumentHelp("Write the HTML to this file (default: standard output).", valueName: "file"))
    var output: String?
    @Option(help: ArgumentHelp("Also print the report to this PDF file with headless Chromium.", valueName: "file")) var pdf: String?
    @Flag(name: .shortAndLong, help: "No progress on standard error.") var quiet = false

    func run() throws {
        try running(json: false) { () throws in
            if page < 1 { throw CommandError.usage("--page must be 1 or more") }
            if let vkey, VerifierKey(vkey) == nil { throw CommandError.usage("--vkey is not an Ed25519 verifier key (name+id+key)") }
            let store = try global.open(writable: false)
            var request = try Self.request(store, time, language: try global.language(store.meta), vkey: vkey)
            request.directive = directive
            request.org = org
            request.province = province
            request.page = page
            let meter = ProgressMeter("report", unit: "events", total: try store.size(), enabled: !quiet)
            defer { meter.finish() }
            let html = try InspectionReport.build(store, request) { meter.update($0) }.html()
            meter.finish()
            // With --pdf alone, the PDF is the output: the HTML goes to standard output only when asked.
            if output != nil || pdf == nil { try DocumentFile.write(html, to: output) }
            if let pdf {
                if !quiet { Terminal.progress("printing \(pdf)…") }
                defer { Terminal.endProgress() }
                try PDFPrinter.print(html: html, to: pdf)
            }
        }
    }

    /// The request for a report or a dossier of `store` at the dates `time` gives, in `language`,
    /// its checkpoint checked with `vkey` when given.
    static func request(_ store: any LogEngine, _ time: TimeOptions, language: Language, vkey: String?) throws -> ReportRequest {
        let today = store.meta.today(now: try GlobalOptions.clock().now())
        var request = ReportRequest(asOf: try time.businessDate() ?? today, knownAt: try time.knowledge(store.meta),
                                    generator: "auditlog \(AuditLogCommand.configuration.version)", madeOn: today.description)
        request.language = language
        request.trustedKey = vkey.flatMap(VerifierKey.init)
        return request
    }
}
