import AuditDomain
import ArgumentParser
import EventLog
import LogFormat

struct AppendCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "append",
        abstract: "Append events from NDJSON or a JSON array, atomically: all or nothing.",
        discussion: HelpText.paragraphs("""
            Each input line is {"type", "occurred_at", "actor", "payload", "event_id"?, "subject"?,
            "expected_version"?, "meta"?}. The whole input is one transaction with one signed
            checkpoint. A bad line appends nothing and is reported as `line N: field: what is wrong`
            (exit 65). A retried line with a known event_id and the same content is reported as
            `duplicate` with its existing seq; other content under that id exits 3, as does an
            expected_version that is not the subject's current event count.
            recorded_at is set by the store (the clock, or $AUDITLOG_NOW). With --receipts DIR, each
            event of a signed line (one with an `author`, docs/authorship.md) gets its receipt in
            DIR/<event_id>.tlog-proof: what `prove` prints for it against this append's checkpoint.

            Examples:
              auditlog --db audit.db append --dry-run events.ndjson
              auditlog --db audit.db append events.ndjson
              auditlog --db audit.db append --receipts receipts events.ndjson
              echo '{"type":"organization.registered","occurred_at":"2010-01-01",' \\
                  '"actor":"clerk:so-noi-vu","payload":{"org_id":"hoi-phu-nu",' \\
                  '"name_vi":"Hội Liên hiệp Phụ nữ tỉnh","kind":"ctxh",' \\
                  '"level":"province","province":"ha-tinh"}}' \\
                  | auditlog --db audit.db append -
            """))

    @OptionGroup var global: GlobalOptions

    @Argument(help: ArgumentHelp("NDJSON or JSON array file, or - for standard input.", valueName: "file"))
    var file: String = "-"

    @Flag(help: "Check everything, then roll back: nothing is written.")
    var dryRun = false

    // AppendOptions' three options, declared here rather than as an option group (see there).
    @Flag(name: .shortAndLong, help: AppendOptions.Help.quiet)
    var quiet = false

    @Option(help: AppendOptions.Help.keyFile)
    var keyFile: String?

    @Option(help: AppendOptions.Help.format)
    var format: OutputFormat = .table

    @Option(help: ArgumentHelp("Write the receipt of every signed line's event into this directory.", valueName: "dir"))
    var receipts: String?

    func validate() throws {
        if format == .csv { throw ValidationError("append prints table, json or ndjson") }
        if dryRun, receipts != nil { throw ValidationError("--receipts needs a committed append; --dry-run commits nothing") }
    }

    func run() throws {
        try running(json: format == .json) { () throws in
            let clock = try GlobalOptions.clock()
            // The key first: without it nothing may be written, so nothing else needs opening.
            let key = dryRun
                ? nil : try SignerKey.read(path: global.keyPath(keyFile))
            let receiptWriter = try receipts.map { try ReceiptWriter(directory: $0) }
            let store = try global.open(writable: true)
            let input = file == "-"
                ? InputSource.standardInput : try InputSource.file(file)
            defer { input.close() }
            // On a terminal, the lines of a file are counted first (a read of the page cache), so
            // that progress can say how long is left.
            let meter = ProgressMeter(dryRun ? "check" : "append", unit: "events",
                                      total: quiet || !Terminal.stderrIsTTY || file == "-" ? nil : ProgressMeter.lines(inFile: file),
                                      enabled: !quiet)
            let summary = try store.append(input, key: key, policy: store.meta.entryPolicy, clock: clock, dryRun: dryRun) { count in
                meter.update(Int64(count))
            }
            meter.finish()
            for warning in summary.warnings { Terminal.err("auditlog: warning: \(warning.description)") }
            try AppendReport(store: store, summary: summary, format: format, quiet: quiet).print()
            if let receiptWriter {
                let tally = try receiptWriter.write(store, summary: summary)
                if !quiet { Terminal.err(tally.message(directory: receiptWriter.directory)) }
            }
        }
    }
}

/// Prints what an append did, one line per event.
struct AppendReport {
    let store: any LogEngine
    let summary: AppendSummary
    let format: OutputFormat
    let quiet: Bool

    func print() throws {
        let out = StandardOutput()
        defer { out.flush() }
        let duplicates = summary.duplicates.count
        if summary.dryRun {
            let message = "dry run: \(summary.total) events valid; \(summary.appended) would be appended, "
                + "\(duplicates) already in the log; nothing written"
            if format == .table { out.line(message) } else {
                out.line(json([
                    "dry_run": .bool(true), "events": .integer(Int64(summary.total)),
                    "would_append": .integer(Int64(summary.appended)), "duplicates": .integer(Int64(duplicates)),
                ]))
            }
            return
        }
        let size = summary.appended > 0 ? summary.firstSeq + Int64(summary.appended) - 1 : try store.size()
        switch format {
        case .json:
            out.write("{\"appended\":\(summary.appended),\"duplicates\":\(duplicates),\"size\":\(size),")
            out.write("\"recorded_at\":\"\(summary.recordedAt)\",\"events\":[")
            var first = true
            if !quiet {
                try store.forEachOutcome(of: summary) { outcome in
                    out.write((first ? "" : ",") + json(fields(outcome)))
                    first = false
                }
            }
            out.line("]}")
        case .ndjson:
            if !quiet { try store.forEachOutcome(of: summary) { out.line(json(fields($0))) } }
        case .table, .csv:
            if !quiet {
                try store.forEachOutcome(of: summary) { outcome in
                    out.line("\(outcome.seq)\t\(outcome.eventID)\t\(outcome.appended ? "appended" : "duplicate")")
                }
            }
            if Terminal.stderrIsTTY {
                Terminal.err("appended \(summary.appended) events, \(duplicates) duplicates; log size \(size)")
            }
        }
    }

    private func fields(_ o: AppendOutcome) -> [String: JSONValue] {
        ["seq": .integer(o.seq), "event_id": .string(o.eventID), "status": .string(o.appended ? "appended" : "duplicate")]
    }
}

/// Canonical JSON text of an object.
func json(_ fields: [String: JSONValue]) -> String {
    String(decoding: CanonicalEncoder.encode(.object(fields)), as: UTF8.self)
}
