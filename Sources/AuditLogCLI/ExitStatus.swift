import ArgumentParser
import AuditDomain
import EventLog
import InspectionReport
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
    /// I/O error: read-only or damaged file, full disk, a database server's other failures (EX_IOERR).
    /// The database server cannot be reached or the connection was lost; retry (EX_UNAVAILABLE).
    public static let unavailable: Int32 = 69
    public static let io: Int32 = 74
    /// Database busy past the timeout; retry (EX_TEMPFAIL).
    public static let busy: Int32 = 75
    /// Not permitted: a line its signer may not record under the log's authorship rules
    /// (EX_NOPERM).
    public static let notPermitted: Int32 = 77

    /// How the command line reports an error of any layer: its exit code, its kind (the `error`
    /// member of a `--json` error line, docs/reference.md), its message, and the input line and
    /// field when it names them.
    struct Report {
        let code: Int32
        let kind: String
        let message: String
        var line: Int? = nil
        var field: String? = nil
    }

    /// The one place every layer's errors become exit codes.
    static func classify(_ error: any Error) -> Report {
        switch error {
        case let e as InspectionReport.Unknown:
            Report(code: missing, kind: "not_found", message: e.description)
        case let e as CommandError:
            switch e {
            case .usage(let m): Report(code: usage, kind: "usage", message: m)
            case .notFound(let m): Report(code: missing, kind: "not_found", message: m)
            case .invalidInput(let m): Report(code: invalidInput, kind: "invalid_input", message: m, field: "")
            case .io(let m): Report(code: io, kind: "io", message: m)
            case .unavailable(let m): Report(code: unavailable, kind: "unavailable", message: m)
            }
        case let e as LogFormatError: classify(EventLogError(e))
        case let e as DomainError:
            switch e {
            case .log(let inner): classify(inner)
            case .unsupported(let m): Report(code: usage, kind: "usage", message: m)
            }
        case let e as EventLogError: classify(e)
        default:
            // Only a bug lets another error out of a command: say so, with the I/O code.
            Report(code: io, kind: "io", message: "unexpected error: \(error)")
        }
    }

    private static func classify(_ error: EventLogError) -> Report {
        let message = error.description
        switch error {
        case .invalidInput(let line, let field, _): return Report(code: invalidInput, kind: "invalid_input", message: message, line: line, field: field)
        case .conflict(let line, let field, _): return Report(code: precondition, kind: "precondition_failed", message: message, line: line, field: field)
        case .forbidden(let line, let field, _): return Report(code: notPermitted, kind: "not_permitted", message: message, line: line, field: field)
        case .format: return Report(code: invalidInput, kind: "format", message: message)
        case .notFound: return Report(code: missing, kind: "not_found", message: message)
        case .key: return Report(code: missing, kind: "key", message: message)
        case .invalidArgument: return Report(code: usage, kind: "usage", message: message)
        case .busy: return Report(code: busy, kind: "busy", message: message)
        case .unavailable: return Report(code: unavailable, kind: "unavailable", message: message)
        case .io: return Report(code: io, kind: "io", message: message)
        case .database: return Report(code: io, kind: "database", message: message)
        }
    }

    /// Prints `error` on one line of standard error (a JSON object when `json`) and returns the
    /// exit to throw.
    static func report(_ error: any Error, json: Bool) -> ExitCode {
        let report = classify(error)
        if json {
            var fields: [String: JSONValue] = [
                "error": .string(report.kind), "exit_code": .integer(Int64(report.code)), "message": .string(report.message),
            ]
            if let line = report.line { fields["line"] = .integer(Int64(line)) }
            if let field = report.field { fields["field"] = .string(field) }
            Terminal.err(String(decoding: CanonicalEncoder.encode(.object(fields)), as: UTF8.self))
        } else {
            Terminal.err("auditlog: \(report.message)")
        }
        return ExitCode(report.code)
    }
}

/// Runs a command body, turning any layer's error into a one-line message and its exit code
/// (``ExitStatus/classify(_:)``).
func running(json: Bool = false, _ body: () throws -> Void) throws(ExitCode) {
    do {
        try body()
    } catch let exit as ExitCode {
        throw exit
    } catch {
        throw ExitStatus.report(error, json: json)
    }
}
