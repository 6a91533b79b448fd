import Foundation

/// Where `recorded_at` comes from: the system clock, or the fixed RFC 3339 instant in the
/// environment variable `AUDITLOG_NOW` (tests, demos and reproducible imports).
public struct Clock: Sendable {
    private let fixed: Instant?

    /// The name of the environment variable that fixes the clock.
    public static let environmentVariable = "AUDITLOG_NOW"

    /// The system clock.
    public static let system = Clock(fixed: nil)

    /// A clock stopped at `instant`.
    public static func fixed(_ instant: Instant) -> Clock { Clock(fixed: instant) }

    /// The clock the environment asks for; throws when `AUDITLOG_NOW` is set but not an RFC 3339 instant.
    public static func fromEnvironment(_ environment: [String: String] = ProcessInfo.processInfo.environment)
        throws(LogFormatError) -> Clock
    {
        guard let text = environment[environmentVariable], !text.isEmpty else { return .system }
        guard let instant = Instant(rfc3339: text) else {
            throw .invalidArgument("\(environmentVariable)=\(echoed(text)) is not an RFC 3339 instant such as 2026-01-15T03:00:00Z")
        }
        return .fixed(instant)
    }

    /// The current instant.
    public func now() -> Instant {
        if let fixed { return fixed }
        var ts = timespec()
        clock_gettime(CLOCK_REALTIME, &ts)
        return Instant(millisecondsSinceEpoch: Int64(ts.tv_sec) * 1000 + Int64(ts.tv_nsec) / 1_000_000)
    }
}
