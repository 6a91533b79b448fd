import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The width the tables of standard output fit (docs/reference.md, "Tables"): a terminal's,
/// none for a pipe or a file, which get every table at full width as scripts have read them.
enum TerminalWidth {
    /// The columns of the terminal standard output is: the size the terminal reports, else
    /// `$COLUMNS`, else 80; nil when standard output is not a terminal.
    static func ofStandardOutput() -> Int? {
        guard isatty(1) == 1 else { return nil }
        var size = winsize()
        if ioctl(1, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 { return Int(size.ws_col) }
        return columns(ProcessInfo.processInfo.environment["COLUMNS"]) ?? 80
    }

    /// A `$COLUMNS` value as a width: a positive number, else nil.
    static func columns(_ value: String?) -> Int? {
        guard let value, let n = Int(value.trimmingCharacters(in: .whitespaces)), n > 0 else { return nil }
        return n
    }
}
