/// What the command line itself refuses or fails at, before or after the library's work: an
/// option or environment variable it cannot use, a file it cannot read or write. The library's
/// layers have their own errors (``ExitStatus`` maps them all to exit codes in one place).
enum CommandError: Error, Sendable, CustomStringConvertible {
    /// An option, argument or environment variable cannot be used (exit 64).
    case usage(String)
    /// What the command names is not there: a file, an organisation, a directive (exit 66).
    case notFound(String)
    /// A file named on the command line is not what it should be (exit 65).
    case invalidInput(String)
    /// A file named on the command line, standard output or a temporary file could not be read or
    /// written (exit 74).
    case io(String)
    /// A program the command needs is not installed or failed (Chromium for `--pdf`) (exit 69).
    case unavailable(String)

    var description: String {
        switch self {
        case .usage(let message), .notFound(let message), .invalidInput(let message), .io(let message), .unavailable(let message): message
        }
    }
}
