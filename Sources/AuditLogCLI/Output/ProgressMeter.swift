#if canImport(Glibc)
import Glibc
#endif

/// Progress of long work on standard error: how much is done (of how much, when known), the
/// rate, and the time left, redrawn in place at most ``redrawsPerSecond`` times a second. It
/// shows only when standard error is a terminal and the command was not asked to be quiet;
/// standard output is never touched.
final class ProgressMeter {
    /// How often the line may be redrawn.
    static let redrawsPerSecond = 8

    private let what: String
    private let unit: String
    private let total: Int64?
    private let enabled: Bool
    private let start = ContinuousClock.now
    private var lastDraw: ContinuousClock.Instant?
    private var drawn = false

    /// A meter for `what` (`verify`), counting `unit`s (`events`) up to `total` when known;
    /// silent unless `enabled` and standard error is a terminal.
    init(_ what: String, unit: String, total: Int64?, enabled: Bool = true) {
        self.what = what
        self.unit = unit
        self.total = total.flatMap { $0 > 0 ? $0 : nil }
        self.enabled = enabled && Terminal.stderrIsTTY
    }

    /// `done` units are done.
    func update(_ done: Int64) {
        guard enabled else { return }
        let now = ContinuousClock.now
        let elapsed = now - start
        if let lastDraw, now - lastDraw < .milliseconds(1000 / Self.redrawsPerSecond) { return }
        lastDraw = now
        drawn = true
        Terminal.progress(Self.line(what: what, unit: unit, done: done, total: total, seconds: Self.seconds(elapsed)))
    }

    /// The work is over: the line is cleared (the command's own output follows).
    func finish() {
        if drawn { Terminal.endProgress() }
        drawn = false
    }

    /// The progress line: `verify: 120,000 of 1,000,000 events (12%), 45,000 events/s, 0:19 left`.
    static func line(what: String, unit: String, done: Int64, total: Int64?, seconds: Double) -> String {
        let rate = seconds > 0 ? Double(done) / seconds : 0
        var text = "\(what): \(grouped(done))"
        if let total {
            text += " of \(grouped(total)) \(unit) (\(min(100, done * 100 / total))%)"
        } else {
            text += " \(unit)"
        }
        text += ", \(grouped(Int64(rate))) \(unit)/s"
        if let total, rate > 0, done < total {
            text += ", \(clock(Double(total - done) / rate)) left"
        }
        return text
    }

    /// The lines of the file at `path` (its newlines, and a last line without one), or nil when
    /// it cannot be read: what an append of it will count, for the time left.
    static func lines(inFile path: String) -> Int64? {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var buffer = [UInt8](repeating: 0, count: 1 << 20)
        var count: Int64 = 0
        var last: UInt8 = 0x0A
        while true {
            let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if n < 0 { return nil }
            if n == 0 { break }
            for i in 0..<n where buffer[i] == 0x0A { count += 1 }
            last = buffer[n - 1]
        }
        return last == 0x0A ? count : count + 1
    }

    /// `1,234,567`.
    static func grouped(_ n: Int64) -> String {
        let digits = String(n.magnitude)
        var out = ""
        for (i, c) in digits.enumerated() {
            if i > 0, (digits.count - i) % 3 == 0 { out.append(",") }
            out.append(c)
        }
        return n < 0 ? "-" + out : out
    }

    /// `0:19`, `12:05`, `1:02:03`.
    static func clock(_ seconds: Double) -> String {
        let s = Int(seconds.rounded(.up))
        let (h, m, sec) = (s / 3600, s / 60 % 60, s % 60)
        let two = { (n: Int) in n < 10 ? "0\(n)" : "\(n)" }
        return h > 0 ? "\(h):\(two(m)):\(two(sec))" : "\(m):\(two(sec))"
    }

    private static func seconds(_ d: Duration) -> Double {
        Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18
    }
}
