/// What the log's formats refuse (input lines, times, keys, notes, input files), with the
/// context a person needs to fix it. The store turns each case into the `EventLogError` case
/// of the same name, so a refusal keeps its message and exit code wherever it is raised.
public enum LogFormatError: Error, Sendable, CustomStringConvertible {
    /// Bad input: which line (1-based, when the input has lines), which field, what is wrong.
    case invalidInput(line: Int?, field: String, message: String)
    /// A named file (an input file) does not exist.
    case notFound(String)
    /// An argument the caller gave cannot be used (a directory given as input, a malformed
    /// environment variable, a key file that already exists).
    case invalidArgument(String)
    /// A file, pipe or temporary file could not be read or written.
    case io(String)
    /// The signing key is missing, unreadable, not a key, or cannot sign.
    case key(String)

    /// One line saying what is wrong (prefixed by the input line and field when known).
    public var description: String {
        switch self {
        case .invalidInput(let line, let field, let message):
            let prefix = line.map { "line \($0): " } ?? ""
            return field.isEmpty ? "\(prefix)\(message)" : "\(prefix)\(field): \(message)"
        case .notFound(let m), .invalidArgument(let m), .io(let m), .key(let m):
            return m
        }
    }
}
