// NOT a symlink: a stand-in for Sources/EventLog/EventLogError.swift, which imports
// SQLiteDatabase (for its `.database(SQLiteError)` case and `from(_:path:)`) and would pull the
// SQLite C module into this package. The parser files only throw the cases below; keep their
// names and payloads identical to the real enum (a renamed or removed case fails this build).
/// Everything that can go wrong in the event log (fuzz build: the cases the parser files use).
public enum EventLogError: Error, Sendable, CustomStringConvertible {
    case invalidInput(line: Int?, field: String, message: String)
    case conflict(line: Int?, field: String, message: String)
    case notFound(String)
    case usage(String)
    case busy(String)
    case io(String)
    case key(String)
    case format(String)

    public var description: String {
        switch self {
        case .invalidInput(let line, let field, let message), .conflict(let line, let field, let message):
            let prefix = line.map { "line \($0): " } ?? ""
            return field.isEmpty ? "\(prefix)\(message)" : "\(prefix)\(field): \(message)"
        case .notFound(let m), .usage(let m), .busy(let m), .io(let m), .key(let m), .format(let m):
            return m
        }
    }
}
