import ArgumentParser
import AuditDomain
import EventLog
import LogFormat

/// `--as-of T` and `--known-at K`, shared by every query command.
struct TimeOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Business date the state is for, YYYY-MM-DD (default: today in the log's time zone).", valueName: "date"))
    var asOf: String?

    @Option(help: ArgumentHelp(
        "What was known: latest (default), an RFC 3339 instant, or a date (the end of that local day).", valueName: "instant"))
    var knownAt: String = "latest"

    /// The business date, or nil for today.
    func businessDate() throws -> CivilDate? {
        guard let asOf else { return nil }
        guard let date = CivilDate(asOf) else { throw CommandError.usage("--as-of: \(echoed(asOf)) is not a date YYYY-MM-DD") }
        return date
    }

    /// The knowledge instant, or nil for latest. A date means the last millisecond of that day
    /// in the log's time zone.
    func knowledge(_ meta: LogMeta) throws -> Instant? {
        if knownAt == "latest" { return nil }
        if let instant = Instant(rfc3339: knownAt) { return instant }
        if let date = CivilDate(knownAt) {
            let endMillis = (date.days + 1) * 86_400_000 - Int64(meta.zoneOffsetSeconds) * 1000 - 1
            return Instant(millisecondsSinceEpoch: endMillis)
        }
        throw CommandError.usage("--known-at: \(echoed(knownAt)) is not latest, an RFC 3339 instant or a date YYYY-MM-DD")
    }

    /// The projected state these options ask for.
    func view(_ store: any LogEngine) throws -> ProjectionView {
        let now = try GlobalOptions.clock().now()
        defer { Terminal.endProgress() }
        return try ProjectionView.load(store, asOf: try businessDate(), knownAt: try knowledge(store.meta),
                                       today: store.meta.today(now: now)) { Terminal.progress("replayed \($0) events…") }
    }
}
