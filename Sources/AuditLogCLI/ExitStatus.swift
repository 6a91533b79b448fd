import ArgumentParser
import EventLog
import LogFormat

/// The documented exit codes (docs/reference.md), and how errors become them.
public enum ExitStatus {
    public static let ok: Int32 = 0
    /// Findings: tampering detected (later: a requirement violated or late).
    public static let findings: Int32 = 1
    /// Precondition failed: expected_version mismatch, event_id reused with other content.
    public static let precondition: Int32 = 3
    /// Usage error (sysexits EX_USAGE).
    public static let usage: Int32 = 64
    /// Invalid input; nothing was appended (EX_DATAERR).
    public static let invalidInput: Int32 = 65
    /// Missing database, file or signing key (EX_NOINPUT).
    public static let missing: Int32 = 66
    /// I/O error: read-only or damaged file, full disk (EX_IOERR).
    public static let io: Int32 = 74
    /// Database busy past the timeout; retry (EX_TEMPFAIL).
    public static let busy: Int32 = 75

    /// The exit code for `error`.
    public static func code(for error: EventLogError) -> Int32 {
        switch error {
        case .invalidInput, .format: invalidInput
        case .conflict: precondition
        case .notFound, .key: missing
        case .usage: usage
        case .busy: busy
        case .io, .database: io
        }
    }

    static func kind(of error: EventLogError) -> String {
        switch error {
        case .invalidInput: "invalid_input"
        case .conflict: "precondition_failed"
        case .notFound: "not_found"
        case .usage: "usage"
        case .busy: "busy"
        case .io: "io"
        case .key: "key"
        case .format: "format"
        case .database: "database"
        }
    }

    /// Prints `error` on one line of standard error (a JSON object when `json`) and returns the
    /// exit to throw.
    static func report(_ error: EventLogError, json: Bool) -> ExitCode {
        let code = code(for: error)
        if json {
            var fields: [String: JSONValue] = [
                "error": .string(kind(of: error)), "exit_code": .integer(Int64(code)), "message": .string(error.description),
            ]
            switch error {
            case .invalidInput(let line, let field, _), .conflict(let line, let field, _):
                if let line { fields["line"] = .integer(Int64(line)) }
                fields["field"] = .string(field)
            default: break
            }
            Terminal.err(String(decoding: CanonicalEncoder.encode(.object(fields)), as: UTF8.self))
        } else {
            Terminal.err("auditlog: \(error.description)")
        }
        return ExitCode(code)
    }
}

/// Runs a command body, turning ``EventLogError``s into a one-line message and their exit code.
func running(json: Bool = false, _ body: () throws(EventLogError) -> Void) throws(ExitCode) {
    do {
        try body()
    } catch {
        throw ExitStatus.report(error, json: json)
    }
}
