import ArgumentParser
import AuditDomain
import EventLog
import LogFormat

struct LogCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "log",
        abstract: "Read entries in seq order, with filters.",
        discussion: HelpText.paragraphs("""
            Streams the stored entries. `--format ndjson` prints each entry's exact canonical bytes,
            one per line: the same bytes that are hashed, and valid `append` input for another log
            (its seq, recorded_at and subject_version are then replaced by the new log's).
            Date filters take YYYY, YYYY-MM, YYYY-MM-DD (the log's time zone) or an RFC 3339 instant.

            --follow keeps going after what matches now: each new matching entry is printed, a line
            at once, as its append commits; in seq order, each exactly once, only committed ones.
            JSON is then one object per line, as NDJSON. To resume, pass --from-seq one past the
            last seq printed. --heartbeat S prints, after S seconds without output,
            {"heartbeat":"<now>","seq":<log's last seq>} (NDJSON, JSON) or
            "# heartbeat <now> seq <N>" (table, CSV). SIGINT, SIGTERM or a closed pipe end it
            with exit 0; so do --limit and --to-seq once reached. See docs/follow.md.

            Examples:
              auditlog --db audit.db log --subject org/ht:hoi-nong-dan
              auditlog --db audit.db log --type report.submitted --occurred-from 2025-01 \\
                  --format csv
              auditlog --db audit.db log --search "hoi nong dan"
              auditlog --db audit.db log --format ndjson > export.ndjson
              auditlog --db audit.db log --follow --format ndjson | head -n 3
              auditlog --db audit.db log --follow --from-seq 400 --limit 5 --format ndjson
              auditlog --db audit.db log --follow --from-seq 409 --heartbeat 1 \\
                  --format ndjson | head -n 1
            """))

    @OptionGroup var global: GlobalOptions

    @Option(help: "Only events about this subject.") var subject: String?
    @Option(help: "Only events of this type.") var type: String?
    @Option(help: "First seq.") var fromSeq: Int64?
    @Option(help: "Last seq.") var toSeq: Int64?
    @Option(help: "Business time on or after this date.") var occurredFrom: String?
    @Option(help: "Business time on or before this date.") var occurredTo: String?
    @Option(help: "Recorded on or after this date or instant.") var recordedFrom: String?
    @Option(help: "Recorded on or before this date or instant.") var recordedTo: String?
    @Option(help: "Only events whose payload text contains this, ignoring case and diacritics.") var search: String?
    @Option(help: "At most this many events.") var limit: Int?
    @Option(help: "Output format: table, json, ndjson or csv.") var format: OutputFormat = .table
    @Flag(help: "After what matches now, print each new matching entry as it commits, until stopped.") var follow = false
    @Option(help: ArgumentHelp("With --follow: a heartbeat line after this many seconds without output.", valueName: "seconds"))
    var heartbeat: Double?

    func run() throws {
        try running(json: format == .json) { () throws in
            let store = try global.open(writable: false)
            var filter = LogFilter()
            filter.subject = subject
            filter.type = type
            filter.fromSeq = fromSeq
            filter.toSeq = toSeq
            filter.limit = limit
            filter.occurredFrom = try occurred(occurredFrom, "--occurred-from")
            filter.occurredTo = try occurred(occurredTo, "--occurred-to")
            let zone = store.zoneOffsetSeconds
            if let text = recordedFrom { filter.recordedFrom = try bound(text, "--recorded-from").start(zone) }
            if let text = recordedTo { filter.recordedTo = try bound(text, "--recorded-to").last(zone) }
            if follow {
                return try FollowPrinter(format: format, heartbeat: try heartbeatInterval(), search: search.map(SearchText.init),
                                         limit: limit, width: global.tableWidth).follow(store, filter)
            }
            guard heartbeat == nil else { throw CommandError.usage("--heartbeat needs --follow") }
            guard let search = search.map(SearchText.init) else {
                try EntryPrinter(format: format, width: global.tableWidth).print(store, filter)
                return
            }
            filter.limit = nil  // the limit counts matches, not the rows read
            try EntryPrinter(format: format, width: global.tableWidth).print { body throws in
                var shown = 0
                try store.forEachEntry(matching: filter) { entry in
                    guard shown < (limit ?? Int.max), search.matches(entry.value["payload"] ?? .null) else { return }
                    shown += 1
                    try body(entry)
                }
            }
        }
    }

    /// `--heartbeat` as a duration: a positive number of seconds (at least a millisecond, at
    /// most a day).
    private func heartbeatInterval() throws -> Duration? {
        guard let heartbeat else { return nil }
        guard heartbeat.isFinite, heartbeat >= 0.001, heartbeat <= 86_400 else {
            throw CommandError.usage("--heartbeat must be a number of seconds from 0.001 to 86400")
        }
        return .milliseconds(Int64((heartbeat * 1000).rounded()))
    }

    private func occurred(_ text: String?, _ option: String) throws -> OccurredAt? {
        guard let text else { return nil }
        switch OccurredAt.parse(text) {
        case .success(let o): return o
        case .failure(let e): throw CommandError.usage("\(option): \(e.message)")
        }
    }

    private func bound(_ text: String, _ option: String) throws -> TimeBound {
        if let instant = Instant(rfc3339: text) { return .instant(instant) }
        if case .success(let o) = OccurredAt.parse(text), o.precision != .instant { return .period(o) }
        throw CommandError.usage("\(option): \(echoed(text)) is neither a date nor an RFC 3339 instant")
    }
}

/// A time bound given on the command line: an instant, or a civil period in the log's zone.
enum TimeBound {
    case instant(Instant)
    case period(OccurredAt)

    /// The first millisecond the bound covers.
    func start(_ zone: Int) -> Instant {
        switch self {
        case .instant(let i): i
        case .period(let p): Instant(millisecondsSinceEpoch: p.startSeconds(zoneOffsetSeconds: zone) * 1000)
        }
    }

    /// The last millisecond the bound covers.
    func last(_ zone: Int) -> Instant {
        switch self {
        case .instant(let i): i
        case .period(let p): Instant(millisecondsSinceEpoch: p.endSeconds(zoneOffsetSeconds: zone) * 1000 - 1)
        }
    }
}
