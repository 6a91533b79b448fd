#if canImport(Glibc)
import Glibc
#endif

/// Event ids: UUIDs in lower-case 8-4-4-4-12 form. The store generates version 7 (time-ordered,
/// RFC 9562) so the unique index on event_id grows at its end.
public enum EventID {
    /// Whether `text` is a UUID in canonical lower-case form.
    public static func isCanonical(_ text: String) -> Bool {
        isCanonical(utf8: text.utf8)
    }

    /// Whether the UTF-8 bytes `b` are a UUID in canonical lower-case form.
    public static func isCanonical<C: Collection<UInt8>>(utf8 b: C) -> Bool {
        guard b.count == 36 else { return false }
        for (i, c) in b.enumerated() {
            if i == 8 || i == 13 || i == 18 || i == 23 {
                guard c == UInt8(ascii: "-") else { return false }
            } else {
                // 0-9 or a-f, each range in one unsigned comparison (`verify` checks one id per entry).
                guard c &- UInt8(ascii: "0") < 10 || c &- UInt8(ascii: "a") < 6 else { return false }
            }
        }
        return true
    }

    /// A client-supplied id in canonical form (upper-case hex is lowered), or nil if not a UUID.
    public static func canonical(_ text: String) -> String? {
        let lowered = text.lowercased()
        return isCanonical(lowered) ? lowered : nil
    }
}

/// Generates UUIDv7 values that increase strictly within one process (RFC 9562 §6.2 method 1: a
/// 12-bit counter in `rand_a` seeded randomly each millisecond).
public struct UUIDv7Generator {
    private var lastMillis: Int64 = -1
    private var counter: UInt16 = 0
    private var rng = RandomPool()

    /// A generator.
    public init() {}

    /// The next id for an event recorded at `millis` (milliseconds since the epoch).
    public mutating func next(millis: Int64) -> String {
        var ms = max(millis, lastMillis)
        if ms == lastMillis {
            counter &+= 1
            if counter > 0x0FFF {
                ms += 1
                counter = UInt16.random(in: 0...0x07FF, using: &rng)
            }
        } else {
            counter = UInt16.random(in: 0...0x07FF, using: &rng)
        }
        lastMillis = ms
        // 48-bit milliseconds, version 7, 12-bit counter; variant 10, 62 random bits.
        let high = UInt64(truncatingIfNeeded: ms) << 16 | 0x7000 | UInt64(counter & 0x0FFF)
        let low = 0x8000_0000_0000_0000 | (rng.next() as UInt64) >> 2
        return PackedEventID.format(high: high, low: low)
    }
}

/// Random 64-bit values from the system's generator, fetched a page at a time: one system call
/// per id showed as a few percent of a bulk append.
struct RandomPool: RandomNumberGenerator {
    private var values: [UInt64] = []

    mutating func next() -> UInt64 {
        if values.isEmpty {
            var system = SystemRandomNumberGenerator()
            values = Self.fetch() ?? (0..<Self.count).map { _ in system.next() }
        }
        return values.removeLast()
    }

    /// Values fetched at once.
    private static let count = 512

    /// `count` values in one read of the kernel's generator, where it can be read as a file.
    private static func fetch() -> [UInt64]? {
        #if canImport(Glibc)
        let fd = open("/dev/urandom", O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var out = [UInt64](repeating: 0, count: count)
        let wanted = count * MemoryLayout<UInt64>.size
        let got = out.withUnsafeMutableBytes { read(fd, $0.baseAddress, wanted) }
        return got == wanted ? out : nil
        #else
        return nil
        #endif
    }
}
