import AuditDomain
import EventLog
import Foundation
import LogFormat

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Prints a log as it grows (`log --follow`, docs/follow.md): the entries that match now, then
/// each new matching entry as its append commits, in seq order, each once (``LogFollower``).
/// Every line is written as soon as it is made: a reader behind a pipe never waits for a buffer
/// to fill. JSON is a line per entry here, as NDJSON (an array would never close). With a
/// heartbeat, a line saying the follower is alive after that long without output. It ends, with
/// the lines it has written whole, at SIGINT or SIGTERM, when the reader of standard output goes
/// away (quietly), after `limit` entries, or once the log has passed the filter's `toSeq`.
struct FollowPrinter {
    let format: OutputFormat
    /// Silence after which a heartbeat line is printed; nil: none.
    let heartbeat: Duration?
    /// Only entries whose payload text contains this.
    let search: SearchText?
    /// At most this many entries.
    let limit: Int?
    /// The cells the table fits; nil: full width.
    var width: Int? = nil

    func follow(_ store: any LogEngine, _ filter: LogFilter) throws {
        var resumeAt = max(filter.fromSeq ?? 1, 1)
        do {
            try follow(store, filter, resumeAt: &resumeAt)
        } catch EventLogError.unavailable(let message) {
            throw EventLogError.unavailable("\(message); to go on, start the follower again with --from-seq \(resumeAt)")
        }
    }

    /// Follows, keeping in `resumeAt` the seq a new follower would start from to go on without a
    /// gap or a repeat: one past the last entry printed, or past the last seq read.
    private func follow(_ store: any LogEngine, _ filter: LogFilter, resumeAt: inout Int64) throws {
        let stop = StopSignals.install()
        let out = LineWriter()
        let printer = EntryPrinter(format: format, width: width)
        let follower = try LogFollower(store, filter: filter)
        let asJSON = format == .ndjson || format == .json
        var shown = 0
        let wanted = { shown < (limit ?? Int.max) && StopSignals.receivedSignal == nil && !out.isClosed }
        if let header = printer.header { out.line(header) }
        var lastOutput = ContinuousClock.now
        // The stop signals' pipe (readable when one arrives), and standard output (POLLERR when
        // its reader has gone: noticed even while nothing is written).
        let watched = [pollfd(fd: stop, events: Int16(POLLIN), revents: 0), pollfd(fd: 1, events: 0, revents: 0)]
        var heartbeatDue = false
        while wanted(), !follower.isComplete {
            let before = shown
            if asJSON, search == nil {
                try follower.readBytes { seq, bytes in
                    guard wanted() else { return false }
                    out.line(bytes)
                    resumeAt = seq + 1
                    shown += 1
                    return wanted()
                }
            } else {
                try follower.read { entry in
                    guard wanted() else { return false }
                    if let search, !search.matches(entry.value["payload"] ?? .null) { return true }
                    if asJSON { entry.bytes.withUnsafeBytes { out.line($0) } } else { out.line(printer.row(entry)) }
                    resumeAt = entry.seq + 1
                    shown += 1
                    return wanted()
                }
            }
            resumeAt = max(resumeAt, follower.readThrough + 1)
            if shown > before {
                lastOutput = .now
            } else if heartbeatDue, wanted() {
                // Read just now, so that its seq is the log's as the heartbeat is written.
                out.line(heartbeatLine(seq: follower.committed))
                lastOutput = .now
            }
            heartbeatDue = false
            guard wanted(), !follower.isComplete else { break }
            switch try follower.wait(until: heartbeat.map { lastOutput + $0 }, watching: watched) {
            case .committed:
                continue
            case .deadline:
                heartbeatDue = true
            case .watched(let index, _):
                if index == 1 { out.readerWentAway() }
            }
        }
        if let error = out.error { throw error }
    }

    /// The heartbeat: the time it is written (the system clock, even under `AUDITLOG_NOW`) and
    /// the log's last seq as last read, up to which every matching entry has been printed.
    /// NDJSON and JSON: a JSON object with a `heartbeat` member (an entry has none); table and
    /// CSV: a line starting with `#` (a CSV row whose first field is not a seq).
    private func heartbeatLine(seq: Int64) -> String {
        let now = Clock.system.now().description
        guard format == .ndjson || format == .json else { return "# heartbeat \(now) seq \(seq)" }
        return String(decoding: CanonicalEncoder.encode(.object(["heartbeat": .string(now), "seq": .integer(seq)])), as: UTF8.self)
    }
}

/// Standard output for a follower: each line written whole at once, with write(2). A closed pipe
/// (EPIPE: SIGPIPE is ignored) ends the output quietly; another failure is kept as the error.
private final class LineWriter {
    /// Whether nothing more can be written: the reader went away, or a write failed.
    private(set) var isClosed = false
    /// The failure that closed the output, other than a reader that went away.
    private(set) var error: CommandError?
    private var buffer: [UInt8] = []

    /// Writes `text` and a newline.
    func line(_ text: String) {
        buffer.append(contentsOf: text.utf8)
        finishLine()
    }

    /// Writes `bytes` and a newline.
    func line(_ bytes: UnsafeRawBufferPointer) {
        buffer.append(contentsOf: bytes)
        finishLine()
    }

    /// Notes that the reader of standard output has gone (seen by poll before any write failed).
    func readerWentAway() { isClosed = true }

    private func finishLine() {
        buffer.append(UInt8(ascii: "\n"))
        defer { buffer.removeAll(keepingCapacity: true) }
        var offset = 0
        while !isClosed, offset < buffer.count {
            let n = buffer.withUnsafeBytes { write(1, $0.baseAddress! + offset, $0.count - offset) }
            if n > 0 {
                offset += n
                continue
            }
            let code = n < 0 ? errno : EIO
            switch code {
            case EINTR: continue
            case EAGAIN:
                // Standard output was handed over non-blocking: wait until it takes more.
                var fd = pollfd(fd: 1, events: Int16(POLLOUT), revents: 0)
                _ = poll(&fd, 1, -1)
            case EPIPE:
                isClosed = true
            default:
                isClosed = true
                error = .io("cannot write standard output: \(String(cString: strerror(code)))")
            }
        }
    }
}
